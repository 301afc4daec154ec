/**
 * "Booked solid" alerts on a simulated clock, against the fake Cliniko: checked hourly,
 * `capacity.low` once when reception fills the day, `capacity.recovered` once when a
 * cancellation opens time, nothing in between, and a failed hand-over tried again.
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
import { MemoryCapacitySignals, type CapacityEvent } from './capacity-events.ts';
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
  const { configs } = loadClinicsFile(
    clinikoClinicsFile({}, { capacity: { alerts: [{ days: 1, below: 0.1 }], ...capacity } }),
    CLINIKO_ENV,
  );
  const logs: string[] = [];
  const logger = createJsonLogger({ write: (line) => logs.push(line), now: () => proxy.now() });
  const clinics = buildClinics(configs, {
    fetch: (input, init) => fetch(input, init),
    now: () => proxy.now(),
    logger,
  });
  const monitor = new CapacityAlertMonitor({
    clinics,
    snapshots: new CapacitySnapshots({ now: () => proxy.now() }),
    signals: new MemoryCapacitySignals(emit),
    now: () => proxy.now(),
    logger,
  });
  return { proxy, monitor, logs };
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

  it('keeps the crossing for the next check when handing the event over fails', async () => {
    const delivered: CapacityEvent[] = [];
    let failures = 1;
    const { proxy, monitor, logs } = setup(async (event) => {
      if (failures-- > 0) throw new Error('outbox unavailable');
      delivered.push(event);
    });
    fillMonday(proxy);
    proxy.advance(at(10) - proxy.now().getTime());
    await monitor.checkDue();
    assert.equal(delivered.length, 0);
    assert.ok(logs.some((l) => l.includes('capacity.alert_check_failed')));
    proxy.advance(HOUR);
    await monitor.checkDue();
    assert.deepEqual(
      delivered.map((e) => e.type),
      ['capacity.low'],
    );
    proxy.advance(HOUR);
    await monitor.checkDue();
    assert.equal(delivered.length, 1);
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
});
