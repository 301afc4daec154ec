/**
 * A fake Cliniko API (v1) as msw handlers over in-memory state, following
 * `shared/reference/cliniko-api.md` and `cliniko-openapi.yaml`:
 *
 * - one shard's host (`https://api.au2.cliniko.com/v1` for the key's `-au2`); HTTP Basic
 *   with the key as user name (with or without its shard suffix) and an empty password,
 *   else 401 `HTTP Basic: Access denied.`; a 403 without a `User-Agent` naming an app and a
 *   contact email; 200 requests a minute per key, then 429 with `X-RateLimit-Reset`
 *   (epoch seconds, on the real clock, as Cliniko's is);
 * - lists with `q[]` filters, `per_page` (default 50, at most 100), `page`, `total_entries`
 *   and absolute `links` (`cliniko-query.ts`); ids as 19-digit strings;
 * - `available_times` with its 400 for a window over 7 days or before today in the
 *   account's zone, its 404 for anything not bookable online, booked times left out;
 * - patients (email filter case-sensitive), individual appointments (double bookings
 *   accepted, as Cliniko does), `conflicts`, `cancel`, attendees, and patient forms whose
 *   content is validated as Cliniko does (`cliniko-forms.ts`), with signatures kept apart;
 * - 422 `{"message":"Validation Failed","errors":{…}}` for bad writes.
 *
 * Faults can be injected per operation: a refusal before anything happens, a response lost
 * or delayed after a write committed, a write that commits late (after the client gave up),
 * or a hook run just before a request is handled.
 */
import { delay, http, HttpResponse, type RequestHandler } from 'msw';
import { daysBetweenIsoDates, isIsoDate } from '../../../shared/dates.ts';
import { datesBetween, instantAt, localDateOf, weekdayOf } from '../../../proxy/time/clinic-time.ts';
import { checkFormContent, type StoredSignature } from './cliniko-forms.ts';
import {
  applyFilters,
  badRequest,
  listPage,
  notFound,
  parseFilters,
  validationFailed,
  type FieldType,
  type Json,
} from './cliniko-query.ts';
import { createSeed, SEED_TIMEZONE, type Seed, type SeedOptions, type SeedPatient } from './cliniko-seed.ts';
import { FaultPlan } from '../fault-plan.ts';

export const CLINIKO_SHARD = 'au2';
export const CLINIKO_PUBLIC_BASE = `https://api.${CLINIKO_SHARD}.cliniko.com/v1`;
export const FAKE_API_KEY = 'MS0xNzcwZmFrZWNsaW5pa29rZXk5OWQ3YzRlMmE-au2';
export const RATE_LIMIT_PER_MINUTE = 200;
/** Free times start on this grid within a practitioner's hours. */
export const SLOT_STEP_MINUTES = 15;
const CANCELLATION_REASONS = new Set([10, 20, 30, 40, 50, 60]);
const PHONE_TYPES = new Set(['Mobile', 'Home', 'Work', 'Fax', 'Other']);

export type FakeOperation =
  | 'user.get'
  | 'businesses.list'
  | 'businesses.get'
  | 'business_practitioners.list'
  | 'appointment_types.list'
  | 'practitioner_appointment_types.list'
  | 'appointment_type_practitioners.list'
  | 'practitioners.list'
  | 'available_times.list'
  | 'patients.search'
  | 'patients.create'
  | 'patients.update'
  | 'appointments.search'
  | 'appointments.create'
  | 'appointments.get'
  | 'appointments.update'
  | 'appointments.cancel'
  | 'settings.public'
  | 'appointments.conflicts'
  | 'attendees.list'
  | 'patient_forms.search'
  | 'patient_forms.create'
  | 'signatures.get'
  | 'other';

export type Fault =
  /** Answer this status without doing anything (a JSON body unless `body` is given). */
  | { kind: 'refuse'; status: number; headers?: Record<string, string>; body?: string }
  /** Do the work (commit a write), then drop the connection: the client never hears. */
  | { kind: 'lose-response' }
  /** Do the work, then answer only after `ms`: a client with a shorter timeout gives up. */
  | { kind: 'slow-response'; ms: number }
  /**
   * Hold the request `ms`, then do the work and answer: a write that commits late, after a
   * client with a shorter timeout has given up (and perhaps retried), as a busy Cliniko does.
   */
  | { kind: 'commit-late'; ms: number };

export interface RecordedRequest {
  method: string;
  operation: FakeOperation;
  /** Path under `/v1`, e.g. `/patients`. */
  path: string;
  /** The raw query string as sent, e.g. `?q%5B%5D=email%3A%3D…`. */
  rawQuery: string;
  /** The decoded query, in order. */
  query: Array<[string, string]>;
  headers: {
    userAgent: string | null;
    accept: string | null;
    contentType: string | null;
    authorization: string | null;
  };
  body: unknown;
  status: number;
}

export interface FakeAppointment {
  id: string;
  attendeeId: string;
  patientId: string;
  practitionerId: string;
  typeId: string;
  businessId: string;
  startsAt: number;
  endsAt: number;
  notes: string | null;
  createdAt: number;
  updatedAt: number;
  cancelledAt: number | null;
  cancellationReason: number | null;
  cancellationNote: string | null;
}

