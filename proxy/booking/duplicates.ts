/**
 * One booking request, one appointment: of the appointments carrying a request's reference
 * (its earlier attempts' writes, a late commit among them), one is kept and the others are
 * cancelled. Used by the booking on a retry, and by the reconciliation sweep.
 */
import type { Logger } from '../logger.ts';
import type { AppointmentRecord, BookingProvider, ReferenceLookup } from '../providers/provider.ts';

/** Ids compared as numbers when they are (Cliniko's and the demo's grow with time), else as text. */
function olderFirst(a: AppointmentRecord, b: AppointmentRecord): number {
  if (/^\d+$/.test(a.id) && /^\d+$/.test(b.id)) {
    const x = BigInt(a.id);
    const y = BigInt(b.id);
    return x < y ? -1 : x > y ? 1 : 0;
  }
  return a.id.localeCompare(b.id);
}

/**
 * Finds the request's appointments, keeps `preferId` (the one the patient was told about)
 * or else the oldest, and cancels the rest; a provider that cannot cancel leaves them for
 * the clinic, with a warning in the log. Resolves with the kept one, or null.
 */
export async function keepOneByReference(
  provider: BookingProvider,
  lookup: ReferenceLookup,
  context: { clinicId: string; logger: Logger; preferId?: string | undefined },
): Promise<AppointmentRecord | null> {
  const found = provider.findByReference ? await provider.findByReference(lookup) : [];
  if (found.length === 0) return null;
  const keep = found.find((a) => a.id === context.preferId) ?? [...found].sort(olderFirst)[0]!;
  for (const other of found) {
    if (other.id === keep.id) continue;
    try {
      if (!provider.cancelDuplicate) throw new Error('cannot cancel');
      await provider.cancelDuplicate(other);
      context.logger.log('warn', 'booking.duplicate_cancelled', {
        clinicId: context.clinicId,
        appointmentId: other.id,
        keptId: keep.id,
      });
    } catch {
      context.logger.log('error', 'booking.duplicate_needs_clinic', {
        clinicId: context.clinicId,
        appointmentId: other.id,
        keptId: keep.id,
        hint: 'One online booking made two appointments; cancel this one in the practice system.',
      });
    }
  }
  // Ours may have lost the time to someone else while its answer was lost: the provider's
  // own lookup settles that (Cliniko's conflicts) and answers null when it gave the time up.
  if (keep.patientId) {
    return provider.findAppointment({
      patientId: keep.patientId,
      practitionerId: keep.practitionerId,
      start: keep.start,
    });
  }
  return keep;
}
