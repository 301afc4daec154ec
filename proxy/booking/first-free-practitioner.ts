/**
 * Writing an appointment at a time that must still be free: a booking and a patient's move
 * take the same per-slot lock, so two instances, or a booking and a move, never write one
 * practitioner's time twice; under it the time is re-checked with the practice system
 * (bypassing caches) before the write.
 */
import type { Service } from '../../shared/contract.ts';
import type { ClinicSchedule } from '../clinic.ts';
import { ApiError } from '../http/api-error.ts';
import type { Catalogue, CataloguePractitioner } from '../providers/provider.ts';
import { withLock } from '../store/leased-lock.ts';
import type { Locks } from '../store/store.ts';
import { localDateOf } from '../time/clinic-time.ts';
import { searchSlots } from './availability-service.ts';

/** The time to write and what its re-check reads. */
export interface SlotToWrite {
  catalogue: Catalogue;
  service: Service;
  start: Date;
  /** False only when the patient said they have been to the clinic before. */
  newPatient: boolean;
}

/**
 * Tries each practitioner in turn: under that practitioner's slot lock, re-checks that the
 * time is free and calls `write`. A time found taken, or refused by the practice system as
 * `slot_taken`, moves on to the next. Null when every practitioner's time was gone.
 */
export async function writeOnFirstFree<T>(
  clinic: ClinicSchedule,
  locks: Locks,
  practitioners: CataloguePractitioner[],
  slot: SlotToWrite,
  now: () => Date,
  write: (practitioner: CataloguePractitioner) => Promise<T>,
): Promise<T | null> {
  const { catalogue, service, start, newPatient } = slot;
  const day = localDateOf(start, clinic.config.timezone);
  for (const practitioner of practitioners) {
    const key = `slot|${clinic.config.id}|${practitioner.id}|${start.getTime()}`;
    const written = await withLock(locks, key, async () => {
      const free = await searchSlots(
        clinic,
        {
          catalogue,
          service,
          practitioners: [practitioner],
          fromDate: day,
          toDate: day,
          fresh: true,
          newPatient,
        },
        now(),
      );
      if (!free.some((s) => s.start.getTime() === start.getTime())) return null;
      try {
        return await write(practitioner);
      } catch (error) {
        if (error instanceof ApiError && error.code === 'slot_taken') return null;
        throw error;
      }
    });
    if (written !== null) return written;
  }
  return null;
}
