#!/usr/bin/env node
/**
 * Runs every Node test with node:test: each `*.test.ts` under proxy/, shared/, widget/,
 * dashboard/, test/ and tools/, but not the browser tests (`*.browser.test.ts`, run by
 * web-test-runner) or the end-to-end suites (`test/e2e/*.e2e.ts`). Node 20's `--test` does not expand globs, so this
 * finds the files. Test files named on the command line run alone
 * (`npm run test:node -- proxy/routes/bookings.test.ts`); other arguments pass through to node
 * (`npm run test:node -- --test-name-pattern=waiver`).
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

function find(dir, out = []) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!['node_modules', 'browser', 'e2e'].includes(entry.name)) find(path, out);
    } else if (entry.name.endsWith('.test.ts') && !entry.name.endsWith('.browser.test.ts')) {
      out.push(path);
    }
  }
  return out;
}

const args = process.argv.slice(2);
const named = args.filter((arg) => arg.endsWith('.test.ts'));
const options = args.filter((arg) => !arg.endsWith('.test.ts'));
const files = named.length
  ? named
  : ['proxy', 'shared', 'widget', 'dashboard', 'test', 'tools'].flatMap((dir) => find(dir)).sort();
const result = spawnSync(process.execPath, ['--import', 'tsx', '--test', ...options, ...files], {
  stdio: 'inherit',
});
process.exit(result.status ?? 1);
