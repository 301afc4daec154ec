/**
 * How the dashboard writes numbers, dates and the heat map's colour steps. Pure, so Node
 * tests them (`format.test.ts`); the dashboard and its end-to-end test share them.
 */
import type { CapacityDay, CapacityMetrics, CapacityResponse } from '../shared/capacity-contract.ts';

/** `0 min`, `45 min`, `2 h`, `2 h 30 min`. */
export function formatMinutes(minutes: number): string {
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  if (hours === 0) return `${rest} min`;
  return rest === 0 ? `${hours} h` : `${hours} h ${rest} min`;
}

/** `46%`, or `–` when there was no time at all. */
export function formatShare(utilisation: number | null): string {
  return utilisation === null ? '–' : `${Math.round(utilisation * 100)}%`;
}

const dayFormats = new Map<string, Intl.DateTimeFormat>();

/** A clinic-local date as `Mon 23 Nov` (or another `Intl` style), independent of the viewer's zone. */
export function formatDate(
  date: string,
  options: Intl.DateTimeFormatOptions = { weekday: 'short', day: 'numeric', month: 'short' },
): string {
  const key = JSON.stringify(options);
  let format = dayFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat('en-AU', { ...options, timeZone: 'UTC' });
    dayFormats.set(key, format);
  }
  return format.format(new Date(`${date}T12:00:00Z`)).replace(',', '');
}

/** The time of an ISO instant with an offset, as the clinic's clock read it: `9:05 am`. */
export function formatClock(iso: string): string {
  const [hour = 0, minute = 0] = iso.slice(11, 16).split(':').map(Number);
  const suffix = hour < 12 ? 'am' : 'pm';
  return `${hour % 12 === 0 ? 12 : hour % 12}:${String(minute).padStart(2, '0')} ${suffix}`;
}

/** The heat map's colour step, 0 (all free) to 10 (booked solid), or `off` when not working. */
export function shareStep(utilisation: number | null): string {
  return utilisation === null ? 'off' : String(Math.round(utilisation * 10));
}

/** The days with the most free time first; the earlier of two equal days first. */
export function daysByFreeTime(feed: CapacityResponse): CapacityDay[] {
  return [...feed.days].sort(
    (a, b) => b.totals.freeMinutes - a.totals.freeMinutes || a.date.localeCompare(b.date),
  );
}

/** A practitioner's cell on a day, or null when the feed has no row for them. */
export function cellOf(day: CapacityDay, practitionerId: string, locationId: string): CapacityMetrics | null {
  return (
    day.practitioners.find((p) => p.practitionerId === practitionerId && p.locationId === locationId)
      ?.totals ?? null
  );
}

/** The text of a practitioner × day cell in the numbers table: share booked and free time. */
export function cellText(metrics: CapacityMetrics | null): string {
  if (!metrics || metrics.utilisation === null) return 'not working';
  return `${formatShare(metrics.utilisation)} booked, ${formatMinutes(metrics.freeMinutes)} free`;
}
