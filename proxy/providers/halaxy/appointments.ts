/**
 * Appointments in Halaxy: recognising one a lost response already made, and booking with
 * `Appointment/$book`.
 *
 * Halaxy cannot delete anything through its API, so a duplicate appointment can never be
 * undone. The shared booking service looks for an existing appointment first and holds a
 * per-slot lock while it re-checks the slot with `$find` and books; on top of that, just
 * before `$book` this module reads the practitioner's diary for that day and refuses a
 * time that overlaps anything there (whether `$find` hides booked times and whether
 * `$book` refuses a clash are both unconfirmed).
 */
import { ApiError } from '../../http/api-error.ts';
import { localDateOf, startOfLocalDay, toClinicIso } from '../../time/clinic-time.ts';
import { addDaysToIsoDate } from '../../../shared/dates.ts';
import { appointmentNotes, carriesReference } from '../booking-reference.ts';
import type { AppointmentInput, AppointmentRecord } from '../provider.ts';
import { appointmentsOfRoleParams, isBookingConflict, PAGE_SIZE } from './assumptions.ts';
import type { FhirClient } from './fhir-client.ts';
import { appointmentSchema, type FhirAppointment } from './fhir-types.ts';
import { extensionNamed, referencedId, referenceTo, searchReference } from './references.ts';

/** Halaxy's location type for an in-clinic appointment (used live). */
export const LOCATION_TYPE = 'clinic';
/** The status a new booking gets (used live). */
export const BOOKING_STATUS = 'booked';
export const PARTICIPANT_STATUS_EXTENSION = 'appointment-participant-status';

export interface AppointmentContext {
  fhir: FhirClient;
  timezone: string;
}

/** An appointment as read from Halaxy, with the fields the provider needs. */
export interface ReadAppointment {
  id: string;
  start: Date;
  end: Date;
  roleIds: string[];
  patientId: string | null;
  serviceId: string | null;
  cancelled: boolean;
  /** The appointment's comments, where the proxy writes its booking reference. */
  description: string | null;
}

/**
 * The patient's appointments (not cancelled) that start at `start`, one record per
 * practitioner role on them: what an earlier attempt whose response was lost has made.
 */
export async function appointmentsOfPatientAt(
  context: AppointmentContext,
  patientId: string,
  start: Date,
): Promise<AppointmentRecord[]> {
  const found = await appointmentsOnDay(
    context,
    start,
    { patient: searchReference('Patient', patientId) },
    'appointments.search_patient',
  );
  return found
    .filter((a) => !a.cancelled && a.patientId === patientId && a.start.getTime() === start.getTime())
    .flatMap((a) =>
      a.roleIds.map((roleId) => ({
        id: a.id,
        patientId,
        practitionerId: roleId,
        serviceId: a.serviceId ?? '',
        start: a.start,
        end: a.end,
      })),
    );
}

/**
 * The live appointments at `start` of these practitioners whose comments carry `reference`:
 * what earlier attempts of one booking request made.
 */
export async function appointmentsWithReference(
  context: AppointmentContext,
  practitionerIds: string[],
  start: Date,
  reference: string,
): Promise<AppointmentRecord[]> {
  const records: AppointmentRecord[] = [];
  for (const roleId of practitionerIds) {
    const diary = await appointmentsOnDay(
      context,
      start,
      appointmentsOfRoleParams(roleId),
      'appointments.search_reference',
    );
    for (const a of diary) {
      if (a.cancelled || a.start.getTime() !== start.getTime() || !a.roleIds.includes(roleId)) continue;
      if (!carriesReference(a.description, reference) || records.some((r) => r.id === a.id)) continue;
      records.push({
        id: a.id,
        patientId: a.patientId ?? '',
        practitionerId: roleId,
        serviceId: a.serviceId ?? '',
        start: a.start,
        end: a.end,
      });
    }
  }
  return records;
}

