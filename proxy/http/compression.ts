/**
 * Compressing answers: which encoding a client accepts, and the compressors. The app stays
 * runtime-agnostic, so compressors are injected: the Node entry passes brotli and gzip from
 * `node:zlib` (`node-compression.ts`); elsewhere the web platform's `CompressionStream`
 * gives gzip.
 */

/** The encodings answers may be sent in, besides none. */
export type ContentCoding = 'br' | 'gzip';

/** Compresses whole bodies, once per cached answer. */
export interface Compression {
  /** What this runtime can write, in the proxy's order of preference. */
  readonly codings: readonly ContentCoding[];
  compress(coding: ContentCoding, body: Uint8Array): Promise<Uint8Array>;
}

/** No compression: every answer as is. */
export const NO_COMPRESSION: Compression = {
  codings: [],
  compress: () => Promise.reject(new Error('No compression in this runtime.')),
};

/** gzip through the web platform's `CompressionStream`, where there is one. */
export function webCompression(): Compression {
  if (typeof CompressionStream === 'undefined') return NO_COMPRESSION;
  return {
    codings: ['gzip'],
    async compress(_coding, body) {
      const stream = new Blob([body as BlobPart]).stream().pipeThrough(new CompressionStream('gzip'));
      return new Uint8Array(await new Response(stream).arrayBuffer());
    },
  };
}

const chosen = new Map<string, ContentCoding | null>();
const CHOSEN_LIMIT = 200;

/**
 * The coding to send for an `Accept-Encoding` header: the first of `offered` the client
 * accepts (q > 0, by name or through `*`), or `null` for none. Browsers send a handful of
 * distinct headers, so answers are remembered per header.
 */
export function chooseCoding(
  acceptEncoding: string | undefined,
  offered: readonly ContentCoding[],
): ContentCoding | null {
  if (!acceptEncoding || offered.length === 0) return null;
  const key = `${offered.join(',')}|${acceptEncoding}`;
  const known = chosen.get(key);
  if (known !== undefined) return known;
  const weights = new Map<string, number>();
  for (const part of acceptEncoding.toLowerCase().split(',')) {
    const [name = '', ...params] = part.split(';').map((s) => s.trim());
    if (!name) continue;
    const q = params.find((p) => p.startsWith('q='));
    const weight = q ? Number(q.slice(2)) : 1;
    weights.set(name, Number.isFinite(weight) ? weight : 0);
  }
  const wildcard = weights.get('*');
  const coding =
    offered.find((c) => {
      const weight = weights.get(c) ?? (c === 'gzip' ? weights.get('x-gzip') : undefined) ?? wildcard ?? 0;
      return weight > 0;
    }) ?? null;
  if (chosen.size >= CHOSEN_LIMIT) chosen.clear();
  chosen.set(key, coding);
  return coding;
}
