/**
 * `npm run webhooks -- list|retry|purge`: the operator's view of the webhooks outbox, on the
 * same store the proxy uses (`DATABASE_URL`, else the embedded store in `DATA_DIR`, default
 * `.data/`; an embedded store is one process's at a time, so stop the proxy first there).
 *
 *   list  [--status pending|delivered|failed] [--clinic ID] [--event ID] [--limit N] [--json]
 *   retry [--clinic ID] [--event ID]       failed deliveries become pending, due now
 *   purge [--older-than DAYS] [--status delivered|failed|pending] [--clinic ID]
 *         deliveries last changed before then (default 30 days; delivered and failed, or the
 *         one status named: pending only by name, for a webhook gone for good, and never one
 *         being sent right now)
 *
 * It prints no body and no URL: an event's id, type, clinic, the endpoint's key, its state,
 * attempts and the last error code.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { describeStore, openStore } from '../proxy/store/open-store.ts';
import type { WebhookDelivery, WebhookDeliveryFilter } from '../proxy/store/webhook-outbox.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const USAGE = `Usage: npm run webhooks -- <list|retry|purge> [options]
  list  [--status pending|delivered|failed] [--clinic ID] [--event ID] [--limit N] [--json]
  retry [--clinic ID] [--event ID]
  purge [--older-than DAYS] [--status delivered|failed|pending] [--clinic ID]`;

const statusSchema = z.enum(['pending', 'delivered', 'failed']);

function fail(message: string): never {
  console.error(`${message}\n${USAGE}`);
  process.exit(2);
}

function row(d: WebhookDelivery): string[] {
  const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z');
  return [
    iso(d.createdAt),
    d.clinicId,
    d.type,
    d.eventId,
    d.endpoint,
    d.status,
    String(d.attempts),
    d.status === 'pending' ? iso(d.nextAttemptAt) : '',
    d.lastError ?? '',
  ];
}

function table(rows: string[][]): string {
  const head = [
    'created',
    'clinic',
    'type',
    'event id',
    'endpoint',
    'status',
    'tries',
    'next try',
    'last error',
  ];
  const all = [head, ...rows];
  const widths = head.map((_, i) => Math.max(...all.map((r) => r[i]!.length)));
  return all
    .map((r) =>
      r
        .map((cell, i) => cell.padEnd(widths[i]!))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

const { positionals, values } = (() => {
  try {
    return parseArgs({
      allowPositionals: true,
      options: {
        status: { type: 'string' },
        clinic: { type: 'string' },
        event: { type: 'string' },
        limit: { type: 'string' },
        'older-than': { type: 'string' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    return fail((error as Error).message);
  }
})();
const command = positionals[0];
if (values.help || !command) {
  console.log(USAGE);
  process.exit(values.help ? 0 : 2);
}
const status = values.status === undefined ? undefined : statusSchema.safeParse(values.status);
if (status && !status.success) fail(`--status must be pending, delivered or failed.`);
const filter: WebhookDeliveryFilter = {
  ...(status?.success ? { status: status.data } : {}),
  ...(values.clinic ? { clinicId: values.clinic } : {}),
  ...(values.event ? { eventId: values.event } : {}),
};

const storeOptions = {
  databaseUrl: process.env.DATABASE_URL || undefined,
  dataDir: process.env.DATA_DIR || join(root, '.data'),
};
const store = await openStore(storeOptions).catch((error: unknown) => {
  console.error(`The store (${describeStore(storeOptions)}) did not open: ${(error as Error).message}`);
  process.exit(1);
});
try {
  if (command === 'list') {
    const limit = values.limit === undefined ? 100 : Number(values.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > 10_000) fail('--limit must be 1 to 10000.');
    const rows = await store.webhooks.list(filter, limit);
    if (values.json) {
      console.log(
        JSON.stringify(
          rows.map(({ payload: _body, ...rest }) => rest),
          null,
          2,
        ),
      );
    } else if (rows.length === 0) {
      console.log('No webhook deliveries match.');
    } else {
      console.log(table(rows.map(row)));
    }
  } else if (command === 'retry') {
    if (filter.status && filter.status !== 'failed') fail('retry takes failed deliveries only.');
    const count = await store.webhooks.retry(filter);
    console.log(
      `${count} failed ${count === 1 ? 'delivery is' : 'deliveries are'} pending again; the proxy sends ${count === 1 ? 'it' : 'them'} on its next tick.`,
    );
  } else if (command === 'purge') {
    const days = values['older-than'] === undefined ? 30 : Number(values['older-than']);
    if (!Number.isFinite(days) || days < 0) fail('--older-than must be a number of days.');
    if (filter.eventId) fail('purge takes --older-than, --status and --clinic.');
    const count = await store.webhooks.purge(
      store.now() - days * 86_400_000,
      filter.status ? [filter.status] : ['delivered', 'failed'],
      filter.clinicId,
    );
    console.log(`${count} ${count === 1 ? 'delivery' : 'deliveries'} removed.`);
  } else {
    fail(`Unknown command "${command}".`);
  }
} finally {
  await store.close();
}
