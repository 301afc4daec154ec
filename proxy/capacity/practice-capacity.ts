/**
 * Capacity across several clinics, each one location: what `/api/practices/:id/capacity`
 * answers once practices exist (issue #16). The route then only resolves the practice's
 * clinics, checks its token and calls this.
 */
import type { CapacityResponse } from '../../shared/capacity-contract.ts';
import type { Clinic } from '../clinic.ts';
import { capacityClinicOf } from './capacity-reads.ts';
import { capacityReport } from './capacity-report.ts';
import type { CapacitySnapshots } from './capacity-snapshots.ts';
import type { CapacityWindow } from './location-capacity.ts';

/**
 * One report over `clinics` (at least one) for the window: per location, practitioner,
 * service and day, with totals across them all. Each clinic's snapshot is reused as its
 * own feed reuses it, so a practice dashboard costs no more upstream than its clinics'.
 */
export async function practiceCapacity(
  clinics: readonly Clinic[],
  window: CapacityWindow,
  snapshots: CapacitySnapshots,
  now: Date,
): Promise<CapacityResponse> {
  const built = await Promise.all(clinics.map((clinic) => snapshots.get(capacityClinicOf(clinic), window)));
  const expiresAt = Math.min(...built.map((b) => b.expiresAt));
  return capacityReport(
    built.map((b) => b.capacity),
    window,
    { maxAgeSeconds: Math.max(0, Math.ceil((expiresAt - now.getTime()) / 1000)) },
  );
}
