/**
 * A patient's own changes to an individual appointment in Cliniko: reading it, moving it
 * (`PATCH /individual_appointments/{id}` with `starts_at`, `ends_at`, `practitioner_id`),
 * cancelling it (`PATCH /individual_appointments/{id}/cancel`, reason 50 "Other" with a
 * note), and the account's notice for patient cancellations (`GET /settings/public`).
 *
 * Cliniko accepts overlapping appointments, so a move is checked as a booking is: the
 * booking service re-checks `available_times` under the slot lock before, and this module
 * asks for `conflicts` after. A move that landed on a conflict is put back where it was and
 * answered 409: the patient keeps the appointment they had.
 */
import { ApiError } from '../../http/api-error.ts';
import type { AppointmentCancellation, AppointmentMove, ManagedAppointment } from '../provider.ts';
import type { AppointmentContext } from './appointments.ts';
import { toRecord } from './appointments.ts';
import { PATIENT_CANCELLATION_REASON, utcSeconds } from './assumptions.ts';
import {
  conflictsSchema,
  individualAppointmentSchema,
  linkedId,
  publicSettingsSchema,
  type IndividualAppointment,
} from './cliniko-types.ts';

/** The appointment at this business, live or cancelled; null when missing, archived or elsewhere. */
export async function readAppointment(
  context: AppointmentContext,
  id: string,
): Promise<ManagedAppointment | null> {
  const found = await context.client.find(
    `individual_appointments/${id}`,
    'appointments.get',
    individualAppointmentSchema,
  );
  if (!found || found.archived_at || found.deleted_at) return null;
  if (linkedId(found.business, 'businesses') !== context.businessId) return null;
  return toManaged(found);
}

/** Moves the appointment; puts it back and throws 409 `slot_taken` when Cliniko reports a conflict. */
export async function moveAppointment(
  context: AppointmentContext,
  current: ManagedAppointment,
  move: AppointmentMove,
): Promise<ManagedAppointment> {
  const { client } = context;
  const alreadyThere =
    current.start.getTime() === move.start.getTime() && current.practitionerId === move.practitionerId;
  if (alreadyThere) {
    // A repeat of a move whose answer was lost: nothing to write. Its conflicts are looked at
    // (and logged for the clinic); the time it came from is not known here to go back to.
    if (await hasConflicts(context, current.id)) {
      context.logger.log('warn', 'cliniko.moved_into_conflict', {
        clinicId: context.clinicId,
        appointmentId: current.id,
      });
    }
    return current;
  }
  const moved = await client.write(
    'PATCH',
    `individual_appointments/${current.id}`,
    {
      starts_at: utcSeconds(move.start),
      ends_at: utcSeconds(move.end),
      practitioner_id: move.practitionerId,
      notes: withLine(current.notes, move.changeNote),
    },
    'appointments.update',
    individualAppointmentSchema,
  );
  if (!(await hasConflicts(context, current.id))) return toManaged(moved);
  await client.write(
    'PATCH',
    `individual_appointments/${current.id}`,
    {
      starts_at: utcSeconds(current.start),
      ends_at: utcSeconds(current.end),
      practitioner_id: current.practitionerId,
      notes: current.notes ?? '',
    },
    'appointments.update_revert',
    individualAppointmentSchema,
  );
  context.logger.log('info', 'cliniko.move_reverted', {
    clinicId: context.clinicId,
    appointmentId: current.id,
  });
  throw new ApiError(409, 'slot_taken', 'Sorry, that time has just been booked by someone else.');
}

/** Cancels at the patient's request; Cliniko answers 204 again for one already cancelled. */
export async function cancelAppointment(
  context: AppointmentContext,
  appointment: ManagedAppointment,
  cancellation: AppointmentCancellation,
): Promise<void> {
  const note = cancellation.reason
    ? `${cancellation.changeNote} Reason given: ${cancellation.reason}`
    : cancellation.changeNote;
  await context.client.command(
    'PATCH',
    `individual_appointments/${appointment.id}/cancel`,
    { ...PATIENT_CANCELLATION_REASON, cancellation_note: note },
    'appointments.cancel_patient',
  );
}

/** The account's `min_hours_notice_for_patient_cancellation`, or null when it has none. */
export async function patientCancellationNoticeHours(context: AppointmentContext): Promise<number | null> {
  const settings = await context.client.get('settings/public', [], 'settings.public', publicSettingsSchema);
  return settings.online_bookings?.min_hours_notice_for_patient_cancellation ?? null;
}

async function hasConflicts(context: AppointmentContext, id: string): Promise<boolean> {
  const { conflicts } = await context.client.get(
    `individual_appointments/${id}/conflicts`,
    [],
    'appointments.conflicts',
    conflictsSchema,
  );
  return conflicts.exist;
}

function toManaged(a: IndividualAppointment): ManagedAppointment {
  return { ...toRecord(a), cancelled: Boolean(a.cancelled_at), notes: a.notes ?? null };
}

function withLine(notes: string | null | undefined, line: string): string {
  return notes ? `${notes}\n${line}` : line;
}
