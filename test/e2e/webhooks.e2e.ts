/**
 * Webhooks from the real proxy process (`proxy/node.ts`) to a real receiver on loopback that
 * verifies each signature with the `standardwebhooks` library: a kill -9 between the booking
 * and its delivery, two instances on one PostgreSQL, and a receiver that refuses (4xx) seen
 * as failed in `npm run webhooks -- list`. Each time, one delivery per event.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import { availabilityResponseSchema, bookingResponseSchema, type Slot } from '../../shared/contract.ts';
import { DEMO_CLINIC } from '../../proxy/config/demo-clinic.ts';
import { DEMO_SERVICE_IDS } from '../../proxy/providers/demo/demo-data.ts';
import { bookingFor } from '../helpers/demo-proxy.ts';
import { startPostgres, type PostgresServer } from '../helpers/postgres-server.ts';
import { eventually } from '../helpers/eventually.ts';
import { startWebhookReceiver, type WebhookReceiver } from '../helpers/webhook-receiver.ts';
import { startProxyWithClinics, type ProxyProcess } from './proxy-process.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const run = promisify(execFile);
const service = DEMO_SERVICE_IDS.physioInitial;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** The workers here look every 100 ms. */
const FAST = { timeoutMs: 20_000, everyMs: 50 };

function clinicsFile(receiver: WebhookReceiver): string {
  return JSON.stringify({
    clinics: [
      {
        ...DEMO_CLINIC,
        rateLimits: { bookings: { limit: 1000, windowSeconds: 600 } },
        // Bookings only: the demo clinic's capacity alert must not add events of its own.
        webhooks: [{ url: receiver.url, secret: 'env:E2E_WEBHOOK_SECRET', events: ['booking.created'] }],
      },
    ],
  });
}

function envFor(receiver: WebhookReceiver, extra: Record<string, string>): Record<string, string> {
  return {
    E2E_WEBHOOK_SECRET: receiver.secret,
    WEBHOOKS_ALLOW_LOOPBACK: '1',
    WEBHOOKS_TICK_MS: '100',
    WEBHOOKS_FIRST_RETRY_MS: '100',
    ...extra,
  };
}

/** Free demo slots from two days out, none overlapping another of the same practitioner, so each can be booked. */
async function freeSlots(url: string): Promise<Slot[]> {
  const day = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
  const res = await fetch(
    `${url}/api/clinics/demo/availability?serviceId=${service}&practitionerId=any&from=${day(2)}&to=${day(8)}`,
  );
  assert.equal(res.status, 200, await res.clone().text());
  const apart: Slot[] = [];
  for (const slot of availabilityResponseSchema.parse(await res.json()).slots)
    if (
      !apart.some((s) => s.practitionerId === slot.practitionerId && slot.start < s.end && s.start < slot.end)
    )
      apart.push(slot);
  return apart;
}

let keys = 0;
async function book(url: string, slot: Slot): Promise<string> {
  keys += 1;
  const res = await fetch(`${url}/api/clinics/demo/bookings`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'Idempotency-Key': `webhooks-e2e-${Date.now()}-${keys}` },
    body: JSON.stringify(
      bookingFor(slot, service, { marketingConsent: true, source: { utm_source: 'e2e' } }),
    ),
  });
  assert.equal(res.status, 201, await res.clone().text());
  return bookingResponseSchema.parse(await res.json()).booking.id;
}

function cli(args: string[], env: Record<string, string>) {
  return run(process.execPath, ['--import', 'tsx', 'tools/webhooks.ts', ...args], {
    cwd: root,
    env: { ...process.env, ...env },
  });
}

