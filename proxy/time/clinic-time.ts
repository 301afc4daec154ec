/**
 * Clinic-local time. Clinics think in wall-clock times in their own IANA zone; upstream
 * systems and the proxy's arithmetic use instants. These helpers convert between the two
 * without ever assuming a fixed offset, so daylight-saving changes neither shift nor
 * duplicate a slot.
 */
import { TZDate } from '@date-fns/tz';
import { addDaysToIsoDate } from '../../shared/dates.ts';

const offsetFormatters = new Map<string, Intl.DateTimeFormat>();
const offsetMemo = new Map<string, number>();
const QUARTER_HOUR = 15 * 60_000;

/**
 * The zone's UTC offset in minutes at an instant. Zones change offset only on quarter
 * hours, so answers are memoised per zone and quarter hour: formatting a week of slots
 * asks Intl a handful of times instead of once per slot.
 */
export function offsetMinutesAt(instant: number, timezone: string): number {
  const key = `${timezone}|${Math.floor(instant / QUARTER_HOUR)}`;
  const memo = offsetMemo.get(key);
  if (memo !== undefined) return memo;
  let formatter = offsetFormatters.get(timezone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', { timeZone: timezone, timeZoneName: 'longOffset' });
    offsetFormatters.set(timezone, formatter);
  }
  const name = formatter.formatToParts(instant).find((part) => part.type === 'timeZoneName')?.value ?? 'GMT';
  const match = /GMT([+-])(\d{2}):(\d{2})/.exec(name);
  const offset = match ? (match[1] === '-' ? -1 : 1) * (Number(match[2]) * 60 + Number(match[3])) : 0;
  if (offsetMemo.size > 50_000) offsetMemo.clear();
  offsetMemo.set(key, offset);
  return offset;
}

/** True when `timezone` is an IANA zone this runtime knows. */
export function isKnownTimezone(timezone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-AU', { timeZone: timezone });
    return true;
  } catch {
    return false;
  }
}

/** The clinic-local calendar date (`YYYY-MM-DD`) of an instant. */
export function localDateOf(instant: Date, timezone: string): string {
  return toClinicIso(instant, timezone).slice(0, 10);
}

/** Today's date in the clinic's zone. */
export function clinicToday(timezone: string, now: Date): string {
  return localDateOf(now, timezone);
}

/**
 * The instant at which the wall clock in `timezone` reads `minutesOfDay` on `date`. A time
 * that falls in a spring-forward gap resolves to the first valid time after it.
 */
export function instantAt(date: string, minutesOfDay: number, timezone: string): Date {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const local = new TZDate(y, m - 1, d, Math.floor(minutesOfDay / 60), minutesOfDay % 60, timezone);
  return new Date(local.getTime());
}

/** The instant the clinic-local day `date` begins. */
export function startOfLocalDay(date: string, timezone: string): Date {
  return instantAt(date, 0, timezone);
}

/** ISO 8601 with the clinic's offset at that instant, e.g. `2026-11-23T09:00:00+11:00`. */
export function toClinicIso(instant: Date, timezone: string): string {
  const ms = instant.getTime();
  const offset = offsetMinutesAt(ms, timezone);
  const local = new Date(ms + offset * 60_000).toISOString().slice(0, 19);
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  return `${local}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/** Day of the week (0 = Sunday) of a calendar date; independent of any zone. */
export function weekdayOf(date: string): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d)).getUTCDay();
}

/** Every calendar date from `from` to `to`, inclusive. */
export function datesBetween(from: string, to: string): string[] {
  const dates: string[] = [];
  for (let date = from; date <= to; date = addDaysToIsoDate(date, 1)) dates.push(date);
  return dates;
}
