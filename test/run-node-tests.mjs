#!/usr/bin/env node
/**
 * Runs every Node test (`*.test.ts` under proxy/, shared/, test/ and tools/, but not the widget's
 * browser tests or the end-to-end suite) with node:test. Node 20's `--test` does not
 * expand globs, so this finds the files. Extra arguments pass through to node.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

function find(dir, out = []) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!['node_modules', 'browser', 'e2e'].includes(entry.name)) find(path, out);
    } else if (entry.name.endsWith('.test.ts')) {
      out.push(path);
    }
  }
  return out;
}

const files = ['proxy', 'shared', 'test', 'tools'].flatMap((dir) => find(dir)).sort();
const result = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', ...process.argv.slice(2), ...files],
  { stdio: 'inherit' },
);
process.exit(result.status ?? 1);
