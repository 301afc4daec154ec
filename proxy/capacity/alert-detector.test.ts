import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { detectCrossing, type AlertState, type CapacityEventType } from './alert-detector.ts';

const alert = { days: 14, below: 0.1 };
const HOUR = 3_600_000;
const start = Date.parse('2026-11-23T00:00:00Z');

/** Runs the detector over free shares observed hourly on a simulated clock; the events fired, by hour. */
function run(shares: Array<number | null>) {
  let state: AlertState | undefined;
  const fired: Array<[number, CapacityEventType]> = [];
  shares.forEach((share, hour) => {
    const time =
      share === null
        ? { freeMinutes: 0, bookedMinutes: 0 }
        : { freeMinutes: Math.round(share * 1000), bookedMinutes: 1000 - Math.round(share * 1000) };
    const detection = detectCrossing(alert, state, time, new Date(start + hour * HOUR));
    state = detection.state;
    if (detection.crossing) fired.push([hour, detection.crossing]);
  });
  return { fired, state };
}

describe('detectCrossing', () => {
  it('fires once when free capacity falls below the threshold and once when it rises back', () => {
    const { fired, state } = run([0.3, 0.2, 0.09, 0.05, 0.02, 0.08, 0.099, 0.1, 0.4, 0.12, 0.05, 0.05]);
    assert.deepEqual(fired, [
      [2, 'capacity.low'],
      [7, 'capacity.recovered'],
      [10, 'capacity.low'],
    ]);
    assert.deepEqual(state, {
      level: 'low',
      crossings: 3,
      changedAt: new Date(start + 10 * HOUR).toISOString(),
    });
  });

  it('treats exactly the threshold as recovered, not low', () => {
    assert.deepEqual(run([0.1, 0.1]).fired, []);
    assert.deepEqual(run([0.05, 0.1]).fired, [
      [0, 'capacity.low'],
      [1, 'capacity.recovered'],
    ]);
  });

  it('fires capacity.low at the first check when the clinic is already booked solid, and nothing when it is not', () => {
    assert.deepEqual(run([0.01, 0.01, 0.01]).fired, [[0, 'capacity.low']]);
    assert.deepEqual(run([0.5, 0.6]).fired, []);
  });

  it('says nothing when there is no time at all, keeping the level it had', () => {
    const { fired, state } = run([0.05, null, null, 0.05, null, 0.5]);
    assert.deepEqual(fired, [
      [0, 'capacity.low'],
      [5, 'capacity.recovered'],
    ]);
    assert.equal(state?.crossings, 2);
  });
});
