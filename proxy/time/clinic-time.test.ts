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

  it('finds the instant of every wall-clock time as date-fns does, outside the hour a clock shows twice', () => {
    const zones = [
      'Australia/Sydney',
      'Australia/Lord_Howe',
      'Australia/Perth',
      'America/St_Johns',
      'Asia/Kathmandu',
    ];
    for (const zone of zones) {
      for (let day = Date.UTC(2026, 0, 1); day < Date.UTC(2027, 0, 1); day += 86_400_000) {
        const date = new Date(day).toISOString().slice(0, 10);
        const [y, m, d] = date.split('-').map(Number) as [number, number, number];
        for (const minutes of [0, 60, 90, 120, 135, 150, 180, 570, 1439]) {
          const got = instantAt(date, minutes, zone);
          const expected = new TZDate(y, m - 1, d, Math.floor(minutes / 60), minutes % 60, zone).getTime();
          // Where the clock goes back, the wall time happens twice (which one is pinned below).
          const sameWallTime =
            toClinicIso(got, zone).slice(0, 16) === toClinicIso(new Date(expected), zone).slice(0, 16);
          if (got.getTime() !== expected && sameWallTime) continue;
          assert.equal(got.getTime(), expected, `${zone} ${date} minute ${minutes}`);
        }
      }
    }
  });

  it('takes the first showing of a wall-clock time the clock shows twice', () => {
    // Sydney goes back from 03:00 AEDT to 02:00 AEST on 5 April 2026: 02:30 happens twice.
    assert.equal(
      toClinicIso(instantAt('2026-04-05', 150, 'Australia/Sydney'), 'Australia/Sydney'),
      '2026-04-05T02:30:00+11:00',
    );
    // St John's goes back from 02:00 NDT to 01:00 NST on 1 November 2026.
    assert.equal(
      toClinicIso(instantAt('2026-11-01', 90, 'America/St_Johns'), 'America/St_Johns'),
      '2026-11-01T01:30:00-02:30',
    );
  });

  it('knows the clinic-local date of an instant', () => {
    assert.equal(localDateOf(new Date('2026-11-22T13:30:00Z'), 'Australia/Sydney'), '2026-11-23');
    assert.equal(localDateOf(new Date('2026-11-22T13:30:00Z'), 'Australia/Perth'), '2026-11-22');
  });
});