export interface FakeForm {
  id: string;
  patientId: string;
  attendeeId: string | null;
  appointmentId: string | null;
  businessId: string | null;
  name: string;
  content: Json | null;
  completedAt: number | null;
  createdAt: number;
  restrictedToPractitioner: boolean;
  signatureIds: string[];
}

export interface ClinikoFakeOptions {
  /** The practice's clock: today, past times, created_at. */
  now?: () => number;
  /** The clock the rate limit and `X-RateLimit-Reset` use; the real one by default. */
  rateNow?: () => number;
  apiKey?: string;
  seed?: SeedOptions;
  /** The account's `online_bookings.min_hours_notice_for_patient_cancellation`; default 24. */
  cancellationNoticeHours?: number | null;
}

const PATIENT_FILTERS: Record<string, FieldType> = {
  accepted_privacy_policy: 'bool',
  archived_at: 'datetime',
  created_at: 'datetime',
  date_of_birth: 'date',
  email: 'string',
  first_name: 'string',
  id: 'id',
  last_name: 'string',
  old_reference_id: 'string',
  preferred_first_name: 'string',
  updated_at: 'datetime',
};
const APPOINTMENT_FILTERS: Record<string, FieldType> = {
  appointment_type_id: 'id',
  archived_at: 'datetime',
  business_id: 'id',
  cancelled_at: 'datetime',
  created_at: 'datetime',
  deleted_at: 'datetime',
  did_not_arrive: 'bool',
  ends_at: 'datetime',
  id: 'id',
  patient_id: 'id',
  practitioner_id: 'id',
  repeated_from_id: 'id',
  starts_at: 'datetime',
  updated_at: 'datetime',
};
const FORM_FILTERS: Record<string, FieldType> = {
  archived_at: 'datetime',
  attendee_id: 'id',
  completed_at: 'datetime',
  created_at: 'datetime',
  id: 'id',
  patient_id: 'id',
  updated_at: 'datetime',
};
const TYPE_FILTERS: Record<string, FieldType> = {
  archived_at: 'datetime',
  category: 'string',
  created_at: 'datetime',
  id: 'id',
  online_payments_mode: 'string',
  show_in_online_bookings: 'bool',
  updated_at: 'datetime',
};
const PRACTITIONER_FILTERS: Record<string, FieldType> = {
  active: 'bool',
  created_at: 'datetime',
  id: 'id',
  show_in_online_bookings: 'bool',
  updated_at: 'datetime',
  user_id: 'id',
};
const BUSINESS_FILTERS: Record<string, FieldType> = {
  appointment_type_ids: 'array',
  archived_at: 'datetime',
  created_at: 'datetime',
  deleted_at: 'datetime',
  id: 'id',
  show_in_online_bookings: 'bool',
  updated_at: 'datetime',
};

export class ClinikoFake {
  readonly requests: RecordedRequest[] = [];
  readonly seed: Seed;
  readonly timezone = SEED_TIMEZONE;
  readonly patients: Array<SeedPatient & Json>;
  readonly appointments: FakeAppointment[] = [];
  readonly forms: FakeForm[] = [];
  readonly signatures: StoredSignature[] = [];
  /** Every request fails at the network level while true: the practice system is down. */
  down = false;
  readonly #now: () => number;
  readonly #rateNow: () => number;
  readonly #apiKey: string;
  readonly #sent: number[] = [];
  readonly #plan = new FaultPlan<FakeOperation, Fault>();
  readonly #ids = new Map<string, bigint>();
  /** The account's notice for patient cancellations, in hours (Settings → Online bookings). */
  cancellationNoticeHours: number | null;

