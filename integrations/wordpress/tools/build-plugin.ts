/**
 * `npm run build:wordpress`: packs `integrations/wordpress/clinic-booking/` into
 * `integrations/wordpress/build/clinic-booking.zip`, the file an agency uploads in
 * Plugins → Add New → Upload Plugin (one top-level `clinic-booking/` folder).
 *
 * It refuses to pack a plugin whose version, in any of the places WordPress reads one,
 * is not the package's version.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { zipSync, type Zippable } from 'fflate';

const root = fileURLToPath(new URL('../../../', import.meta.url));
export const PLUGIN_DIR = join(root, 'integrations/wordpress/clinic-booking');
export const DEFAULT_OUT_DIR = join(root, 'integrations/wordpress/build');

/** Every file of the plugin, relative to its folder, with `/` separators. */
export function pluginFiles(dir = PLUGIN_DIR): string[] {
  const files: string[] = [];
  const walk = (at: string) => {
    for (const name of readdirSync(at).sort()) {
      const path = join(at, name);
      if (statSync(path).isDirectory()) walk(path);
      else files.push(relative(dir, path).split(sep).join('/'));
    }
  };
  walk(dir);
  return files;
}

/** The versions the plugin states, by where WordPress reads them. */
export function statedVersions(dir = PLUGIN_DIR): Record<string, string | undefined> {
  const read = (file: string) => readFileSync(join(dir, file), 'utf8');
  const main = read('clinic-booking.php');
  return {
    'clinic-booking.php header': /^\s*\*\s*Version:\s*(\S+)/m.exec(main)?.[1],
    CLINIC_BOOKING_VERSION: /define\(\s*'CLINIC_BOOKING_VERSION',\s*'([^']+)'/.exec(main)?.[1],
    'readme.txt Stable tag': /^Stable tag:\s*(\S+)/m.exec(read('readme.txt'))?.[1],
    'block.json': (JSON.parse(read('blocks/booking/block.json')) as { version?: string }).version,
    'index.asset.php': /'version'\s*=>\s*'([^']+)'/.exec(read('blocks/booking/index.asset.php'))?.[1],
  };
}

/** Writes the zip and returns its path. */
export async function buildPlugin(outDir = DEFAULT_OUT_DIR): Promise<string> {
  const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
  const wrong = Object.entries(statedVersions()).filter(([, stated]) => stated !== version);
  if (wrong.length > 0) {
    throw new Error(
      `The plugin's version must be the package's (${version}): ${wrong.map(([where, v]) => `${where} says ${v ?? 'nothing'}`).join(', ')}`,
    );
  }
  const entries: Zippable = {};
  for (const file of pluginFiles()) {
    entries[`clinic-booking/${file}`] = new Uint8Array(readFileSync(join(PLUGIN_DIR, file)));
  }
  await mkdir(outDir, { recursive: true });
  const path = join(outDir, 'clinic-booking.zip');
  await writeFile(path, zipSync(entries, { level: 9, mtime: new Date('2026-01-01T00:00:00Z') }));
  return path;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const path = await buildPlugin();
  console.log(`Built ${relative(root, path)} (${pluginFiles().length} files)`);
}
