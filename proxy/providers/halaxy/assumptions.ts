/**
 * Every detail of Halaxy's API that the provider relies on but that no source confirms
 * (marked UNCONFIRMED in `shared/reference/halaxy-api.md`), in one place. Each is a named
 * constant or function, says what the reference says, and how a clinic with a live API key
 * can settle it. Everything else in `providers/halaxy/` builds only on confirmed behaviour.
 * docs/halaxy.md lists these; `assumptions.test.ts` pins each one.
 */
import type {
  ChargeItemDefinition,
  FhirAppointment,
  FhirOrganization,
  FhirSlot,
  HealthcareService,
  OperationOutcome,
  PractitionerRole,
} from './fhir-types.ts';
import { extensionNamed, referencedId, referenceTo } from './references.ts';

/**
 * A1. Page size for searches. The reference: `_count` works (C2 uses 100 live); the maximum
 * is unconfirmed (a third-party listing says 1–100, default 30). Paging follows
 * `link[relation=next]`, so a smaller real maximum only costs more requests.
 * Settle: `GET /main/Patient?_count=100` and count the entries of a large practice.
 */
export const PAGE_SIZE = 100;

/**
 * A2. How `Appointment/$find` takes the practitioner role: a bare `PR-…` id. The reference:
 * C3 passed a bare id for `practitioner` in production; for `practitioner-role` bare vs
 * `PractitionerRole/PR-…` is unconfirmed.
 * Settle: `GET /main/Appointment/$find?start=…&end=…&duration=30&practitioner-role=PR-…`
 * with both forms; the right one returns only that role's times.
 */
export function findPractitionerRoleParam(roleId: string): string {
  return roleId;
}

/**
 * A3. What `$find` returns per free time. The reference: a Bundle whose entries carry
 * `start`, `end` and a `participant[].actor` PractitionerRole reference (C1 live reads
 * these); whether the entries are `Appointment` or `Slot` resources is unconfirmed. We read
 * both, and take the role from the participant when it is there, else the role we asked
 * about. Settle: look at one `$find` answer.
 */
export const FIND_RESULT_TYPES = ['Appointment', 'Slot'] as const;

export function readFindEntry(
  entry: FhirAppointment | FhirSlot,
  askedRoleId: string,
): { start: string; roleId: string } | null {
  if (!entry.start) return null;
  if (entry.resourceType === 'Appointment') {
    const roles = (entry.participant ?? [])
      .map((p) => referencedId(p.actor, 'PractitionerRole'))
      .filter((id): id is string => id !== null);
    return { start: entry.start, roleId: roles[0] ?? askedRoleId };
  }
  return { start: entry.start, roleId: askedRoleId };
}

/**
 * A4. Finding a practitioner's appointments on a day: `Appointment?actor=PractitionerRole/PR-…`
 * with `date=ge…&date=lt…`. The reference: `date` is live (C2), `actor` is in C3's code
 * only; `practitioner-role` is listed by a third party. Results are filtered again on our
 * side (C1 saw documented filters silently ignored), so an ignored `actor` costs requests,
 * never correctness. Used for the double-booking guard just before `$book`.
 * Settle: search with `actor=` for one practitioner and check no one else's appear.
 */
export function appointmentsOfRoleParams(roleId: string): Record<string, string> {
  return { actor: `PractitionerRole/${roleId}` };
}

/**
 * A5. What `$book` answers when the time is no longer free. The reference: unconfirmed
 * (a third-party connector says 409 "by default"); it might also be a 422, or Halaxy might
 * double-book silently, which is why the provider checks the diary itself just before
 * booking (A4). We treat 409, and a 400/422 whose OperationOutcome says `conflict` or
 * `duplicate`, as "slot taken"; any other refusal is an upstream error.
 * Settle: book a time that is already taken, once, in a test practice.
 */
export function isBookingConflict(status: number, outcome: OperationOutcome | null): boolean {
  if (status === 409) return true;
  if (status !== 400 && status !== 422) return false;
  return (outcome?.issue ?? []).some((issue) => issue.code === 'conflict' || issue.code === 'duplicate');
}

