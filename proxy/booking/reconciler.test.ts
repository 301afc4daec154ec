/**
 * Writes whose outcome was unknown are reconciled, not forgotten, through the real proxy
 * app against the fake Cliniko (msw): a write Cliniko commits after the proxy gave up and
 * retried, a booking whose patient never retried, a retry that lands inside the notice
 * window, and one key sent to two instances at once. The sweep runs on a store clock the
 * test moves, so nothing waits for its schedule.
 */
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import { setupServer } from 'msw/node';
import {
  availabilityResponseSchema,
  bookingResponseSchema,
  type BookingRequest,
  type Slot,
} from '../../shared/contract.ts';
import { PRACTITIONERS, TYPES } from '../../test/fakes/cliniko/cliniko-seed.ts';
import {
  CLINIKO_CLINIC_ID,
  createClinikoProxy,
  type ClinikoProxy,
  type ClinikoProxyOptions,
} from '../../test/helpers/cliniko-proxy.ts';
import {
  bookingFor,
  createDemoProxy,
  FIXED_NOW,
  newKey,
  postBooking,
} from '../../test/helpers/demo-proxy.ts';
import { createApp } from '../app.ts';
import { clinicConfigSchema } from '../config/clinic-config.ts';
import { DEMO_CLINIC } from '../config/demo-clinic.ts';
import { silentLogger } from '../logger.ts';
import { CachingProvider } from '../providers/caching-provider.ts';
import { DemoProvider } from '../providers/demo/demo-provider.ts';
import { DEMO_SERVICE_IDS } from '../providers/demo/demo-data.ts';
import { createMemoryStore } from '../store/memory-store.ts';
import { newWebhookSecret } from '../../test/helpers/webhook-receiver.ts';
import { reconcileDue } from './reconciler.ts';

