/**
 * A patient's move or cancel reports its webhook event exactly once whatever fails between
 * the practice system and the outbox, through the real proxy app against the fake Cliniko
 * (msw): a lost answer, a write Cliniko commits after the proxy gave up, a store that fails
 * just after the change landed, a refusal, and two sweeps at once. The events are read from
 * the outbox; the sweep runs on a store clock the test moves.
 */
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import { setupServer } from 'msw/node';
import { bookingResponseSchema, type Booking, type Slot } from '../../shared/contract.ts';
import { PRACTITIONERS, TYPES } from '../../test/fakes/cliniko/cliniko-seed.ts';
import { createClinikoProxy, type ClinikoProxyOptions } from '../../test/helpers/cliniko-proxy.ts';
import { clinicApi, signedBooking } from '../../test/helpers/clinic-api.ts';
import { newWebhookSecret } from '../../test/helpers/webhook-receiver.ts';
import { reconcileDue } from '../booking/reconciler.ts';
import { silentLogger } from '../logger.ts';
import { createMemoryStore } from '../store/memory-store.ts';

const server = setupServer();
before(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
after(() => server.close());

// Past the 24 hours' notice for online changes, from the tests' fixed now.
const THURSDAY = '2026-11-26';
const tom = PRACTITIONERS.tomWalker;
/** Nothing is sent here: the events are read from the outbox. */
const CRM_URL = 'https://crm.example/hooks/booking';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface EventBody {
  type: string;
  data: { booking: { id: string; start: string; status: string; previous?: { start: string } } };
}

async function setup(options: ClinikoProxyOptions = {}) {
  let skew = 0;
  const store = createMemoryStore({ now: () => Date.now() + skew });
  const proxy = createClinikoProxy({
    ...options,
    store,
    clinic: {
      upstream: { timeoutMs: 1000 },
      webhooks: [{ url: CRM_URL, secret: newWebhookSecret() }],
      ...options.clinic,
    },
  });
  server.use(...proxy.fake.handlers());
  const api = clinicApi(proxy);
  const slots = await api.slots(TYPES.physioFollowUp, tom, THURSDAY);
  // Far enough apart that a move never overlaps the time it left.
  const [from, , , , to] = slots;
  assert.ok(from && to, `free times: ${slots.length}`);
  const res = await api.book(signedBooking(from, TYPES.physioFollowUp, '3'));
  assert.equal(res.status, 201, await res.clone().text());
  const { booking } = bookingResponseSchema.parse(await res.json());
  const sweep = () => reconcileDue({ clinics: proxy.clinics, store, logger: silentLogger });
  return {
    proxy,
    api,
    booking: booking as Booking & { manageToken: string },
    from,
    to,
    /** Runs the sweep as if `ms` more had passed. */
    sweepAfter: (ms: number) => {
      skew += ms;
      return sweep();
    },
    sweep,
    /** The change events in the outbox (the booking's own created event left out). */
    changes: async () =>
      (await store.webhooks.list({}, 50))
        .map((row) => row.payload as unknown as EventBody)
        .filter((body) => body.type !== 'booking.created'),
    /** Where Cliniko has the appointment now. */
    startNow: () => proxy.fake.appointments.find((a) => a.id === booking.id)!.startsAt,
  };
}

const move = (api: ReturnType<typeof clinicApi>, token: string, slot: Slot, key?: string) =>
  api.reschedule(token, { start: slot.start, practitionerId: tom }, key);

describe('a patient’s change, reported once whatever fails', () => {
  it('reports a move whose answer was lost once, found by the sweep, and not again on the patient’s retry', async () => {
    const { proxy, api, booking, from, to, sweepAfter, changes, startNow } = await setup();
    // Cliniko moves it, and no answer arrives, to the first try or the client's retries.
    proxy.fake.failNext('appointments.update', { kind: 'lose-response' }, 5);
    const first = await move(api, booking.manageToken, to, 'lost-move-1');
    assert.ok(first.status >= 500, `${first.status}`);
    assert.equal(startNow(), Date.parse(to.start), 'the move landed');
    assert.deepEqual(await changes(), [], 'no event before anyone saw the move');

    await sweepAfter(20_000);
    const events = await changes();
    assert.deepEqual(
      events.map((e) => [e.type, e.data.booking.start, e.data.booking.previous?.start]),
      [['booking.rescheduled', to.start, from.start]],
    );
    const retried = await move(api, booking.manageToken, to, 'lost-move-1');
    assert.equal(retried.status, 200, await retried.clone().text());
    await sweepAfter(20 * 60_000);
    assert.equal((await changes()).length, 1, 'one event for the one move');
  });

  it('reports a move Cliniko commits after the proxy gave up once: watched for, then seen', async () => {
    const { proxy, api, booking, to, sweepAfter, changes, startNow } = await setup();
    proxy.fake.failNext('appointments.update', { kind: 'commit-late', ms: 2_500 });
    const first = await move(api, booking.manageToken, to);
    assert.ok(first.status >= 500, `${first.status}`);
    await sweepAfter(5_000);
    assert.deepEqual(await changes(), [], 'not landed yet: nothing reported');
    await sleep(2_000);
    assert.equal(startNow(), Date.parse(to.start), 'the late write landed');
    await sweepAfter(10_000);
    assert.deepEqual(
      (await changes()).map((e) => e.type),
      ['booking.rescheduled'],
    );
    await sweepAfter(20 * 60_000);
    assert.equal((await changes()).length, 1);
  });

  it('keeps one change id when the patient retries a move whose outcome was unknown before it landed', async () => {
    const { proxy, api, booking, to, sweepAfter, changes } = await setup();
    proxy.fake.failNext('appointments.update', { kind: 'commit-late', ms: 2_500 });
    assert.ok((await move(api, booking.manageToken, to)).status >= 500);
    // The retry (a new attempt, a new key) moves it before the late write lands.
    const retried = await move(api, booking.manageToken, to);
    assert.equal(retried.status, 200, await retried.clone().text());
    await sleep(2_000);
    await sweepAfter(10_000);
    await sweepAfter(20 * 60_000);
    assert.deepEqual(
      (await changes()).map((e) => e.type),
      ['booking.rescheduled'],
    );
  });

  it('reports a move whose close failed in the store (the answer was given) once, from the sweep', async () => {
    const { proxy, api, booking, to, sweepAfter, changes } = await setup();
    const remove = proxy.store.pendingWrites.remove.bind(proxy.store.pendingWrites);
    let failing = true;
    proxy.store.pendingWrites.remove = async (id, outbox) => {
      if (failing && id.startsWith('change|')) throw new Error('connection reset');
      return remove(id, outbox);
    };
    const moved = await move(api, booking.manageToken, to);
    assert.equal(moved.status, 200, await moved.clone().text());
    assert.deepEqual(await changes(), []);
    failing = false;
    await sweepAfter(20_000);
    await sweepAfter(20_000);
    assert.deepEqual(
      (await changes()).map((e) => e.type),
      ['booking.rescheduled'],
    );
  });

  it('reports a cancel whose answer was lost once, and answers the patient’s retry as cancelled', async () => {
    const { proxy, api, booking, sweepAfter, changes } = await setup();
    proxy.fake.failNext('appointments.cancel', { kind: 'lose-response' }, 5);
    assert.ok((await api.cancel(booking.manageToken)).status >= 500);
    assert.notEqual(proxy.fake.appointments.find((a) => a.id === booking.id)!.cancelledAt, null, 'cancelled');
    await sweepAfter(20_000);
    const retried = await api.cancel(booking.manageToken);
    assert.equal(retried.status, 200, await retried.clone().text());
    await sweepAfter(20 * 60_000);
    const events = await changes();
    assert.deepEqual(
      events.map((e) => [e.type, e.data.booking.status]),
      [['booking.cancelled', 'cancelled']],
    );
  });

  it('reports nothing for a move to a time just taken, and keeps no record of it', async () => {
    const { proxy, api, booking, to, changes, startNow } = await setup();
    const other = signedBooking(to, TYPES.physioFollowUp, '3', {
      firstName: 'Alex',
      email: 'alex@example.com',
    });
    assert.equal((await api.book(other)).status, 201);
    const taken = await move(api, booking.manageToken, to);
    assert.equal(taken.status, 409, await taken.clone().text());
    assert.notEqual(startNow(), Date.parse(to.start));
    assert.deepEqual(await proxy.store.pendingWrites.due(Date.now() + 86_400_000, 10), []);
    assert.deepEqual(await changes(), []);
  });

  it('reports nothing for a move Cliniko refused, once its watch is over', async () => {
    const { proxy, api, booking, to, sweepAfter, changes, startNow } = await setup();
    proxy.fake.failNext('appointments.update', { kind: 'refuse', status: 422 });
    const refused = await move(api, booking.manageToken, to);
    assert.ok(refused.status >= 400, `${refused.status}`);
    await sweepAfter(5_000);
    await sweepAfter(20 * 60_000);
    assert.notEqual(startNow(), Date.parse(to.start));
    assert.deepEqual(await proxy.store.pendingWrites.due(Date.now() + 86_400_000, 10), []);
    assert.deepEqual(await changes(), []);
  });

  it('writes one event when two instances sweep the same landed move at once', async () => {
    const { proxy, api, booking, to, changes, sweepAfter, sweep } = await setup();
    proxy.fake.failNext('appointments.update', { kind: 'lose-response' }, 5);
    assert.ok((await move(api, booking.manageToken, to)).status >= 500);
    const [first, second] = await Promise.all([sweepAfter(20_000), sweep()]);
    assert.ok(first.checked + second.checked >= 1);
    await sweepAfter(60_000);
    assert.deepEqual(
      (await changes()).map((e) => e.type),
      ['booking.rescheduled'],
    );
  });
});
