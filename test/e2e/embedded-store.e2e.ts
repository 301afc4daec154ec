/**
 * `npm start`'s default: the proxy process with the embedded PostgreSQL (PGlite) in
 * `DATA_DIR`. The demo clinic behaves like a real clinic across a restart: a booked time
 * stays booked, and the widget's retry of a booking answered before the restart gets the
 * same booking, not a second one. A second process on the same folder is refused.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { availabilityResponseSchema, bookingResponseSchema } from '../../shared/contract.ts';
import { DEMO_SERVICE_IDS } from '../../proxy/providers/demo/demo-data.ts';
import { bookingFor } from '../helpers/demo-proxy.ts';
import { startProxyProcess } from './proxy-process.ts';

describe('the embedded store across a restart', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'embedded-e2e-'));
  after(() => rmSync(dataDir, { recursive: true, force: true }));

  it('remembers the demo clinic’s bookings and idempotency records, and refuses a second process on the folder', async () => {
    const tomorrow = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);
    const availability = (url: string) =>
      fetch(
        `${url}/api/clinics/demo/availability?serviceId=${DEMO_SERVICE_IDS.physioInitial}&practitionerId=any&from=${tomorrow}&to=${tomorrow}`,
      ).then(async (r) => availabilityResponseSchema.parse(await r.json()).slots);
    const book = (url: string, body: unknown) =>
      fetch(`${url}/api/clinics/demo/bookings`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'Idempotency-Key': 'embedded-restart-1' },
        body: JSON.stringify(body),
      });

    const first = await startProxyProcess({ DATA_DIR: dataDir });
    let body: unknown;
    let bookedId: string;
    try {
      assert.match(first.output(), /embedded PostgreSQL \(PGlite\)/);
      const [slot] = await availability(first.url);
      assert.ok(slot);
      body = bookingFor(slot, DEMO_SERVICE_IDS.physioInitial);
      const res = await book(first.url, body);
      assert.equal(res.status, 201, await res.clone().text());
      bookedId = bookingResponseSchema.parse(await res.json()).booking.id;
      await assert.rejects(startProxyProcess({ DATA_DIR: dataDir }), /Another proxy/);
    } finally {
      assert.equal(await first.stop(), 0);
    }

    const second = await startProxyProcess({ DATA_DIR: dataDir });
    try {
      const slots = await availability(second.url);
      const { start, practitionerId } = body as { start: string; practitionerId: string };
      assert.ok(
        !slots.some((s) => s.start === start && s.practitionerId === practitionerId),
        'the booked time is still booked',
      );
      const replay = await book(second.url, body);
      assert.equal(replay.status, 201);
      assert.equal(bookingResponseSchema.parse(await replay.json()).booking.id, bookedId);
    } finally {
      await second.stop();
    }
  });
});