export async function createAppointment(
  context: AppointmentContext,
  input: AppointmentInput,
): Promise<AppointmentRecord> {
  const { fhir } = context;
  const diary = await appointmentsOnDay(
    context,
    input.start,
    appointmentsOfRoleParams(input.practitionerId),
    'appointments.search_practitioner',
  );
  const clash = diary.some(
    (a) =>
      !a.cancelled && a.roleIds.includes(input.practitionerId) && a.start < input.end && input.start < a.end,
  );
  if (clash) throw slotTaken();

  const minutes = Math.round((input.end.getTime() - input.start.getTime()) / 60_000);
  const booked = await fhir.post(
    'Appointment/$book',
    {
      resourceType: 'Parameters',
      parameter: [
        {
          name: 'appt-resource',
          resource: {
            resourceType: 'Appointment',
            start: toClinicIso(input.start, context.timezone),
            end: toClinicIso(input.end, context.timezone),
            minutesDuration: minutes,
            description: appointmentNotes(input),
            participant: [{ actor: referenceTo(fhir.baseUrl, 'PractitionerRole', input.practitionerId) }],
          },
        },
        { name: 'patient-id', valueReference: referenceTo(fhir.baseUrl, 'Patient', input.patientId) },
        {
          name: 'healthcare-service-id',
          valueReference: referenceTo(fhir.baseUrl, 'HealthcareService', input.serviceId),
        },
        { name: 'location-type', valueCode: LOCATION_TYPE },
        { name: 'status', valueCode: BOOKING_STATUS },
      ],
    },
    {
      operation: 'appointments.book',
      schema: appointmentSchema,
      refusal: (status, outcome) => (isBookingConflict(status, outcome) ? slotTaken() : null),
    },
  );
  if (!booked.id) {
    throw new ApiError(
      502,
      'upstream_error',
      'The clinic’s booking system gave an unexpected answer. Please try again: you will not be booked twice.',
    );
  }
  return { ...input, id: booked.id };
}

/** Appointments whose start falls on the clinic-local day of `instant`, matching `params`. */
export async function appointmentsOnDay(
  context: AppointmentContext,
  instant: Date,
  params: Record<string, string>,
  operation: string,
): Promise<ReadAppointment[]> {
  const day = localDateOf(instant, context.timezone);
  const from = startOfLocalDay(day, context.timezone);
  const to = startOfLocalDay(addDaysToIsoDate(day, 1), context.timezone);
  const found = await context.fhir.search(
    'Appointment',
    {
      ...params,
      date: [`ge${toClinicIso(from, context.timezone)}`, `lt${toClinicIso(to, context.timezone)}`],
      _count: String(PAGE_SIZE),
    },
    { operation, resourceTypes: ['Appointment'], schema: appointmentSchema },
  );
  return found.map(readAppointment).filter((a): a is ReadAppointment => a !== null);
}

/** The fields we need from an Appointment, or null when it lacks an id or times. */
export function readAppointment(appointment: FhirAppointment): ReadAppointment | null {
  const start = new Date(appointment.start ?? '');
  const end = appointment.end
    ? new Date(appointment.end)
    : new Date(start.getTime() + (appointment.minutesDuration ?? 0) * 60_000);
  if (!appointment.id || Number.isNaN(start.getTime()) || Number.isNaN(end.getTime())) return null;
  const participants = appointment.participant ?? [];
  const patient = participants.find((p) => referencedId(p.actor, 'Patient') !== null);
  const status =
    extensionNamed(patient?.modifierExtension, PARTICIPANT_STATUS_EXTENSION)?.valueCoding?.code ?? '';
  return {
    id: appointment.id,
    start,
    end,
    roleIds: participants
      .map((p) => referencedId(p.actor, 'PractitionerRole'))
      .filter((id): id is string => id !== null),
    patientId: patient ? referencedId(patient.actor, 'Patient') : null,
    serviceId:
      (appointment.supportingInformation ?? [])
        .map((r) => referencedId(r, 'HealthcareService'))
        .find((id) => id !== null) ?? null,
    // Halaxy has no reliable top-level status: cancellation lives on the patient participant.
    cancelled: status.toLowerCase().startsWith('cancelled'),
    description: appointment.description ?? null,
  };
}

function slotTaken(): ApiError {
  return new ApiError(409, 'slot_taken', 'Sorry, that time has just been booked by someone else.');
}
