/**
 * Every detail of Cliniko's API that the provider relies on but that the reference leaves
 * open or ambiguous (marked UNCONFIRMED in `shared/reference/cliniko-api.md`), in one
 * place. Each is a named constant or function, says what the reference says, and how a
 * clinic with a trial account can settle it. docs/cliniko.md lists these; `assumptions.test.ts`
 * pins each one.
 */
import { addDaysToIsoDate } from '../../../shared/dates.ts';
import type {
  AppointmentType,
  Business,
  ClinikoPractitioner,
  IndividualAppointment,
} from './cliniko-types.ts';

/**
 * C1. Page size. The reference: lists default to 50 and `per_page` is at most 100 (spec).
 * Lists follow `links.next`, so a smaller real maximum only costs requests.
 */
export const PAGE_SIZE = 100;

/**
 * C2. How wide one `available_times` window is: 7 calendar days, `to = from + 6`. The
 * reference: the spec says `from` and `to` may be "at most 7 days apart", while a maintainer
 * wrote "6 days or less" (issue #173); 7 inclusive days satisfies both readings.
 * Settle: ask for `from=D&to=D+7` and see whether it answers 400.
 */
export const AVAILABILITY_WINDOW_DAYS = 7;

/** Splits `from`..`to` (inclusive dates) into consecutive windows of at most C2's days. */
export function availabilityWindows(fromDate: string, toDate: string): Array<{ from: string; to: string }> {
  const windows: Array<{ from: string; to: string }> = [];
  for (let from = fromDate; from <= toDate; from = addDaysToIsoDate(from, AVAILABILITY_WINDOW_DAYS)) {
    const last = addDaysToIsoDate(from, AVAILABILITY_WINDOW_DAYS - 1);
    windows.push({ from, to: last < toDate ? last : toDate });
  }
  return windows;
}

/**
 * C3. The account's time zone, which decides "today" for `available_times` (neither date
 * may be before it). The reference: the current settings carry no account zone; use the
 * business's `time_zone_identifier`, else the clinic's configured zone (an override the
 * reference suggests). Settle: `GET /businesses/{id}` and compare with Settings → Account.
 */
export function accountTimezone(business: Business | null, clinicTimezone: string): string {
  return business?.time_zone_identifier?.trim() || clinicTimezone;
}

/**
 * C4. String filters may be case-sensitive (reference item 6). A patient who typed their
 * email with other capitals than last time would not be found by `q[]=email:=…`, and would
 * be created twice. So when the email search matches no one, the provider also searches
 * by date of birth (exact, case-proof, a handful of people) and compares emails and last
 * names itself, ignoring case. Settle: search `email:=` with different capitals.
 */
export const EMAIL_FILTER_MAY_BE_CASE_SENSITIVE = true;

/**
 * C5. The name shown for a practitioner. The reference: `display_name` is nullable and
 * meant for public display, `label` is the full name; which one Cliniko's own booking page
 * shows is unconfirmed. We show `display_name`, else `label`, else first and last name.
 */
export function practitionerName(p: ClinikoPractitioner): string {
  const full = [p.first_name, p.last_name]
    .map((s) => s?.trim() ?? '')
    .filter(Boolean)
    .join(' ');
  return p.display_name?.trim() || p.label?.trim() || full || 'Practitioner';
}

/**
 * C6. Which appointment types a business offers: its `appointment_type_ids`. The reference
 * shows the field but not what an empty list means; we read an absent or empty list as
 * "no restriction" (a business offering nothing would not be online). Settle: look at a
 * business whose types are restricted in Settings → Businesses.
 */
export function businessOffersType(business: Business, typeId: string): boolean {
  const ids = business.appointment_type_ids ?? [];
  return ids.length === 0 || ids.includes(typeId);
}

/**
 * C7. Group classes (`max_attendees` > 1) are booked as group appointments plus attendees,
 * which this proxy does not do; they are left out of the catalogue. Individual types have
 * `max_attendees` 1 or null.
 */
