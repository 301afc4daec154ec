/**
 * The proxy's HTTP contract: zod schemas for every request and response body, and the
 * types inferred from them. The proxy validates with these schemas; the widget imports
 * only the types (`import type`), so none of this code reaches the bundle.
 */
import { z } from 'zod';
import { clinicThemeSchema } from './theme-schema.ts';
import { HONEYPOT_FIELD, MAX_TURNSTILE_TOKEN_LENGTH } from './bot-checks.ts';
import { MAX_SOURCE_VALUE_LENGTH, type BookingSource } from './booking-source.ts';
import { dateOfBirthProblem, isIsoDate } from './dates.ts';
import { isValidMedicareIrn, isValidMedicareNumber, normaliseMedicareNumber } from './medicare.ts';
import { INTAKE_TYPES, MAX_ANSWER_LENGTH } from './intake.ts';
import { normalisePhone } from './phone.ts';
import { checkSignatureDataUri } from './signature-svg.ts';

// C0 and C1 controls except tab and newline, which a multi-line note may contain.
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;
const LINE_BREAKS = /[\t\n\u2028\u2029]/;
// Bidirectional overrides and isolates, and the byte-order mark: invisible, and able to make
// a name read differently on the practice system's screen than what was typed.
const FORMAT_CONTROLS = /[\u202a-\u202e\u2066-\u2069\ufeff]/;
// Half of a surrogate pair: not text, and it breaks the JSON of an upstream request.
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** True when text a patient typed holds nothing but printable characters (and, if `multiLine`, tabs and newlines). */
function isPlainText(value: string, multiLine: boolean): boolean {
  return (
    !CONTROL_CHARACTERS.test(value) &&
    !FORMAT_CONTROLS.test(value) &&
    !LONE_SURROGATE.test(value) &&
    (multiLine || !LINE_BREAKS.test(value))
  );
}

/**
 * Today's date where it is latest on Earth (UTC+14), so a date of birth of "today" in any
 * zone, an Australian one included, is never taken for the future.
 */
function latestDateOnEarth(): string {
  return new Date(Date.now() + 14 * 3_600_000).toISOString().slice(0, 10);
}

/** An opaque id: Cliniko's exceed 2^53, so ids are strings end to end. */
export const idSchema = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .regex(/^[\w.:-]+$/, 'Not a valid id.');

/** A single line of text a patient typed: trimmed, capped, no control characters. */
export function lineText(max: number, label: string) {
  return z
    .string({ error: `Enter your ${label}.` })
    .trim()
    .min(1, `Enter your ${label}.`)
    .max(max, `Keep your ${label} under ${max} characters.`)
    .refine((v) => isPlainText(v, false), 'Remove the special characters.')
    .refine(hasVisibleCharacter, `Enter your ${label}.`);
}

// Spaces and invisible format characters (zero-width space and joiners, soft hyphen, word
// joiner): `trim()` keeps the latter, so a name of only these would reach the practice
// system as a blank one.
const VISIBLE_CHARACTER = /[^\s\p{Cf}]/u;

/** True when text holds at least one character a person can see. */
function hasVisibleCharacter(value: string): boolean {
  return VISIBLE_CHARACTER.test(value);
}

export const isoDateSchema = z.string().refine(isIsoDate, 'Use a date in the form YYYY-MM-DD.');

/** An instant written as ISO 8601 with a UTC offset, as every slot's start is. */
export const isoInstantSchema = z.iso.datetime({
  offset: true,
  error: 'Use an ISO 8601 time with an offset.',
});

export const moneySchema = z.object({
  amountCents: z.number().int().nonnegative(),
  currency: z.string().length(3),
});

export const serviceSchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  durationMinutes: z.number().int().positive(),
  price: moneySchema.optional(),
});

export const categorySchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string().optional(),
  services: z.array(serviceSchema),
});

export const servicesResponseSchema = z.object({ categories: z.array(categorySchema) });

export const practitionerSchema = z.object({
  id: z.string(),
  name: z.string(),
  title: z.string().optional(),
  bio: z.string().optional(),
});

