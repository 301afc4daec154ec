import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import {
  bookingResponseSchema,
  type Booking,
  type BookingRequest,
  type Slot,
} from '../../shared/contract.ts';
import { clinicApi } from '../../test/helpers/clinic-api.ts';
import { bookingFor, createDemoProxy, FIXED_NOW, type DemoProxy } from '../../test/helpers/demo-proxy.ts';
import { startWebhookReceiver, type WebhookReceiver } from '../../test/helpers/webhook-receiver.ts';
import { silentLogger } from '../logger.ts';
import { DEMO_PRACTITIONERS, DEMO_SERVICE_IDS } from '../providers/demo/demo-data.ts';
import { createMemoryStore } from '../store/memory-store.ts';
import type { Store } from '../store/store.ts';
import { REMOVED_WEBHOOK_GRACE_MS, WEBHOOK_REMOVED, WebhookDeliveryWorker } from './delivery-worker.ts';
import { MAX_REFUSED_ATTEMPTS } from './retry-policy.ts';
import type { WebhookConfig } from './webhook-config.ts';

const service = DEMO_SERVICE_IDS.physioInitial;
const aisha = DEMO_PRACTITIONERS[0]!.id;
const SECRET = 'test-manage-link-secret-0123456789abcdef';

const receivers: WebhookReceiver[] = [];
after(() => Promise.all(receivers.map((r) => r.close())));

async function receiver(answer?: Parameters<typeof startWebhookReceiver>[0]): Promise<WebhookReceiver> {
  const r = await startWebhookReceiver(answer);
  receivers.push(r);
  return r;
}

interface Rig {
  proxy: DemoProxy;
  store: Store;
  worker: WebhookDeliveryWorker;
  /** Moves the store's clock (the outbox's retry times) forward. */
  advance: (ms: number) => void;
  book: (slot: Slot, extra?: Partial<BookingRequest>) => Promise<Booking>;
  /** Another worker on the same store, as another instance runs one (its own clinics file when given). */
  otherWorker: (options?: { allowLoopback?: boolean; webhooks?: WebhookConfig[] }) => WebhookDeliveryWorker;
}

function rig(
  webhooks: unknown[],
  workerOptions: { random?: () => number } = {},
  clinic: Record<string, unknown> = {},
): Rig {
  let clock = FIXED_NOW.getTime();
  const store = createMemoryStore({ now: () => clock });
  const proxy = createDemoProxy({ store, manageLinkSecret: SECRET }, { webhooks, ...clinic });
  const worker = new WebhookDeliveryWorker({
    clinics: [{ config: proxy.clinic }],
    store,
    logger: silentLogger,
    allowLoopback: true,
    timeoutMs: 2_000,
    ...workerOptions,
  });
  const api = clinicApi(proxy);
  return {
    proxy,
    store,
    worker,
    advance: (ms) => (clock += ms),
    otherWorker: ({ allowLoopback = true, webhooks: theirs } = {}) =>
      new WebhookDeliveryWorker({
        clinics: [{ config: theirs ? { ...proxy.clinic, webhooks: theirs } : proxy.clinic }],
        store,
        logger: silentLogger,
        allowLoopback,
      }),
    async book(slot, extra = {}) {
      const res = await api.book(bookingFor(slot, service, extra));
      assert.equal(res.status, 201, await res.clone().text());
      return bookingResponseSchema.parse(await res.json()).booking;
    },
  };
}

/** Free slots of one day that do not overlap one another, so each can be booked. */
async function slots(proxy: DemoProxy, day = '2026-11-26'): Promise<Slot[]> {
  const apart: Slot[] = [];
  for (const slot of await clinicApi(proxy).slots(service, aisha, day))
    if (apart.every((s) => slot.start >= s.end || slot.end <= s.start)) apart.push(slot);
  return apart;
}

const PATIENT_WITH_EVERYTHING = {
  firstName: 'Jordan',
  lastName: 'Taylor',
  email: 'jordan.taylor@example.com',
  phone: '0412 345 678',
  dateOfBirth: '1988-04-12',
  medicareNumber: '2123 45670 1',
  medicareIrn: '1',
  note: 'Left knee, since March; private-note-marker',
};

