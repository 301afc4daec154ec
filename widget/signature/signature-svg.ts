/**
 * Signatures as SVG: the strokes drawn on the pad, or a typed name, written as the small
 * SVG subset the proxy accepts (see `shared/signature-svg.ts`), at most 500x500 as
 * Cliniko requires, and encoded as a base64 data URI.
 */

/** The pad's drawing surface, in SVG units (and the SVG's size in CSS pixels). */
export const PAD_WIDTH = 500;
export const PAD_HEIGHT = 160;

export type Point = readonly [x: number, y: number];
export type Stroke = readonly Point[];

/** A stroke as an SVG path: a dot for a single point, straight segments otherwise. */
export function strokePath(stroke: Stroke): string {
  if (stroke.length === 0) return '';
  const [first, ...rest] = stroke;
  const move = `M${round(first![0])} ${round(first![1])}`;
  if (rest.length === 0) return `${move}l0.1 0`;
  return `${move}L${rest.map(([x, y]) => `${round(x)} ${round(y)}`).join(' ')}`;
}

function round(n: number): string {
  return String(Math.round(n * 10) / 10);
}

function svgDocument(body: string): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${PAD_WIDTH}" height="${PAD_HEIGHT}" viewBox="0 0 ${PAD_WIDTH} ${PAD_HEIGHT}">${body}</svg>`;
}

/** The drawn strokes as an SVG document. */
export function strokesToSvg(strokes: readonly Stroke[]): string {
  const paths = strokes.map((s) => `<path d="${strokePath(s)}"/>`).join('');
  return svgDocument(
    `<g fill="none" stroke="#111111" stroke-width="2.5" stroke-linecap="round" stroke-linejoin="round">${paths}</g>`,
  );
}

const XML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};

/** A typed name as an SVG document, in a handwriting-like font where the device has one. */
export function typedNameToSvg(name: string): string {
  const text = name.trim().replace(/[&<>"']/g, (c) => XML_ESCAPES[c]!);
  return svgDocument(
    `<text x="20" y="100" font-family="Segoe Script, Brush Script MT, cursive" font-size="40" font-style="italic" fill="#111111">${text}</text>`,
  );
}

/**
 * The name a typed signature shows, read back from its data URI (what `typedNameToSvg` and
 * `svgDataUri` made), or `null` for anything else: so a form coming back to a typed
 * signature shows exactly the name that will be sent.
 */
export function typedNameFromSvg(dataUri: string): string | null {
  const base64 = /^data:image\/svg\+xml;base64,(.*)$/.exec(dataUri)?.[1];
  if (!base64) return null;
  let svg: string;
  try {
    svg = new TextDecoder().decode(Uint8Array.from(atob(base64), (c) => c.charCodeAt(0)));
  } catch {
    return null;
  }
  const text = /<text\b[^>]*>([^<]*)<\/text>/.exec(svg)?.[1];
  if (text === undefined) return null;
  const entities = Object.fromEntries(Object.entries(XML_ESCAPES).map(([c, e]) => [e, c]));
  return text.replace(/&(?:amp|lt|gt|quot|apos);/g, (e) => entities[e]!);
}

/** The SVG as the data URI the booking request carries (base64 of its UTF-8 bytes). */
export function svgDataUri(svg: string): string {
  const bytes = new TextEncoder().encode(svg);
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return `data:image/svg+xml;base64,${btoa(binary)}`;
}

/**
 * Why the strokes are not yet a signature, or `null`: nothing drawn, or a dot or a tiny
 * scribble that could not identify anyone.
 */
export function signatureProblem(strokes: readonly Stroke[]): string | null {
  const points = strokes.flat();
  if (points.length === 0) return 'Sign in the box, or type your name instead.';
  const xs = points.map((p) => p[0]);
  const ys = points.map((p) => p[1]);
  const width = Math.max(...xs) - Math.min(...xs);
  const height = Math.max(...ys) - Math.min(...ys);
  let length = 0;
  for (const stroke of strokes) {
    for (let i = 1; i < stroke.length; i++)
      length += Math.hypot(stroke[i]![0] - stroke[i - 1]![0], stroke[i]![1] - stroke[i - 1]![1]);
  }
  if (length < 80 || Math.max(width, height) < 40)
    return 'That signature is too small. Sign with your usual signature.';
  return null;
}
