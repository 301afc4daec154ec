/**
 * `GET /dashboard`: the owner's capacity dashboard, built by `npm run build` into
 * `dist/dashboard/` (an HTML page, and a script and a stylesheet named by their content's
 * hash), read through the same loader as the widget's files. The page asks for the clinic's
 * capacity token and reads `GET /api/clinics/:clinicId/capacity`; its headers are in
 * `security/dashboard-headers.ts`.
 */
import { Hono, type Context } from 'hono';
import type { AppEnv } from '../env.ts';
import { ApiError } from '../http/api-error.ts';
import type { WidgetLoader } from './widget.ts';

/** The built assets' names: a name, a content hash, `.js` or `.css`; nothing else in dist/. */
const ASSET = /^[\w-]{1,80}\.(js|css)$/;

const TYPES: Record<string, string> = {
  html: 'text/html; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
  svg: 'image/svg+xml',
};

export function dashboardRoutes(load: WidgetLoader | undefined) {
  const serve = async (c: Context<AppEnv>, file: string, cacheControl: string) => {
    const asset = load ? await load(`dashboard/${file}`) : null;
    if (!asset) {
      throw new ApiError(
        404,
        'not_found',
        file === 'index.html'
          ? 'The dashboard has not been built. Run `npm run build`.'
          : 'There is no such file.',
      );
    }
    const etag = `"${asset.etag}"`;
    const headers = {
      'Content-Type': TYPES[file.split('.').pop() ?? ''] ?? 'application/octet-stream',
      'Cache-Control': cacheControl,
      ETag: etag,
    };
    if (c.req.header('If-None-Match') === etag) return c.body(null, 304, headers);
    return c.body(asset.body, 200, headers);
  };
  // The page names the current assets, so it is revalidated on every visit; they never change.
  const page = (c: Context<AppEnv>) => serve(c, 'index.html', 'no-cache');
  return new Hono<AppEnv>()
    .get('/dashboard', page)
    .get('/dashboard/', page)
    .get('/dashboard/favicon.svg', (c) => serve(c, 'favicon.svg', 'public, max-age=86400'))
    .get('/dashboard/assets/:file', (c) => {
      const file = c.req.param('file');
      if (!ASSET.test(file)) throw new ApiError(404, 'not_found', 'There is no such file.');
      return serve(c, `assets/${file}`, 'public, max-age=31536000, immutable');
    });
}
