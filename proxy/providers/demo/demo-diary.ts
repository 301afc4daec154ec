/**
 * What kind of appointment the demo clinic's seeded diary holds in each busy block, so the
 * capacity feed has a service to count it against, as a real diary would.
 */
import { DEMO_CATEGORIES, type DemoPractitioner } from './demo-data.ts';

const durations = new Map(DEMO_CATEGORIES.flatMap((c) => c.services.map((s) => [s.id, s.durationMinutes])));

/**
 * The practitioner's longest service that fits a block of `minutes`, or their shortest when
 * none fits (a 50-minute session in a 30-minute block is still that session).
 */
export function seededServiceFor(practitioner: DemoPractitioner, minutes: number): string | null {
  const offered = practitioner.serviceIds
    .map((id) => ({ id, length: durations.get(id) ?? Infinity }))
    .sort((a, b) => a.length - b.length);
  const fitting = offered.filter((s) => s.length <= minutes);
  return (fitting.at(-1) ?? offered[0])?.id ?? null;
}