const server = setupServer();
before(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
after(() => server.close());

const TUESDAY = '2026-11-24';
/** Nothing is sent here: the sweep's events are read from the outbox. */
const CRM_URL = 'https://crm.example/hooks/booking';

/** A Cliniko proxy whose store clock runs `skew` ms ahead of the real one. */
function setup(options: ClinikoProxyOptions = {}) {
  let skew = 0;
  const store = createMemoryStore({ now: () => Date.now() + skew });
  const proxy = createClinikoProxy({ ...options, store });
  server.use(...proxy.fake.handlers());
  return {
    proxy,
    /** Runs the sweep as if `ms` more had passed. */
    sweepAfter: async (ms: number) => {
      skew += ms;
      return reconcileDue({ clinics: proxy.clinics, store: proxy.store, logger: silentLogger });
    },
  };
}

async function firstSlot(proxy: ClinikoProxy): Promise<Slot> {
  const res = await proxy.app.request(
    `/api/clinics/${CLINIKO_CLINIC_ID}/availability?serviceId=${TYPES.physioFollowUp}&practitionerId=${PRACTITIONERS.tomWalker}&from=${TUESDAY}&to=${TUESDAY}`,
  );
  const [slot] = availabilityResponseSchema.parse(await res.json()).slots;
  assert.ok(slot);
  return slot;
}

function request(slot: Slot): BookingRequest {
  const base = bookingFor(slot, TYPES.physioFollowUp);
  return { ...base, waiver: { ...base.waiver, version: '3' } };
}

function jordan(proxy: ClinikoProxy) {
  const patients = proxy.fake.patients.filter((p) => p.email === 'jordan.taylor@example.com');
  const appointments = patients.flatMap((p) => proxy.fake.liveAppointmentsOf(p.id));
  const forms = proxy.fake.forms.filter((f) => patients.some((p) => p.id === f.patientId));
  return { patients: patients.length, appointments, forms };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('reconciling writes whose outcome was unknown', () => {
  it('keeps the appointment the patient was told about when the first write commits after the retry, with its one event', async () => {
    const { proxy, sweepAfter } = setup({
      clinic: { upstream: { timeoutMs: 1000 }, webhooks: [{ url: CRM_URL, secret: newWebhookSecret() }] },
    });
    const slot = await firstSlot(proxy);
    const key = newKey();
    proxy.fake.failNext('appointments.create', { kind: 'commit-late', ms: 2_500 });
    assert.equal((await postBooking(proxy.app, request(slot), key, CLINIKO_CLINIC_ID)).status, 503);
    // The retry comes before Cliniko commits the first write, so it makes a second.
    const retried = await postBooking(proxy.app, request(slot), key, CLINIKO_CLINIC_ID);
    assert.equal(retried.status, 201, await retried.clone().text());
    const { booking } = bookingResponseSchema.parse(await retried.json());
    await sleep(2_000);
    assert.equal(jordan(proxy).appointments.length, 2, 'the late write landed');

    await sweepAfter(5_000);
    const settled = jordan(proxy);
    assert.deepEqual(
      settled.appointments.map((a) => a.id),
      [booking.id],
      'one live appointment: the one answered',
    );
    assert.equal(settled.patients, 1);
    assert.equal(settled.forms.length, 1);
    assert.match(
      proxy.fake.appointments.find((a) => a.id !== booking.id && a.startsAt === Date.parse(slot.start))!
        .cancellationNote ?? '',
      /duplicate/,
    );
    // Watched for a while longer, then forgotten with the patient details it held.
    assert.equal((await sweepAfter(11 * 60_000)).removed, 1);
    // The request recorded its answer and its event: the sweep wrote none of its own.
    const events = await proxy.store.webhooks.list({}, 10);
    assert.deepEqual(
      events.map((r) => r.type),
      ['booking.created'],
    );
    assert.equal((events[0]!.payload as { data: { booking: { id: string } } }).data.booking.id, booking.id);
    assert.equal((await proxy.store.pendingWrites.due(Date.now() + 24 * 3_600_000, 10)).length, 0);
  });

  it('finishes a booking whose patient never retried: the appointment gets its waiver', async () => {
    const { proxy, sweepAfter } = setup();
    const slot = await firstSlot(proxy);
    proxy.fake.failNext('appointments.create', { kind: 'lose-response' });
    assert.equal((await postBooking(proxy.app, request(slot), newKey(), CLINIKO_CLINIC_ID)).status, 503);
    assert.equal(jordan(proxy).appointments.length, 1);
    assert.equal(jordan(proxy).forms.length, 0);
    await sweepAfter(5_000);
    assert.equal(jordan(proxy).forms.length, 1, 'the sweep stored the missing waiver');
    await sweepAfter(60_000);
    assert.equal(jordan(proxy).forms.length, 1, 'once');
  });

  it('writes booking.created once for a booking the sweep finished, with the contact and nothing else, and drops that contact', async () => {
    const { proxy, sweepAfter } = setup({
      clinic: { webhooks: [{ url: CRM_URL, secret: newWebhookSecret() }] },
    });
    const slot = await firstSlot(proxy);
    const key = newKey();
    const sent = {
      ...request(slot),
      source: { utm_source: 'google', utm_campaign: 'knee' },
      marketingConsent: true,
    };
    proxy.fake.failNext('appointments.create', { kind: 'lose-response' });
    assert.equal((await postBooking(proxy.app, sent, key, CLINIKO_CLINIC_ID)).status, 503);
    assert.deepEqual(await proxy.store.webhooks.list({}, 10), [], 'no answer recorded, no event yet');
    await sweepAfter(5_000);
    const [appointment] = jordan(proxy).appointments;
    const rows = await proxy.store.webhooks.list({}, 10);
    assert.deepEqual(
      rows.map((r) => [r.type, r.status]),
      [['booking.created', 'pending']],
    );
    const body = rows[0]!.payload as { data: Record<string, unknown> };
    assert.equal((body.data.booking as { id: string }).id, appointment!.id);
    assert.deepEqual(body.data.patient, {
      firstName: 'Jordan',
      lastName: 'Taylor',
      email: 'jordan.taylor@example.com',
      phone: '+61412345678',
    });
    assert.deepEqual(body.data.source, { utm_source: 'google', utm_campaign: 'knee' });
    assert.equal(body.data.marketingConsent, false, 'this clinic does not show the consent box');
    assert.deepEqual(Object.keys(body.data).sort(), [
      'booking',
      'clinic',
      'marketingConsent',
      'patient',
      'practitioner',
      'service',
      'source',
    ]);
    for (const excluded of ['1988', 'svg', 'waiver', 'signature', 'medicare'])
      assert.ok(!JSON.stringify(body).toLowerCase().includes(excluded), excluded);
    // The contact left the pending record once its event was written.
    const [record] = await proxy.store.pendingWrites.due(Date.now() + 24 * 3_600_000, 10);
    assert.equal((record!.data as { contact?: unknown }).contact, undefined);
    // Later looks, and the patient's retry of the same request after all, write no second event.
    await sweepAfter(60_000);
    const retried = await postBooking(proxy.app, sent, key, CLINIKO_CLINIC_ID);
    assert.equal(retried.status, 201, await retried.clone().text());
    await sweepAfter(11 * 60_000);
    assert.equal((await proxy.store.webhooks.list({}, 10)).length, 1);
    assert.equal(jordan(proxy).appointments.length, 1);
  });

  it('recovers a booking before the notice window is judged: a retry after the time moved inside it is 201', async () => {
    const { proxy } = setup();
    const slot = await firstSlot(proxy);
    const key = newKey();
    proxy.fake.failNext('appointments.create', { kind: 'lose-response' });
    assert.equal((await postBooking(proxy.app, request(slot), key, CLINIKO_CLINIC_ID)).status, 503);
    // The clinic's notice is an hour: the retry comes 45 minutes before the appointment.
    proxy.advance(Date.parse(slot.start) - proxy.now().getTime() - 45 * 60_000);
    const retried = await postBooking(proxy.app, request(slot), key, CLINIKO_CLINIC_ID);
    assert.equal(retried.status, 201, await retried.clone().text());
    assert.equal(jordan(proxy).appointments.length, 1);
    assert.equal(jordan(proxy).forms.length, 1);
  });
});

describe('one key sent to two instances at once', () => {
  it('answers both with the one booking: one patient, one appointment, one waiver', async () => {
    const first = createDemoProxy({ rateLimits: false });
    // Another instance: its own app and provider objects, the same store (one database).
    const config = clinicConfigSchema.parse(DEMO_CLINIC);
    const provider = new DemoProvider({
      clinicId: 'demo',
      timezone: config.timezone,
      now: () => FIXED_NOW,
      records: first.store.demo,
    });
    const second = createApp({
      clinics: [{ config, provider: new CachingProvider(provider, { timezone: config.timezone }) }],
      store: first.store,
      now: () => FIXED_NOW,
      rateLimits: false,
      logger: silentLogger,
    });
    const slots = await first.app.request(
      `/api/clinics/demo/availability?serviceId=${DEMO_SERVICE_IDS.physioInitial}&practitionerId=any&from=${TUESDAY}&to=${TUESDAY}`,
    );
    const [slot] = availabilityResponseSchema.parse(await slots.json()).slots;
    const body = bookingFor(slot!, DEMO_SERVICE_IDS.physioInitial);
    const key = newKey();
    const responses = await Promise.all([postBooking(first.app, body, key), postBooking(second, body, key)]);
    assert.deepEqual(
      responses.map((r) => r.status),
      [201, 201],
    );
    const [a, b] = await Promise.all(
      responses.map(async (r) => bookingResponseSchema.parse(await r.json()).booking),
    );
    assert.equal(a!.id, b!.id);
    const records = await first.provider.records();
    assert.deepEqual(
      [records.patients.length, records.appointments.length, records.waivers.length],
      [1, 1, 1],
    );
  });
});
