/**
 * A patient's own changes to an appointment in Halaxy (`PATCH /main/Appointment/{id}`,
 * `application/merge-patch+json`; `status` is not writable):
 *
 * - cancel: the patient participant's `appointment-participant-status` becomes
 *   `cancelled (no charge)` (A12);
 * - move: `start`, `end` and `minutesDuration`, and the practitioner participant when the
 *   practitioner changes. The booking service re-checks the new time with `$find` under the
 *   slot lock first; this module also reads the practitioner's diary and refuses a time that
 *   overlaps anything there but this appointment, as booking does (A4).
 *
 * A merge patch replaces arrays whole (RFC 7396), so `participant` is always sent complete:
 * every participant as Halaxy holds it, with only the changed one changed.
 */
import { ApiError } from '../../http/api-error.ts';
import { toClinicIso } from '../../time/clinic-time.ts';
import type { AppointmentCancellation, AppointmentMove, ManagedAppointment } from '../provider.ts';
import {
  appointmentsOnDay,
  PARTICIPANT_STATUS_EXTENSION,
  readAppointment,
  type AppointmentContext,
} from './appointments.ts';
import { appointmentsOfRoleParams, PATIENT_CANCELLED_STATUS } from './assumptions.ts';
import { appointmentSchema, type FhirAppointment } from './fhir-types.ts';
import { referencedId, referenceTo } from './references.ts';

type Participant = NonNullable<FhirAppointment['participant']>[number];

/** The appointment with a patient on it, live or cancelled; null when missing or a meeting. */
export async function readManaged(
  context: AppointmentContext,
  id: string,
): Promise<ManagedAppointment | null> {
  const raw = await readRaw(context, id);
  return raw ? toManaged(raw) : null;
}

export async function moveAppointment(
  context: AppointmentContext,
  current: ManagedAppointment,
  move: AppointmentMove,
): Promise<ManagedAppointment> {
  if (current.start.getTime() === move.start.getTime() && current.practitionerId === move.practitionerId) {
    return current; // a repeat of a move whose answer was lost
  }
  const raw = await readRaw(context, current.id);
  if (!raw) throw gone();
  const diary = await appointmentsOnDay(
    context,
    move.start,
    appointmentsOfRoleParams(move.practitionerId),
    'appointments.search_practitioner',
  );
  const clash = diary.some(
    (a) =>
      a.id !== current.id &&
      !a.cancelled &&
      a.roleIds.includes(move.practitionerId) &&
      a.start < move.end &&
      move.start < a.end,
  );
  if (clash) throw new ApiError(409, 'slot_taken', 'Sorry, that time has just been booked by someone else.');
  const participant =
    move.practitionerId === current.practitionerId
      ? undefined
      : (raw.participant ?? []).map((p) =>
          referencedId(p.actor, 'PractitionerRole') === current.practitionerId
            ? { ...p, actor: referenceTo(context.fhir.baseUrl, 'PractitionerRole', move.practitionerId) }
            : p,
        );
  const patched = await context.fhir.patch(
    `Appointment/${encodeURIComponent(current.id)}`,
    {
      start: toClinicIso(move.start, context.timezone),
      end: toClinicIso(move.end, context.timezone),
      minutesDuration: Math.round((move.end.getTime() - move.start.getTime()) / 60_000),
      description: raw.description ? `${raw.description}\n${move.changeNote}` : move.changeNote,
      ...(participant ? { participant } : {}),
    },
    { operation: 'appointments.move', schema: appointmentSchema },
  );
  return toManaged(patched) ?? { ...current, ...move, notes: current.notes ?? null };
}

export async function cancelAppointment(
  context: AppointmentContext,
  current: ManagedAppointment,
  cancellation: AppointmentCancellation,
): Promise<void> {
  const raw = await readRaw(context, current.id);
  if (!raw) throw gone();
  const note = cancellation.reason
    ? `${cancellation.changeNote} Reason given: ${cancellation.reason}`
    : cancellation.changeNote;
  const participant = (raw.participant ?? []).map((p) =>
    referencedId(p.actor, 'Patient') === current.patientId ? cancelledParticipant(p) : p,
  );
  await context.fhir.patch(
    `Appointment/${encodeURIComponent(current.id)}`,
    { participant, description: raw.description ? `${raw.description}\n${note}` : note },
    { operation: 'appointments.cancel', schema: appointmentSchema },
  );
}

function cancelledParticipant(p: Participant): Participant {
  const others = (p.modifierExtension ?? []).filter(
    (e) => !(e.url === PARTICIPANT_STATUS_EXTENSION || e.url.endsWith(`/${PARTICIPANT_STATUS_EXTENSION}`)),
  );
  return {
    ...p,
    modifierExtension: [
      ...others,
      {
        url: `https://terminology.halaxy.com/StructureDefinition/${PARTICIPANT_STATUS_EXTENSION}`,
        valueCoding: {
          system: 'https://au-api.halaxy.com/presets/CodeSystem/appointment-participant-status',
          code: PATIENT_CANCELLED_STATUS,
          display: PATIENT_CANCELLED_STATUS,
        },
      },
    ],
  };
}

async function readRaw(context: AppointmentContext, id: string): Promise<FhirAppointment | null> {
  if (!/^[\w.-]{1,64}$/.test(id)) return null;
  return context.fhir.read(`Appointment/${encodeURIComponent(id)}`, {
    operation: 'appointments.read',
    schema: appointmentSchema,
  });
}

function toManaged(raw: FhirAppointment): ManagedAppointment | null {
  const read = readAppointment(raw);
  const practitionerId = read?.roleIds[0];
  if (!read?.patientId || !practitionerId) return null;
  return {
    id: read.id,
    patientId: read.patientId,
    practitionerId,
    serviceId: read.serviceId ?? '',
    start: read.start,
    end: read.end,
    cancelled: read.cancelled,
    notes: read.description,
  };
}

function gone(): ApiError {
  return new ApiError(404, 'booking_not_found', 'We could not find this booking. Please call the clinic.');
}
