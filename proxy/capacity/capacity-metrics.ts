/**
 * The arithmetic of capacity: time covered by a set of intervals (free slots overlap, so
 * their lengths cannot simply be added), sums of metrics, and utilisation.
 */
import type { CapacityMetrics } from '../../shared/capacity-contract.ts';

/** Free and booked time before utilisation is derived: what sums across cells. */
export interface RawMetrics {
  freeMinutes: number;
  bookedMinutes: number;
  freeSlots: number;
}

/** A half-open range of instants, in epoch milliseconds. */
export interface Span {
  start: number;
  end: number;
}

export const ZERO: RawMetrics = Object.freeze({ freeMinutes: 0, bookedMinutes: 0, freeSlots: 0 });

/** Whole minutes covered by the union of `spans` (overlaps counted once). */
export function coveredMinutes(spans: readonly Span[]): number {
  const sorted = [...spans].sort((a, b) => a.start - b.start);
  let total = 0;
  let runStart = 0;
  let runEnd = -Infinity;
  for (const span of sorted) {
    if (span.start > runEnd) {
      if (runEnd > runStart) total += runEnd - runStart;
      runStart = span.start;
      runEnd = span.end;
    } else if (span.end > runEnd) {
      runEnd = span.end;
    }
  }
  if (runEnd > runStart) total += runEnd - runStart;
  return Math.round(total / 60_000);
}

/** The sum of several metrics. */
export function sumMetrics(items: Iterable<RawMetrics>): RawMetrics {
  const total = { freeMinutes: 0, bookedMinutes: 0, freeSlots: 0 };
  for (const item of items) {
    total.freeMinutes += item.freeMinutes;
    total.bookedMinutes += item.bookedMinutes;
    total.freeSlots += item.freeSlots;
  }
  return total;
}

/** True when there is neither free nor booked time: a day off, a service not offered. */
export function isEmpty(metrics: RawMetrics): boolean {
  return metrics.freeMinutes === 0 && metrics.bookedMinutes === 0 && metrics.freeSlots === 0;
}

/** booked / (booked + free), to four places; null when there is no time at all. */
export function utilisation(metrics: RawMetrics): number | null {
  const total = metrics.bookedMinutes + metrics.freeMinutes;
  return total === 0 ? null : Math.round((metrics.bookedMinutes / total) * 10_000) / 10_000;
}

/** The metrics as the feed writes them, with utilisation. */
export function withUtilisation(metrics: RawMetrics): CapacityMetrics {
  return {
    freeMinutes: metrics.freeMinutes,
    bookedMinutes: metrics.bookedMinutes,
    freeSlots: metrics.freeSlots,
    utilisation: utilisation(metrics),
  };
}
