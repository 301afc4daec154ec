/**
 * The parts of Cliniko's resources the provider reads (`shared/reference/cliniko-openapi.yaml`),
 * as zod schemas. Ids are 64-bit integers sent as strings: they stay strings, and a number
 * where an id belongs is refused (its precision is already lost).
 */
import { z } from 'zod';

export const clinikoIdSchema = z.string().regex(/^\d{1,20}$/);

/** `{ "links": { "self": "https://api.au1.cliniko.com/v1/patients/123" } }` */
export const linkSchema = z.object({ links: z.object({ self: z.string() }) });
export type Link = z.infer<typeof linkSchema>;

const nullableText = z.string().nullable().optional();

export const businessSchema = z.object({
  id: clinikoIdSchema,
  business_name: nullableText,
  display_name: nullableText,
  label: nullableText,
  show_in_online_bookings: z.boolean().nullable().optional(),
  appointment_type_ids: z.array(clinikoIdSchema).nullable().optional(),
  time_zone_identifier: nullableText,
  archived_at: nullableText,
});
export type Business = z.infer<typeof businessSchema>;

export const appointmentTypeSchema = z.object({
  id: clinikoIdSchema,
  name: z.string(),
  category: nullableText,
  description: nullableText,
  duration_in_minutes: z.number().int().min(1).max(1439),
  max_attendees: z.number().int().nullable().optional(),
  show_in_online_bookings: z.boolean().nullable().optional(),
  archived_at: nullableText,
});
export type AppointmentType = z.infer<typeof appointmentTypeSchema>;

export const practitionerSchema = z.object({
  id: clinikoIdSchema,
  first_name: nullableText,
  last_name: nullableText,
  title: nullableText,
  label: nullableText,
  display_name: nullableText,
  designation: nullableText,
  description: nullableText,
  show_in_online_bookings: z.boolean().nullable().optional(),
  active: z.boolean().nullable().optional(),
});
export type ClinikoPractitioner = z.infer<typeof practitionerSchema>;

export const availableTimeSchema = z.object({ appointment_start: z.string() });

export const patientSchema = z.object({
  id: clinikoIdSchema,
  first_name: nullableText,
  last_name: nullableText,
  email: nullableText,
  date_of_birth: nullableText,
  medicare: nullableText,
  medicare_reference_number: nullableText,
  archived_at: nullableText,
});
export type ClinikoPatient = z.infer<typeof patientSchema>;

export const individualAppointmentSchema = z.object({
  id: clinikoIdSchema,
  starts_at: z.string(),
  ends_at: z.string(),
  created_at: z.string().nullable().optional(),
  cancelled_at: nullableText,
  archived_at: nullableText,
  deleted_at: nullableText,
  notes: nullableText,
  patient: linkSchema.nullable().optional(),
  practitioner: linkSchema.nullable().optional(),
  appointment_type: linkSchema.nullable().optional(),
  business: linkSchema.nullable().optional(),
});
export type IndividualAppointment = z.infer<typeof individualAppointmentSchema>;

/** `GET /settings/public`: the account's online-booking settings, as far as the provider reads them. */
export const publicSettingsSchema = z.object({
  online_bookings: z
    .object({ min_hours_notice_for_patient_cancellation: z.number().nonnegative().nullable().optional() })
    .nullable()
    .optional(),
});

export const conflictsSchema = z.object({ conflicts: z.object({ exist: z.boolean() }) });

export const attendeeSchema = z.object({
  id: clinikoIdSchema,
  patient: linkSchema.nullable().optional(),
  cancelled_at: nullableText,
  archived_at: nullableText,
});

export const patientFormSchema = z.object({
  id: clinikoIdSchema,
  name: z.string().nullable().optional(),
  archived_at: nullableText,
  patient: linkSchema.nullable().optional(),
  attendee: linkSchema.nullable().optional(),
});
export type PatientForm = z.infer<typeof patientFormSchema>;

/** A 422's body: `{"message":"Validation Failed","errors":{"first_name":"can't be blank"}}`. */
export const validationErrorSchema = z.object({
  message: z.string().optional(),
  errors: z.record(z.string(), z.unknown()).optional(),
});

/** A list page: the collection under its plural key, `total_entries`, and `links`. */
export const listPageSchema = z.object({
  total_entries: z.number().int().optional(),
  links: z.object({ next: z.string().optional() }).partial().optional(),
});

/**
 * The id at the end of a link's `self` URL, when it points into `collection`:
 * `https://api.au1.cliniko.com/v1/patients/123` → `123`.
 */
export function linkedId(link: Link | null | undefined, collection: string): string | null {
  const self = link?.links.self;
  if (!self) return null;
  const match = new RegExp(`/${collection}/(\\d{1,20})(?:[/?#]|$)`).exec(self);
  return match ? match[1]! : null;
}
