/**
 * The built widget's files (Node only), read once at start-up from `dist/`: the entries and
 * their chunks, each with a content hash for its ETag. Requests are answered from this set
 * alone, so a request for a made-up `/widget-*.js` name finds nothing and adds nothing (a
 * loader that remembered every name it was asked for grew without bound).
 */
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { WidgetAsset, WidgetLoader } from './routes/widget.ts';

/** Widget entries and chunks, as `vite build` names them. */
const WIDGET_FILE = /^widget(\.iife)?(-[\w-]+)?\.js$/;

/** Reads every widget file in `dir`; an empty set when it has not been built. */
export async function loadWidgetFiles(dir: string): Promise<{ load: WidgetLoader; files: string[] }> {
  const files = new Map<string, WidgetAsset>();
  const names = await readdir(dir).catch(() => [] as string[]);
  for (const name of names.filter((n) => WIDGET_FILE.test(n))) {
    const body = await readFile(join(dir, name), 'utf8');
    files.set(name, { body, etag: createHash('sha256').update(body).digest('hex').slice(0, 16) });
  }
  return { load: async (file) => files.get(file) ?? null, files: [...files.keys()].sort() };
}
