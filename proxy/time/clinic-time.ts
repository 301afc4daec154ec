/**
 * Clinic-local time. Clinics think in wall-clock times in their own IANA zone; upstream
 * systems and the proxy's arithmetic use instants. These helpers convert between the two
 * without ever assuming a fixed offset, so daylight-saving changes neither shift nor
 * duplicate a slot.
 */
import { addDaysToIsoDate } from '../../shared/dates.ts';

const QUARTER_HOUR = 15 * 60_000;
const MINUTE = 60_000;
/** Quarter hours remembered per zone before the memo starts again (about five years' worth). */
const MEMO_LIMIT = 200_000;

interface ZoneOffsets {
  formatter: Intl.DateTimeFormat;
  /** Offset in minutes per quarter hour since the epoch. */
  byQuarter: Map<number, number>;
}

const zones = new Map<string, ZoneOffsets>();

function zoneOffsets(timezone: string): ZoneOffsets {
  let zone = zones.get(timezone);
  if (!zone) {
    zone = {
      formatter: new Intl.DateTimeFormat('en-US', { timeZone: timezone, timeZoneName: 'longOffset' }),
      byQuarter: new Map(),
    };
    zones.set(timezone, zone);
  }
  return zone;
}

/**
 * The zone's UTC offset in minutes at an instant. Zones change offset only on quarter
 * hours, so answers are memoised per zone and quarter hour: formatting a week of slots
 * asks Intl a handful of times instead of once per slot.
 */
export function offsetMinutesAt(instant: number, timezone: string): number {
  const zone = zoneOffsets(timezone);
  const quarter = Math.floor(instant / QUARTER_HOUR);
  const memo = zone.byQuarter.get(quarter);
  if (memo !== undefined) return memo;
  const name =
    zone.formatter.formatToParts(instant).find((part) => part.type === 'timeZoneName')?.value ?? 'GMT';
  const match = /GMT([+-])(\d{2}):(\d{2})/.exec(name);
  const offset = match ? (match[1] === '-' ? -1 : 1) * (Number(match[2]) * 60 + Number(match[3])) : 0;
  if (zone.byQuarter.size >= MEMO_LIMIT) zone.byQuarter.clear();
  zone.byQuarter.set(quarter, offset);
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
  const ms = instant.getTime();
  return dateOfDay(Math.floor((ms + offsetMinutesAt(ms, timezone) * MINUTE) / DAY));
}

/** Today's date in the clinic's zone. */
export function clinicToday(timezone: string, now: Date): string {
  return localDateOf(now, timezone);
}

/**
 * The instant at which the wall clock in `timezone` reads `minutesOfDay` on `date`. A time
 * that falls in a spring-forward gap resolves to the first valid time after it; a time the
 * clock shows twice (falling back) is its first showing. These are Temporal's `compatible`
 * choices.
 */
export function instantAt(date: string, minutesOfDay: number, timezone: string): Date {
  const wall =
    Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) +
    minutesOfDay * MINUTE;
  // The offsets a day either side of the wall time bracket any change on that day.
  const before = offsetMinutesAt(wall - 86_400_000, timezone);
  const after = offsetMinutesAt(wall + 86_400_000, timezone);
  const early = wall - Math.max(before, after) * MINUTE;
  if (early + offsetMinutesAt(early, timezone) * MINUTE === wall) return new Date(early);
  const late = wall - Math.min(before, after) * MINUTE;
  if (late + offsetMinutesAt(late, timezone) * MINUTE === wall) return new Date(late);
  // In a gap the clock jumps over the wall time: keep the offset from before the jump.
  return new Date(wall - before * MINUTE);
}

/** The instant the clinic-local day `date` begins. */
export function startOfLocalDay(date: string, timezone: string): Date {
  return instantAt(date, 0, timezone);
}

/** ISO 8601 with the clinic's offset at that instant, e.g. `2026-11-23T09:00:00+11:00`. */
export function toClinicIso(instant: Date, timezone: string): string {
  const ms = instant.getTime();
  const offset = offsetMinutesAt(ms, timezone);
  const local = ms + offset * MINUTE;
  const day = Math.floor(local / DAY);
  const second = Math.floor((local - day * DAY) / 1000);
  const minute = Math.floor(second / 60);
  return `${dateOfDay(day)}T${CLOCK[minute]}:${TWO_DIGITS[second - minute * 60]}${offsetText(offset)}`;
}

const DAY = 86_400_000;
const TWO_DIGITS = Array.from({ length: 60 }, (_, n) => String(n).padStart(2, '0'));
/** `HH:mm` for each minute of the day. */
const CLOCK = Array.from(
  { length: 24 * 60 },
  (_, m) => `${TWO_DIGITS[Math.floor(m / 60)]}:${TWO_DIGITS[m % 60]}`,
);
const dates = new Map<number, string>();
const offsetTexts = new Map<number, string>();

/** `YYYY-MM-DD` of a day counted from 1970-01-01; slots fall on few days, so each is written once. */
function dateOfDay(day: number): string {
  let date = dates.get(day);
  if (date === undefined) {
    date = new Date(day * DAY).toISOString().slice(0, 10);
    if (dates.size >= MEMO_LIMIT) dates.clear();
    dates.set(day, date);
  }
  return date;
}

/** `+11:00`, `-03:30`, `+00:00`. */
function offsetText(offset: number): string {
  let text = offsetTexts.get(offset);
  if (text === undefined) {
    const abs = Math.abs(offset);
    text = `${offset < 0 ? '-' : '+'}${TWO_DIGITS[Math.floor(abs / 60)]}:${TWO_DIGITS[abs % 60]}`;
    offsetTexts.set(offset, text);
  }
  return text;
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
