/**
 * Reads any CSS colour the browser understands (`#hex`, names, `hsl()`, `oklch()`,
 * `color-mix()` …) as sRGB bytes and an opacity, by painting it on a 1x1 canvas: the page
 * may write its tokens in any syntax, and the contrast check must judge what is painted.
 */
import { parseColor, type Rgba } from '../../shared/contrast.ts';

type Context = CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D;
let context: Context | null | undefined;

function canvas(): Context | null {
  if (context !== undefined) return context;
  const options = { willReadFrequently: true };
  const made =
    typeof OffscreenCanvas === 'function'
      ? new OffscreenCanvas(1, 1).getContext('2d', options)
      : document.createElement('canvas').getContext('2d', options);
  return (context = (made as Context | null) ?? null);
}

/** The colour `value` paints, or `null` when it is not a colour (or cannot be read). */
export function readColour(value: string): Rgba | null {
  const plain = parseColor(value);
  if (plain) return [...plain, 1];
  const ctx = canvas();
  if (!ctx || !value.trim()) return null;
  // An invalid value leaves fillStyle as it was: two different starting points tell.
  ctx.fillStyle = '#000000';
  ctx.fillStyle = value;
  const fromBlack = ctx.fillStyle;
  ctx.fillStyle = '#ffffff';
  ctx.fillStyle = value;
  if (ctx.fillStyle !== fromBlack) return null;
  ctx.clearRect(0, 0, 1, 1);
  ctx.fillRect(0, 0, 1, 1);
  const [r, g, b, a] = ctx.getImageData(0, 0, 1, 1).data;
  return [r!, g!, b!, a! / 255];
}
