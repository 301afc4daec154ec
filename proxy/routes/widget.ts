/**
 * `GET /widget.js`: the built widget, so a clinic's page needs one script tag pointing at
 * its proxy; `GET /widget.iife.js`, the same as one classic script; and
 * `GET /widget-<name>-<hash>.js`, the parts of the module build that load later (steps 2
 * onwards), which the entry imports relative to its own URL.
 *
 * Every answer says which release it is in `X-Widget-Version`.
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

/** Only the entries and content-hashed chunks are served: nothing else in dist/, no paths. */
const CHUNK = /^widget-[\w-]{1,80}\.js$/;

/** The paths of the widget's files, for the security headers that let other sites load them. */
export function isWidgetPath(path: string): boolean {
  return path === '/widget.js' || path === '/widget.iife.js' || CHUNK.test(path.slice(1));
}

/**
 * @param load reads a built file
 * @param version the release, sent as `X-Widget-Version` (the package's version)
 */
export function widgetRoutes(load: WidgetLoader | undefined, version?: string) {
  const serve = (file: string, cacheControl: string) => async (c: import('hono').Context<AppEnv>) => {
    const asset = load ? await load(file) : null;
    if (!asset) {
      if (file === 'widget.js')
        throw new ApiError(404, 'not_found', 'The widget has not been built. Run `npm run build`.');
      throw new ApiError(404, 'not_found', 'There is no such file.');
    }
    const etag = `"${asset.etag}"`;
    const headers = {
      'Content-Type': 'text/javascript; charset=utf-8',
      'Cache-Control': cacheControl,
      ETag: etag,
      'Access-Control-Allow-Origin': '*',
      ...(version ? { 'X-Widget-Version': version } : {}),
    };
    if (c.req.header('If-None-Match') === etag) return c.body(null, 304, headers);
    return c.body(asset.body, 200, headers);
  };
  return (
    new Hono<AppEnv>()
      // The entries' URLs never change, so caches revalidate them every few minutes.
      .get('/widget.js', (c) => serve('widget.js', 'public, max-age=300')(c))
      .get('/widget.iife.js', (c) => serve('widget.iife.js', 'public, max-age=300')(c))
      .get('/:file{widget-[^/]+\\.js}', (c) => {
        const file = c.req.param('file');
        if (!CHUNK.test(file)) throw new ApiError(404, 'not_found', 'There is no such file.');
        // Chunk names carry a hash of their content: cache them for good.
        return serve(file, 'public, max-age=31536000, immutable')(c);
      })
  );
}
