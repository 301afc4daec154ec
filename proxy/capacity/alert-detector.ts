/**
 * "Booked solid" crossings, as a pure function of the last state and a new observation:
 * when the free share of an alert's window (free / (free + booked) minutes) falls below
 * the threshold the level becomes `low` and `capacity.low` fires; when it is back at or
 * above, `ok` and `capacity.recovered`. Staying on one side fires nothing, so each
 * crossing fires exactly once in each direction.
 *
 * An alert never seen before starts `ok`: a clinic already booked solid at the first check
 * hears `capacity.low` once. A window with no time at all (the clinic closed for the
 * holidays) says nothing either way and leaves the state as it was.
 */
import type { CapacityAlert } from './capacity-config.ts';

export type CapacityLevel = 'low' | 'ok';
export type CapacityEventType = 'capacity.low' | 'capacity.recovered';

/** What is remembered of an alert between checks. */
export interface AlertState {
  level: CapacityLevel;
  /** Crossings so far, both directions. */
  crossings: number;
  /** When the level last changed (or was first seen), ISO 8601. */
  changedAt: string;
}

export interface FreeTime {
  freeMinutes: number;
  bookedMinutes: number;
}

export interface Detection {
  state: AlertState;
  /** The event this observation fires, if it crossed the threshold. */
  crossing: CapacityEventType | null;
  /** free / (free + booked), or null when there was no time at all. */
  freeShare: number | null;
}

export function freeShareOf(time: FreeTime): number | null {
  const total = time.freeMinutes + time.bookedMinutes;
  return total === 0 ? null : time.freeMinutes / total;
}

/** The state after observing `time` at `at`, and the crossing it makes, if any. */
export function detectCrossing(
  alert: CapacityAlert,
  previous: AlertState | undefined,
  time: FreeTime,
  at: Date,
): Detection {
  const freeShare = freeShareOf(time);
  const before: AlertState = previous ?? { level: 'ok', crossings: 0, changedAt: at.toISOString() };
  if (freeShare === null) return { state: before, crossing: null, freeShare };
  const level: CapacityLevel = freeShare < alert.below ? 'low' : 'ok';
  if (level === before.level) return { state: before, crossing: null, freeShare };
  return {
    state: { level, crossings: before.crossings + 1, changedAt: at.toISOString() },
    crossing: level === 'low' ? 'capacity.low' : 'capacity.recovered',
    freeShare,
  };
}
