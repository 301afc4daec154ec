/**
 * What every `Store` must do, written once and run against each engine (`store.test.ts`:
 * memory, PGlite, a real PostgreSQL). Each test gets a fresh store on a clock it moves, so
 * leases and windows are tested without sleeping. Concurrency is real: many calls at once
 * on one store, as instances would make them on one database.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Store } from './store.ts';
import { webhookOutboxConformance } from './webhook-outbox-conformance.ts';

export interface StoreUnderTest {
  store: Store;
  /** Moves the store's clock forward. */
  advance: (ms: number) => void;
}

export interface StoreEngine {
  /** Starts the engine once for the suite. */
  start?: () => Promise<void>;
  /** An empty store on the given clock (the engine may reuse one database, emptied). */
  open: (now: () => number) => Promise<Store>;
  stop?: () => Promise<void>;
}

export function storeConformance(name: string, engine: StoreEngine) {
  describe(`the store on ${name}`, () => {
    if (engine.start) before(engine.start);
    if (engine.stop) after(engine.stop);
    const fresh = async (): Promise<StoreUnderTest> => {
      let clock = Date.UTC(2026, 10, 23, 9);
      const store = await engine.open(() => clock);
      return { store, advance: (ms) => (clock += ms) };
    };

    describe('idempotency records', () => {
      it('claims a new key once, tells a repeat it is running, and a different body it is a mismatch', async () => {
        const { store } = await fresh();
        const first = await store.idempotency.claim('clinic|key-1', 'fp-a', 5_000);
        assert.equal(first.state, 'claimed');
        assert.equal(first.state === 'claimed' && first.resumed, false);
        const repeat = await store.idempotency.claim('clinic|key-1', 'fp-a', 5_000);
        assert.equal(repeat.state, 'running');
        assert.deepEqual(await store.idempotency.claim('clinic|key-1', 'fp-b', 5_000), { state: 'mismatch' });
      });

      it('answers a finished key from its record, and still refuses a different body', async () => {
        const { store } = await fresh();
        const claim = await store.idempotency.claim('k', 'fp', 5_000);
        assert.ok(claim.state === 'claimed');
        const result = { booking: { id: '7300000000000000009', times: [1, 2] } };
        assert.equal(await store.idempotency.complete('k', claim.token, result, store.now() + 60_000), true);
        assert.deepEqual(await store.idempotency.claim('k', 'fp', 5_000), { state: 'done', result });
        assert.deepEqual(await store.idempotency.claim('k', 'other', 5_000), { state: 'mismatch' });
        assert.deepEqual(await store.idempotency.read('k'), { state: 'done', result });
      });

      it('lets the key be claimed again after a release (a failed attempt is forgotten)', async () => {
        const { store } = await fresh();
        const claim = await store.idempotency.claim('k', 'fp', 5_000);
        assert.ok(claim.state === 'claimed');
        await store.idempotency.release('k', claim.token);
        assert.equal(await store.idempotency.read('k'), null);
        assert.equal((await store.idempotency.claim('k', 'fp', 5_000)).state, 'claimed');
      });

      it('hands a claim whose lease ran out to the next attempt, marked resumed, and the old holder loses it', async () => {
        const { store, advance } = await fresh();
        const dead = await store.idempotency.claim('k', 'fp', 5_000);
        assert.ok(dead.state === 'claimed');
        advance(4_000);
        assert.equal((await store.idempotency.claim('k', 'fp', 5_000)).state, 'running', 'lease still live');
        advance(1_001);
        const next = await store.idempotency.claim('k', 'fp', 5_000);
        assert.ok(next.state === 'claimed');
        assert.equal(next.resumed, true);
        assert.equal(await store.idempotency.renew('k', dead.token, 5_000), false);
        assert.equal(
          await store.idempotency.complete('k', dead.token, { stale: true }, store.now() + 1_000),
          false,
        );
        assert.equal(
          await store.idempotency.complete('k', next.token, { fresh: true }, store.now() + 60_000),
          true,
        );
        assert.deepEqual(await store.idempotency.read('k'), { state: 'done', result: { fresh: true } });
      });

      it('keeps a claim alive while it is renewed', async () => {
        const { store, advance } = await fresh();
        const claim = await store.idempotency.claim('k', 'fp', 5_000);
        assert.ok(claim.state === 'claimed');
        for (let i = 0; i < 4; i++) {
          advance(3_000);
          assert.equal(await store.idempotency.renew('k', claim.token, 5_000), true);
        }
        assert.equal((await store.idempotency.claim('k', 'fp', 5_000)).state, 'running');
      });

      it('forgets a finished record after it is kept, and a purge removes it', async () => {
        const { store, advance } = await fresh();
        const claim = await store.idempotency.claim('k', 'fp', 5_000);
        assert.ok(claim.state === 'claimed');
        await store.idempotency.complete('k', claim.token, 1, store.now() + 10_000);
        advance(10_001);
        assert.equal(await store.idempotency.read('k'), null);
        await store.purgeExpired();
        const again = await store.idempotency.claim('k', 'another body', 5_000);
        assert.equal(again.state, 'claimed');
      });

      it('gives exactly one of 20 simultaneous claims the key', async () => {
        const { store } = await fresh();
        const claims = await Promise.all(
          Array.from({ length: 20 }, () => store.idempotency.claim('race', 'fp', 5_000)),
        );
        assert.equal(claims.filter((c) => c.state === 'claimed').length, 1);
        assert.equal(claims.filter((c) => c.state === 'running').length, 19);
      });
    });

    describe('locks', () => {
      it('is held by one holder until released', async () => {
        const { store } = await fresh();
        const token = await store.locks.acquire('slot|a', 5_000);
        assert.ok(token);
        assert.equal(await store.locks.acquire('slot|a', 5_000), null);
        assert.ok(await store.locks.acquire('slot|b', 5_000), 'another key is free');
        await store.locks.release('slot|a', token);
        assert.ok(await store.locks.acquire('slot|a', 5_000));
      });

      it('frees a lock whose holder stopped renewing, and the old holder cannot release the new one', async () => {
        const { store, advance } = await fresh();
        const old = await store.locks.acquire('k', 5_000);
        assert.ok(old);
        advance(3_000);
        assert.equal(await store.locks.renew('k', old, 5_000), true);
        advance(4_000);
        assert.equal(await store.locks.acquire('k', 5_000), null, 'renewed, so still held');
        advance(1_001);
        const next = await store.locks.acquire('k', 5_000);
        assert.ok(next);
        await store.locks.release('k', old);
        assert.equal(await store.locks.renew('k', old, 5_000), false);
        assert.equal(await store.locks.acquire('k', 5_000), null, 'the new holder still has it');
      });

      it('gives exactly one of 20 simultaneous acquirers the lock', async () => {
        const { store } = await fresh();
        const tokens = await Promise.all(
          Array.from({ length: 20 }, () => store.locks.acquire('race', 5_000)),
        );
        assert.equal(tokens.filter(Boolean).length, 1);
      });
    });

    describe('rate limits', () => {
      it('allows the limit in a window, then refuses with a wait within the window', async () => {
        const { store } = await fresh();
        const rule = { limit: 3, windowSeconds: 60 };
        for (let i = 0; i < 3; i++)
          assert.deepEqual(await store.rateLimits.consume('client|a', rule), { allowed: true });
        const refused = await store.rateLimits.consume('client|a', rule);
        assert.equal(refused.allowed, false);
        assert.ok(!refused.allowed && refused.retryAfterSeconds >= 1 && refused.retryAfterSeconds <= 60);
        assert.deepEqual(await store.rateLimits.consume('client|b', rule), { allowed: true }, 'another key');
        assert.deepEqual(
          await store.rateLimits.consume('client|a', { limit: 10, windowSeconds: 60 }),
          { allowed: true },
          'another rule counts apart',
        );
      });

      it('counts simultaneous requests exactly', async () => {
        const { store } = await fresh();
        const rule = { limit: 5, windowSeconds: 600 };
        const decisions = await Promise.all(
          Array.from({ length: 20 }, () => store.rateLimits.consume('clinic|x', rule)),
        );
        assert.equal(decisions.filter((d) => d.allowed).length, 5);
      });
    });

    describe('upstream budgets', () => {
      it('spends a sliding window: the limit at once, then the wait until the oldest leaves it', async () => {
        const { store, advance } = await fresh();
        for (let i = 0; i < 3; i++) {
          assert.equal(await store.budgets.take('cliniko|key', 3, 60_000), 0);
          advance(1_000);
        }
        assert.equal(await store.budgets.used('cliniko|key', 60_000), 3);
        assert.equal(await store.budgets.take('cliniko|key', 3, 60_000), 57_000);
        advance(57_000);
        assert.equal(await store.budgets.take('cliniko|key', 3, 60_000), 0);
        assert.equal(await store.budgets.take('other|key', 3, 60_000), 0, 'another credential');
      });

      it('pauses every caller of a credential until the pause ends', async () => {
        const { store, advance } = await fresh();
        await store.budgets.pauseUntil('k', store.now() + 60_000);
        await store.budgets.pauseUntil('k', store.now() + 1_000);
        assert.equal(
          await store.budgets.take('k', 100, 60_000),
          60_000,
          'a shorter pause does not shorten it',
        );
        advance(60_000);
        assert.equal(await store.budgets.take('k', 100, 60_000), 0);
      });

      it('never hands out more than the limit to simultaneous callers', async () => {
        const { store } = await fresh();
        const waits = await Promise.all(
          Array.from({ length: 30 }, () => store.budgets.take('k', 10, 60_000)),
        );
        assert.equal(waits.filter((w) => w === 0).length, 10);
        assert.equal(await store.budgets.used('k', 60_000), 10);
      });
    });

    describe('pending writes', () => {
      it('keeps a record until removed, lists those due oldest first, and replaces data but not its age', async () => {
        const { store, advance } = await fresh();
        const base = { clinicId: 'c', uncertain: false, data: { stage: 'patient' } };
        await store.pendingWrites.put({
          ...base,
          id: 'c|one',
          checkAt: store.now() + 1_000,
          createdAt: store.now(),
        });
        advance(10);
        await store.pendingWrites.put({
          ...base,
          id: 'c|two',
          checkAt: store.now() + 5_000,
          createdAt: store.now(),
        });
        assert.deepEqual(await store.pendingWrites.due(store.now(), 10), []);
        advance(1_000);
        assert.deepEqual(
          (await store.pendingWrites.due(store.now(), 10)).map((w) => w.id),
          ['c|one'],
        );
        const created = (await store.pendingWrites.get('c|one'))!.createdAt;
        await store.pendingWrites.put({
          ...base,
          id: 'c|one',
          uncertain: true,
          data: { stage: 'appointment', start: 5, list: ['a', 'b'] },
          checkAt: store.now() + 100,
          createdAt: store.now(),
        });
        const replaced = await store.pendingWrites.get('c|one');
        assert.equal(replaced?.uncertain, true);
        assert.deepEqual(replaced?.data, { stage: 'appointment', start: 5, list: ['a', 'b'] });
        assert.equal(replaced?.createdAt, created);
        advance(5_000);
        assert.deepEqual(
          (await store.pendingWrites.due(store.now(), 1)).map((w) => w.id),
          ['c|one'],
        );
        await store.pendingWrites.remove('c|one');
        assert.equal(await store.pendingWrites.get('c|one'), null);
        assert.deepEqual(
          (await store.pendingWrites.due(store.now(), 10)).map((w) => w.id),
          ['c|two'],
        );
      });

      it('writes a record and its webhook events in one step, the events once however often', async () => {
        const { store } = await fresh();
        const write = {
          id: 'c|k',
          clinicId: 'c',
          uncertain: true,
          data: { announced: true },
          checkAt: store.now() + 1_000,
          createdAt: store.now(),
        };
        const outbox = {
          deliveries: [
            {
              eventId: 'msg_k',
              endpoint: 'ep',
              clinicId: 'c',
              type: 'booking.created',
              payload: { type: 'x' },
            },
          ],
          contact: {
            clinicId: 'c',
            appointmentId: 'a-1',
            data: { marketingConsent: false },
            keepUntil: store.now() + 60_000,
          },
        };
        await store.pendingWrites.put(write, outbox);
        await store.pendingWrites.put(write, outbox);
        assert.deepEqual((await store.pendingWrites.get('c|k'))?.data, { announced: true });
        assert.deepEqual(
          (await store.webhooks.list({}, 10)).map((r) => [r.eventId, r.status]),
          [['msg_k', 'pending']],
        );
        assert.deepEqual(await store.webhooks.contactOf('c', 'a-1'), { marketingConsent: false });
      });

      it('closes a record with its webhook events in one step, and only a record still there', async () => {
        const { store } = await fresh();
        const write = {
          id: 'c|change',
          clinicId: 'c',
          uncertain: false,
          data: { kind: 'change' },
          checkAt: store.now() + 1_000,
          createdAt: store.now(),
        };
        const outbox = (eventId: string) => ({
          deliveries: [{ eventId, endpoint: 'ep', clinicId: 'c', type: 'booking.cancelled', payload: {} }],
        });
        await store.pendingWrites.put(write);
        assert.equal(await store.pendingWrites.remove('c|change', outbox('msg_first')), true);
        // A second settler of the same change (a retry, another instance's sweep) writes nothing.
        assert.equal(await store.pendingWrites.remove('c|change', outbox('msg_second')), false);
        assert.equal(await store.pendingWrites.get('c|change'), null);
        assert.deepEqual(
          (await store.webhooks.list({}, 10)).map((r) => r.eventId),
          ['msg_first'],
        );
      });
    });

    describe('ledgers', () => {
      it('remembers an id until its time, with the waiver and settlement ledgers apart', async () => {
        const { store, advance } = await fresh();
        assert.equal(await store.waivers.has('appt-1'), false);
        await store.waivers.add('appt-1', store.now() + 1_000);
        assert.equal(await store.waivers.has('appt-1'), true);
        assert.equal(await store.settlements.has('appt-1'), false);
        await store.waivers.add('appt-1', store.now() + 500);
        advance(999);
        assert.equal(await store.waivers.has('appt-1'), true, 'a shorter keep does not shorten it');
        advance(1);
        assert.equal(await store.waivers.has('appt-1'), false);
        await store.purgeExpired();
        assert.equal(await store.waivers.has('appt-1'), false);
      });
    });

    describe('demo clinic records', () => {
      it('hands out unique ids and keeps each clinic’s patients apart', async () => {
        const { store } = await fresh();
        const ids = await Promise.all(Array.from({ length: 10 }, () => store.demo.nextId()));
        assert.equal(new Set(ids).size, 10);
        assert.ok(ids.every((id) => /^\d{19}$/.test(id)));
        await store.demo.addPatient('demo', ids[0]!, { firstName: 'Ana', email: 'ana@example.com' });
        assert.deepEqual(await store.demo.patients('demo'), [
          { id: ids[0], data: { firstName: 'Ana', email: 'ana@example.com' } },
        ]);
        assert.deepEqual(await store.demo.patients('demo-coastal'), []);
      });

      it('books a practitioner’s time once, even when asked 10 times at once', async () => {
        const { store } = await fresh();
        const row = (id: string, practitionerId = 'p1', start = 1_000) => ({
          id,
          practitionerId,
          start,
          end: start + 1_800_000,
          data: { serviceId: 's' },
        });
        const results = await Promise.all(
          Array.from({ length: 10 }, (_, i) => store.demo.addAppointmentIfFree('demo', row(`a${i}`))),
        );
        assert.equal(results.filter(Boolean).length, 1);
        assert.equal(
          await store.demo.addAppointmentIfFree('demo', row('b', 'p1', 1_000 + 900_000)),
          false,
          'overlaps',
        );
        assert.equal(
          await store.demo.addAppointmentIfFree('demo', row('c', 'p2')),
          true,
          'another practitioner',
        );
        assert.equal(await store.demo.addAppointmentIfFree('other', row('d')), true, 'another clinic');
        const booked = (await store.demo.appointments('demo')).find((a) => a.practitionerId === 'p1')!;
        await store.demo.cancelAppointment('demo', booked.id);
        assert.equal(
          (await store.demo.appointments('demo')).find((a) => a.id === booked.id)?.cancelled,
          true,
        );
        assert.equal(
          await store.demo.addAppointmentIfFree('demo', row('e')),
          true,
          'free again once cancelled',
        );
      });

      it('moves an appointment only to a time its practitioner has free, ignoring its own time', async () => {
        const { store } = await fresh();
        const row = (id: string, practitionerId: string, start: number) => ({
          id,
          practitionerId,
          start,
          end: start + 1_800_000,
          data: { serviceId: 's' },
        });
        await store.demo.addAppointmentIfFree('demo', row('a', 'p1', 0));
        await store.demo.addAppointmentIfFree('demo', row('b', 'p1', 3_600_000));
        const to = (practitionerId: string, start: number) => ({
          practitionerId,
          start,
          end: start + 1_800_000,
          data: { serviceId: 's', moved: true },
        });
        assert.equal(
          await store.demo.moveAppointmentIfFree('demo', 'a', to('p1', 3_000_000)),
          false,
          'overlaps b',
        );
        assert.equal(
          await store.demo.moveAppointmentIfFree('demo', 'a', to('p1', 900_000)),
          true,
          'overlaps only itself',
        );
        const racing = await Promise.all([
          store.demo.moveAppointmentIfFree('demo', 'a', to('p2', 7_200_000)),
          store.demo.moveAppointmentIfFree('demo', 'b', to('p2', 7_200_000)),
        ]);
        assert.equal(racing.filter(Boolean).length, 1, 'two moves into one time: one lands');
        const rows = await store.demo.appointments('demo');
        assert.equal(rows.filter((r) => r.practitionerId === 'p2' && r.start === 7_200_000).length, 1);
        await store.demo.cancelAppointment('demo', 'b');
        assert.equal(await store.demo.moveAppointmentIfFree('demo', 'b', to('p1', 0)), false, 'cancelled');
        assert.equal(await store.demo.moveAppointmentIfFree('demo', 'zz', to('p1', 0)), false, 'unknown');
      });

      it('stores one waiver per appointment: the first', async () => {
        const { store } = await fresh();
        assert.equal(await store.demo.addWaiver('demo', 'a1', { version: '1' }), true);
        assert.equal(await store.demo.addWaiver('demo', 'a1', { version: '2' }), false);
        assert.deepEqual(await store.demo.waivers('demo'), [{ appointmentId: 'a1', data: { version: '1' } }]);
      });
    });

    describe('capacity signals', () => {
      const ok = { level: 'ok' as const, crossings: 0, changedAt: '2026-11-23T09:00:00.000Z' };
      const low = { level: 'low' as const, crossings: 1, changedAt: '2026-11-23T10:00:00.000Z' };
      const back = { level: 'ok' as const, crossings: 2, changedAt: '2026-11-23T13:00:00.000Z' };
      const event = (id: string, type = 'capacity.low') => ({
        id,
        body: { id, type, data: { freeShare: 0 } },
      });

      it('keeps an alert’s state, first seen once, and each clinic’s and alert’s apart', async () => {
        const { store } = await fresh();
        const signals = store.capacitySignals;
        assert.equal(await signals.load('harbour', '14d<0.1'), null);
        assert.equal(await signals.transition('harbour', '14d<0.1', null, ok, null), true);
        assert.deepEqual(await signals.load('harbour', '14d<0.1'), ok);
        assert.equal(
          await signals.transition('harbour', '14d<0.1', null, low, event('e0')),
          false,
          'already seen: a first sighting elsewhere changes nothing',
        );
        assert.deepEqual(await signals.load('harbour', '14d<0.1'), ok);
        assert.equal(await signals.load('harbour', '7d<0.2'), null);
        assert.equal(await signals.load('bondi', '14d<0.1'), null);
        assert.deepEqual(await signals.undelivered(10), []);
      });

      it('lets one of many checks at once make a crossing, with its one event', async () => {
        const { store } = await fresh();
        const signals = store.capacitySignals;
        await signals.transition('harbour', '14d<0.1', null, ok, null);
        const results = await Promise.all(
          Array.from({ length: 8 }, (_, i) =>
            signals.transition('harbour', '14d<0.1', ok, low, event(`e${i}`)),
          ),
        );
        assert.equal(results.filter(Boolean).length, 1);
        const queued = await signals.undelivered(10);
        assert.equal(queued.length, 1);
        assert.equal(queued[0]!.id, `e${results.indexOf(true)}`);
        assert.equal(queued[0]!.clinicId, 'harbour');
        assert.deepEqual(await signals.load('harbour', '14d<0.1'), low);
        // A check that read the state before that crossing is refused, whatever it saw.
        assert.equal(await signals.transition('harbour', '14d<0.1', ok, low, event('late')), false);
        assert.equal(
          await signals.transition('harbour', '14d<0.1', low, back, event('r1', 'capacity.recovered')),
          true,
        );
        assert.deepEqual(await signals.load('harbour', '14d<0.1'), back);
      });

      it('queues events oldest first until each is delivered', async () => {
        const { store, advance } = await fresh();
        const signals = store.capacitySignals;
        await signals.transition('harbour', 'a', null, low, event('first'));
        advance(1000);
        await signals.transition('harbour', 'a', low, back, event('second', 'capacity.recovered'));
        const queued = await signals.undelivered(10);
        assert.deepEqual(
          queued.map((e) => [e.id, e.event.type]),
          [
            ['first', 'capacity.low'],
            ['second', 'capacity.recovered'],
          ],
        );
        assert.deepEqual(queued[0]!.event, event('first').body);
        assert.equal((await signals.undelivered(1)).length, 1);
        await signals.delivered('first');
        assert.deepEqual(
          (await signals.undelivered(10)).map((e) => e.id),
          ['second'],
        );
        await signals.delivered('second');
        await signals.delivered('second');
        assert.deepEqual(await signals.undelivered(10), []);
      });
    });

    webhookOutboxConformance(fresh);

    it('reports itself ready', async () => {
      const { store } = await fresh();
      assert.equal(await store.ready(), true);
    });
  });
}