export const practitionersResponseSchema = z.object({ practitioners: z.array(practitionerSchema) });

export const slotSchema = z.object({
  start: z.string(),
  end: z.string(),
  practitionerId: z.string(),
});

export const availabilityResponseSchema = z.object({
  timezone: z.string(),
  from: z.string(),
  to: z.string(),
  slots: z.array(slotSchema),
});

export const waiverSchema = z.object({
  id: z.string(),
  version: z.string(),
  title: z.string(),
  text: z.string(),
});

export const bookingPolicySchema = z.object({
  /** Bookings must start at least this many minutes from now. */
  minNoticeMinutes: z.number().int().nonnegative(),
  /** Bookings open this many days ahead (the last bookable day is today + maxDaysAhead). */
  maxDaysAhead: z.number().int().positive(),
  /** Patients may change or cancel their own booking from its link (default true). */
  allowPatientChanges: z.boolean().optional(),
  /**
   * Changes and cancellations close this many hours before the appointment. Unset: the
   * practice system's own setting where it has one (Cliniko's), else 24.
   */
  changeNoticeHours: z.number().int().min(0).max(720).optional(),
});

const intakeIdSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'Use lower-case letters, digits and dashes.');

/** A clinic-defined intake question (see `shared/intake.ts` for what each field means). */
export const intakeQuestionSchema = z.object({
  id: intakeIdSchema,
  label: z.string().trim().min(1).max(200),
  type: z.enum(INTAKE_TYPES),
  required: z.boolean().default(false),
  help: z.string().trim().max(500).optional(),
  options: z.array(z.string().trim().min(1).max(100)).min(2).max(30).optional(),
  min: z.number().optional(),
  max: z.number().optional(),
  appliesTo: z
    .object({ serviceIds: z.array(z.string()).optional(), categoryIds: z.array(z.string()).optional() })
    .optional(),
  showWhen: z.object({ questionId: intakeIdSchema, equals: z.array(z.string().min(1)).min(1) }).optional(),
});

/** Answers to intake questions by question id: text, or a list for multiple choice. */
export const intakeAnswersSchema = z
  .record(
    z.string().max(64),
    z.union([z.string().max(MAX_ANSWER_LENGTH['long-text'] + 100), z.array(z.string().max(200)).max(30)]),
  )
  .refine((answers) => Object.keys(answers).length <= 100, 'Too many answers.');

export const clinicProfileSchema = z.object({
  id: z.string(),
  name: z.string(),
  timezone: z.string(),
  /** The location's street address, one line, when the clinic's config gives it. */
  address: z.string().optional(),
  /** An https link to the location on a map, when the clinic's config gives it. */
  mapUrl: z.string().optional(),
  theme: clinicThemeSchema,
  waiver: waiverSchema,
  policy: bookingPolicySchema,
  contact: z.object({ phone: z.string().optional(), email: z.string().optional() }).optional(),
  /** Present when the clinic uses Cloudflare Turnstile: the widget renders the challenge. */
  turnstile: z.object({ siteKey: z.string() }).optional(),
  /**
   * Present when the clinic asks for marketing consent: the details step shows an unticked box
   * with this label, and the booking sends the answer as `marketingConsent`.
   */
  marketingConsent: z.object({ label: z.string() }).optional(),
  /** The clinic's intake questions, in order; `shared/intake.ts` decides which are shown. */
  intake: z.array(intakeQuestionSchema),
});

export const clinicResponseSchema = z.object({ clinic: clinicProfileSchema });

/** A practitioner with the ids of the services they offer, as the bootstrap lists them. */
export const bootstrapPractitionerSchema = practitionerSchema.extend({ serviceIds: z.array(z.string()) });

/**
 * Everything steps 1 and 2 need in one answer: the profile, the catalogue and who offers
 * what, so the widget shows its first step after a single request.
 */
export const bootstrapResponseSchema = z.object({
  clinic: clinicProfileSchema,
  categories: z.array(categorySchema),
  practitioners: z.array(bootstrapPractitionerSchema),
});

