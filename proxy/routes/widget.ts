/**
 * `GET /widget.js`: the built widget, so a clinic's page needs one script tag pointing at
 * its proxy; and `GET /widget-<name>-<hash>.js`, the parts of it that load later (steps 2
 * onwards), which the entry imports relative to its own URL.
 */
import { Hono } from 'hono';
import type { AppEnv } from '../env.ts';
import { ApiError } from '../http/api-error.ts';

export interface WidgetAsset {
  body: string;
  /** A strong validator for the bundle's content, e.g. a hash. */
  etag: string;
}

/** Loads a built file by name (`widget.js`, `widget-steps-1a2b3c.js`); `null` when there is none. */
export type WidgetLoader = (file: string) => Promise<WidgetAsset | null>;

/** Only the entry and content-hashed chunks are served: nothing else in dist/, no paths. */
const CHUNK = /^widget-[\w-]{1,80}\.js$/;

export function widgetRoutes(load: WidgetLoader | undefined) {
  const serve = (file: string, cacheControl: string) =>
    async (c: import('hono').Context<AppEnv>) => {
      const asset = load ? await load(file) : null;
      if (!asset) {
        if (file === 'widget.js') throw new ApiError(404, 'not_found', 'The widget has not been built. Run `npm run build`.');
        throw new ApiError(404, 'not_found', 'There is no such file.');
      }
      const etag = `"${asset.etag}"`;
      const headers = {
        'Content-Type': 'text/javascript; charset=utf-8',
        'Cache-Control': cacheControl,
        ETag: etag,
        'Access-Control-Allow-Origin': '*',
      };
      if (c.req.header('If-None-Match') === etag) return c.body(null, 304, headers);
      return c.body(asset.body, 200, headers);
    };
  return new Hono<AppEnv>()
    // The entry's URL never changes, so caches revalidate it every few minutes.
    .get('/widget.js', (c) => serve('widget.js', 'public, max-age=300')(c))
    .get('/:file{widget-[^/]+\\.js}', (c) => {
      const file = c.req.param('file');
      if (!CHUNK.test(file)) throw new ApiError(404, 'not_found', 'There is no such file.');
      // Chunk names carry a hash of their content: cache them for good.
      return serve(file, 'public, max-age=31536000, immutable')(c);
    });
}
