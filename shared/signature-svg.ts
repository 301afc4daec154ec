/**
 * Validation of a drawn or typed signature sent as an SVG data URI.
 *
 * Cliniko stores the SVG as-is and shows it to staff, so the proxy accepts only a small,
 * allowlisted subset of SVG: shapes, paths and text, no scripts, event handlers, links,
 * external references, entities or CSS. Anything outside the allowlist is refused rather
 * than cleaned, so what the patient signed is exactly what is stored.
 */

/** Largest signature SVG (decoded) the proxy accepts, in bytes. */
export const MAX_SIGNATURE_SVG_BYTES = 100_000;
/** Cliniko's limit for signature images, in CSS pixels per side. */
export const MAX_SIGNATURE_SIDE = 500;

const DATA_URI_PREFIX = 'data:image/svg+xml;base64,';

const ALLOWED_ELEMENTS = new Set([
  'svg',
  'g',
  'path',
  'polyline',
  'line',
  'circle',
  'ellipse',
  'rect',
  'text',
  'tspan',
  'title',
  'desc',
]);
const DRAWING_ELEMENTS = new Set(['path', 'polyline', 'line', 'circle', 'ellipse', 'text']);
const ALLOWED_ATTRIBUTES = new Set([
  'xmlns',
  'version',
  'width',
  'height',
  'viewBox',
  'd',
  'points',
  'x',
  'y',
  'x1',
  'y1',
  'x2',
  'y2',
  'cx',
  'cy',
  'r',
  'rx',
  'ry',
  'fill',
  'stroke',
  'stroke-width',
  'stroke-linecap',
  'stroke-linejoin',
  'stroke-opacity',
  'fill-opacity',
  'opacity',
  'transform',
  'font-family',
  'font-size',
  'font-style',
  'font-weight',
  'text-anchor',
  'dominant-baseline',
]);
const SVG_NAMESPACE = 'http://www.w3.org/2000/svg';

const TAG = /^<(\/?)([a-zA-Z][\w-]*)((?:\s+[a-zA-Z][\w:-]*\s*=\s*(?:"[^"<>]*"|'[^'<>]*'))*)\s*(\/?)>$/;
const ATTRIBUTE = /([a-zA-Z][\w:-]*)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;
const ENTITY = /&(?!(?:amp|lt|gt|quot|apos|#\d{1,7}|#x[0-9a-fA-F]{1,6});)/;

export type SignatureCheck = { ok: true; svg: string } | { ok: false; reason: string };

/** Decodes a base64 SVG data URI and checks it against the allowlist. */
export function checkSignatureDataUri(dataUri: string): SignatureCheck {
  if (!dataUri.startsWith(DATA_URI_PREFIX)) {
    return { ok: false, reason: 'The signature must be an SVG image.' };
  }
  const base64 = dataUri.slice(DATA_URI_PREFIX.length);
  if (base64.length > Math.ceil(MAX_SIGNATURE_SVG_BYTES / 3) * 4) {
    return { ok: false, reason: 'The signature is too large.' };
  }
  let svg: string;
  try {
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(base64)) throw new Error('not base64');
    const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
    svg = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return { ok: false, reason: 'The signature could not be read.' };
  }
  return checkSignatureSvg(svg);
}

/** Checks SVG markup against the allowlist; `reason` says what was refused. */
export function checkSignatureSvg(svg: string): SignatureCheck {
  const body = svg.replace(/^\s*<\?xml[^?<>]*\?>/, '').trim();
  if (!body.startsWith('<svg')) return { ok: false, reason: 'The signature must be an SVG image.' };
  if (ENTITY.test(body)) return { ok: false, reason: 'The signature contains an unsupported entity.' };

  const stack: string[] = [];
  let drawings = 0;
  let rootSeen = false;
  const pieces = body.split(/(<[^<>]*>)/);
  for (const piece of pieces) {
    if (piece === '') continue;
    if (!piece.startsWith('<')) {
      if (piece.includes('<') || piece.includes('>')) return refuse('malformed markup');
      if (stack.length === 0 && piece.trim() !== '') return refuse('text outside the image');
      continue;
    }
    const tag = TAG.exec(piece);
    if (!tag) return refuse('malformed or unsupported markup');
    const [, closing, name = '', attributes = '', selfClosing] = tag;
    if (!ALLOWED_ELEMENTS.has(name)) return refuse(`the <${name}> element`);
    if (closing) {
      if (stack.pop() !== name) return refuse('mismatched tags');
      continue;
    }
    if (stack.length === 0 && rootSeen) return refuse('more than one root element');
    if (stack.length === 0 && name !== 'svg') return refuse('a root element other than <svg>');
    const problem = checkAttributes(attributes, stack.length === 0);
    if (problem) return refuse(problem);
    if (stack.length === 0) rootSeen = true;
    if (DRAWING_ELEMENTS.has(name)) drawings += 1;
    if (!selfClosing) stack.push(name);
  }
  if (stack.length > 0 || !rootSeen) return refuse('unclosed tags');
  if (drawings === 0) return { ok: false, reason: 'The signature is empty.' };
  return { ok: true, svg: body };
}

function checkAttributes(attributes: string, isRoot: boolean): string | null {
  for (const match of attributes.matchAll(ATTRIBUTE)) {
    const name = match[1] ?? '';
    const value = match[2] ?? match[3] ?? '';
    if (!ALLOWED_ATTRIBUTES.has(name)) return `the ${name} attribute`;
    if (/url\s*\(|javascript:|[;{}\\]|&#/i.test(value)) return `the value of ${name}`;
    if (name === 'xmlns' && value !== SVG_NAMESPACE) return 'a foreign namespace';
    if (isRoot && (name === 'width' || name === 'height')) {
      const size = Number.parseFloat(value);
      if (!/^\d+(\.\d+)?(px)?$/.test(value) || size > MAX_SIGNATURE_SIDE) {
        return `a ${name} over ${MAX_SIGNATURE_SIDE} pixels`;
      }
    }
  }
  if (isRoot && !/\swidth\s*=/.test(attributes)) return 'an <svg> without a width';
  if (isRoot && !/\sheight\s*=/.test(attributes)) return 'an <svg> without a height';
  return null;
}

function refuse(what: string): SignatureCheck {
  return { ok: false, reason: `The signature contains ${what}, which is not allowed.` };
}