/**
 * A6. HealthcareService (appointment type) extensions. The reference: the fields exist
 * (docs) but their URLs are unconfirmed, "probably
 * `https://terminology.halaxy.com/StructureDefinition/<name>`", so we match the URL's last
 * segment. Online booking: `healthcare-service-allow-online-booking` with `"No"`,
 * `"Yes - any bookable appointment time"` or `"Yes - only appointments matching the type"`;
 * a type without the extension is treated as not bookable online (and logged), so a wrong
 * guess hides services rather than offering ones the clinic keeps offline.
 * Duration: the docs call it a `valueQuantity` extension `{value, unit: "minute"}` without
 * naming it; we take the first extension with a minute quantity.
 * Settle: `GET /main/HealthcareService/<id>` for one type with online booking on and off.
 */
export const ALLOW_ONLINE_BOOKING_EXTENSION = 'healthcare-service-allow-online-booking';

export function allowsOnlineBooking(service: HealthcareService): boolean | null {
  const extension = extensionNamed(service.extension, ALLOW_ONLINE_BOOKING_EXTENSION);
  const value = extension?.valueString ?? extension?.valueCode ?? extension?.valueCoding?.code;
  if (value === undefined) return null;
  return value.trim().toLowerCase().startsWith('yes');
}

export function serviceDurationMinutes(service: HealthcareService): number | null {
  for (const extension of service.extension ?? []) {
    const quantity = extension.valueQuantity;
    const unit = (quantity?.unit ?? quantity?.code ?? '').toLowerCase();
    if (quantity?.value && quantity.value > 0 && (unit === 'min' || unit.startsWith('minute'))) {
      return Math.round(quantity.value);
    }
  }
  return null;
}

/**
 * A7. Which appointment types belong to this clinic. The reference: `providedBy` is the
 * practice group; clinic-level types may exist (unconfirmed). We keep a type provided by
 * this clinic, by a practice group (`PG-…`), or by no one named, and drop one provided by
 * another clinic (`CL-…`).
 * Settle: list HealthcareServices in a practice with two clinics.
 */
export function serviceBelongsToClinic(service: HealthcareService, organizationId: string): boolean {
  const provider = referencedId(service.providedBy, 'Organization');
  return provider === null || provider === organizationId || !provider.startsWith('CL-');
}

/**
 * A8. Who offers which appointment type. The reference documents no link between a
 * practitioner and an appointment type. FHIR R4 has `PractitionerRole.healthcareService[]`:
 * when Halaxy fills it we follow it; when it is absent, every active practitioner at the
 * clinic offers every type.
 * Settle: `GET /main/PractitionerRole/PR-…` and look for `healthcareService`.
 */
export function roleOffersService(role: PractitionerRole, serviceId: string): boolean {
  if (!role.healthcareService || role.healthcareService.length === 0) return true;
  return role.healthcareService.some((ref) => referencedId(ref, 'HealthcareService') === serviceId);
}

/**
 * A9. Prices. The reference: fees are `ChargeItemDefinition`s (list/read, fields
 * unconfirmed) and an appointment type is "optionally linked to a fee" by an unnamed field.
 * We take the fee from an extension whose URL ends in `charge-item-definition` (e.g.
 * `…/healthcare-service-charge-item-definition`) with a
 * `valueReference`, and its price from FHIR R4's
 * `propertyGroup[].priceComponent[type=base].amount`. When either is missing the service
 * shows no price (the widget handles that).
 * Settle: `GET /main/HealthcareService/<id>` of a type with a fee, then its ChargeItemDefinition.
 */
export const SERVICE_FEE_EXTENSION_SUFFIX = 'charge-item-definition';

export function serviceFeeId(service: HealthcareService): string | null {
  const link = service.extension?.find(
    (e) => e.url.endsWith(SERVICE_FEE_EXTENSION_SUFFIX) && e.valueReference,
  );
  return referencedId(link?.valueReference, 'ChargeItemDefinition');
}