  constructor(options: ClinikoFakeOptions = {}) {
    this.cancellationNoticeHours =
      options.cancellationNoticeHours === undefined ? 24 : options.cancellationNoticeHours;
    this.#now = options.now ?? Date.now;
    this.#rateNow = options.rateNow ?? Date.now;
    this.#apiKey = options.apiKey ?? FAKE_API_KEY;
    this.seed = createSeed(options.seed);
    this.patients = structuredClone(this.seed.patients) as Array<SeedPatient & Json>;
    for (const a of this.seed.appointments) {
      const start = instantAt(a.date, a.startMinutes, this.timezone).getTime();
      const appointment = this.#addAppointment({
        patientId: a.patientId,
        practitionerId: a.practitionerId,
        typeId: a.typeId,
        businessId: this.seed.businesses[0]!.id,
        startsAt: start,
        endsAt: start + a.minutes * 60_000,
        notes: null,
      });
      if (a.cancelled) {
        appointment.cancelledAt = this.#now();
        appointment.cancellationReason = 30;
      }
    }
  }

  /** The handlers for the fake's shard. */
  handlers(base = CLINIKO_PUBLIC_BASE): RequestHandler[] {
    return [http.all(`${base}/*`, async ({ request }) => this.#handle(request, base))];
  }

  /** The next `times` requests for `operation` meet `fault`. */
  failNext(operation: FakeOperation, fault: Fault, times = 1): void {
    this.#plan.failNext(operation, fault, times);
  }

  /** Runs `run` just before the next request for `operation` is handled (e.g. reception books the slot). */
  beforeNext(operation: FakeOperation, run: () => void): void {
    this.#plan.beforeNext(operation, run);
  }

  /** Counts `count` requests against the key's rate limit as sent at `at` (real-clock ms): another app using the key. */
  spendRateLimit(count: number, at = this.#rateNow()): void {
    for (let i = 0; i < count; i += 1) this.#sent.push(at);
    this.#sent.sort((a, b) => a - b);
  }

  requestsFor(operation: FakeOperation): RecordedRequest[] {
    return this.requests.filter((r) => r.operation === operation);
  }

  /** Live (not cancelled) appointments of a patient. */
  liveAppointmentsOf(patientId: string): FakeAppointment[] {
    return this.appointments.filter((a) => a.patientId === patientId && a.cancelledAt === null);
  }

  /** Live appointments of a practitioner starting at `start`. */
  liveAt(practitionerId: string, start: number): FakeAppointment[] {
    return this.appointments.filter(
      (a) => a.practitionerId === practitionerId && a.startsAt === start && a.cancelledAt === null,
    );
  }

  /** Books a time directly, as reception would in Cliniko's own screens. */
  bookDirectly(
    practitionerId: string,
    typeId: string,
    start: number,
    minutes: number,
    patientId: string = this.seed.patients[2]!.id,
  ): FakeAppointment {
    return this.#addAppointment({
      patientId,
      practitionerId,
      typeId,
      businessId: this.seed.businesses[0]!.id,
      startsAt: start,
      endsAt: start + minutes * 60_000,
      notes: 'Booked by reception',
    });
  }

  async #handle(request: Request, base: string): Promise<Response> {
    const url = new URL(request.url);
    const path = url.pathname.slice(new URL(base).pathname.length);
    const operation = operationOf(request.method, path);
    const text = request.method === 'GET' ? '' : await request.text();
    let body: unknown;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      body = text;
    }
    const record: RecordedRequest = {
      method: request.method,
      operation,
      path,
      rawQuery: url.search,
      query: [...url.searchParams.entries()],
      headers: {
        userAgent: request.headers.get('user-agent'),
        accept: request.headers.get('accept'),
        contentType: request.headers.get('content-type'),
        authorization: request.headers.get('authorization'),
      },
      body,
      status: 0,
    };
    this.requests.push(record);
    if (this.down) return HttpResponse.error();
    const response = await this.#respond(request, url, path, operation, body, typeof body === 'string');
    record.status = response.type === 'error' ? 0 : response.status;
    return response;
  }

  async #respond(
    request: Request,
    url: URL,
    path: string,
    operation: FakeOperation,
    body: unknown,
    unparsable: boolean,
  ): Promise<Response> {
    // An app must say who it is and how to reach its maker, or Cliniko may block it.
    if (!/\([^()\s]+@[^()\s]+\)/.test(request.headers.get('user-agent') ?? '')) {
      return new Response('Requests must send a User-Agent with an app name and a contact email.', {
        status: 403,
      });
    }
    if (!this.#authorised(request.headers.get('authorization'))) {
      return new Response('HTTP Basic: Access denied.\n', {
        status: 401,
        headers: { 'WWW-Authenticate': 'Basic realm="Application"' },
      });
    }
    const limited = this.#rateLimit();
    if (limited) return limited;

    const fault = this.#plan.take(operation);
    if (fault?.kind === 'refuse') {
      return new Response(fault.body ?? JSON.stringify({ message: 'Injected failure' }), {
        status: fault.status,
        headers: { 'Content-Type': 'application/json', ...fault.headers },
      });
    }
    if (request.method !== 'GET' && unparsable) return badRequest('The body must be JSON.');
    // The client may be gone by then; the work is done all the same, as a server would.
    if (fault?.kind === 'commit-late') await delay(fault.ms);
    const response = this.#route(request.method, path, url, (body ?? {}) as Json);
    if (fault?.kind === 'lose-response') return HttpResponse.error();
    if (fault?.kind === 'slow-response') await delay(fault.ms);
    return response;
  }

  #authorised(header: string | null): boolean {
    const encoded = /^Basic ([A-Za-z0-9+/=]+)$/.exec(header ?? '')?.[1];
    if (!encoded) return false;
    const decoded = atob(encoded);
    const colon = decoded.lastIndexOf(':');
    if (colon < 0 || decoded.slice(colon + 1) !== '') return false;
    const user = decoded.slice(0, colon);
    const bare = this.#apiKey.replace(/-[a-z]{2}\d{1,2}$/i, '');
    return user === this.#apiKey || user === bare;
  }

  #rateLimit(): Response | null {
    const now = this.#rateNow();
    while (this.#sent.length > 0 && this.#sent[0]! <= now - 60_000) this.#sent.shift();
    if (this.#sent.length >= RATE_LIMIT_PER_MINUTE) {
      const reset = Math.ceil((this.#sent[0]! + 60_000) / 1000);
      return new Response('Rate limit exceeded', {
        status: 429,
        headers: { 'X-RateLimit-Reset': String(reset) },
      });
    }
    this.#sent.push(now);
    return null;
  }

  #route(method: string, path: string, url: URL, body: Json): Response {
    const seg = path.split('/').filter(Boolean);
    const route = `${method} /${seg.map((s) => (/^\d+$/.test(s) ? ':id' : s)).join('/')}`;
    const id = (i: number) => seg[i]!;
    switch (route) {
      case 'GET /user':
        return Response.json({
          id: '1',
          first_name: 'API',
          last_name: 'User',
          role: 'administrator',
          time_zone_identifier: this.timezone,
        });
      case 'GET /businesses':
        return this.#list(
          url,
          'businesses',
          this.seed.businesses.map((b) => this.#businessJson(b.id)),
          BUSINESS_FILTERS,
          ['archived_at'],
        );
      case 'GET /businesses/:id':
        return this.seed.businesses.some((b) => b.id === id(1))
          ? Response.json(this.#businessJson(id(1)))
          : notFound();
      case 'GET /businesses/:id/practitioners':
        if (!this.seed.businesses.some((b) => b.id === id(1))) return notFound();
        return this.#list(
          url,
          'practitioners',
          this.#activePractitioners()
            .filter((p) => p.businessIds.includes(id(1)))
            .map((p) => this.#practitionerJson(p.id)),
          PRACTITIONER_FILTERS,
        );
      case 'GET /practitioners':
        return this.#list(
          url,
          'practitioners',
          this.#activePractitioners().map((p) => this.#practitionerJson(p.id)),
          PRACTITIONER_FILTERS,
        );
      case 'GET /practitioners/:id/appointment_types': {
        const p = this.seed.practitioners.find((x) => x.id === id(1));
        if (!p) return notFound();
        return this.#list(
          url,
          'appointment_types',
          this.#liveTypes()
            .filter((t) => p.typeIds.includes(t.id))
            .map((t) => this.#typeJson(t.id)),
          TYPE_FILTERS,
        );
      }
      case 'GET /appointment_types':
        return this.#list(
          url,
          'appointment_types',
          this.#liveTypes().map((t) => this.#typeJson(t.id)),
          TYPE_FILTERS,
        );
      case 'GET /appointment_types/:id/practitioners':
        if (!this.seed.types.some((t) => t.id === id(1))) return notFound();
        return this.#list(
          url,
          'practitioners',
          this.#activePractitioners()
            .filter((p) => p.typeIds.includes(id(1)))
            .map((p) => this.#practitionerJson(p.id)),
          PRACTITIONER_FILTERS,
        );
      case 'GET /businesses/:id/practitioners/:id/appointment_types/:id/available_times':
        return this.#availableTimes(url, id(1), id(3), id(5));
      case 'GET /patients':
        return this.#list(
          url,
          'patients',
          this.patients.map((p) => this.#patientJson(p)),
          PATIENT_FILTERS,
          ['archived_at'],
        );
      case 'POST /patients':
        return this.#createPatient(body);
      case 'PATCH /patients/:id':
        return this.#updatePatient(id(1), body);
      case 'GET /individual_appointments':
        return this.#list(
          url,
          'individual_appointments',
          this.appointments.map((a) => this.#appointmentJson(a)),
          APPOINTMENT_FILTERS,
          ['cancelled_at', 'archived_at', 'deleted_at'],
        );
      case 'POST /individual_appointments':
        return this.#createAppointment(body);
      case 'GET /individual_appointments/:id': {
        const a = this.appointments.find((x) => x.id === id(1));
        return a ? Response.json(publicJson(this.#appointmentJson(a))) : notFound();
      }
      case 'PATCH /individual_appointments/:id':
        return this.#updateAppointment(id(1), body);
      case 'PATCH /individual_appointments/:id/cancel':
        return this.#cancel(id(1), body);
      case 'GET /settings/public':
        return Response.json({
          account: { id: '1', name: 'Harbourside Physio', country_code: 'AU', time_zone_support: false },
          online_bookings: {
            enabled: true,
            allow_bookings_days_in_advance: 84,
            min_hours_advance_required_to_book: 2,
            min_hours_notice_for_patient_cancellation: this.cancellationNoticeHours,
            policy: 'Cancellations need 24 hours notice.',
          },
        });
      case 'GET /individual_appointments/:id/conflicts': {
        const a = this.appointments.find((x) => x.id === id(1));
        if (!a) return notFound();
        return Response.json({
          conflicts: { exist: this.#overlapping(a.practitionerId, a.startsAt, a.endsAt, a.id).length > 0 },
        });
      }
      case 'GET /individual_appointments/:id/attendees': {
        const a = this.appointments.find((x) => x.id === id(1));
        if (!a) return notFound();
        return listPage(url, 'attendees', [this.#attendeeJson(a)]);
      }
      case 'GET /patient_forms':
        return this.#list(
          url,
          'patient_forms',
          this.forms.map((f) => this.#formJson(f)),
          FORM_FILTERS,
          ['archived_at'],
        );
      case 'POST /patient_forms':
        return this.#createForm(body);
      case 'GET /patient_forms/:id/signatures/:id': {
        const form = this.forms.find((f) => f.id === id(1));
        const signature = form?.signatureIds.includes(id(3))
          ? this.signatures.find((s) => s.id === id(3))
          : undefined;
        if (!signature) return notFound();
        return Response.json({
          id: signature.id,
          image: signature.image,
          links: { self: `${CLINIKO_PUBLIC_BASE}/patient_forms/${id(1)}/signatures/${signature.id}` },
        });
      }
      default:
        return notFound();
    }
  }

  #list(
    url: URL,
    key: string,
    items: Json[],
    allowed: Record<string, FieldType>,
    hidden: string[] = [],
  ): Response {
    const filters = parseFilters(url, allowed);
    if (filters instanceof Response) return filters;
    return listPage(
      url,
      key,
      applyFilters(items, filters, allowed, (item, field) => item[field], hidden).map(publicJson),
    );
  }

  #activePractitioners() {
    return this.seed.practitioners.filter((p) => p.active);
  }

  #liveTypes() {
    return this.seed.types.filter((t) => t.archived_at === null);
  }

  #availableTimes(url: URL, businessId: string, practitionerId: string, typeId: string): Response {
    const business = this.seed.businesses.find((b) => b.id === businessId);
    const practitioner = this.seed.practitioners.find((p) => p.id === practitionerId);
    const type = this.seed.types.find((t) => t.id === typeId);
    // Anything not bookable online answers 404, body empty (issues #245, #303).
    if (
      !business?.show_in_online_bookings ||
      !practitioner?.show_in_online_bookings ||
      !practitioner.active ||
      !practitioner.businessIds.includes(businessId)
    ) {
      return notFound(true);
    }
    if (
      !type?.show_in_online_bookings ||
      type.archived_at ||
      !practitioner.typeIds.includes(typeId) ||
      !business.appointment_type_ids.includes(typeId)
    ) {
      return notFound(true);
    }
    const from = url.searchParams.get('from') ?? '';
    const to = url.searchParams.get('to') ?? '';
    const today = localDateOf(new Date(this.#now()), this.timezone);
    if (
      !isIsoDate(from) ||
      !isIsoDate(to) ||
      to < from ||
      from < today ||
      daysBetweenIsoDates(from, to) > 7
    ) {
      return badRequest('Invalid time frame definition. Please check from/to param limitations.');
    }
    const earliest = this.#now() + (type.online_bookings_lead_time_hours ?? 0) * 3_600_000;
    const times: Json[] = [];
    for (const day of datesBetween(from, to)) {
      for (const [open, close] of practitioner.hours[weekdayOf(day)] ?? []) {
        for (let m = open; m + type.duration_in_minutes <= close; m += SLOT_STEP_MINUTES) {
          const start = instantAt(day, m, this.timezone).getTime();
          const end = start + type.duration_in_minutes * 60_000;
          if (start < earliest || this.#overlapping(practitionerId, start, end).length > 0) continue;
          times.push({ appointment_start: utc(start) });
        }
      }
    }
    return listPage(url, 'available_times', times);
  }

  #overlapping(practitionerId: string, start: number, end: number, except?: string): FakeAppointment[] {
    return this.appointments.filter(
      (a) =>
        a.id !== except &&
        a.practitionerId === practitionerId &&
        a.cancelledAt === null &&
        a.startsAt < end &&
        start < a.endsAt,
    );
  }

  #createPatient(body: Json): Response {
    const errors = patientErrors(body, true);
    if (Object.keys(errors).length > 0) return validationFailed(errors);
    const patient = {
      email: null,
      date_of_birth: null,
      medicare: null,
      medicare_reference_number: null,
      patient_phone_numbers: [],
      ...body,
      id: this.#id('patient', 1780000000000000100n),
      archived_at: null,
      created_at: utc(this.#now()),
    } as unknown as SeedPatient & Json;
    this.patients.push(patient);
    return Response.json(this.#patientJson(patient), {
      status: 201,
      headers: { Location: `${CLINIKO_PUBLIC_BASE}/patients/${patient.id}` },
    });
  }

  #updatePatient(patientId: string, body: Json): Response {
    const patient = this.patients.find((p) => p.id === patientId);
    if (!patient) return notFound();
    const errors = patientErrors(body, false);
    if (Object.keys(errors).length > 0) return validationFailed(errors);
    Object.assign(patient, body);
    return Response.json(this.#patientJson(patient));
  }

  #createAppointment(body: Json): Response {
    const errors: Record<string, string> = {};
    const startsAt =
      typeof body.starts_at === 'string' && /Z$/.test(body.starts_at) ? Date.parse(body.starts_at) : NaN;
    if (!Number.isFinite(startsAt)) errors.starts_at = "can't be blank";
    const type = this.seed.types.find((t) => t.id === body.appointment_type_id);
    const practitioner = this.seed.practitioners.find((p) => p.id === body.practitioner_id && p.active);
    if (!this.patients.some((p) => p.id === body.patient_id)) errors.patient = "can't be blank";
    if (!practitioner) errors.practitioner = "can't be blank";
    if (!type) errors.appointment_type = "can't be blank";
    if (!this.seed.businesses.some((b) => b.id === body.business_id)) errors.business = "can't be blank";
    else if (practitioner && !practitioner.businessIds.includes(String(body.business_id)))
      errors.practitioner = 'does not work at this business';
    if (body.notes !== undefined && body.notes !== null && typeof body.notes !== 'string')
      errors.notes = 'is invalid';
    let endsAt = type && Number.isFinite(startsAt) ? startsAt + type.duration_in_minutes * 60_000 : NaN;
    if (body.ends_at !== undefined && body.ends_at !== null) {
      endsAt = typeof body.ends_at === 'string' && /Z$/.test(body.ends_at) ? Date.parse(body.ends_at) : NaN;
      if (!(endsAt > startsAt)) errors.ends_at = 'must be after starts_at';
    }
    if (Object.keys(errors).length > 0) return validationFailed(errors);
    // No check for overlaps: Cliniko accepts double bookings (issues #108, #180).
    const appointment = this.#addAppointment({
      patientId: String(body.patient_id),
      practitionerId: String(body.practitioner_id),
      typeId: String(body.appointment_type_id),
      businessId: String(body.business_id),
      startsAt,
      endsAt,
      notes: (body.notes as string | null | undefined) ?? null,
    });
    return Response.json(publicJson(this.#appointmentJson(appointment)), {
      status: 201,
      headers: { Location: `${CLINIKO_PUBLIC_BASE}/individual_appointments/${appointment.id}` },
    });
  }

  #addAppointment(
    a: Omit<
      FakeAppointment,
      | 'id'
      | 'attendeeId'
      | 'createdAt'
      | 'updatedAt'
      | 'cancelledAt'
      | 'cancellationReason'
      | 'cancellationNote'
    >,
  ): FakeAppointment {
    const appointment: FakeAppointment = {
      ...a,
      id: this.#id('appointment', 1790000000000000000n),
      attendeeId: this.#id('attendee', 1800000000000000000n),
      createdAt: this.#now(),
      updatedAt: this.#now(),
      cancelledAt: null,
      cancellationReason: null,
      cancellationNote: null,
    };
    this.appointments.push(appointment);
    return appointment;
  }

  /**
   * `PATCH /individual_appointments/{id}`: the same fields as create; overlaps accepted as on
   * create. `ends_at: null` recomputes the end from the type.
   */
  #updateAppointment(appointmentId: string, body: Json): Response {
    const appointment = this.appointments.find((a) => a.id === appointmentId);
    if (!appointment) return notFound();
    const errors: Record<string, string> = {};
    const instant = (value: unknown) =>
      typeof value === 'string' && /Z$/.test(value) ? Date.parse(value) : NaN;
    let startsAt = appointment.startsAt;
    if (body.starts_at !== undefined) {
      startsAt = instant(body.starts_at);
      if (!Number.isFinite(startsAt)) errors.starts_at = 'is invalid';
    }
    let practitionerId = appointment.practitionerId;
    if (body.practitioner_id !== undefined) {
      const practitioner = this.seed.practitioners.find((p) => p.id === body.practitioner_id && p.active);
      if (!practitioner) errors.practitioner = "can't be blank";
      else if (!practitioner.businessIds.includes(appointment.businessId))
        errors.practitioner = 'does not work at this business';
      else practitionerId = practitioner.id;
    }
    const type = this.seed.types.find((t) => t.id === appointment.typeId);
    let endsAt = appointment.endsAt;
    if (body.ends_at === null) endsAt = startsAt + (type?.duration_in_minutes ?? 0) * 60_000;
    else if (body.ends_at !== undefined) endsAt = instant(body.ends_at);
    else if (body.starts_at !== undefined) endsAt = startsAt + (appointment.endsAt - appointment.startsAt);
    if (!(endsAt > startsAt)) errors.ends_at = 'must be after starts_at';
    if (body.notes !== undefined && body.notes !== null && typeof body.notes !== 'string')
      errors.notes = 'is invalid';
    if (Object.keys(errors).length > 0) return validationFailed(errors);
    Object.assign(appointment, { startsAt, endsAt, practitionerId, updatedAt: this.#now() });
    if (body.notes !== undefined) appointment.notes = (body.notes as string | null) ?? null;
    return Response.json(publicJson(this.#appointmentJson(appointment)));
  }

  #cancel(appointmentId: string, body: Json): Response {
    const appointment = this.appointments.find((a) => a.id === appointmentId);
    if (!appointment) return notFound();
    if (typeof body.cancellation_reason !== 'number' || !CANCELLATION_REASONS.has(body.cancellation_reason)) {
      return validationFailed({ cancellation_reason: 'is not included in the list' });
    }
    appointment.cancelledAt ??= this.#now();
    appointment.updatedAt = this.#now();
    appointment.cancellationReason = body.cancellation_reason;
    appointment.cancellationNote = typeof body.cancellation_note === 'string' ? body.cancellation_note : null;
    return new Response(null, { status: 204 });
  }

  #createForm(body: Json): Response {
    const errors: Record<string, string> = {};
    const patient = this.patients.find((p) => p.id === body.patient_id);
    if (!patient) errors.patient = "can't be blank";
    if (typeof body.name !== 'string' || body.name.trim() === '') errors.name = "can't be blank";
    else if (body.name.length > 255) errors.name = 'is too long (maximum is 255 characters)';
    const appointment =
      body.attendee_id === undefined
        ? null
        : this.appointments.find((a) => a.attendeeId === body.attendee_id);
    if (body.attendee_id !== undefined && (!appointment || appointment.patientId !== body.patient_id))
      errors.attendee = 'is invalid';
    if (body.business_id !== undefined && !this.seed.businesses.some((b) => b.id === body.business_id))
      errors.business = 'is invalid';
    if (body.completed !== undefined && typeof body.completed !== 'boolean') errors.completed = 'is invalid';
    const pending: StoredSignature[] = [];
    const content = checkFormContent(body.content, body.completed === true, () => {
      const id = this.#id('signature', 1820000000000000000n);
      return id;
    });
    if (!content.ok) Object.assign(errors, content.errors);
    else pending.push(...content.signatures);
    if (Object.keys(errors).length > 0 || !content.ok) return validationFailed(errors);
    this.signatures.push(...pending);
    const form: FakeForm = {
      id: this.#id('form', 1810000000000000000n),
      patientId: String(body.patient_id),
      attendeeId: appointment?.attendeeId ?? null,
      appointmentId: appointment?.id ?? null,
      businessId: (body.business_id as string | undefined) ?? null,
      name: String(body.name),
      content: content.content,
      completedAt: body.completed === true ? this.#now() : null,
      createdAt: this.#now(),
      restrictedToPractitioner: body.restricted_to_practitioner === true,
      signatureIds: pending.map((s) => s.id),
    };
    this.forms.push(form);
    return Response.json(publicJson(this.#formJson(form)), {
      status: 201,
      headers: { Location: `${CLINIKO_PUBLIC_BASE}/patient_forms/${form.id}` },
    });
  }

  #businessJson(id: string): Json {
    const b = this.seed.businesses.find((x) => x.id === id)!;
    return {
      ...b,
      display_name: b.business_name,
      label: b.business_name,
      time_zone: 'Sydney',
      country_code: 'AU',
      archived_at: null,
      deleted_at: null,
      practitioners: link(`businesses/${b.id}/practitioners`),
      links: { self: `${CLINIKO_PUBLIC_BASE}/businesses/${b.id}` },
    };
  }

  #typeJson(id: string): Json {
    const t = this.seed.types.find((x) => x.id === id)!;
    return {
      ...t,
      color: '#33aa77',
      online_payments_enabled: false,
      online_payments_mode: null,
      telehealth_enabled: t.category === null,
      practitioners: link(`appointment_types/${t.id}/practitioners`),
      links: { self: `${CLINIKO_PUBLIC_BASE}/appointment_types/${t.id}` },
    };
  }

  #practitionerJson(id: string): Json {
    const {
      businessIds: _b,
      typeIds: _t,
      hours: _h,
      ...p
    } = this.seed.practitioners.find((x) => x.id === id)!;
    return {
      ...p,
      label: [p.title, p.first_name, p.last_name].filter(Boolean).join(' '),
      appointment_types: link(`practitioners/${p.id}/appointment_types`),
      links: { self: `${CLINIKO_PUBLIC_BASE}/practitioners/${p.id}` },
    };
  }

  #patientJson(p: SeedPatient & Json): Json {
    return {
      ...p,
      label: `${p.first_name} ${p.last_name}`,
      patient_phone_numbers: (p.patient_phone_numbers ?? []).map((n) => ({
        ...n,
        normalized_number: n.number.replace(/\D/g, ''),
      })),
      appointments: link(`patients/${p.id}/appointments`),
      links: { self: `${CLINIKO_PUBLIC_BASE}/patients/${p.id}` },
    };
  }

  #appointmentJson(a: FakeAppointment): Json {
    const patient = this.patients.find((p) => p.id === a.patientId);
    return {
      id: a.id,
      starts_at: utc(a.startsAt),
      ends_at: utc(a.endsAt),
      notes: a.notes,
      patient_name: patient ? `${patient.first_name} ${patient.last_name}` : null,
      did_not_arrive: false,
      cancelled_at: a.cancelledAt === null ? null : utc(a.cancelledAt),
      cancellation_reason: a.cancellationReason,
      cancellation_note: a.cancellationNote,
      archived_at: null,
      deleted_at: null,
      created_at: utc(a.createdAt),
      updated_at: utc(a.updatedAt),
      // Filterable ids, read by the fake's filters; Cliniko answers links only (dropped below).
      patient_id: a.patientId,
      practitioner_id: a.practitionerId,
      appointment_type_id: a.typeId,
      business_id: a.businessId,
      appointment_type: link(`appointment_types/${a.typeId}`),
      business: link(`businesses/${a.businessId}`),
      practitioner: link(`practitioners/${a.practitionerId}`),
      patient: link(`patients/${a.patientId}`),
      attendees: link(`individual_appointments/${a.id}/attendees`),
      conflicts: link(`individual_appointments/${a.id}/conflicts`),
      links: { self: `${CLINIKO_PUBLIC_BASE}/individual_appointments/${a.id}` },
    };
  }

  #attendeeJson(a: FakeAppointment): Json {
    return {
      id: a.attendeeId,
      arrived: false,
      cancelled_at: a.cancelledAt === null ? null : utc(a.cancelledAt),
      archived_at: null,
      booking: link(`bookings/${a.id}`),
      patient: link(`patients/${a.patientId}`),
      links: { self: `${CLINIKO_PUBLIC_BASE}/attendees/${a.attendeeId}` },
    };
  }

  #formJson(f: FakeForm): Json {
    return {
      id: f.id,
      name: f.name,
      content: f.content,
      completed_at: f.completedAt === null ? null : utc(f.completedAt),
      restricted_to_practitioner: f.restrictedToPractitioner,
      archived_at: null,
      created_at: utc(f.createdAt),
      updated_at: utc(f.createdAt),
      url: `https://harbour.${CLINIKO_SHARD}.cliniko.com/f/?${f.id}`,
      patient_id: f.patientId,
      attendee_id: f.attendeeId,
      signatures: f.signatureIds[0] ? link(`patient_forms/${f.id}/signatures/${f.signatureIds[0]}`) : null,
      patient: link(`patients/${f.patientId}`),
      ...(f.attendeeId
        ? { attendee: link(`attendees/${f.attendeeId}`), booking: link(`bookings/${f.appointmentId}`) }
        : {}),
      ...(f.businessId ? { business: link(`businesses/${f.businessId}`) } : {}),
      links: { self: `${CLINIKO_PUBLIC_BASE}/patient_forms/${f.id}` },
    };
  }

  #id(kind: string, start: bigint): string {
    const next = (this.#ids.get(kind) ?? start) + 1n;
    this.#ids.set(kind, next);
    return String(next);
  }
}

