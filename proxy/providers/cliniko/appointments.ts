/**
 * Individual appointments in Cliniko: recognising one a lost response already made,
 * creating one, settling double bookings, and counting them for booking caps.
 *
 * Cliniko accepts overlapping appointments (clinics double-book on purpose) and never
 * enforces online-booking rules on create. The booking service re-checks `available_times`
 * under a per-slot lock just before creating; after creating, this module asks Cliniko for
 * the new appointment's `conflicts`, and when there are some, decides by assumption C9
 * whether it keeps the time or cancels the appointment it just made (answering 409).
 */
import { ApiError } from '../../http/api-error.ts';
import type { Logger } from '../../logger.ts';
import { startOfLocalDay, localDateOf } from '../../time/clinic-time.ts';
import { addDaysToIsoDate } from '../../../shared/dates.ts';
import type { AppointmentCountQuery, AppointmentInput, AppointmentRecord } from '../provider.ts';
import {
  CONFLICT_CANCELLATION,
  DUPLICATE_CANCELLATION,
  madeBefore,
  sameInstantFilters,
  utcSeconds,
} from './assumptions.ts';
import { appointmentNotes, carriesReference } from '../booking-reference.ts';
import { filter, type ClinikoClient } from './cliniko-client.ts';
import {
  conflictsSchema,
  individualAppointmentSchema,
  linkedId,
  type IndividualAppointment,
} from './cliniko-types.ts';

export interface AppointmentContext {
  client: ClinikoClient;
  businessId: string;
  clinicId: string;
  logger: Logger;
}

const LIST = { key: 'individual_appointments', schema: individualAppointmentSchema } as const;

/** The patient's live appointments starting at `start` (any practitioner), as records. */
export async function appointmentsOfPatientAt(
  context: AppointmentContext,
  patientId: string,
  start: Date,
): Promise<Array<AppointmentRecord & { raw: IndividualAppointment }>> {
  const found = await context.client.list(
    'individual_appointments',
    [filter('patient_id', '=', patientId), ...sameInstantFilters('starts_at', start)],
    { ...LIST, operation: 'appointments.search_patient' },
  );
  return found
    .filter(
      (a) =>
        isLive(a) &&
        linkedId(a.patient, 'patients') === patientId &&
        Date.parse(a.starts_at) === start.getTime(),
    )
    .map((a) => ({ ...toRecord(a), raw: a }));
}

/** Creates the appointment; the caller settles conflicts with `settleConflicts`. */
export async function createAppointment(
  context: AppointmentContext,
  input: AppointmentInput,
): Promise<IndividualAppointment> {
  return context.client.write(
    'POST',
    'individual_appointments',
    {
      starts_at: utcSeconds(input.start),
      ends_at: utcSeconds(input.end),
      patient_id: input.patientId,
      practitioner_id: input.practitionerId,
      appointment_type_id: input.serviceId,
      business_id: context.businessId,
      notes: appointmentNotes(input),
    },
    'appointments.create',
    individualAppointmentSchema,
    { notes: 'patient.note' },
  );
}

/**
 * The live appointments at `start`, with these practitioners, whose notes carry `reference`:
 * what earlier attempts of one booking request made (a lost response, a late commit).
 */
export async function appointmentsWithReference(
  context: AppointmentContext,
  practitionerIds: string[],
  start: Date,
  reference: string,
): Promise<IndividualAppointment[]> {
  const found = await context.client.list(
    'individual_appointments',
    [filter('business_id', '=', context.businessId), ...sameInstantFilters('starts_at', start)],
    { ...LIST, operation: 'appointments.search_reference' },
  );
  return found.filter(
    (a) =>
      isLive(a) &&
      Date.parse(a.starts_at) === start.getTime() &&
      practitionerIds.includes(linkedId(a.practitioner, 'practitioners') ?? '') &&
      carriesReference(a.notes, reference),
  );
}