export function feePrice(fee: ChargeItemDefinition): { amountCents: number; currency: string } | null {
  for (const group of fee.propertyGroup ?? []) {
    for (const component of group.priceComponent ?? []) {
      const amount = component.amount;
      if (component.type === 'base' && amount?.value !== undefined && amount.value >= 0) {
        return {
          amountCents: Math.round(amount.value * 100),
          currency: (amount.currency ?? 'AUD').toUpperCase(),
        };
      }
    }
  }
  return null;
}

/**
 * A10. The Medicare card as a `Coverage`. The reference: the field names are documented
 * (`beneficiary`, `subscriber`, `subscriberID` = card number, `dependent` = IRN, `payor` =
 * the Medicare funder `FD-…`), but no client has created one live; this body is the
 * reference's illustration.
 * Settle: create one for a test patient and open the patient's claim details in Halaxy.
 */
export function medicareCoverage(
  baseUrl: string,
  patientId: string,
  funderId: string,
  medicareNumber: string,
  irn: string | undefined,
): Record<string, unknown> {
  const patient = referenceTo(baseUrl, 'Patient', patientId);
  return {
    resourceType: 'Coverage',
    status: 'active',
    beneficiary: patient,
    subscriber: patient,
    subscriberID: medicareNumber,
    ...(irn ? { dependent: irn } : {}),
    payor: [referenceTo(baseUrl, 'Organization', funderId)],
  };
}

/**
 * A11. The signed waiver as one clinical note carrying both a short HTML body and the PDF.
 * The reference: `content[].attachment` with raw HTML `data` was created live (C1); the
 * top-level `attachments[]` (base64 PDF) is documented; sending both in one call is per the
 * docs but unconfirmed. Settle: create one note and open it in Halaxy.
 */
export function waiverDocumentReference(parts: {
  baseUrl: string;
  patientId: string;
  roleId: string;
  date: string;
  description: string;
  docStatus: 'final' | 'preliminary';
  html: string;
  pdfBase64: string;
  fileName: string;
}): Record<string, unknown> {
  return {
    resourceType: 'DocumentReference',
    status: 'current',
    docStatus: parts.docStatus,
    date: parts.date,
    description: parts.description,
    subject: referenceTo(parts.baseUrl, 'Patient', parts.patientId),
    author: [referenceTo(parts.baseUrl, 'PractitionerRole', parts.roleId)],
    content: [{ attachment: { contentType: 'text/html', data: parts.html } }],
    attachments: [{ contentType: 'application/pdf', data: parts.pdfBase64, title: parts.fileName }],
  };
}

/**
 * A12. The participant status a patient's own cancellation writes: `cancelled (no charge)`,
 * as the live test did (reference §2.7); reading it back shows a code starting `cancelled`.
 * Whether Halaxy would charge a late-cancellation fee under another code is the clinic's
 * policy, not the patient's to choose, so the proxy never writes one.
 */
export const PATIENT_CANCELLED_STATUS = 'cancelled (no charge)';

/**
 * A13. Finding the Medicare funder when the clinic has not configured its id:
 * `GET /main/Organization?name=Medicare`, keeping an active organisation with an `FD-` id
 * whose name is "Medicare" (or "Medicare Australia"). The reference: Organization search
 * with `name=` was used live (C2); funders are Organizations with `FD-` ids, "e.g. Medicare"
 * (§1), and a Medicare `Coverage` needs its id, "find via `GET /Organization`" (§2.9). That
 * funders are returned by that search and what Halaxy names Medicare's funder are
 * UNCONFIRMED. The name is compared again here, as string search may match by prefix.
 * Settle: `GET /main/Organization?name=Medicare` on a live account and read the `FD-` entry.
 */
export const MEDICARE_FUNDER_SEARCH = { name: 'Medicare' } as const;

const MEDICARE_FUNDER_NAMES = new Set(['medicare', 'medicare australia']);

/** True for the Medicare funder (A13): an active `FD-` organisation named Medicare. */
export function isMedicareFunder(organization: FhirOrganization): boolean {
  const name = (organization.name ?? '').trim().replace(/\s+/g, ' ').toLowerCase();
  return (
    organization.id.startsWith('FD-') && organization.active !== false && MEDICARE_FUNDER_NAMES.has(name)
  );
}
