/**
 * The privacy boundary of the capacity feed. The code that builds the feed is handed a
 * `CapacityClinic`, whose provider is a new object carrying four reads and nothing else:
 * the catalogue, free slots, appointment counts (for booking caps) and booked times. It has
 * no patient search, no appointment lookup by patient, no write: not hidden by a type, but
 * absent from the object, so no cast can reach them.
 */
import type { Clinic, ClinicSchedule } from '../clinic.ts';
import type { ClinicConfig } from '../config/clinic-config.ts';
import type { BookedTime, BookedTimesQuery, ScheduleReads } from '../providers/provider.ts';

/** What the capacity feed may ask of a practice system. */
export interface CapacityReads extends ScheduleReads {
  bookedTimes(query: BookedTimesQuery, signal?: AbortSignal): Promise<BookedTime[]>;
}

/** A clinic as the capacity feed sees it. */
export interface CapacityClinic extends ClinicSchedule {
  config: ClinicConfig;
  provider: CapacityReads;
}

/** The names of the only reads a capacity clinic's provider has. */
export const CAPACITY_READS = [
  'getCatalogue',
  'getAvailability',
  'countAppointments',
  'bookedTimes',
] as const;

/** The clinic with its provider narrowed to the capacity reads. */
export function capacityClinicOf(clinic: Clinic): CapacityClinic {
  const inner = clinic.provider;
  const provider: CapacityReads = {
    getCatalogue: (signal) => inner.getCatalogue(signal),
    getAvailability: (request, signal) => inner.getAvailability(request, signal),
    bookedTimes: (query, signal) => {
      if (!inner.bookedTimes) return Promise.reject(new Error('This provider cannot read booked times.'));
      return inner.bookedTimes(query, signal);
    },
  };
  if (inner.countAppointments) {
    provider.countAppointments = (query, signal) => inner.countAppointments!(query, signal);
  }
  return { config: clinic.config, provider: Object.freeze(provider) };
}
