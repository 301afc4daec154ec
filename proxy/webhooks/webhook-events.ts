/**
 * The bodies of the booking webhooks, built field by field from an allow-list: the booking's
 * times, the clinic, the patient's contact (name, email, phone), the service, the
 * practitioner, where the booking came from and the marketing consent. Nothing else of the
 * request can reach a body: never the waiver or its signature, the Medicare number, the date
 * of birth, the note or the intake answers, and not the change-or-cancel link's token either
 * (it would let whoever reads the CRM change the booking).
 *
 * The body is `{ type, timestamp, data }`, the Standard Webhooks envelope the capacity
 * events use too.
 */
import type { BookingSource } from '../../shared/booking-source.ts';
import type { Booking, ValidBookingRequest } from '../../shared/contract.ts';
import type { Clinic } from '../clinic.ts';
import type { BookingChange } from '../manage/manage-booking.ts';
import { sha256Hex } from '../security/sha256.ts';
import type { Json, JsonObject } from '../store/store.ts';
import type { BookingContact, NewWebhookDelivery, OutboxWrite } from '../store/webhook-outbox.ts';
import { toClinicIso } from '../time/clinic-time.ts';
import { wants, type WebhookConfig, type WebhookEventType } from './webhook-config.ts';

/** The patient's contact as the CRM gets it: four fields, nothing more. */
export interface WebhookPatient {
  firstName: string;
  lastName: string;
  email: string;
  phone: string;
}

/** What a booking's later events carry from its created event (`BookingContact.data`). */
export interface RememberedContact {
  patient: WebhookPatient;
  source: BookingSource | null;
  marketingConsent: boolean;
}

/** The parts of a booking request its events may read. */
export type BookingRequestContact = Pick<ValidBookingRequest, 'patient' | 'source' | 'marketingConsent'>;

const DAY_MS = 86_400_000;
const BOOKING_EVENTS = ['booking.created', 'booking.rescheduled', 'booking.cancelled'] as const;
const SOURCE_KEYS_ALLOWED = [
  'utm_source',
  'utm_medium',
  'utm_campaign',
  'utm_term',
  'utm_content',
  'gclid',
  'fbclid',
  'referrer',
  'landingPath',
] as const satisfies ReadonlyArray<keyof BookingSource>;

/**
 * A stable, opaque key for one clinic's webhook URL: the outbox never holds the URL (it may be
 * a capability), and two clinics sending to one URL (with their own secrets) stay apart.
 */
export async function webhookKey(clinicId: string, url: string): Promise<string> {
  return (await sha256Hex(`webhook|${clinicId}|${url}`)).slice(0, 24);
}

/** The event id for a booking's creation: the same for every retry of the request. */
export async function createdEventId(clinicId: string, idempotencyKey: string): Promise<string> {
  return `msg_${(await sha256Hex(`booking.created|${clinicId}|${idempotencyKey}`)).slice(0, 32)}`;
}

/** The event id for a move or cancel, from its `changeId`. */
export async function changeEventId(changeId: string): Promise<string> {
  return `msg_${(await sha256Hex(`booking.change|${changeId}`)).slice(0, 32)}`;
}

function sourceOf(source: BookingSource | undefined): BookingSource | null {
  if (!source) return null;
  const out: BookingSource = {};
  for (const key of SOURCE_KEYS_ALLOWED) if (source[key] !== undefined) out[key] = source[key];
  return Object.keys(out).length > 0 ? out : null;
}

/**
 * The contact of a validated booking request: the allow-list's first line. Consent counts only
 * where the clinic shows the box: a request that says `true` for a clinic that never asked was
 * not the patient's answer (Spam Act: no consent, no marketing).
 */
export function contactOf(request: BookingRequestContact, consentAsked: boolean): RememberedContact {
  const { firstName, lastName, email, phone } = request.patient;
  return {
    patient: { firstName, lastName, email, phone },
    source: sourceOf(request.source),
    marketingConsent: consentAsked && request.marketingConsent === true,
  };
}

function bookingData(
  clinic: Clinic,
  booking: Booking,
  contact: RememberedContact | null,
  extra: JsonObject = {},
): JsonObject {
  return {
    booking: {
      id: booking.id,
      start: booking.start,
      end: booking.end,
      timezone: booking.timezone,
      ...extra,
    },
    clinic: { id: clinic.config.id, name: clinic.config.name },
    patient: contact ? { ...contact.patient } : null,
    service: { id: booking.serviceId, name: booking.serviceName },
    practitioner: { id: booking.practitionerId, name: booking.practitionerName },
    source: contact?.source ? { ...contact.source } : null,
    marketingConsent: contact?.marketingConsent ?? false,
  };
}

/** One delivery per webhook of the clinic that takes `type`. */
export async function deliveriesFor(
  clinic: Pick<Clinic, 'config'>,
  eventId: string,
  type: WebhookEventType,
  payload: JsonObject,
): Promise<NewWebhookDelivery[]> {
  const hooks = clinic.config.webhooks.filter((hook: WebhookConfig) => wants(hook, type));
  return Promise.all(
    hooks.map(async (hook) => ({
      eventId,
      endpoint: await webhookKey(clinic.config.id, hook.url),
      clinicId: clinic.config.id,
      type,
      payload,
    })),
  );
}

