/**
 * The demo clinic's diary: working sessions from each practitioner's weekly hours, and a
 * deterministic set of appointments "already booked" by other patients, so the calendar
 * looks like a real week and is the same on every request and every restart.
 */
import { instantAt, weekdayOf } from '../../time/clinic-time.ts';
import type { DemoPractitioner, WeeklyHours } from './demo-data.ts';

/** Slots start on this grid, in minutes. */
export const SLOT_STEP_MINUTES = 30;
/** Share of the grid other patients have already booked. */
const BUSY_SHARE = 0.35;

export interface Interval {
  start: number;
  end: number;
}

/** Minutes after midnight of an `HH:mm` time. */
function minutesOf(time: string): number {
  const [h, m] = time.split(':').map(Number) as [number, number];
  return h * 60 + m;
}

/** A stable number in [0, 1) for a string (FNV-1a), so the busy diary is reproducible. */
function unitHash(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) / 2 ** 32;
}

/** The practitioner's working sessions on a clinic-local date, as instant intervals (ms). */
export function workingSessions(hours: WeeklyHours, date: string, timezone: string): Interval[] {
  const sessions = hours[weekdayOf(date) as keyof WeeklyHours] ?? [];
  return sessions.map(([from, to]) => ({
    start: instantAt(date, minutesOf(from), timezone).getTime(),
    end: instantAt(date, minutesOf(to), timezone).getTime(),
  }));
}

/**
 * Appointments other patients hold on that date: grid cells picked by hash, each 30 or
 * 60 minutes long. Keyed by practitioner and date only, so they never move.
 */
export function seededBusy(practitioner: DemoPractitioner, date: string, timezone: string): Interval[] {
  const busy: Interval[] = [];
  for (const [from, to] of practitioner.hours[weekdayOf(date) as keyof WeeklyHours] ?? []) {
    for (let minute = minutesOf(from); minute < minutesOf(to); minute += SLOT_STEP_MINUTES) {
      const key = `${practitioner.id}|${date}|${minute}`;
      if (unitHash(key) >= BUSY_SHARE) continue;
      const length = unitHash(`${key}|length`) < 0.5 ? SLOT_STEP_MINUTES : 2 * SLOT_STEP_MINUTES;
      const start = instantAt(date, minute, timezone).getTime();
      busy.push({ start, end: start + length * 60_000 });
      minute += length - SLOT_STEP_MINUTES;
    }
  }
  return busy;
}

/** True when [start, end) lies inside one session and overlaps nothing busy. */
export function isFree(start: number, end: number, sessions: Interval[], busy: Interval[]): boolean {
  const inSession = sessions.some((s) => start >= s.start && end <= s.end);
  return inSession && !busy.some((b) => start < b.end && end > b.start);
}

/** Free slot starts of `durationMinutes` within the sessions, on the clinic's grid. */
export function freeStarts(
  date: string,
  timezone: string,
  hours: WeeklyHours,
  busy: Interval[],
  durationMinutes: number,
): Interval[] {
  const sessions = workingSessions(hours, date, timezone);
  const slots: Interval[] = [];
  for (const [from, to] of hours[weekdayOf(date) as keyof WeeklyHours] ?? []) {
    for (
      let minute = minutesOf(from);
      minute + durationMinutes <= minutesOf(to);
      minute += SLOT_STEP_MINUTES
    ) {
      const start = instantAt(date, minute, timezone).getTime();
      const end = start + durationMinutes * 60_000;
      if (isFree(start, end, sessions, busy)) slots.push({ start, end });
    }
  }
  return slots;
}