/** Cancels an appointment made twice for one booking request. */
export async function cancelDuplicate(context: AppointmentContext, appointmentId: string): Promise<void> {
  await context.client.command(
    'PATCH',
    `individual_appointments/${appointmentId}/cancel`,
    DUPLICATE_CANCELLATION,
    'appointments.cancel_duplicate',
  );
  context.logger.log('warn', 'cliniko.duplicate_cancelled', { clinicId: context.clinicId, appointmentId });
}

/**
 * Asks Cliniko whether `ours` overlaps anything; when it does and C9 says ours gives the
 * time up, cancels it and throws 409 `slot_taken`. Resolves when ours keeps the time.
 */
export async function settleConflicts(
  context: AppointmentContext,
  ours: IndividualAppointment,
): Promise<void> {
  const { client } = context;
  const { conflicts } = await client.get(
    `individual_appointments/${ours.id}/conflicts`,
    [],
    'appointments.conflicts',
    conflictsSchema,
  );
  if (!conflicts.exist) return;
  const practitionerId = linkedId(ours.practitioner, 'practitioners');
  const overlapping = practitionerId
    ? (
        await client.list(
          'individual_appointments',
          [
            filter('practitioner_id', '=', practitionerId),
            filter('starts_at', '<', ours.ends_at),
            filter('ends_at', '>', ours.starts_at),
          ],
          { ...LIST, operation: 'appointments.search_practitioner' },
        )
      ).filter(
        (a) =>
          a.id !== ours.id &&
          isLive(a) &&
          Date.parse(a.starts_at) < Date.parse(ours.ends_at) &&
          Date.parse(ours.starts_at) < Date.parse(a.ends_at),
      )
    : [];
  const keep = overlapping.length > 0 && overlapping.every((other) => madeBefore(ours, other));
  if (keep) {
    context.logger.log('warn', 'cliniko.double_booked_later', {
      clinicId: context.clinicId,
      appointmentId: ours.id,
      others: overlapping.length,
    });
    return;
  }
  await client.command(
    'PATCH',
    `individual_appointments/${ours.id}/cancel`,
    CONFLICT_CANCELLATION,
    'appointments.cancel',
  );
  context.logger.log('info', 'cliniko.conflict_cancelled', {
    clinicId: context.clinicId,
    appointmentId: ours.id,
  });
  throw new ApiError(409, 'slot_taken', 'Sorry, that time has just been booked by someone else.');
}

/** Booked (not cancelled) appointments of the given types per clinic-local date, at this business. */
export async function countAppointments(
  context: AppointmentContext,
  query: AppointmentCountQuery,
  signal?: AbortSignal,
): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  if (query.serviceIds.length === 0) return counts;
  const from = startOfLocalDay(query.fromDate, query.timezone);
  const to = startOfLocalDay(addDaysToIsoDate(query.toDate, 1), query.timezone);
  const types = new Set(query.serviceIds);
  const found = await context.client.list(
    'individual_appointments',
    [
      filter('business_id', '=', context.businessId),
      filter('appointment_type_id', '=', [...types].join(',')),
      filter('starts_at', '>=', utcSeconds(from)),
      filter('starts_at', '<', utcSeconds(to)),
    ],
    { ...LIST, operation: 'appointments.count', pageCap: 50, ...(signal ? { signal } : {}) },
  );
  for (const a of found) {
    const start = new Date(a.starts_at);
    if (!isLive(a) || Number.isNaN(start.getTime()) || start < from || start >= to) continue;
    if (!types.has(linkedId(a.appointment_type, 'appointment_types') ?? '')) continue;
    const date = localDateOf(start, query.timezone);
    counts[date] = (counts[date] ?? 0) + 1;
  }
  return counts;
}

export function toRecord(a: IndividualAppointment): AppointmentRecord {
  return {
    id: a.id,
    patientId: linkedId(a.patient, 'patients') ?? '',
    practitionerId: linkedId(a.practitioner, 'practitioners') ?? '',
    serviceId: linkedId(a.appointment_type, 'appointment_types') ?? '',
    start: new Date(a.starts_at),
    end: new Date(a.ends_at),
  };
}

function isLive(a: IndividualAppointment): boolean {
  return !a.cancelled_at && !a.archived_at && !a.deleted_at;
}
