/** Clinic times survive daylight saving: the widget reads them off the slot, not the device. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatTime, localDate, partOfDay, zoneLabel } from './clinic-time.ts';

describe('clinic times', () => {
  it('reads the clinic-local date and time off the slot, so a daylight-saving change shifts nothing', () => {
    // Sydney, 5 April 2026: 3 am AEDT becomes 2 am AEST; 2:30 happens twice.
    const first = '2026-04-05T02:30:00+11:00';
    const second = '2026-04-05T02:30:00+10:00';
    assert.equal(localDate(first), '2026-04-05');
    assert.equal(formatTime(first), '2:30 am');
    assert.equal(formatTime(second), '2:30 am');
    assert.notEqual(
      new Date(first).getTime(),
      new Date(second).getTime(),
      'two distinct slots, not a duplicate',
    );
    assert.equal(formatTime('2026-10-04T12:05:00+11:00'), '12:05 pm');
    assert.equal(formatTime('2026-10-04T00:15:00+10:00'), '12:15 am');
  });

  it('groups times by part of day and names the zone as a patient reads it', () => {
    assert.deepEqual(
      ['2026-11-30T08:00:00+11:00', '2026-11-30T12:00:00+11:00', '2026-11-30T17:30:00+11:00'].map(partOfDay),
      ['Morning', 'Afternoon', 'Evening'],
    );
    assert.equal(zoneLabel('Australia/Sydney', new Date('2026-12-01T00:00:00Z')), 'Sydney time, AEDT');
    assert.equal(zoneLabel('Australia/Sydney', new Date('2026-07-01T00:00:00Z')), 'Sydney time, AEST');
    assert.equal(zoneLabel('Australia/Brisbane', new Date('2026-12-01T00:00:00Z')), 'Brisbane time, AEST');
  });
});