/** One location of a practice: a clinic, named as the location step shows it. */
export const practiceLocationSchema = z.object({
  id: z.string(),
  name: z.string(),
  timezone: z.string(),
  /** One line, e.g. "88 Campbell Parade, Bondi Beach NSW 2026". */
  address: z.string().optional(),
  /** An https link to the location on a map. */
  mapUrl: z.string().optional(),
});

/** A practice: several clinics (locations) one widget offers, in the order the clinics file lists them. */
export const practiceSchema = z.object({
  id: z.string(),
  name: z.string(),
  clinics: z.array(practiceLocationSchema),
});

/** `GET /api/practices/:practiceId`. */
export const practiceResponseSchema = z.object({ practice: practiceSchema });

export const availabilityQuerySchema = z
  .object({
    serviceId: idSchema,
    practitionerId: idSchema,
    from: isoDateSchema,
    to: isoDateSchema,
    /** The answer to "Have you been to this clinic before?", for rules about new patients. */
    returningPatient: z.enum(['yes', 'no']).optional(),
  })
  .refine((q) => q.from <= q.to, { message: '`to` must not be before `from`.', path: ['to'] });

export const practitionersQuerySchema = z.object({ serviceId: idSchema.optional() });

export const patientSchema = z.object({
  firstName: lineText(50, 'first name'),
  lastName: lineText(50, 'last name'),
  email: z
    .string({ error: 'Enter your email address.' })
    .trim()
    .max(254, 'That email address is too long.')
    .pipe(z.email('Enter an email address like name@example.com.')),
  phone: z
    .string({ error: 'Enter your mobile number.' })
    .max(32, 'Enter your mobile number.')
    .transform((v, ctx) => {
      const phone = normalisePhone(v);
      if (phone === null) {
        ctx.addIssue({
          code: 'custom',
          message: 'Enter a mobile number like 0412 345 678 or +44 7700 900123.',
        });
        return z.NEVER;
      }
      return phone;
    }),
  dateOfBirth: z.string({ error: 'Enter your date of birth.' }).superRefine((v, ctx) => {
    const problem = dateOfBirthProblem(v, latestDateOnEarth());
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  }),
  medicareNumber: z
    .string()
    .max(20)
    .transform(normaliseMedicareNumber)
    .refine(
      isValidMedicareNumber,
      'Check your Medicare card number: it is 10 digits and the check digit does not match.',
    )
    .optional(),
  medicareIrn: z
    .string()
    .trim()
    .refine(isValidMedicareIrn, 'The reference number is the single digit beside your name.')
    .optional(),
  note: z
    .string()
    .trim()
    .max(1000, 'Keep the note under 1000 characters.')
    .refine((v) => isPlainText(v, true), 'Remove the special characters.')
    .optional(),
});

export const waiverAcceptanceSchema = z.object({
  version: z
    .string()
    .trim()
    .min(1)
    .max(40)
    .refine((v) => isPlainText(v, false), 'Not a valid waiver version.'),
  accepted: z.literal(true, 'Tick the box to agree to the waiver.'),
  signatureSvg: z.string().transform((v, ctx) => {
    const check = checkSignatureDataUri(v);
    if (!check.ok) {
      ctx.addIssue({ code: 'custom', message: check.reason });
      return z.NEVER;
    }
    return v;
  }),
  /** How the patient signed: drawn on the pad or typed their name. */
  signatureMethod: z.enum(['drawn', 'typed']).default('drawn'),
});

/** One `source` value: a single line of printable text, 1 to {@link MAX_SOURCE_VALUE_LENGTH} characters. */
function sourceText(what: string) {
  return z
    .string({ error: `The booking's ${what} must be text.` })
    .trim()
    .min(1, `The booking's ${what} is empty: leave it out instead.`)
    .max(MAX_SOURCE_VALUE_LENGTH, `The booking's ${what} is over ${MAX_SOURCE_VALUE_LENGTH} characters.`)
    .refine((v) => isPlainText(v, false), `The booking's ${what} holds special characters.`);
}

