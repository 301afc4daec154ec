/**
 * Dates and times in the clinic's zone, for display. Slots arrive from the proxy as ISO
 * 8601 in the clinic's zone with their own offset (`2026-04-05T02:30:00+10:00`), so the
 * clinic-local date and time are read straight off the string: a daylight-saving change
 * cannot shift or duplicate a slot, and no time-zone library reaches the bundle.
 */

/** The clinic-local date of a slot's ISO start, `YYYY-MM-DD`. */
export function localDate(iso: string): string {
  return iso.slice(0, 10);
}

/** Minutes after clinic-local midnight of a slot's ISO start. */
export function localMinutes(iso: string): number {
  return Number(iso.slice(11, 13)) * 60 + Number(iso.slice(14, 16));
}

/** "9:05 am", from a slot's ISO start. */
export function formatTime(iso: string): string {
  const minutes = localMinutes(iso);
  const hour = Math.floor(minutes / 60);
  const h12 = hour % 12 === 0 ? 12 : hour % 12;
  return `${h12}:${String(minutes % 60).padStart(2, '0')} ${hour < 12 ? 'am' : 'pm'}`;
}

export type PartOfDay = 'Morning' | 'Afternoon' | 'Evening';

export function partOfDay(iso: string): PartOfDay {
  const minutes = localMinutes(iso);
  return minutes < 12 * 60 ? 'Morning' : minutes < 17 * 60 ? 'Afternoon' : 'Evening';
}

const formats = new Map<string, Intl.DateTimeFormat>();

/**
 * A date formatter, made once per locale and options: building one costs far more than
 * formatting with it, and steps format on every render.
 */
function formatter(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let format = formats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, options);
    formats.set(key, format);
  }
  return format;
}

/** A calendar date in words, e.g. "Monday 23 November" (`style: 'long'`) or "Mon 23 Nov". */
export function formatDate(date: string, style: 'long' | 'short' | 'full' = 'long'): string {
  const options: Intl.DateTimeFormatOptions =
    style === 'short'
      ? { weekday: 'short', day: 'numeric', month: 'short', timeZone: 'UTC' }
      : {
          weekday: 'long',
          day: 'numeric',
          month: 'long',
          ...(style === 'full' ? { year: 'numeric' } : {}),
          timeZone: 'UTC',
        };
  return formatter('en-AU', options).format(dateAtNoonUtc(date));
}

/** "November 2026", for a `YYYY-MM` month. */
export function formatMonth(month: string): string {
  return formatter('en-AU', { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(
    dateAtNoonUtc(`${month}-01`),
  );
}

function dateAtNoonUtc(date: string): Date {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d, 12));
}

/** Today's date in `timeZone`, `YYYY-MM-DD`. */
export function todayIn(timeZone: string, now: Date = new Date()): string {
  const parts = formatter('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).formatToParts(now);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}

/** "Sydney time, AEDT": the zone as a patient reads it, at the given instant. */
export function zoneLabel(timeZone: string, at: Date = new Date()): string {
  const city = (timeZone.split('/').pop() ?? timeZone).replace(/_/g, ' ');
  const abbreviation = formatter('en-AU', { timeZone, timeZoneName: 'short' })
    .formatToParts(at)
    .find((p) => p.type === 'timeZoneName')?.value;
  return abbreviation ? `${city} time, ${abbreviation}` : `${city} time`;
}

/** The browser's own zone, or `null` when it cannot tell. */
export function deviceTimeZone(): string | null {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone ?? null;
  } catch {
    return null;
  }
}

/** The same instant as the patient's device shows it, e.g. "2:00 pm Tue 24 Nov". */
export function formatInDeviceZone(iso: string): string {
  return formatter('en-AU', {
    hour: 'numeric',
    minute: '2-digit',
    weekday: 'short',
    day: 'numeric',
    month: 'short',
  })
    .format(new Date(iso))
    .replace(/\s?([AP]M)/i, (_, p: string) => ` ${p.toLowerCase()}`);
}
