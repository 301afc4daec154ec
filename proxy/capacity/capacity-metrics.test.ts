import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { coveredMinutes, sumMetrics, utilisation } from './capacity-metrics.ts';

const MINUTE = 60_000;
const span = (from: number, to: number) => ({ start: from * MINUTE, end: to * MINUTE });

describe('coveredMinutes', () => {
  it('counts overlapping and touching spans once, in any order', () => {
    assert.equal(coveredMinutes([]), 0);
    assert.equal(coveredMinutes([span(0, 60)]), 60);
    // 60-minute slots every 30 minutes from 9:00 to 10:00 cover 9:00 to 11:00.
    assert.equal(coveredMinutes([span(600, 660), span(540, 600), span(570, 630)]), 120);
    assert.equal(coveredMinutes([span(0, 30), span(30, 60)]), 60);
    assert.equal(coveredMinutes([span(0, 30), span(40, 60), span(10, 20)]), 50);
    assert.equal(coveredMinutes([span(0, 120), span(30, 60)]), 120);
  });

  it('equals the number of distinct minutes covered, for any spans', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc
            .tuple(fc.integer({ min: 0, max: 600 }), fc.integer({ min: 1, max: 120 }))
            .map(([from, length]) => span(from, from + length)),
          { maxLength: 30 },
        ),
        (spans) => {
          const minutes = new Set<number>();
          for (const s of spans) for (let m = s.start / MINUTE; m < s.end / MINUTE; m += 1) minutes.add(m);
          assert.equal(coveredMinutes(spans), minutes.size);
        },
      ),
    );
  });
});

describe('utilisation', () => {
  it('is booked over booked plus free, to four places, and null with no time at all', () => {
    assert.equal(utilisation({ freeMinutes: 90, bookedMinutes: 30, freeSlots: 3 }), 0.25);
    assert.equal(utilisation({ freeMinutes: 0, bookedMinutes: 45, freeSlots: 0 }), 1);
    assert.equal(utilisation({ freeMinutes: 200, bookedMinutes: 100, freeSlots: 1 }), 0.3333);
    assert.equal(utilisation({ freeMinutes: 0, bookedMinutes: 0, freeSlots: 0 }), null);
  });

  it('sums metrics field by field', () => {
    assert.deepEqual(
      sumMetrics([
        { freeMinutes: 30, bookedMinutes: 60, freeSlots: 1 },
        { freeMinutes: 15, bookedMinutes: 0, freeSlots: 2 },
      ]),
      { freeMinutes: 45, bookedMinutes: 60, freeSlots: 3 },
    );
  });
});