/** Keys the fake keeps beside Cliniko's links so its filters can read them; Cliniko sends links only. */
const FILTER_ONLY_KEYS = [
  'patient_id',
  'practitioner_id',
  'appointment_type_id',
  'business_id',
  'attendee_id',
];

function publicJson(item: Json): Json {
  const out = { ...item };
  for (const key of FILTER_ONLY_KEYS) delete out[key];
  return out;
}

function link(path: string): Json {
  return { links: { self: `${CLINIKO_PUBLIC_BASE}/${path}` } };
}

/** `2026-11-24T09:00:00Z`, as Cliniko writes date-times. */
export function utc(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19)}Z`;
}

function patientErrors(body: Json, creating: boolean): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const field of ['first_name', 'last_name']) {
    const value = body[field];
    if ((creating || value !== undefined) && (typeof value !== 'string' || value.trim() === ''))
      errors[field] = "can't be blank";
    else if (typeof value === 'string' && value.length > 255)
      errors[field] = 'is too long (maximum is 255 characters)';
  }
  if (
    body.email !== undefined &&
    body.email !== null &&
    (typeof body.email !== 'string' || !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(body.email))
  )
    errors.email = 'is invalid';
  if (
    body.date_of_birth !== undefined &&
    body.date_of_birth !== null &&
    (typeof body.date_of_birth !== 'string' || !isIsoDate(body.date_of_birth))
  ) {
    errors.date_of_birth = 'is invalid';
  }
  if (body.patient_phone_numbers !== undefined) {
    const numbers = body.patient_phone_numbers;
    if (
      !Array.isArray(numbers) ||
      numbers.some(
        (n: Json) => !PHONE_TYPES.has(String(n?.phone_type)) || typeof n?.number !== 'string' || !n.number,
      )
    ) {
      errors.patient_phone_numbers = 'is invalid';
    }
  }
  for (const field of ['medicare', 'medicare_reference_number']) {
    const value = body[field];
    if (value !== undefined && value !== null && (typeof value !== 'string' || value.length > 255))
      errors[field] = 'is invalid';
  }
  return errors;
}

function operationOf(method: string, path: string): FakeOperation {
  const shape = `${method} /${path
    .split('/')
    .filter(Boolean)
    .map((s) => (/^\d+$/.test(s) ? ':id' : s))
    .join('/')}`;
  const table: Record<string, FakeOperation> = {
    'GET /user': 'user.get',
    'GET /businesses': 'businesses.list',
    'GET /businesses/:id': 'businesses.get',
    'GET /businesses/:id/practitioners': 'business_practitioners.list',
    'GET /appointment_types': 'appointment_types.list',
    'GET /practitioners/:id/appointment_types': 'practitioner_appointment_types.list',
    'GET /appointment_types/:id/practitioners': 'appointment_type_practitioners.list',
    'GET /practitioners': 'practitioners.list',
    'GET /businesses/:id/practitioners/:id/appointment_types/:id/available_times': 'available_times.list',
    'GET /patients': 'patients.search',
    'POST /patients': 'patients.create',
    'PATCH /patients/:id': 'patients.update',
    'GET /individual_appointments': 'appointments.search',
    'POST /individual_appointments': 'appointments.create',
    'GET /individual_appointments/:id': 'appointments.get',
    'PATCH /individual_appointments/:id': 'appointments.update',
    'PATCH /individual_appointments/:id/cancel': 'appointments.cancel',
    'GET /settings/public': 'settings.public',
    'GET /individual_appointments/:id/conflicts': 'appointments.conflicts',
    'GET /individual_appointments/:id/attendees': 'attendees.list',
    'GET /patient_forms': 'patient_forms.search',
    'POST /patient_forms': 'patient_forms.create',
    'GET /patient_forms/:id/signatures/:id': 'signatures.get',
  };
  return table[shape] ?? 'other';
}
