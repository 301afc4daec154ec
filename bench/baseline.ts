/**
 * The proxy as it was before the warm-answer work (issue #17), for measuring it side by side
 * with today's in the same run: its `proxy/` and `shared/` are unpacked from git into a
 * temporary folder that borrows this checkout's `node_modules`, and
 * `servers/baseline-demo.ts` serves it.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

/** main just before the answer cache, compression and clinic-time work landed. */
export const DEFAULT_BASELINE = '5cccfb1';

export interface BaselineCheckout {
  ref: string;
  dir: string;
  remove(): void;
}

/** Unpacks `ref`'s proxy; `null` (with the reason) when git cannot, as in a shallow clone. */
export function checkOutBaseline(ref: string): BaselineCheckout | { error: string } {
  const dir = mkdtempSync(join(tmpdir(), 'bench-baseline-'));
  try {
    const archive = execFileSync('git', ['archive', ref, 'package.json', 'proxy', 'shared'], {
      cwd: root,
      maxBuffer: 256 * 1024 * 1024,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    execFileSync('tar', ['-x', '-C', dir], { input: archive });
    symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'), 'dir');
    return { ref, dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    const stderr = (error as { stderr?: Buffer }).stderr?.toString().trim();
    return { error: stderr || (error as Error).message };
  }
}
