import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LOOKUP_REUSE_MS, SharedLookups } from './shared-lookups.ts';

const NINE = new Date('2026-11-24T09:00:00+11:00');
const TEN = new Date('2026-11-24T10:00:00+11:00');

function counted() {
  let now = 0;
  let loads = 0;
  const lookups = new SharedLookups<number>(() => now);
  const load = () => Promise.resolve(++loads);
  return {
    lookups,
    load,
    loads: () => loads,
    advance: (ms: number) => (now += ms),
  };
}

describe('SharedLookups', () => {
  it('shares one lookup per patient and start, concurrent or within the reuse time, and asks again after', async () => {
    const t = counted();
    const [a, b] = await Promise.all([t.lookups.get('p1', NINE, t.load), t.lookups.get('p1', NINE, t.load)]);
    assert.deepEqual([a, b, t.loads()], [1, 1, 1]);
    t.advance(LOOKUP_REUSE_MS);
    assert.equal(await t.lookups.get('p1', NINE, t.load), 1, 'still shared at the limit');
    assert.equal(await t.lookups.get('p1', TEN, t.load), 2, 'another start is another lookup');
    assert.equal(await t.lookups.get('p2', NINE, t.load), 3, 'another patient too');
    t.advance(1);
    assert.equal(await t.lookups.get('p1', NINE, t.load), 4, 'expired');
  });

  it('does not keep a failed lookup', async () => {
    const t = counted();
    await assert.rejects(t.lookups.get('p1', NINE, () => Promise.reject(new Error('down'))));
    assert.equal(await t.lookups.get('p1', NINE, t.load), 1);
  });

  it('forgets one lookup, or all of a patient’s', async () => {
    const t = counted();
    await t.lookups.get('p1', NINE, t.load);
    await t.lookups.get('p1', TEN, t.load);
    await t.lookups.get('p2', NINE, t.load);
    t.lookups.forget('p1', NINE);
    assert.equal(await t.lookups.get('p1', NINE, t.load), 4);
    assert.equal(await t.lookups.get('p1', TEN, t.load), 2, 'the other start is kept');
    t.lookups.forgetPatient('p1');
    assert.equal(await t.lookups.get('p1', TEN, t.load), 5);
    assert.equal(await t.lookups.get('p2', NINE, t.load), 3, 'another patient’s is kept');
  });
});