/** An origin as `URL.origin` writes it: scheme, host and port only. */
function isOrigin(value: string): boolean {
  if (!URL.canParse(value)) return false;
  const url = new URL(value);
  return (url.protocol === 'https:' || url.protocol === 'http:') && url.origin === value;
}

/**
 * Where the booking came from (see `shared/booking-source.ts`): the page's UTM and click-id
 * parameters, the referrer's origin and the landing page's path. Unknown keys are refused, so
 * nothing else (a whole URL with someone's email in its query, say) rides along to the CRM.
 */
export const bookingSourceSchema = z.strictObject({
  utm_source: sourceText('utm_source').optional(),
  utm_medium: sourceText('utm_medium').optional(),
  utm_campaign: sourceText('utm_campaign').optional(),
  utm_term: sourceText('utm_term').optional(),
  utm_content: sourceText('utm_content').optional(),
  gclid: sourceText('gclid').optional(),
  fbclid: sourceText('fbclid').optional(),
  referrer: sourceText('referrer')
    .refine(isOrigin, 'The referrer must be an origin such as https://www.google.com (no path).')
    .optional(),
  landingPath: sourceText('landing path')
    .regex(/^\/(?!\/)[^\s?#]*$/, 'The landing path must be a path such as /book (no query or fragment).')
    .optional(),
}) satisfies z.ZodType<BookingSource>;

export const bookingRequestSchema = z.object({
  serviceId: idSchema,
  practitionerId: idSchema,
  start: isoInstantSchema,
  patient: patientSchema,
  waiver: waiverAcceptanceSchema,
  /** Answers to the clinic's intake questions, checked against its definition by the proxy. */
  answers: intakeAnswersSchema.default({}),
  /** The Turnstile token, when the clinic uses Turnstile. */
  turnstileToken: z
    .string()
    .trim()
    .min(1)
    .max(MAX_TURNSTILE_TOKEN_LENGTH)
    .regex(/^[\x21-\x7e]+$/, 'Not a valid security check token.')
    .optional(),
  /** Where the booking came from, for the clinic's CRM (see `bookingSourceSchema`). */
  source: bookingSourceSchema.optional(),
  /** The answer to the clinic's "Send me news and offers" box, when it shows one (unticked by default). */
  marketingConsent: z.boolean({ error: 'The marketing consent answer must be true or false.' }).optional(),
  /** The honeypot: always empty from a person (the proxy refuses a filled one before this schema). */
  [HONEYPOT_FIELD]: z.literal('').optional(),
});

/** The request fields the page fills, not the patient: a problem in them is a 400, not a 422. */
export const PAGE_FILLED_BOOKING_FIELDS = ['source', 'marketingConsent'] as const;

export const bookingSchema = z.object({
  id: z.string(),
  start: z.string(),
  end: z.string(),
  serviceId: z.string(),
  serviceName: z.string(),
  practitionerId: z.string(),
  practitionerName: z.string(),
  timezone: z.string(),
  /**
   * Names the booking in its change-or-cancel link (`?cb-manage=<token>`): signed by the
   * proxy, URL-safe, no patient details. Absent when the clinic takes no changes online.
   */
  manageToken: z.string().optional(),
});

export const bookingResponseSchema = z.object({ booking: bookingSchema });

/** `GET …/manage/:token`: the booking behind a change-or-cancel link. */
export const manageResponseSchema = z.object({
  booking: bookingSchema,
  status: z.enum(['booked', 'cancelled']),
  /** True while the patient may still move or cancel it online. */
  canChange: z.boolean(),
  /** When online changes close (the clinic's zone). */
  changeDeadline: z.string(),
});

/** `POST …/manage/:token/reschedule`. */
export const rescheduleRequestSchema = z.strictObject({
  start: isoInstantSchema,
  /** A practitioner who offers the booking's service, or `any`. */
  practitionerId: idSchema,
});

export const MAX_CANCEL_REASON_LENGTH = 500;

/** `POST …/manage/:token/cancel`. */
export const cancelRequestSchema = z.strictObject({
  /** The patient's own words; line breaks and runs of spaces become one space. */
  reason: z
    .string()
    .transform((text) => text.replace(/\s+/g, ' ').trim())
    .pipe(
      z
        .string()
        .max(MAX_CANCEL_REASON_LENGTH, `At most ${MAX_CANCEL_REASON_LENGTH} characters.`)
        .regex(/^[^\p{Cc}]*$/u, 'Please use letters, numbers and punctuation only.'),
    )
    .optional(),
});

export const cancelResponseSchema = z.object({ booking: bookingSchema, status: z.literal('cancelled') });

/** Every error `code` the proxy answers with. Stable: clients may branch on them. */
export const ERROR_CODES = [
  'bad_request',
  'invalid_json',
  'invalid_query',
  'idempotency_key_required',
  'idempotency_key_reused',
  'clinic_not_found',
  'practice_not_found',
  'service_not_found',
  'practitioner_not_found',
  'not_found',
  'origin_not_allowed',
  'unauthorized',
  'payload_too_large',
  'slot_taken',
  'slot_unavailable',
  'booking_not_found',
  'booking_cancelled',
  'too_late_to_change',
  'validation_failed',
  'rule_not_met',
  'rate_limited',
  'challenge_failed',
  'upstream_error',
  'upstream_unavailable',
  'internal_error',
] as const;

export const errorCodeSchema = z.enum(ERROR_CODES);

export const errorResponseSchema = z.object({
  error: z.object({
    code: errorCodeSchema,
    message: z.string(),
    /** Per-field messages keyed by dotted path, e.g. `patient.email`. */
    fields: z.record(z.string(), z.string()).optional(),
    /** For `slot_taken`: the nearest free slots for the same service and practitioner. */
    alternatives: z.array(slotSchema).optional(),
  }),
});

export type Money = z.infer<typeof moneySchema>;
export type Service = z.infer<typeof serviceSchema>;
export type Category = z.infer<typeof categorySchema>;
export type ServicesResponse = z.infer<typeof servicesResponseSchema>;
export type Practitioner = z.infer<typeof practitionerSchema>;
export type PractitionersResponse = z.infer<typeof practitionersResponseSchema>;
export type Slot = z.infer<typeof slotSchema>;
export type AvailabilityResponse = z.infer<typeof availabilityResponseSchema>;
export type AvailabilityQuery = z.infer<typeof availabilityQuerySchema>;
export type Waiver = z.infer<typeof waiverSchema>;
export type IntakeQuestionConfig = z.output<typeof intakeQuestionSchema>;
export type BookingPolicy = z.infer<typeof bookingPolicySchema>;
export type ClinicProfile = z.infer<typeof clinicProfileSchema>;
export type ClinicResponse = z.infer<typeof clinicResponseSchema>;
export type BootstrapPractitioner = z.infer<typeof bootstrapPractitionerSchema>;
export type BootstrapResponse = z.infer<typeof bootstrapResponseSchema>;
export type PracticeLocation = z.infer<typeof practiceLocationSchema>;
export type Practice = z.infer<typeof practiceSchema>;
export type PracticeResponse = z.infer<typeof practiceResponseSchema>;
/** A booking request as the widget sends it. */
export type BookingRequest = z.input<typeof bookingRequestSchema>;
/** A booking request after validation and normalisation (E.164 phone, compact Medicare). */
export type ValidBookingRequest = z.output<typeof bookingRequestSchema>;
export type PatientDetails = z.output<typeof patientSchema>;
export type Booking = z.infer<typeof bookingSchema>;
export type BookingResponse = z.infer<typeof bookingResponseSchema>;
export type ManageResponse = z.infer<typeof manageResponseSchema>;
export type RescheduleRequest = z.input<typeof rescheduleRequestSchema>;
export type CancelRequest = z.input<typeof cancelRequestSchema>;
export type CancelResponse = z.infer<typeof cancelResponseSchema>;
export type ErrorCode = (typeof ERROR_CODES)[number];
export type ErrorResponse = z.infer<typeof errorResponseSchema>;