export function isIndividualType(type: AppointmentType): boolean {
  return (type.max_attendees ?? 1) <= 1;
}

/**
 * C8. How a signature is written into a patient form: a `signature` question with
 * `"signature": "data:image/svg+xml;base64,…"` (SVG, at most 500×500). The reference: only
 * the archived docs show this write path; the current spec lists only `signature_id`.
 * Settle: create one completed form with a signature question on a trial account.
 */
export function signatureQuestion(name: string, dataUri: string): Record<string, unknown> {
  return { name, type: 'signature', required: true, signature: dataUri };
}

/**
 * C9. Which of two overlapping bookings keeps the time. Cliniko accepts double bookings and
 * only says `conflicts.exist`. An appointment the proxy just made is cancelled when an
 * overlapping one was made before it (by `created_at`, then by id: Cliniko's ids grow over
 * time), or when nothing in the practitioner's individual appointments explains the
 * conflict (an unavailable block or a class). It is kept when every overlapping appointment
 * was made after it: those were made by someone who could see it (another proxy instance
 * cancels its own, by this same rule), so two racing proxies never both give the time up.
 */
export function madeBefore(
  a: Pick<IndividualAppointment, 'id' | 'created_at'>,
  b: Pick<IndividualAppointment, 'id' | 'created_at'>,
): boolean {
  const at = Date.parse(a.created_at ?? '');
  const bt = Date.parse(b.created_at ?? '');
  if (Number.isFinite(at) && Number.isFinite(bt) && at !== bt) return at < bt;
  return compareIds(a.id, b.id) < 0;
}

/** Compares two decimal id strings as numbers, without parsing them (they exceed 2^53). */
export function compareIds(a: string, b: string): number {
  const x = a.replace(/^0+/, '');
  const y = b.replace(/^0+/, '');
  if (x.length !== y.length) return x.length - y.length;
  return x < y ? -1 : x > y ? 1 : 0;
}

/**
 * C10. The reason sent when cancelling an appointment that lost a race: 50 ("Other"), the
 * only reason that fits; `cancellation_reason` is mandatory.
 */
export const CONFLICT_CANCELLATION = {
  cancellation_reason: 50,
  cancellation_note:
    'Cancelled automatically by online booking: another booking took this time at the same moment.',
  apply_to_repeats: false,
} as const;

/**
 * C10b. The reason sent when cancelling an appointment the proxy made twice for one booking
 * request (a write that committed after the proxy had given up on it, and the retry made
 * another): 50 ("Other") as in C10.
 */
export const DUPLICATE_CANCELLATION = {
  cancellation_reason: 50,
  cancellation_note:
    'Cancelled automatically by online booking: a duplicate of the same online booking, which is kept.',
  apply_to_repeats: false,
} as const;

/**
 * C10c. The reason sent when the patient cancels from their link: 50 ("Other"), with a note
 * saying it was the patient, online, and their own words if they gave any. The other
 * reasons (10 Feeling better, 30 Sick, …) are Cliniko's; the widget asks for free text.
 */
export const PATIENT_CANCELLATION_REASON = { cancellation_reason: 50, apply_to_repeats: false } as const;

/**
 * C11. `available_times` answers 404 when the business, practitioner or appointment type is
 * not enabled for online bookings (issues #245, #303). That practitioner then has no free
 * times; the others are still searched.
 */
export const AVAILABLE_TIMES_404_MEANS_NOT_ONLINE = true;

/**
 * C12. Finding an appointment by its start: DateTime filters have no documented `=`, so the
 * same instant is asked for with `>=` and `<=` (as the reference advises), in UTC with `Z`.
 */
export function sameInstantFilters(field: string, instant: Date): Array<[string, string]> {
  const utc = utcSeconds(instant);
  return [
    ['q[]', `${field}:>=${utc}`],
    ['q[]', `${field}:<=${utc}`],
  ];
}

/** `2026-11-24T09:00:00Z`: Cliniko's date-times are UTC, to the second. */
export function utcSeconds(instant: Date): string {
  return `${instant.toISOString().slice(0, 19)}Z`;
}
