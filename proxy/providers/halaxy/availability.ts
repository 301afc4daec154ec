/**
 * Free times from Halaxy's `Appointment/$find`, one call (plus pages) per practitioner
 * role for the service's duration, merged and sorted for "any practitioner". `$find`
 * applies each practitioner's online-booking preferences (hours, lead time, buffers).
 *
 * The window is the clinic-local days asked for, sent as instants with the clinic's offset
 * (the `+` encoded by the FHIR layer).
 */
import { addDaysToIsoDate } from '../../../shared/dates.ts';
import { startOfLocalDay, toClinicIso } from '../../time/clinic-time.ts';
import type { AvailabilityRequest, ProviderSlot } from '../provider.ts';
import { FIND_RESULT_TYPES, findPractitionerRoleParam, readFindEntry } from './assumptions.ts';
import type { FhirClient } from './fhir-client.ts';
import { appointmentSchema, slotSchema } from './fhir-types.ts';

/** Roles searched at once, so "any" at a big clinic does not burst the rate limit. */
const CONCURRENT_SEARCHES = 4;

const findEntrySchema = appointmentSchema.or(slotSchema);

export async function findFreeSlots(fhir: FhirClient, request: AvailabilityRequest): Promise<ProviderSlot[]> {
  const windowStart = startOfLocalDay(request.fromDate, request.timezone);
  const windowEnd = startOfLocalDay(addDaysToIsoDate(request.toDate, 1), request.timezone);
  const durationMs = request.durationMinutes * 60_000;
  const slots = new Map<string, ProviderSlot>();

  const searchRole = async (roleId: string) => {
    const entries = await fhir.search(
      'Appointment/$find',
      {
        start: toClinicIso(windowStart, request.timezone),
        end: toClinicIso(windowEnd, request.timezone),
        duration: String(request.durationMinutes),
        'practitioner-role': findPractitionerRoleParam(roleId),
      },
      { operation: 'appointments.find', resourceTypes: FIND_RESULT_TYPES, schema: findEntrySchema },
    );
    for (const entry of entries) {
      const found = readFindEntry(entry, roleId);
      if (!found || found.roleId !== roleId) continue;
      const start = new Date(found.start);
      if (Number.isNaN(start.getTime()) || start < windowStart || start >= windowEnd) continue;
      slots.set(`${roleId}|${start.getTime()}`, {
        start,
        end: new Date(start.getTime() + durationMs),
        practitionerId: roleId,
      });
    }
  };

  const queue = [...new Set(request.practitionerIds)];
  await Promise.all(
    Array.from({ length: Math.min(CONCURRENT_SEARCHES, queue.length) }, async () => {
      for (let roleId = queue.shift(); roleId !== undefined; roleId = queue.shift()) await searchRole(roleId);
    }),
  );
  return [...slots.values()].sort(
    (a, b) => a.start.getTime() - b.start.getTime() || a.practitionerId.localeCompare(b.practitionerId),
  );
}