describe('booking webhooks, to a real receiver on loopback', () => {
  it('delivers booking.created once, signed as Standard Webhooks verifies, with exactly the allowed fields', async () => {
    const crm = await receiver();
    const { proxy, worker, book, store } = rig([{ url: crm.url, secret: crm.secret }]);
    const [slot] = await slots(proxy);
    const booking = await book(slot!, {
      patient: PATIENT_WITH_EVERYTHING,
      answers: { 'returning-patient': 'no-answer-marker' },
      source: {
        utm_source: 'google',
        utm_campaign: 'knee',
        referrer: 'https://www.google.com',
        landingPath: '/book',
      },
      marketingConsent: true,
    });
    // Nothing is sent inside the patient's request: the worker sends it.
    assert.equal(crm.received.length, 0);
    assert.equal(await worker.deliverDue(), 1);
    assert.equal(crm.received.length, 1);
    const [hit] = crm.received;
    assert.equal(hit!.verified, true);
    assert.match(hit!.id, /^msg_[0-9a-f]{32}$/);
    const body = JSON.parse(hit!.body) as Record<string, unknown>;
    assert.deepEqual(Object.keys(body).sort(), ['data', 'timestamp', 'type']);
    assert.equal(body.type, 'booking.created');
    assert.deepEqual(body.data, {
      booking: {
        id: booking.id,
        start: booking.start,
        end: booking.end,
        timezone: booking.timezone,
        status: 'booked',
      },
      clinic: { id: proxy.clinic.id, name: proxy.clinic.name },
      patient: {
        firstName: 'Jordan',
        lastName: 'Taylor',
        email: 'jordan.taylor@example.com',
        phone: '+61412345678',
      },
      service: { id: service, name: booking.serviceName },
      practitioner: { id: booking.practitionerId, name: booking.practitionerName },
      source: {
        utm_source: 'google',
        utm_campaign: 'knee',
        referrer: 'https://www.google.com',
        landingPath: '/book',
      },
      marketingConsent: true,
    });
    for (const excluded of [
      '1988',
      '2123',
      'private-note-marker',
      'no-answer-marker',
      'svg',
      'signature',
      'waiver',
      booking.manageToken!,
    ])
      assert.ok(!hit!.body.includes(excluded), `the body holds ${excluded}`);
    const [row] = await store.webhooks.list({}, 10);
    assert.equal(row?.status, 'delivered');
    assert.equal(row?.payload, null, 'the delivered body (with the patient’s contact) is not kept');
    assert.equal(await worker.deliverDue(), 0);
    assert.equal(crm.received.length, 1);
  });

  it('writes one event for a booking however often the patient retries it', async () => {
    const crm = await receiver();
    const { proxy, worker } = rig([{ url: crm.url, secret: crm.secret }]);
    const [slot] = await slots(proxy);
    const api = clinicApi(proxy);
    const body = bookingFor(slot!, service);
    for (let i = 0; i < 3; i += 1) assert.equal((await api.book(body, 'same-key-12345')).status, 201);
    await worker.deliverDue();
    assert.equal(crm.accepted().length, 1);
  });

  it('retries a receiver that answers 500 until it is up, then delivers exactly once per webhook-id', async () => {
    const crm = await receiver((n) => ({ status: n < 3 ? 500 : 204 }));
    const { proxy, worker, advance, book, store } = rig([{ url: crm.url, secret: crm.secret }]);
    const [first, second] = await slots(proxy);
    await book(first!);
    await book(second!);
    for (let i = 0; i < 8; i += 1) {
      await worker.deliverDue();
      advance(60 * 60_000);
    }
    const accepted = crm.accepted();
    assert.equal(accepted.length, 2);
    assert.equal(new Set(accepted).size, 2);
    // Every attempt at an event carried its one id, and each was signed afresh.
    assert.ok(crm.received.every((r) => r.verified));
    assert.equal(new Set(crm.received.map((r) => r.id)).size, 2);
    assert.ok(crm.received.length > 2);
    const rows = await store.webhooks.list({}, 10);
    assert.ok(rows.every((r) => r.status === 'delivered'));
  });

  it('waits as long as Retry-After asks on a 429', async () => {
    const crm = await receiver((n) =>
      n === 0 ? { status: 429, headers: { 'Retry-After': '7200' } } : { status: 200 },
    );
    const { proxy, worker, advance, book, store } = rig([{ url: crm.url, secret: crm.secret }]);
    await book((await slots(proxy))[0]!);
    await worker.deliverDue();
    const [row] = await store.webhooks.list({}, 1);
    assert.equal(row?.lastError, 'http_429');
    assert.ok(row.nextAttemptAt >= store.now() + 7_200_000);
    advance(7_100_000);
    await worker.deliverDue();
    assert.equal(crm.received.length, 1);
    advance(100_001);
    await worker.deliverDue();
    assert.equal(crm.accepted().length, 1);
  });

  it('marks a delivery failed after a few 4xx answers, with the status code and nothing of the answer', async () => {
    const crm = await receiver(() => ({ status: 404 }));
    const { proxy, worker, advance, book, store } = rig([{ url: crm.url, secret: crm.secret }]);
    await book((await slots(proxy))[0]!);
    for (let i = 0; i < 6; i += 1) {
      await worker.deliverDue();
      advance(6 * 60 * 60_000);
    }
    assert.equal(crm.received.length, MAX_REFUSED_ATTEMPTS);
    const [row] = await store.webhooks.list({ status: 'failed' }, 1);
    assert.deepEqual([row?.attempts, row?.lastError], [MAX_REFUSED_ATTEMPTS, 'http_404']);
    // The operator's retry sends it again.
    assert.equal(await store.webhooks.retry({ status: 'failed' }), 1);
    await worker.deliverDue();
    assert.equal(crm.received.length, MAX_REFUSED_ATTEMPTS + 1);
  });

  it('sends only the events a webhook asks for, to each webhook', async () => {
    const all = await receiver();
    const cancels = await receiver();
    const { proxy, worker, book } = rig([
      { url: all.url, secret: all.secret },
      { url: cancels.url, secret: cancels.secret, events: ['booking.cancelled'] },
    ]);
    const booking = await book((await slots(proxy))[0]!);
    await worker.deliverDue();
    assert.equal(all.accepted().length, 1);
    assert.equal(cancels.received.length, 0);
    assert.equal((await clinicApi(proxy).cancel(booking.manageToken!)).status, 200);
    await worker.deliverDue();
    assert.equal(all.accepted().length, 2);
    assert.equal(cancels.accepted().length, 1);
    assert.equal(
      all.received[1]!.id,
      cancels.received[0]!.id,
      'one event, one webhook-id, at every receiver',
    );
  });

  it('reports moves and cancels with the contact the booking gave, once per change, a move back to an earlier time included', async () => {
    const crm = await receiver();
    const { proxy, worker, book } = rig([{ url: crm.url, secret: crm.secret }]);
    const api = clinicApi(proxy);
    const [a, b] = await slots(proxy);
    const booking = await book(a!, { source: { utm_source: 'newsletter' }, marketingConsent: true });
    const token = booking.manageToken!;
    const move = async (slot: Slot) => {
      const res = await api.reschedule(token, { start: slot.start, practitionerId: aisha });
      assert.equal(res.status, 200, await res.clone().text());
    };
    await move(b!);
    await move(b!); // a repeat of the move (a lost answer): the same change
    await move(a!); // back to the first time
    await move(b!); // and forward again: a new change, not the first one repeated
    assert.equal((await api.cancel(token)).status, 200);
    assert.equal((await api.cancel(token)).status, 200);
    await worker.deliverDue();
    const bodies = crm.received.map(
      (r) => JSON.parse(r.body) as { type: string; data: Record<string, unknown> },
    );
    assert.deepEqual(
      bodies.map((b) => b.type),
      [
        'booking.created',
        'booking.rescheduled',
        'booking.rescheduled',
        'booking.rescheduled',
        'booking.cancelled',
      ],
    );
    assert.equal(new Set(crm.received.map((r) => r.id)).size, 5);
    assert.deepEqual(
      bodies.slice(1, 4).map((b) => (b.data.booking as { start: string }).start),
      [b!.start, a!.start, b!.start],
    );
    for (const body of bodies.slice(1)) {
      assert.deepEqual(body.data.patient, {
        firstName: 'Jordan',
        lastName: 'Taylor',
        email: 'jordan.taylor@example.com',
        phone: '+61412345678',
      });
      assert.deepEqual(body.data.source, { utm_source: 'newsletter' });
      assert.equal(body.data.marketingConsent, true);
    }
    assert.deepEqual((bodies[1]!.data.booking as { previous?: unknown }).previous, {
      start: a!.start,
      end: a!.end,
      practitionerId: aisha,
    });
    assert.equal((bodies[4]!.data.booking as { status: string }).status, 'cancelled');
  });

  it('sends no consent for a clinic that does not ask for it, whatever the request says', async () => {
    const crm = await receiver();
    const { proxy, worker, book } = rig(
      [{ url: crm.url, secret: crm.secret }],
      {},
      {
        marketingConsent: { enabled: false },
      },
    );
    await book((await slots(proxy))[0]!, { marketingConsent: true });
    await worker.deliverDue();
    assert.equal(crm.accepted().length, 1);
    const body = JSON.parse(crm.received[0]!.body) as { data: { marketingConsent: unknown } };
    assert.equal(body.data.marketingConsent, false);
  });

  it('never sends one event from two workers at once', async () => {
    const crm = await receiver();
    const r = rig([{ url: crm.url, secret: crm.secret }]);
    const other = r.otherWorker();
    const free = [...(await slots(r.proxy)), ...(await slots(r.proxy, '2026-11-27'))].slice(0, 6);
    assert.equal(free.length, 6);
    for (const slot of free) await r.book(slot);
    await Promise.all([r.worker.deliverDue(), other.deliverDue(), r.worker.deliverDue(), other.deliverDue()]);
    assert.equal(crm.received.length, 6);
    assert.equal(new Set(crm.accepted()).size, 6);
  });

  it('refuses to send to loopback unless development allows it, and fails such a delivery', async () => {
    const crm = await receiver();
    const r = rig([{ url: crm.url, secret: crm.secret }]);
    const strict = r.otherWorker({ allowLoopback: false });
    await r.book((await slots(r.proxy))[0]!);
    for (let i = 0; i < MAX_REFUSED_ATTEMPTS; i += 1) {
      await strict.deliverDue();
      r.advance(6 * 60 * 60_000);
    }
    assert.equal(crm.received.length, 0);
    const [row] = await r.store.webhooks.list({}, 1);
    assert.deepEqual([row?.status, row?.lastError], ['failed', 'address_refused']);
  });

  it('fails the events of a webhook removed from the config once no instance has sent them, and sends them again on retry', async () => {
    const crm = await receiver();
    const r = rig([{ url: crm.url, secret: crm.secret }]);
    await r.book((await slots(r.proxy))[0]!);
    // The new clinics file (no webhook) beside an old instance that still has it, in a deploy.
    const newer = r.otherWorker({ webhooks: [] });
    await newer.deliverDue();
    r.advance(REMOVED_WEBHOOK_GRACE_MS - 1_000);
    await newer.deliverDue();
    assert.equal(
      (await r.store.webhooks.list({ status: 'pending' }, 10)).length,
      1,
      'left to an instance that knows it',
    );
    // The old instance is gone; the grace passes with nobody sending it.
    r.advance(2_000);
    await newer.deliverDue();
    const [row] = await r.store.webhooks.list({}, 10);
    assert.deepEqual([row?.status, row?.lastError, row?.attempts], ['failed', WEBHOOK_REMOVED, 0]);
    assert.equal(crm.received.length, 0);
    // The webhook is back: the operator's retry sends the event, once.
    assert.equal(await r.store.webhooks.retry({ status: 'failed' }), 1);
    await r.worker.deliverDue();
    assert.equal(crm.accepted().length, 1);
  });
});
