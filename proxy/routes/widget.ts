/**
 * `GET /widget.js`: the built widget, so a clinic's page needs one script tag pointing at
 * its proxy.
 */
import { Hono } from 'hono';
import type { AppEnv } from '../env.ts';
import { ApiError } from '../http/api-error.ts';

export interface WidgetAsset {
  body: string;
  /** A strong validator for the bundle's content, e.g. a hash. */
  etag: string;
}

export function widgetRoutes(load: (() => Promise<WidgetAsset | null>) | undefined) {
  return new Hono<AppEnv>().get('/widget.js', async (c) => {
    const asset = load ? await load() : null;
    if (!asset) throw new ApiError(404, 'not_found', 'The widget has not been built. Run `npm run build`.');
    const etag = `"${asset.etag}"`;
    const headers = {
      'Content-Type': 'text/javascript; charset=utf-8',
      'Cache-Control': 'public, max-age=300',
      ETag: etag,
      'Access-Control-Allow-Origin': '*',
    };
    if (c.req.header('If-None-Match') === etag) return c.body(null, 304, headers);
    return c.body(asset.body, 200, headers);
  });
}
