/**
 * Chrome DevTools Protocol calls from a widget test (the `cdp` command in
 * web-test-runner.config.mjs): what a patient's browser settings change, emulated for real.
 */
import { executeServerCommand } from '@web/test-runner-commands';
import { contrastRatio, type Rgb } from '../../shared/contrast.ts';

/** Sends one CDP method for this test page. */
export function cdp<T = Record<string, unknown>>(method: string, params: object = {}): Promise<T> {
  return executeServerCommand<T, { method: string; params: object }>('cdp', { method, params });
}

/** Media features as the page sees them, e.g. `{ 'forced-colors': 'active' }`; `{}` resets. */
export async function emulateMediaFeatures(features: Record<string, string>): Promise<void> {
  await cdp('Emulation.setEmulatedMedia', {
    features: Object.entries(features).map(([name, value]) => ({ name, value })),
  });
}

/** The browser's default font size (Settings › Appearance › Font size); 16 is Chrome's own. */
export async function setDefaultFontSize(px: number): Promise<void> {
  await cdp('Page.setFontSizes', { fontSizes: { standard: px, fixed: Math.round(px * 0.8125) } });
}

/** The pixels of a box of the page as the patient sees them, as RGBA bytes (CSS px, scale 1). */
export async function pixels(box: DOMRect): Promise<ImageData> {
  const { data } = await cdp<{ data: string }>('Page.captureScreenshot', {
    format: 'png',
    clip: { x: box.x + scrollX, y: box.y + scrollY, width: box.width, height: box.height, scale: 1 },
    captureBeyondViewport: true,
  });
  const bytes = Uint8Array.from(atob(data), (c) => c.charCodeAt(0));
  const bitmap = await createImageBitmap(new Blob([bytes], { type: 'image/png' }));
  const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
  const context = canvas.getContext('2d')!;
  context.drawImage(bitmap, 0, 0);
  return context.getImageData(0, 0, bitmap.width, bitmap.height);
}

/**
 * How well the darkest or lightest marks in `image` stand out from its background (its most
 * common colour): the contrast ratio of the mark farthest from it, and how many pixels
 * reach 3:1 against it (0 when the drawing cannot be seen).
 */
export function inkContrast(image: ImageData): { ratio: number; inkPixels: number } {
  const counts = new Map<number, number>();
  const { data } = image;
  for (let i = 0; i < data.length; i += 4) {
    const key = (data[i]! << 16) | (data[i + 1]! << 8) | data[i + 2]!;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const background = [...counts].sort((a, b) => b[1] - a[1])[0]![0];
  const rgb = (key: number): Rgb => [(key >> 16) & 255, (key >> 8) & 255, key & 255];
  let ratio = 1;
  let inkPixels = 0;
  for (const [key, count] of counts) {
    const r = contrastRatio(rgb(key), rgb(background));
    ratio = Math.max(ratio, r);
    if (r >= 3) inkPixels += count;
  }
  return { ratio: Math.round(ratio * 100) / 100, inkPixels };
}

/**
 * How much of the box around the marks in `image` they fill (0 to 1): text is thin strokes
 * (well under 0.7), while a solid block (a backplate painted over the text, hiding it) fills
 * its box. `null` when there are no marks at all.
 */
export function inkCoverage(image: ImageData): number | null {
  const { data, width, height } = image;
  const counts = new Map<number, number>();
  const keyAt = (i: number) => (data[i]! << 16) | (data[i + 1]! << 8) | data[i + 2]!;
  for (let i = 0; i < data.length; i += 4) counts.set(keyAt(i), (counts.get(keyAt(i)) ?? 0) + 1);
  const background = [...counts].sort((a, b) => b[1] - a[1])[0]![0];
  const rgb = (key: number): Rgb => [(key >> 16) & 255, (key >> 8) & 255, key & 255];
  let [left, top, right, bottom, ink] = [width, height, -1, -1, 0];
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (contrastRatio(rgb(keyAt((y * width + x) * 4)), rgb(background)) < 3) continue;
      ink += 1;
      [left, top, right, bottom] = [
        Math.min(left, x),
        Math.min(top, y),
        Math.max(right, x),
        Math.max(bottom, y),
      ];
    }
  }
  return ink ? ink / ((right - left + 1) * (bottom - top + 1)) : null;
}
