/**
 * Brotli and gzip from `node:zlib`, for the Node entry. Brotli at quality 5: on the proxy's
 * JSON answers it comes within a few bytes of quality 11 at a hundredth of the time, which
 * matters on a cache miss.
 */
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import type { Compression } from './compression.ts';

const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

export const nodeCompression: Compression = {
  codings: ['br', 'gzip'],
  async compress(coding, body) {
    if (coding === 'br') {
      return brotli(body, {
        params: {
          [constants.BROTLI_PARAM_QUALITY]: 5,
          [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
          [constants.BROTLI_PARAM_SIZE_HINT]: body.byteLength,
        },
      });
    }
    return gzipAsync(body, { level: 9 });
  },
};
