/**
 * A patient's move and cancel reach the clinic's CRM exactly once when the proxy process
 * (`proxy/node.ts`, as deployed) is killed with -9 just as Cliniko applies the move, and
 * when Cliniko commits a cancel after the proxy gave up on it: two instances on one real
 * PostgreSQL, the fake Cliniko over HTTP, and a real receiver on loopback that verifies each
 * signature with the `standardwebhooks` library.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { availabilityResponseSchema, bookingResponseSchema, type Slot } from '../../shared/contract.ts';
import type { ClinikoFake } from '../fakes/cliniko/cliniko-fake.ts';
import { PRACTITIONERS, TYPES } from '../fakes/cliniko/cliniko-seed.ts';
import { DRAWN_SIGNATURE } from '../fixtures/signature.ts';
import { CLINIKO_CLINIC_ID } from '../helpers/cliniko-proxy.ts';
import { eventually } from '../helpers/eventually.ts';
import { startWebhookReceiver, type WebhookReceiver } from '../helpers/webhook-receiver.ts';
import { startClinikoOnPostgres, type ClinikoOnPostgres } from './cliniko-on-postgres.ts';
import { startProxyProcess, type ProxyProcess } from './proxy-process.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** A dead instance's lock lapses in about 15 s; the sweep then runs every 300 ms. */
const WAIT = { timeoutMs: 40_000 };
const api = (proxy: ProxyProcess) => `${proxy.url}/api/clinics/${CLINIKO_CLINIC_ID}`;

interface ChangeEvent {
  type: string;
  data: { booking: { id: string; start: string; status: string } };
}

describe('a patient’s change reaches the CRM once, whatever the proxy lives through', () => {
  let rig: ClinikoOnPostgres;
  let fake: ClinikoFake;
  let receiver: WebhookReceiver;
  let env: Record<string, string>;
  let survivor: ProxyProcess;
  let slots: Slot[] = [];
  let patients = 0;

  before(async () => {
    receiver = await startWebhookReceiver();
    rig = await startClinikoOnPostgres(
      {
        upstream: { timeoutMs: 1000 },
        webhooks: [
          {
            url: receiver.url,
            secret: 'env:E2E_WEBHOOK_SECRET',
            events: ['booking.rescheduled', 'booking.cancelled'],
          },
        ],
      },
      {
        RECONCILE_INTERVAL_MS: '300',
        E2E_WEBHOOK_SECRET: receiver.secret,
        WEBHOOKS_ALLOW_LOOPBACK: '1',
        WEBHOOKS_TICK_MS: '100',
      },
    );
    ({ fake, env } = rig);
    survivor = await startProxyProcess(env);
    // Two days out at least, past the 24 hours' notice for online changes.
    const day = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
    const res = await fetch(
      `${api(survivor)}/availability?serviceId=${TYPES.physioFollowUp}&practitionerId=${PRACTITIONERS.tomWalker}&from=${day(2)}&to=${day(8)}`,
    );
    assert.equal(res.status, 200, await res.clone().text());
    // Far enough apart that no booking or move overlaps another.
    slots = availabilityResponseSchema.parse(await res.json()).slots.filter((_, i) => i % 4 === 0);
    assert.ok(slots.length >= 4, `free times: ${slots.length}`);
  });

  after(async () => {
    await survivor?.stop();
    await receiver?.close();
    await rig?.close();
  });

  const nextSlot = () => {
    const slot = slots.shift();
    assert.ok(slot, 'a free time left');
    return slot;
  };

  /** Books a time through the survivor; the booking's id and change-or-cancel token. */
  async function book(slot: Slot): Promise<{ id: string; token: string }> {
    patients += 1;
    const res = await fetch(`${api(survivor)}/bookings`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        'Idempotency-Key': `change-e2e-${Date.now()}-${patients}`,
      },
      body: JSON.stringify({
        serviceId: TYPES.physioFollowUp,
        practitionerId: slot.practitionerId,
        start: slot.start,
        patient: {
          firstName: 'Sam',
          lastName: `Changer${patients}`,
          email: `changer${patients}@example.com`,
          phone: '0412 555 010',
          dateOfBirth: '1985-06-15',
        },
        waiver: { version: '3', accepted: true, signatureSvg: DRAWN_SIGNATURE },
      }),
    });
    assert.equal(res.status, 201, await res.clone().text());
    const { booking } = bookingResponseSchema.parse(await res.json());
    assert.ok(booking.manageToken);
    return { id: booking.id, token: booking.manageToken };
  }

  /** The verified events the receiver accepted for one booking. */
  function eventsFor(bookingId: string): ChangeEvent[] {
    return receiver.received
      .filter((r) => r.verified && r.status === 200)
      .map((r) => JSON.parse(r.body) as ChangeEvent)
      .filter((e) => e.data.booking.id === bookingId);
  }

  it('reports a move once when its instance is killed -9 as Cliniko applies it', async () => {
    const booking = await book(nextSlot());
    const to = nextSlot();
    const victim = await startProxyProcess(env);
    // Cliniko takes the move; the instance that asked dies before it hears back.
    fake.beforeNext('appointments.update', () => process.kill(victim.pid, 'SIGKILL'));
    await fetch(`${api(victim)}/manage/${booking.token}/reschedule`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Idempotency-Key': `killed-move-${Date.now()}` },
      body: JSON.stringify({ start: to.start, practitionerId: to.practitionerId }),
    }).catch(() => undefined);
    await victim.exited;
    assert.equal(
      fake.appointments.find((a) => a.id === booking.id)?.startsAt,
      Date.parse(to.start),
      'the move landed in Cliniko',
    );
    // The other instance's sweep finds it once the dead instance's lock has lapsed.
    await eventually(() => eventsFor(booking.id).length > 0, 'the move’s event', WAIT);
    await sleep(1_500);
    const events = eventsFor(booking.id);
    assert.deepEqual(
      events.map((e) => [e.type, e.data.booking.start]),
      [['booking.rescheduled', to.start]],
    );
  });

  it('reports a cancel Cliniko commits after the proxy gave up once, and the patient’s retry adds nothing', async () => {
    const booking = await book(nextSlot());
    fake.failNext('appointments.cancel', { kind: 'commit-late', ms: 2_500 });
    const cancel = () =>
      fetch(`${api(survivor)}/manage/${booking.token}/cancel`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: '{}',
      });
    const first = await cancel();
    assert.ok(first.status >= 500, `${first.status}: ${await first.text()}`);
    await eventually(
      () => fake.appointments.find((a) => a.id === booking.id)?.cancelledAt != null,
      'Cliniko to commit the cancel',
      WAIT,
    );
    await eventually(() => eventsFor(booking.id).length > 0, 'the cancel’s event', WAIT);
    const retried = await cancel();
    assert.equal(retried.status, 200, await retried.clone().text());
    await sleep(1_500);
    assert.deepEqual(
      eventsFor(booking.id).map((e) => [e.type, e.data.booking.status]),
      [['booking.cancelled', 'cancelled']],
    );
    assert.equal(new Set(receiver.received.map((r) => r.id)).size, receiver.accepted().length);
  });
});