describe('webhooks from the proxy process', () => {
  const receivers: WebhookReceiver[] = [];
  const procs: ProxyProcess[] = [];
  after(async () => {
    await Promise.all(procs.map((p) => p.kill()));
    await Promise.all(receivers.map((r) => r.close()));
  });

  it('delivers a booking made just before a kill -9, once, after the restart', async () => {
    const receiver = await startWebhookReceiver();
    receivers.push(receiver);
    const dataDir = mkdtempSync(join(tmpdir(), 'webhooks-e2e-'));
    try {
      // The first process never gets to send: its worker would look only after 10 minutes.
      const first = await startProxyWithClinics(
        clinicsFile(receiver),
        envFor(receiver, { DATA_DIR: dataDir, WEBHOOKS_TICK_MS: '600000' }),
      );
      procs.push(first);
      const [slot] = await freeSlots(first.url);
      const bookingId = await book(first.url, slot!);
      await first.kill();
      assert.equal(receiver.received.length, 0);

      const second = await startProxyWithClinics(
        clinicsFile(receiver),
        envFor(receiver, { DATA_DIR: dataDir }),
      );
      procs.push(second);
      await eventually(() => receiver.accepted().length === 1, 'the delivery', FAST);
      await sleep(500);
      assert.equal(receiver.received.length, 1);
      const [hit] = receiver.received;
      assert.equal(hit!.verified, true);
      const body = JSON.parse(hit!.body) as { type: string; data: Record<string, unknown> };
      assert.equal(body.type, 'booking.created');
      assert.equal((body.data.booking as { id: string }).id, bookingId);
      assert.deepEqual(body.data.source, { utm_source: 'e2e' });
      assert.equal(body.data.marketingConsent, true);
      assert.ok(!hit!.body.includes('1988-04-12'), 'no date of birth');
      assert.ok(!second.output().includes('jordan'), 'no patient data in the log');
      assert.equal(await second.stop(), 0);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  describe('two instances on one PostgreSQL', () => {
    let postgres: PostgresServer;
    let databaseUrl: string;
    before(async () => {
      postgres = await startPostgres();
      databaseUrl = await postgres.database();
    });
    after(() => postgres?.stop());

    it('delivers each event once, whichever instance sends it, through a receiver that fails at first', async () => {
      const receiver = await startWebhookReceiver((n) => ({ status: n % 3 === 0 ? 503 : 200 }));
      receivers.push(receiver);
      const env = envFor(receiver, { DATABASE_URL: databaseUrl });
      const a = await startProxyWithClinics(clinicsFile(receiver), env);
      procs.push(a);
      const b = await startProxyWithClinics(clinicsFile(receiver), env);
      procs.push(b);
      const slots = (await freeSlots(a.url)).slice(0, 6);
      assert.ok(slots.length >= 4, `free times: ${slots.length}`);
      const ids = await Promise.all(slots.map((slot, i) => book(i % 2 === 0 ? a.url : b.url, slot)));
      await eventually(() => new Set(receiver.accepted()).size === ids.length, 'every delivery', FAST);
      await sleep(1_000);
      assert.equal(receiver.accepted().length, ids.length, 'no event accepted twice');
      const booked = receiver.received
        .filter((r) => r.status === 200)
        .map((r) => (JSON.parse(r.body) as { data: { booking: { id: string } } }).data.booking.id);
      assert.deepEqual([...booked].sort(), [...ids].sort());
      const { stdout } = await cli(['list', '--status', 'delivered', '--json'], {
        DATABASE_URL: databaseUrl,
      });
      assert.equal((JSON.parse(stdout) as unknown[]).length, ids.length);
      assert.equal(await a.stop(), 0);
      assert.equal(await b.stop(), 0);
    });

    it('marks a delivery the receiver refuses (404) as failed, listed by the CLI, and sends it again on retry', async () => {
      let refusing = true;
      const receiver = await startWebhookReceiver(() => ({ status: refusing ? 404 : 200 }));
      receivers.push(receiver);
      const env = { DATABASE_URL: databaseUrl };
      const proxy = await startProxyWithClinics(clinicsFile(receiver), envFor(receiver, env));
      procs.push(proxy);
      const [slot] = (await freeSlots(proxy.url)).slice(-1);
      await book(proxy.url, slot!);
      await eventually(() => receiver.received.length === 3, 'three refusals', FAST);
      let failed: Array<{ eventId: string; lastError: string; attempts: number; status: string }> = [];
      for (let i = 0; i < 50 && failed.length === 0; i += 1) {
        failed = JSON.parse(
          (await cli(['list', '--status', 'failed', '--json'], env)).stdout,
        ) as typeof failed;
        if (failed.length === 0) await sleep(100);
      }
      assert.equal(failed.length, 1);
      assert.deepEqual([failed[0]!.lastError, failed[0]!.attempts], ['http_404', 3]);
      const table = (await cli(['list', '--status', 'failed'], env)).stdout;
      assert.match(table, new RegExp(`${failed[0]!.eventId}.*failed\\s+3.*http_404`));
      assert.ok(!table.includes(receiver.url), 'the CLI prints no URL');
      refusing = false;
      assert.match(
        (await cli(['retry', '--event', failed[0]!.eventId], env)).stdout,
        /^1 failed delivery is pending again/,
      );
      await eventually(() => receiver.accepted().length === 1, 'the retried delivery', FAST);
      assert.equal(new Set(receiver.received.map((r) => r.id)).size, 1, 'one webhook-id throughout');
      assert.equal(await proxy.stop(), 0);
    });
  });
});
