/**
 * "Booked solid" alerts on a simulated clock, against the fake Cliniko: checked hourly,
 * `capacity.low` once when reception fills the day, `capacity.recovered` once when a
 * cancellation opens time, nothing in between, a failed hand-over tried again with the same
 * event, and the same once-per-crossing across a restart and with two instances on one store.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { testServer } from '../../test/helpers/msw-server.ts';
import { PRACTITIONERS, TYPES } from '../../test/fakes/cliniko/cliniko-seed.ts';
import { createClinikoProxy, type ClinikoProxy } from '../../test/helpers/cliniko-proxy.ts';
import { buildClinics } from '../clinic.ts';
import { loadClinicsFile } from '../config/load-config.ts';
import { createJsonLogger } from '../logger.ts';
import { instantAt } from '../time/clinic-time.ts';
import { CapacityAlertMonitor } from './alert-monitor.ts';
import type { CapacityEvent } from './capacity-events.ts';
import { createMemoryStore } from '../store/memory-store.ts';
import type { Store } from '../store/store.ts';
import { CapacitySnapshots } from './capacity-snapshots.ts';
import { clinikoClinicsFile, CLINIKO_ENV } from '../../test/helpers/cliniko-proxy.ts';

const server = testServer();

const MONDAY = '2026-11-23';
const TIMEZONE = 'Australia/Sydney';
const HOUR = 3_600_000;
const at = (hours: number) => instantAt(MONDAY, hours * 60, TIMEZONE).getTime();

/** A clinic on the fake Cliniko whose alert looks at today only, with a monitor on the proxy's clock. */
function setup(emit: (event: CapacityEvent) => Promise<void>, capacity: Record<string, unknown> = {}) {
  const proxy: ClinikoProxy = createClinikoProxy();
  server.use(...proxy.fake.handlers());
  // The store's leases run on the same simulated clock.
  const store = createMemoryStore({ now: () => proxy.now().getTime() });
  const logs: string[] = [];
  const logger = createJsonLogger({ write: (line) => logs.push(line), now: () => proxy.now() });
  const monitorOn = (on: Pick<Store, 'capacitySignals' | 'locks'>) => {
    const { configs } = loadClinicsFile(
      clinikoClinicsFile({}, { capacity: { alerts: [{ days: 1, below: 0.1 }], ...capacity } }),
      CLINIKO_ENV,
    );
    const clinics = buildClinics(configs, {
      fetch: (input, init) => fetch(input, init),
      now: () => proxy.now(),
      logger,
    });
    return new CapacityAlertMonitor({
      clinics,
      snapshots: new CapacitySnapshots({ now: () => proxy.now() }),
      store: on,
      sink: { deliver: (_clinicId, event) => emit(event) },
      now: () => proxy.now(),
      logger,
    });
  };
  return { proxy, monitor: monitorOn(store), logs, store, restart: () => monitorOn(store), monitorOn };
}

/** Books all of Monday's remaining hours of Mei (10–18) and Tom (8–12, 13–17) in Cliniko. */
function fillMonday(proxy: ClinikoProxy) {
  return [
    proxy.fake.bookDirectly(PRACTITIONERS.meiChen, TYPES.psychology, at(10), 8 * 60),
    proxy.fake.bookDirectly(PRACTITIONERS.tomWalker, TYPES.physioFollowUp, at(8), 4 * 60),
    proxy.fake.bookDirectly(PRACTITIONERS.tomWalker, TYPES.physioFollowUp, at(13), 4 * 60),
  ];
}

