import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatClock, formatDate, formatMinutes, formatShare, shareStep } from './format.ts';

describe('dashboard formats', () => {
  it('writes minutes as hours and minutes', () => {
    assert.equal(formatMinutes(0), '0 min');
    assert.equal(formatMinutes(45), '45 min');
    assert.equal(formatMinutes(120), '2 h');
    assert.equal(formatMinutes(150), '2 h 30 min');
    assert.equal(formatMinutes(8690), '144 h 50 min');
  });

  it('writes shares as whole percentages and nothing for no time', () => {
    assert.equal(formatShare(0.4613), '46%');
    assert.equal(formatShare(1), '100%');
    assert.equal(formatShare(0), '0%');
    assert.equal(formatShare(null), '–');
  });

  it('writes clinic dates and clock times as the clinic reads them, whatever the viewer’s zone', () => {
    assert.equal(formatDate('2026-11-23'), 'Mon 23 Nov');
    assert.equal(formatDate('2026-12-06', { weekday: 'narrow' }), 'S');
    assert.equal(formatClock('2026-11-23T09:05:00+11:00'), '9:05 am');
    assert.equal(formatClock('2026-11-23T00:30:00+11:00'), '12:30 am');
    assert.equal(formatClock('2026-11-23T13:00:00+11:00'), '1:00 pm');
  });

  it('maps utilisation to eleven colour steps and a day off', () => {
    assert.equal(shareStep(0), '0');
    assert.equal(shareStep(0.46), '5');
    assert.equal(shareStep(0.94), '9');
    assert.equal(shareStep(1), '10');
    assert.equal(shareStep(null), 'off');
  });
});