/** The envelope: `{ type, timestamp, data }`, the timestamp in the clinic's zone. */
export function envelope(clinic: Clinic, type: WebhookEventType, at: Date, data: JsonObject): JsonObject {
  return { type, timestamp: toClinicIso(at, clinic.config.timezone), data };
}

/**
 * What a booking writes to the outbox with its idempotent completion: its `booking.created`
 * deliveries, and its contact for the events of later changes (only when some webhook takes
 * them). Undefined when the clinic has no webhook for bookings.
 */
export async function bookingCreatedWrite(
  clinic: Clinic,
  request: BookingRequestContact,
  booking: Booking,
  idempotencyKey: string,
  at: Date,
): Promise<OutboxWrite | undefined> {
  return createdWriteFor(clinic, clinicContactOf(clinic, request), booking, idempotencyKey, at);
}

/** The request's contact as this clinic's events carry it (consent only where the box is shown). */
function clinicContactOf(clinic: Pick<Clinic, 'config'>, request: BookingRequestContact): RememberedContact {
  return contactOf(request, clinic.config.marketingConsent?.enabled === true);
}

/** Whether some webhook of the clinic takes booking events (created, rescheduled or cancelled). */
export function wantsBookingEvents(clinic: Pick<Clinic, 'config'>): boolean {
  return clinic.config.webhooks.some((hook) => BOOKING_EVENTS.some((type) => wants(hook, type)));
}

/**
 * What a booking's pending record keeps for the reconciliation sweep to write its created
 * event, should the request never finish: the contact only (name, email, phone, source,
 * consent), and only when a webhook takes booking events. Removed with the record.
 */
export function pendingContactOf(
  clinic: Pick<Clinic, 'config'>,
  request: BookingRequestContact,
): RememberedContact | undefined {
  return wantsBookingEvents(clinic) ? clinicContactOf(clinic, request) : undefined;
}

/**
 * `bookingCreatedWrite` from a contact already through the allow-list (a pending record's):
 * the same event id, so the sweep and a patient's late retry write one event.
 */
export async function createdWriteFor(
  clinic: Clinic,
  contact: RememberedContact,
  booking: Booking,
  idempotencyKey: string,
  at: Date,
): Promise<OutboxWrite | undefined> {
  const eventId = await createdEventId(clinic.config.id, idempotencyKey);
  const payload = envelope(
    clinic,
    'booking.created',
    at,
    bookingData(clinic, booking, contact, { status: 'booked' }),
  );
  const deliveries = await deliveriesFor(clinic, eventId, 'booking.created', payload);
  const later = clinic.config.webhooks.some(
    (hook) => wants(hook, 'booking.rescheduled') || wants(hook, 'booking.cancelled'),
  );
  if (deliveries.length === 0 && !later) return undefined;
  const remembered: BookingContact | undefined = later
    ? {
        clinicId: clinic.config.id,
        appointmentId: booking.id,
        data: contact as unknown as JsonObject,
        keepUntil: Date.parse(booking.end) + DAY_MS,
      }
    : undefined;
  return { deliveries, ...(remembered ? { contact: remembered } : {}) };
}

function isRememberedContact(value: Json | null): value is JsonObject & RememberedContact {
  return (
    value !== null &&
    typeof value === 'object' &&
    !Array.isArray(value) &&
    typeof value.patient === 'object' &&
    typeof value.marketingConsent === 'boolean'
  );
}

/**
 * The deliveries of a patient's move or cancel. The patient's contact, source and consent
 * come from what the booking's created event recorded (the practice system is not asked:
 * the proxy reads no patient records after booking); a booking made before the clinic had
 * webhooks, or by other means, has `patient` and `source` null and consent false.
 */
export async function bookingChangedDeliveries(
  clinic: Clinic,
  change: BookingChange,
  remembered: Json | null,
  at: Date,
): Promise<NewWebhookDelivery[]> {
  const contact = isRememberedContact(remembered) ? contactFrom(remembered) : null;
  const extra: JsonObject =
    change.type === 'booking.rescheduled'
      ? { status: 'booked', ...(change.previous ? { previous: { ...change.previous } } : {}) }
      : { status: 'cancelled' };
  const payload = envelope(clinic, change.type, at, bookingData(clinic, change.booking, contact, extra));
  return deliveriesFor(clinic, await changeEventId(change.changeId), change.type, payload);
}

/** The remembered contact, through the same allow-list again (a stored row is input too). */
export function contactFrom(value: RememberedContact): RememberedContact {
  const p = value.patient;
  const text = (v: unknown) => (typeof v === 'string' ? v : '');
  return {
    patient: {
      firstName: text(p.firstName),
      lastName: text(p.lastName),
      email: text(p.email),
      phone: text(p.phone),
    },
    source: sourceOf(value.source ?? undefined),
    marketingConsent: value.marketingConsent === true,
  };
}
