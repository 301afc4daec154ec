import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TZDate } from '@date-fns/tz';
import { formatISO } from 'date-fns';
import { instantAt, localDateOf, toClinicIso } from './clinic-time.ts';

describe('clinic time', () => {
  it('writes instants with the zone’s offset, matching date-fns across DST changes and zones', () => {
    const zones = [
      'Australia/Sydney',
      'Australia/Adelaide',
      'Australia/Lord_Howe',
      'Australia/Perth',
      'Asia/Kolkata',
      'America/St_Johns',
      'Pacific/Auckland',
    ];
    for (const zone of zones) {
      for (let ms = Date.UTC(2026, 0, 1); ms < Date.UTC(2027, 0, 1); ms += 7 * 3_600_000 + 13 * 60_000) {
        const expected = formatISO(new TZDate(ms, zone));
        assert.equal(toClinicIso(new Date(ms), zone), expected, `${zone} ${new Date(ms).toISOString()}`);
      }
    }
  });

  it('writes UTC with an explicit +00:00', () => {
    assert.equal(toClinicIso(new Date(Date.UTC(2026, 5, 1, 9)), 'UTC'), '2026-06-01T09:00:00+00:00');
  });

  it('finds the instant of a wall-clock time, resolving the spring-forward gap forwards', () => {
    assert.equal(
      instantAt('2026-11-23', 9 * 60, 'Australia/Sydney').toISOString(),
      '2026-11-22T22:00:00.000Z',
    );
    assert.equal(
      toClinicIso(instantAt('2026-10-04', 150, 'Australia/Sydney'), 'Australia/Sydney'),
      '2026-10-04T03:30:00+11:00',
    );
  });

  it('knows the clinic-local date of an instant', () => {
    assert.equal(localDateOf(new Date('2026-11-22T13:30:00Z'), 'Australia/Sydney'), '2026-11-23');
    assert.equal(localDateOf(new Date('2026-11-22T13:30:00Z'), 'Australia/Perth'), '2026-11-22');
  });
});