describe('capacity alerts', () => {
  it('fire once per crossing, in both directions, checked hourly', async () => {
    const events: CapacityEvent[] = [];
    const { proxy, monitor, logs } = setup(async (event) => void events.push(event));
    const checkAt = async (hours: number) => {
      proxy.advance(at(hours) - proxy.now().getTime());
      await monitor.checkDue();
    };

    await checkAt(9); // Monday 9:00: the day is open.
    assert.equal(events.length, 0);
    const [, , tomAfternoon] = fillMonday(proxy);
    const calls = proxy.fake.requests.length;
    await checkAt(9.5); // Not due: checks are hourly by default.
    assert.equal(proxy.fake.requests.length, calls, 'no check ran');
    assert.equal(events.length, 0);

    await checkAt(10);
    assert.deepEqual(
      events.map((e) => e.type),
      ['capacity.low'],
    );
    const [low] = events;
    assert.deepEqual(low!.data, {
      clinic: { id: 'harbour', name: 'Harbour Allied Health' },
      alert: { days: 1, below: 0.1 },
      window: { from: MONDAY, to: MONDAY },
      freeShare: 0,
      freeMinutes: 0,
      bookedMinutes: 8 * 60 + 2 * 60 + 4 * 60,
    });
    assert.equal(low!.timestamp, '2026-11-23T10:00:00+11:00');
    await checkAt(11);
    await checkAt(12);
    assert.equal(events.length, 1, 'still booked solid: nothing more');

    tomAfternoon!.cancelledAt = proxy.now().getTime(); // A cancellation: Tom's afternoon opens.
    await checkAt(13);
    assert.deepEqual(
      events.map((e) => e.type),
      ['capacity.low', 'capacity.recovered'],
    );
    // 14:00–17:00: the clinic asks for an hour's notice.
    assert.equal(events[1]!.data.freeMinutes, 3 * 60);
    assert.equal(events[1]!.data.bookedMinutes, 5 * 60); // Mei 13:00–18:00
    await checkAt(14);
    assert.equal(events.length, 2);

    proxy.fake.bookDirectly(PRACTITIONERS.tomWalker, TYPES.physioFollowUp, at(14), 3 * 60);
    await checkAt(15);
    assert.deepEqual(
      events.map((e) => e.type),
      ['capacity.low', 'capacity.recovered', 'capacity.low'],
    );
    assert.equal(new Set(events.map((e) => e.id)).size, 3, 'each crossing has its own id');
    // The events hold the clinic and the numbers only.
    const text = JSON.stringify(events);
    for (const patient of proxy.fake.patients) assert.ok(!text.includes(patient.last_name));
    assert.equal(logs.filter((l) => l.includes('"capacity.low"')).length, 2);
  });

  it('keeps the crossing for the next check when handing the event over fails, with the same id', async () => {
    const delivered: CapacityEvent[] = [];
    const tried: string[] = [];
    let failures = 1;
    const { proxy, monitor, logs } = setup(async (event) => {
      tried.push(event.id);
      if (failures-- > 0) throw new Error('outbox unavailable');
      delivered.push(event);
    });
    fillMonday(proxy);
    proxy.advance(at(10) - proxy.now().getTime());
    await monitor.checkDue();
    assert.equal(delivered.length, 0);
    assert.ok(logs.some((l) => l.includes('capacity.delivery_failed')));
    proxy.advance(60_000); // The next tick, well before the next check.
    await monitor.checkDue();
    assert.deepEqual(
      delivered.map((e) => e.type),
      ['capacity.low'],
    );
    assert.deepEqual(tried, [delivered[0]!.id, delivered[0]!.id], 'the same event, not a new crossing');
    proxy.advance(HOUR);
    await monitor.checkDue();
    assert.equal(delivered.length, 1);
  });

  it('survives a restart: a new monitor on the same store neither repeats nor misses a crossing', async () => {
    const events: CapacityEvent[] = [];
    const { proxy, monitor, restart } = setup(async (event) => void events.push(event));
    const [, , tomAfternoon] = fillMonday(proxy);
    proxy.advance(at(10) - proxy.now().getTime());
    await monitor.checkDue();
    assert.deepEqual(
      events.map((e) => e.type),
      ['capacity.low'],
    );

    // The process restarts at 10:30: nothing is checked before the interval is up.
    proxy.advance(HOUR / 2);
    const second = restart();
    const calls = proxy.fake.requests.length;
    await second.checkDue();
    assert.equal(proxy.fake.requests.length, calls, 'not checked again early');
    proxy.advance(HOUR / 2);
    await second.checkDue();
    assert.equal(events.length, 1, 'still booked solid: no second capacity.low');

    tomAfternoon!.cancelledAt = proxy.now().getTime();
    proxy.advance(HOUR);
    await restart().checkDue();
    assert.deepEqual(
      events.map((e) => e.type),
      ['capacity.low', 'capacity.recovered'],
      'the recovery after a restart is heard',
    );
  });

  it('fires once when two instances on one store check at the same moment', async () => {
    const events: CapacityEvent[] = [];
    const { proxy, monitor, restart } = setup(async (event) => void events.push(event));
    const other = restart();
    fillMonday(proxy);
    proxy.advance(at(10) - proxy.now().getTime());
    await Promise.all([monitor.checkDue(), other.checkDue()]);
    proxy.advance(HOUR);
    await Promise.all([monitor.checkDue(), other.checkDue()]);
    assert.deepEqual(
      events.map((e) => e.type),
      ['capacity.low'],
    );
  });

  it('records one crossing when both instances check, even without the schedule’s lease', async () => {
    const events: CapacityEvent[] = [];
    const { proxy, monitor, store, monitorOn } = setup(async (event) => void events.push(event));
    // Its own leases: both check at 10:00; only the alert states are shared.
    const other = monitorOn({
      capacitySignals: store.capacitySignals,
      locks: createMemoryStore({ now: () => proxy.now().getTime() }).locks,
    });
    fillMonday(proxy);
    proxy.advance(at(10) - proxy.now().getTime());
    await Promise.all([monitor.checkDue(), other.checkDue()]);
    assert.equal(new Set(events.map((e) => e.id)).size, 1, 'one crossing, one event');
    assert.ok(events.every((e) => e.type === 'capacity.low'));
    assert.equal((await store.capacitySignals.load('harbour', '1d<0.1'))?.crossings, 1);
  });

  it('checks as often as checkEveryMinutes says, and says nothing while the practice system is down', async () => {
    const events: CapacityEvent[] = [];
    const { proxy, monitor } = setup(async (event) => void events.push(event), { checkEveryMinutes: 15 });
    fillMonday(proxy);
    proxy.advance(at(10) - proxy.now().getTime());
    proxy.fake.down = true;
    await monitor.checkDue();
    assert.equal(events.length, 0);
    proxy.fake.down = false;
    proxy.advance(15 * 60_000);
    await monitor.checkDue();
    assert.deepEqual(
      events.map((e) => e.type),
      ['capacity.low'],
    );
  });

  it('runs the checks on a real timer once started, and stops when told', async () => {
    const events: CapacityEvent[] = [];
    const { proxy, monitor } = setup(async (event) => void events.push(event));
    fillMonday(proxy);
    proxy.advance(at(10) - proxy.now().getTime());
    const stop = monitor.start(5);
    const until = Date.now() + 5_000;
    while (events.length === 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 10));
    await stop();
    assert.deepEqual(
      events.map((e) => e.type),
      ['capacity.low'],
    );
    const requests = proxy.fake.requests.length;
    proxy.advance(HOUR);
    await new Promise((r) => setTimeout(r, 30));
    assert.equal(proxy.fake.requests.length, requests, 'nothing runs after stop');
  });
});
