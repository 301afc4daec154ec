/**
 * A signature SVG (already checked against the allowlist in `shared/signature-svg.ts`)
 * read as simple shapes a PDF writer can draw: paths (lines and polylines become paths),
 * circles and ellipses (the dots of a drawn signature), and the text of a typed one.
 * Presentation attributes inherit from `<g>` as in SVG; `transform` is not applied (the
 * widget's pad does not emit it) and `<rect>` is skipped (pads use it for a background).
 */

export interface Rgb {
  r: number;
  g: number;
  b: number;
}

interface Paint {
  fill: Rgb | null;
  stroke: Rgb | null;
  strokeWidth: number;
}

export type SignatureShape =
  | ({ kind: 'path'; d: string } & Paint)
  | ({ kind: 'ellipse'; cx: number; cy: number; rx: number; ry: number } & Paint);

export interface SignatureDrawing {
  viewBox: { x: number; y: number; width: number; height: number };
  shapes: SignatureShape[];
  /** The text content (a typed signature's name), whitespace collapsed. */
  text: string;
}

const TAG = /<(\/?)([a-zA-Z][\w-]*)((?:\s+[a-zA-Z][\w:-]*\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>/g;
const ATTRIBUTE = /([a-zA-Z][\w:-]*)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;
const BLACK: Rgb = { r: 0, g: 0, b: 0 };
const NAMED: Record<string, Rgb> = {
  black: BLACK,
  white: { r: 1, g: 1, b: 1 },
  navy: { r: 0, g: 0, b: 0.5 },
  darkblue: { r: 0, g: 0, b: 0.55 },
  blue: { r: 0, g: 0, b: 1 },
  red: { r: 1, g: 0, b: 0 },
  green: { r: 0, g: 0.5, b: 0 },
  gray: { r: 0.5, g: 0.5, b: 0.5 },
  grey: { r: 0.5, g: 0.5, b: 0.5 },
};

export function readSignatureSvg(svg: string): SignatureDrawing {
  const drawing: SignatureDrawing = {
    viewBox: { x: 0, y: 0, width: 400, height: 150 },
    shapes: [],
    text: '',
  };
  const inherited: Array<Record<string, string>> = [{}];
  const texts: string[] = [];
  let inText = 0;
  let last = 0;
  for (const match of svg.matchAll(TAG)) {
    if (inText > 0) texts.push(decodeEntities(svg.slice(last, match.index)));
    last = match.index + match[0].length;
    const [, closing, name = '', rawAttributes = '', selfClosing] = match;
    if (closing) {
      if (name === 'text') inText -= 1;
      if (name === 'g' || name === 'svg' || name === 'text') inherited.pop();
      continue;
    }
    const own = attributesOf(rawAttributes);
    const attributes = { ...inherited.at(-1), ...own };
    if (name === 'svg') drawing.viewBox = viewBoxOf(own) ?? drawing.viewBox;
    const shape = shapeOf(name, attributes);
    if (shape) drawing.shapes.push(shape);
    if ((name === 'g' || name === 'svg' || name === 'text') && !selfClosing) {
      inherited.push(presentation(attributes));
      if (name === 'text') inText += 1;
    }
  }
  drawing.text = texts.join('').replace(/\s+/g, ' ').trim();
  return drawing;
}

function attributesOf(raw: string): Record<string, string> {
  const attributes: Record<string, string> = {};
  for (const m of raw.matchAll(ATTRIBUTE)) attributes[m[1]!] = m[2] ?? m[3] ?? '';
  return attributes;
}

function presentation(attributes: Record<string, string>): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const name of ['fill', 'stroke', 'stroke-width'])
    if (attributes[name] !== undefined) kept[name] = attributes[name];
  return kept;
}

function viewBoxOf(attributes: Record<string, string>): SignatureDrawing['viewBox'] | null {
  const box = attributes.viewBox
    ?.trim()
    .split(/[\s,]+/)
    .map(Number);
  if (box && box.length === 4 && box.every(Number.isFinite) && box[2]! > 0 && box[3]! > 0) {
    return { x: box[0]!, y: box[1]!, width: box[2]!, height: box[3]! };
  }
  const width = Number.parseFloat(attributes.width ?? '');
  const height = Number.parseFloat(attributes.height ?? '');
  return width > 0 && height > 0 ? { x: 0, y: 0, width, height } : null;
}

function shapeOf(name: string, a: Record<string, string>): SignatureShape | null {
  const paint: Paint = {
    // SVG defaults: shapes are filled black and not stroked.
    fill: a.fill === undefined ? BLACK : colour(a.fill),
    stroke: a.stroke === undefined ? null : colour(a.stroke),
    strokeWidth: Number.parseFloat(a['stroke-width'] ?? '1') || 1,
  };
  const n = (key: string) => Number.parseFloat(a[key] ?? '0') || 0;
  switch (name) {
    case 'path':
      return a.d ? { kind: 'path', d: a.d, ...paint } : null;
    case 'polyline': {
      const points = (a.points ?? '')
        .trim()
        .split(/[\s,]+/)
        .map(Number)
        .filter(Number.isFinite);
      if (points.length < 4) return null;
      const d = points.reduce(
        (out, value, i) => (i % 2 === 0 ? `${out}${i === 0 ? 'M' : ' L'}${value}` : `${out} ${value}`),
        '',
      );
      return { kind: 'path', d, ...paint, fill: null };
    }
    case 'line':
      return { kind: 'path', d: `M${n('x1')} ${n('y1')} L${n('x2')} ${n('y2')}`, ...paint, fill: null };
    case 'circle':
      return { kind: 'ellipse', cx: n('cx'), cy: n('cy'), rx: n('r'), ry: n('r'), ...paint };
    case 'ellipse':
      return { kind: 'ellipse', cx: n('cx'), cy: n('cy'), rx: n('rx'), ry: n('ry'), ...paint };
    default:
      return null;
  }
}

/** A colour from an SVG paint value; `none` is null, anything unreadable is black. */
export function colour(value: string): Rgb | null {
  const v = value.trim().toLowerCase();
  if (v === 'none' || v === 'transparent') return null;
  const hex = /^#([0-9a-f]{3}|[0-9a-f]{6})$/.exec(v)?.[1];
  if (hex) {
    const full = hex.length === 3 ? [...hex].map((c) => c + c).join('') : hex;
    return {
      r: parseInt(full.slice(0, 2), 16) / 255,
      g: parseInt(full.slice(2, 4), 16) / 255,
      b: parseInt(full.slice(4, 6), 16) / 255,
    };
  }
  const rgb = /^rgb\(\s*(\d{1,3})\s*,\s*(\d{1,3})\s*,\s*(\d{1,3})\s*\)$/.exec(v);
  if (rgb)
    return {
      r: Math.min(255, Number(rgb[1])) / 255,
      g: Math.min(255, Number(rgb[2])) / 255,
      b: Math.min(255, Number(rgb[3])) / 255,
    };
  return NAMED[v] ?? BLACK;
}

function decodeEntities(text: string): string {
  return text
    .replace(/&#x([0-9a-f]+);/gi, (_, hex: string) => codePoint(parseInt(hex, 16)))
    .replace(/&#(\d+);/g, (_, dec: string) => codePoint(Number(dec)))
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}

function codePoint(value: number): string {
  return value > 0 && value <= 0x10ffff ? String.fromCodePoint(value) : '';
}
