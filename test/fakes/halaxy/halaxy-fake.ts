/**
 * A fake Halaxy API as msw handlers over in-memory state, following
 * `shared/reference/halaxy-api.md`: the JSON-body token endpoint with 15-minute tokens
 * (whatever `expires_in` says), 401 for expired ones, 403 without a User-Agent, 500
 * requests a minute per client then 429 with `retry-after`, searchset Bundles with paging
 * and stray OperationOutcome entries, `Appointment/$find` (free times from each
 * practitioner's hours, booked times excluded), `Appointment/$book` (409 on a clash),
 * Patient search and create (identifiers dropped), Coverage, and create-only
 * DocumentReference whose base64 PDF is kept so tests can parse it. Nothing can be deleted.
 *
 * Faults can be injected per operation: a refusal before anything happens, or a response
 * lost after the write committed.
 *
 * Use `handlers()` with msw's `setupServer`, or with `serveHandlers` for a proxy process.
 */
import { http, HttpResponse, type RequestHandler } from 'msw';
import {
  datesBetween,
  instantAt,
  localDateOf,
  toClinicIso,
  weekdayOf,
} from '../../../proxy/time/clinic-time.ts';
import {
  idIn,
  matchesDate,
  outcome,
  parseDateParam,
  resource,
  searchset,
  typedParam,
  type Json,
} from './halaxy-fhir.ts';
import {
  createSeed,
  SEED_TIMEZONE,
  type Seed,
  type SeedAppointment,
  type WeeklyHours,
} from './halaxy-seed.ts';
import { jsonText } from '../json-text.ts';
import { FaultPlan } from '../fault-plan.ts';

export const HALAXY_PUBLIC_BASE = 'https://au-api.halaxy.com/main';
export const FAKE_CLIENT = { id: 'halaxy-client-7f3a', secret: 'halaxy-secret-9c1e-do-not-log' };
export const TOKEN_LIFETIME_MS = 15 * 60_000;
export const RATE_LIMIT_PER_MINUTE = 500;
/** Free times start on this grid within a practitioner's hours. */
const SLOT_STEP_MINUTES = 30;
const ALLOWED_ATTACHMENT_TYPES = new Set([
  'application/msword',
  'application/vnd.ms-excel',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/pdf',
  'image/jpeg',
  'image/png',
]);
const PARTICIPANT_STATUS =
  'https://terminology.halaxy.com/StructureDefinition/appointment-participant-status';

export type FakeOperation =
  | 'token'
  | 'services.search'
  | 'roles.search'
  | 'practitioners.search'
  | 'fees.search'
  | 'organizations.search'
  | 'patients.search'
  | 'patients.create'
  | 'coverages.search'
  | 'coverages.create'
  | 'appointments.search'
  | 'appointments.find'
  | 'appointments.book'
  | 'appointments.read'
  | 'appointments.update'
  | 'documents.create'
  | 'other';

export type Fault =
  /** Answer this status (with an OperationOutcome) without doing anything. */
  | { kind: 'refuse'; status: number; code?: string; retryAfterSeconds?: number }
  /** Do the work (commit a write), then drop the connection: the client never hears. */
  | { kind: 'lose-response' };

export interface RecordedRequest {
  method: string;
  operation: FakeOperation;
  /** Path under the base, e.g. `/Appointment/$find`. */
  path: string;
  /** The raw query string as sent, e.g. `?email=a%2Bb%40c.com`. */
  rawQuery: string;
  headers: {
    userAgent: string | null;
    accept: string | null;
    contentType: string | null;
    authorization: string | null;
  };
  /** A PATCH's merge patch, as sent. */
  patch?: unknown;
  status: number;
}

export interface StoredDocument {
  id: string;
  body: Json;
  html: string;
  pdf: Uint8Array;
  pdfTitle: string;
}

export interface HalaxyFakeOptions {
  now?: () => number;
  clientId?: string;
  clientSecret?: string;
  /** Whether `$find` leaves out times already booked (unconfirmed for the real API). */
  findExcludesBooked?: boolean;
  timezone?: string;
}

interface Token {
  clientId: string;
  expiresAt: number;
}

export class HalaxyFake {
  readonly requests: RecordedRequest[] = [];
  readonly documents: StoredDocument[] = [];
  readonly coverages: Json[] = [];
  readonly patients: Json[];
  readonly appointments: Array<SeedAppointment & { id: string; created: number }> = [];
  readonly seed: Seed;
  readonly timezone: string;
  /** Change to test behaviours the reference leaves open. */
  findExcludesBooked: boolean;
  readonly #now: () => number;
  readonly #client: { id: string; secret: string };
  readonly #tokens = new Map<string, Token>();
  readonly #sent = new Map<string, number[]>();
  readonly #plan = new FaultPlan<FakeOperation, Fault>();
  #nextId = 1;

  constructor(options: HalaxyFakeOptions = {}) {
    this.#now = options.now ?? Date.now;
    this.#client = {
      id: options.clientId ?? FAKE_CLIENT.id,
      secret: options.clientSecret ?? FAKE_CLIENT.secret,
    };
    this.findExcludesBooked = options.findExcludesBooked ?? true;
    this.timezone = options.timezone ?? SEED_TIMEZONE;
    this.seed = createSeed(HALAXY_PUBLIC_BASE, this.#now());
    this.patients = structuredClone(this.seed.patients);
    for (const appointment of this.seed.appointments)
      this.appointments.push({ ...appointment, id: this.#id(880_000_000), created: this.#now() });
  }

  /** The handlers, for the API at `base` (default the AU endpoint). */
  handlers(base = HALAXY_PUBLIC_BASE): RequestHandler[] {
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

  /** Every token issued so far stops working, as if 15 minutes had passed. */
  expireTokens(): void {
    for (const token of this.#tokens.values()) token.expiresAt = 0;
  }

  /** Requests for one operation. */
  requestsFor(operation: FakeOperation): RecordedRequest[] {
    return this.requests.filter((r) => r.operation === operation);
  }

  /** Booked (not cancelled) appointments of a patient. */
  liveAppointmentsOf(patientId: string) {
    return this.appointments.filter((a) => a.patientId === patientId && a.status !== 'cancelled');
  }

  /** Books a time directly, as reception would in Halaxy's own screens. */
  bookDirectly(roleId: string, start: Date, minutes: number, patientId: string | null = null): void {
    this.appointments.push({
      id: this.#id(880_000_000),
      roleId,
      patientId,
      serviceId: null,
      start: start.getTime(),
      end: start.getTime() + minutes * 60_000,
      status: 'booked',
      description: '',
      created: this.#now(),
    });
  }

  async #handle(request: Request, base: string): Promise<Response> {
    const url = new URL(request.url);
    const path = url.pathname.slice(new URL(base).pathname.length);
    const operation = operationOf(request.method, path);
    const record: RecordedRequest = {
      method: request.method,
      operation,
      path,
      rawQuery: url.search,
      headers: {
        userAgent: request.headers.get('user-agent'),
        accept: request.headers.get('accept'),
        contentType: request.headers.get('content-type'),
        authorization: request.headers.get('authorization'),
      },
      status: 0,
    };
    if (request.method === 'PATCH')
      record.patch = await request
        .clone()
        .json()
        .catch(() => null);
    this.requests.push(record);
    const response = await this.#respond(request, url, path, operation, base);
    record.status = response.type === 'error' ? 0 : response.status;
    return response;
  }

  async #respond(
    request: Request,
    url: URL,
    path: string,
    operation: FakeOperation,
    base: string,
  ): Promise<Response> {
    // The gateway refuses anonymous clients before anything else.
    if (!request.headers.get('user-agent'))
      return outcome(403, 'forbidden', 'A User-Agent header is required.');

    let clientId: string;
    let body: unknown = undefined;
    if (operation === 'token') {
      const text = await request.text();
      try {
        body = JSON.parse(text);
      } catch {
        return Response.json(
          { error: 'invalid_request', error_description: 'The body must be JSON.' },
          { status: 400 },
        );
      }
      clientId = jsonText((body as Json).client_id);
    } else {
      const token = /^Bearer (.+)$/.exec(request.headers.get('authorization') ?? '')?.[1];
      const known = token ? this.#tokens.get(token) : undefined;
      if (!known) return outcome(401, 'login', 'Unknown or missing access token.');
      if (known.expiresAt <= this.#now()) return outcome(401, 'expired', 'The access token has expired.');
      clientId = known.clientId;
    }

    const limited = this.#rateLimit(clientId);
    if (limited) return limited;
    const headers = {
      'x-ratelimit-limit': String(RATE_LIMIT_PER_MINUTE),
      'x-ratelimit-remaining': String(this.#remaining(clientId)),
    };

    const fault = this.#plan.take(operation);
    if (fault?.kind === 'refuse') {
      return outcome(
        fault.status,
        fault.code ?? 'exception',
        'Injected failure.',
        fault.retryAfterSeconds !== undefined ? { 'retry-after': String(fault.retryAfterSeconds) } : {},
      );
    }

    if (
      request.method === 'PATCH' &&
      request.headers.get('content-type') !== 'application/merge-patch+json'
    ) {
      return outcome(415, 'not-supported', 'PATCH takes application/merge-patch+json.');
    }
    if (operation !== 'token' && (request.method === 'POST' || request.method === 'PATCH')) {
      const text = await request.text();
      try {
        body = JSON.parse(text);
      } catch {
        return outcome(400, 'structure', 'The body is not JSON.');
      }
    }
    const response = this.#route(request.method, path, url, body, base);
    if (fault?.kind === 'lose-response') return HttpResponse.error();
    for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
    return response;
  }

  #route(method: string, path: string, url: URL, body: unknown, base: string): Response {
    const one = /^\/Appointment\/(\d+)$/.exec(path);
    if (one && method === 'GET') return this.#readAppointment(one[1]!, base);
    if (one && method === 'PATCH') return this.#patchAppointment(one[1]!, body, base);
    const key = `${method} ${path}`;
    switch (key) {
      case 'POST /oauth/token':
        return this.#token(body);
      case 'GET /HealthcareService':
        return searchset(
          url,
          base,
          this.seed.services.filter((s) => url.searchParams.get('active') !== 'true' || s.active === true),
        );
      case 'GET /PractitionerRole':
        return searchset(
          url,
          base,
          this.seed.roles.map((r) => r.resource),
        );
      case 'GET /Practitioner':
        return searchset(url, base, byIds(url, this.seed.practitioners));
      case 'GET /ChargeItemDefinition':
        return searchset(url, base, byIds(url, this.seed.fees));
      case 'GET /Organization':
        return searchset(url, base, byName(url, byIds(url, this.seed.organizations)));
      case 'GET /Patient':
        return searchset(url, base, this.#searchPatients(url));
      case 'POST /Patient':
        return this.#createPatient(body);
      case 'GET /Coverage':
        return this.#searchCoverages(url, base);
      case 'POST /Coverage':
        return this.#createCoverage(body);
      case 'GET /Appointment':
        return this.#searchAppointments(url, base);
      case 'GET /Appointment/$find':
        return this.#find(url, base);
      case 'POST /Appointment/$book':
        return this.#book(body, base);
      case 'POST /DocumentReference':
        return this.#createDocument(body);
      case 'GET /DocumentReference':
        return outcome(403, 'forbidden', 'Clinical notes cannot be read through the API.');
      default:
        if (method === 'DELETE')
          return outcome(405, 'not-supported', 'Nothing can be deleted through the API.');
        return outcome(404, 'not-found', `No such endpoint: ${method} ${path}`);
    }
  }

  #token(body: unknown): Response {
    const b = (body ?? {}) as Json;
    if (b.grant_type !== 'client_credentials')
      return Response.json({ error: 'unsupported_grant_type' }, { status: 400 });
    if (b.client_id !== this.#client.id || b.client_secret !== this.#client.secret) {
      return Response.json(
        { error: 'invalid_client', error_description: 'Client authentication failed.' },
        { status: 401 },
      );
    }
    const value = `tok_${this.#id(1)}_${Math.random().toString(36).slice(2)}`;
    this.#tokens.set(value, { clientId: this.#client.id, expiresAt: this.#now() + TOKEN_LIFETIME_MS });
    // Halaxy says 3600 here, but tokens last 15 minutes.
    return Response.json({ token_type: 'Bearer', expires_in: 3600, access_token: value });
  }

  #rateLimit(clientId: string): Response | null {
    const now = this.#now();
    const sent = (this.#sent.get(clientId) ?? []).filter((t) => t > now - 60_000);
    this.#sent.set(clientId, sent);
    if (sent.length >= RATE_LIMIT_PER_MINUTE) {
      const retryAfter = Math.max(1, Math.ceil((sent[0]! + 60_000 - now) / 1000));
      return outcome(429, 'throttled', 'Too many requests.', {
        'retry-after': String(retryAfter),
        'x-ratelimit-limit': String(RATE_LIMIT_PER_MINUTE),
        'x-ratelimit-remaining': '0',
      });
    }
    sent.push(now);
    return null;
  }

  #remaining(clientId: string): number {
    return RATE_LIMIT_PER_MINUTE - (this.#sent.get(clientId)?.length ?? 0);
  }

  #searchPatients(url: URL): Json[] {
    const email = url.searchParams.get('email')?.toLowerCase();
    const family = url.searchParams.get('family')?.toLowerCase();
    return this.patients.filter((p) => {
      const telecom = (p.telecom as Json[] | undefined) ?? [];
      const names = (p.name as Json[] | undefined) ?? [];
      // String search matches by prefix, as Halaxy's does.
      if (
        email !== undefined &&
        !telecom.some((t) => t.system === 'email' && String(t.value).toLowerCase().startsWith(email))
      )
        return false;
      if (family !== undefined && !names.some((n) => jsonText(n.family).toLowerCase().startsWith(family)))
        return false;
      return true;
    });
  }

  #createPatient(body: unknown): Response {
    const b = body as Json;
    const name = (b?.name as Json[] | undefined)?.[0];
    if (b?.resourceType !== 'Patient' || !name?.family || !(name.given as unknown[] | undefined)?.length) {
      return outcome(422, 'required', 'A patient needs a given and a family name.');
    }
    if (b.birthDate !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(jsonText(b.birthDate)))
      return outcome(422, 'invalid', 'birthDate must be YYYY-MM-DD.');
    for (const t of (b.telecom as Json[] | undefined) ?? []) {
      if ((t.system === 'sms' || t.system === 'phone') && !/^\+\d{8,15}$/.test(String(t.value)))
        return outcome(422, 'invalid', 'Phone numbers are +61… without spaces.');
    }
    const { identifier: _dropped, ...kept } = b;
    const patient = { ...kept, id: this.#id(30_000_100), active: true };
    this.patients.push(patient);
    return resource(patient, 201);
  }

  #searchCoverages(url: URL, base: string): Response {
    const beneficiary = typedParam(url, 'beneficiary', 'Patient');
    if (beneficiary instanceof Response) return beneficiary;
    return searchset(
      url,
      base,
      this.coverages.filter(
        (c) =>
          beneficiary.id === null || idIn((c.beneficiary as Json).reference, 'Patient') === beneficiary.id,
      ),
    );
  }

  #createCoverage(body: unknown): Response {
    const b = body as Json;
    const patientId = idIn((b?.beneficiary as Json | undefined)?.reference, 'Patient');
    const payor = idIn((b?.payor as Json[] | undefined)?.[0]?.reference, 'Organization');
    if (
      b?.resourceType !== 'Coverage' ||
      !patientId ||
      !idIn((b.subscriber as Json | undefined)?.reference, 'Patient') ||
      !payor
    ) {
      return outcome(422, 'required', 'beneficiary, subscriber and payor are required.');
    }
    if (!this.patients.some((p) => p.id === patientId)) return outcome(422, 'invalid', 'Unknown patient.');
    if (!this.seed.organizations.some((o) => o.id === payor && payor.startsWith('FD-')))
      return outcome(422, 'invalid', 'Unknown funder.');
    const coverage = { ...b, id: this.#id(40_000_000) };
    this.coverages.push(coverage);
    return resource(coverage, 201);
  }

  #searchAppointments(url: URL, base: string): Response {
    const patient = typedParam(url, 'patient', 'Patient');
    if (patient instanceof Response) return patient;
    const actor = url.searchParams.get('actor');
    const actorRole = actor === null ? null : idIn(actor, 'PractitionerRole');
    const actorPatient = actor === null ? null : idIn(actor, 'Patient');
    if (actor !== null && !actorRole && !actorPatient)
      return outcome(422, 'invalid', 'The actor parameter needs the form Type/{id}.');
    const dates = url.searchParams.getAll('date').map(parseDateParam);
    if (dates.some((d) => d === null))
      return outcome(400, 'invalid', 'The date parameter is not a valid FHIR date-time.');
    const found = this.appointments
      .filter((a) => patient.id === null || a.patientId === patient.id)
      .filter((a) => actorRole === null || a.roleId === actorRole)
      .filter((a) => actorPatient === null || a.patientId === actorPatient)
      .filter((a) => dates.every((d) => matchesDate(a.start, d!)))
      .sort((a, b) => a.start - b.start)
      .map((a) => this.#appointmentResource(a, base));
    return searchset(url, base, found);
  }

  #find(url: URL, base: string): Response {
    const start = parseDateParam(url.searchParams.get('start') ?? '');
    const end = parseDateParam(url.searchParams.get('end') ?? '');
    const duration = Number(url.searchParams.get('duration'));
    if (!start || !end || start.prefix !== 'eq' || end.prefix !== 'eq')
      return outcome(400, 'invalid', 'start and end must be date-times with an offset.');
    if (!Number.isInteger(duration) || duration <= 0)
      return outcome(400, 'invalid', 'duration must be minutes.');
    const roleParam = url.searchParams.get('practitioner-role');
    if (roleParam !== null && !/^PR-\d+$/.test(roleParam))
      return outcome(422, 'invalid', 'practitioner-role takes a PractitionerRole id.');
    const roles = this.seed.roles.filter((r) => roleParam === null || r.resource.id === roleParam);
    const now = this.#now();
    const found: Json[] = [];
    for (const role of roles) {
      for (const slot of this.#freeTimes(
        role.resource.id as string,
        role.hours,
        start.at,
        end.at,
        duration,
      )) {
        if (slot < now) continue;
        found.push({
          resourceType: 'Appointment',
          status: 'proposed',
          start: toClinicIso(new Date(slot), this.timezone),
          end: toClinicIso(new Date(slot + duration * 60_000), this.timezone),
          minutesDuration: duration,
          participant: [
            {
              actor: {
                reference: `${base}/PractitionerRole/${String(role.resource.id)}`,
                type: 'PractitionerRole',
              },
            },
          ],
        });
      }
    }
    found.sort((a, b) => Date.parse(String(a.start)) - Date.parse(String(b.start)));
    return searchset(url, base, found, { defaultPageSize: 100 });
  }

  #freeTimes(roleId: string, hours: WeeklyHours, from: number, to: number, minutes: number): number[] {
    const times: number[] = [];
    const firstDay = localDateOf(new Date(from), this.timezone);
    const lastDay = localDateOf(new Date(to), this.timezone);
    for (const day of datesBetween(firstDay, lastDay)) {
      for (const [open, close] of hours[weekdayOf(day)] ?? []) {
        for (let m = open; m + minutes <= close; m += SLOT_STEP_MINUTES) {
          const start = instantAt(day, m, this.timezone).getTime();
          const end = start + minutes * 60_000;
          if (start < from || start >= to) continue;
          if (this.findExcludesBooked && this.#clashes(roleId, start, end)) continue;
          times.push(start);
        }
      }
    }
    return times;
  }

  #clashes(roleId: string, start: number, end: number): boolean {
    return this.appointments.some(
      (a) => a.roleId === roleId && a.status !== 'cancelled' && a.start < end && start < a.end,
    );
  }

  #book(body: unknown, base: string): Response {
    const b = body as Json;
    if (b?.resourceType !== 'Parameters' || !Array.isArray(b.parameter))
      return outcome(400, 'structure', 'The body must be a Parameters resource.');
    const param = (name: string) => (b.parameter as Json[]).find((p) => p.name === name);
    const appointment = param('appt-resource')?.resource as Json | undefined;
    const roleId = idIn(
      ((appointment?.participant as Json[] | undefined)?.[0]?.actor as Json | undefined)?.reference,
      'PractitionerRole',
    );
    const patientId = idIn((param('patient-id')?.valueReference as Json | undefined)?.reference, 'Patient');
    const serviceId = idIn(
      (param('healthcare-service-id')?.valueReference as Json | undefined)?.reference,
      'HealthcareService',
    );
    const start = parseDateParam(jsonText(appointment?.start));
    const end = parseDateParam(jsonText(appointment?.end));
    if (
      appointment?.resourceType !== 'Appointment' ||
      !roleId ||
      !patientId ||
      !serviceId ||
      !start ||
      !end
    ) {
      return outcome(
        422,
        'required',
        'appt-resource (start, end, a PractitionerRole participant), patient-id and healthcare-service-id are required.',
      );
    }
    if (
      !['clinic', 'telehealth', 'online', 'phone', 'organization', 'home'].includes(
        String(param('location-type')?.valueCode),
      )
    ) {
      return outcome(422, 'code-invalid', 'Unknown location-type.');
    }
    if (param('status')?.valueCode !== 'booked') return outcome(422, 'code-invalid', 'Unsupported status.');
    const role = this.seed.roles.find((r) => r.resource.id === roleId);
    if (!role) return outcome(422, 'invalid', 'Unknown practitioner role.');
    if (!this.patients.some((p) => p.id === patientId)) return outcome(422, 'invalid', 'Unknown patient.');
    if (!this.seed.services.some((s) => s.id === serviceId && s.active === true))
      return outcome(422, 'invalid', 'Unknown appointment type.');
    if (appointment.minutesDuration !== (end.at - start.at) / 60_000)
      return outcome(422, 'invariant', 'minutesDuration does not match start and end.');
    if (start.at <= this.#now()) return outcome(422, 'business-rule', 'The appointment is in the past.');
    const day = localDateOf(new Date(start.at), this.timezone);
    const inHours = (role.hours[weekdayOf(day)] ?? []).some(
      ([open, close]) =>
        start.at >= instantAt(day, open, this.timezone).getTime() &&
        end.at <= instantAt(day, close, this.timezone).getTime(),
    );
    if (!inHours) return outcome(422, 'business-rule', 'The practitioner does not work at that time.');
    if (this.#clashes(roleId, start.at, end.at))
      return outcome(409, 'conflict', 'The practitioner already has an appointment at that time.');
    const created = {
      id: this.#id(880_000_000),
      roleId,
      patientId,
      serviceId,
      start: start.at,
      end: end.at,
      status: 'booked',
      description: jsonText(appointment.description),
      created: this.#now(),
    };
    this.appointments.push(created);
    return resource(this.#appointmentResource(created, base), 201);
  }

  #readAppointment(id: string, base: string): Response {
    const a = this.appointments.find((x) => x.id === id);
    return a
      ? resource(this.#appointmentResource(a, base))
      : outcome(404, 'not-found', 'No such appointment.');
  }

  /**
   * `PATCH Appointment/{id}` as a JSON merge patch (RFC 7396: objects merge, arrays and
   * values replace, null removes). `status` is not writable and is ignored, as the live test
   * found; the patient's status is read from their participant's `modifierExtension`. An
   * appointment must keep a practitioner; one that had a patient must keep them.
   */
  #patchAppointment(id: string, patch: unknown, base: string): Response {
    const a = this.appointments.find((x) => x.id === id);
    if (!a) return outcome(404, 'not-found', 'No such appointment.');
    if (typeof patch !== 'object' || patch === null || Array.isArray(patch))
      return outcome(400, 'structure', 'A merge patch must be a JSON object.');
    const { status: _notWritable, ...writable } = patch as Json;
    const next = mergePatch(this.#appointmentResource(a, base), writable) as Json;
    const start = parseDateParam(jsonText(next.start));
    const end = parseDateParam(jsonText(next.end));
    if (!start || !end || !(end.at > start.at))
      return outcome(422, 'invalid', 'start and end must be date-times with an offset, end after start.');
    if (next.minutesDuration !== (end.at - start.at) / 60_000)
      return outcome(422, 'invariant', 'minutesDuration does not match start and end.');
    const participants = Array.isArray(next.participant) ? (next.participant as Json[]) : [];
    const roleId = participants
      .map((p) => idIn((p.actor as Json | undefined)?.reference, 'PractitionerRole'))
      .find((x) => x !== null);
    if (!roleId || !this.seed.roles.some((r) => r.resource.id === roleId))
      return outcome(422, 'required', 'An appointment needs a PractitionerRole participant.');
    const patient = participants.find(
      (p) => idIn((p.actor as Json | undefined)?.reference, 'Patient') !== null,
    );
    const patientId = patient ? idIn((patient.actor as Json).reference, 'Patient') : null;
    if (a.patientId && patientId !== a.patientId)
      return outcome(422, 'business-rule', 'The patient on an appointment cannot be changed.');
    const code = ((patient?.modifierExtension as Json[] | undefined) ?? [])
      .filter((e) => e.url === PARTICIPANT_STATUS)
      .map((e) => jsonText((e.valueCoding as Json | undefined)?.code))
      .at(-1);
    Object.assign(a, {
      start: start.at,
      end: end.at,
      roleId,
      description: jsonText(next.description),
      // Reading it back shows `cancelled` for any cancellation code (reference §2.7).
      status: code?.startsWith('cancelled') ? 'cancelled' : (code ?? a.status),
    });
    return resource(this.#appointmentResource(a, base));
  }

  #appointmentResource(a: SeedAppointment & { id: string; created: number }, base: string): Json {
    return {
      resourceType: 'Appointment',
      id: a.id,
      description: a.description,
      start: toClinicIso(new Date(a.start), this.timezone),
      end: toClinicIso(new Date(a.end), this.timezone),
      minutesDuration: (a.end - a.start) / 60_000,
      created: toClinicIso(new Date(a.created), this.timezone),
      ...(a.serviceId
        ? {
            supportingInformation: [
              { reference: `/main/HealthcareService/${a.serviceId}`, type: 'HealthcareService' },
            ],
          }
        : {}),
      participant: [
        {
          type: [{ coding: [{ code: 'ATND' }] }],
          actor: { reference: `${base}/PractitionerRole/${a.roleId}`, type: 'PractitionerRole' },
        },
        ...(a.patientId
          ? [
              {
                actor: { reference: `/main/Patient/${a.patientId}`, type: 'Patient' },
                modifierExtension: [
                  { url: PARTICIPANT_STATUS, valueCoding: { code: a.status, display: a.status } },
                ],
              },
            ]
          : []),
      ],
    };
  }

  #createDocument(body: unknown): Response {
    const b = body as Json;
    if (b?.resourceType !== 'DocumentReference')
      return outcome(400, 'structure', 'The body must be a DocumentReference.');
    if (!['preliminary', 'final'].includes(String(b.docStatus)))
      return outcome(422, 'required', 'docStatus must be preliminary or final.');
    const patientId = idIn((b.subject as Json | undefined)?.reference, 'Patient');
    const roleId = idIn((b.author as Json[] | undefined)?.[0]?.reference, 'PractitionerRole');
    if (!patientId || !this.patients.some((p) => p.id === patientId))
      return outcome(422, 'required', 'subject must be a known Patient.');
    if (!roleId || !this.seed.roles.some((r) => r.resource.id === roleId))
      return outcome(422, 'required', 'author must be a PractitionerRole.');
    if (typeof b.description !== 'string' || !b.description)
      return outcome(422, 'required', 'description is required.');
    const content = (b.content as Json[] | undefined)?.[0]?.attachment as Json | undefined;
    if (content && content.contentType !== 'text/html')
      return outcome(422, 'invalid', 'Note content must be text/html.');
    const attachments = (b.attachments as Json[] | undefined) ?? [];
    let pdf = new Uint8Array();
    let pdfTitle = '';
    for (const attachment of attachments) {
      if (!ALLOWED_ATTACHMENT_TYPES.has(String(attachment.contentType)))
        return outcome(422, 'invalid', 'Unsupported attachment type.');
      const data = jsonText(attachment.data);
      if (!/^[A-Za-z0-9+/]+={0,2}$/.test(data) || data.length > (20 * 1024 * 1024 * 4) / 3)
        return outcome(422, 'invalid', 'Attachment data must be base64, at most 20 MB.');
      if (attachment.contentType === 'application/pdf') {
        pdf = Uint8Array.from(atob(data), (c) => c.charCodeAt(0));
        pdfTitle = jsonText(attachment.title);
      }
    }
    const id = this.#id(50_000_000);
    this.documents.push({ id, body: b, html: jsonText(content?.data), pdf, pdfTitle });
    return resource(
      { resourceType: 'DocumentReference', id, status: 'current', docStatus: b.docStatus },
      201,
    );
  }

  #id(offset: number): string {
    const id = String(offset + this.#nextId);
    this.#nextId += 1;
    return id;
  }
}

/** RFC 7396. */
function mergePatch(target: unknown, patch: unknown): unknown {
  if (typeof patch !== 'object' || patch === null || Array.isArray(patch)) return patch;
  const out: Json =
    typeof target === 'object' && target !== null && !Array.isArray(target) ? { ...(target as Json) } : {};
  for (const [key, value] of Object.entries(patch as Json)) {
    if (value === null) delete out[key];
    else out[key] = mergePatch(out[key], value);
  }
  return out;
}

/**
 * FHIR string search on `name`: case- and accent-insensitive, matching from the start of
 * the name (so `name=Medicare` also finds "Medicare Local …").
 */
function byName(url: URL, resources: Json[]): Json[] {
  const name = url.searchParams.get('name');
  if (name === null) return resources;
  const fold = (value: string) => value.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
  return resources.filter((r) => fold(typeof r.name === 'string' ? r.name : '').startsWith(fold(name)));
}

function byIds(url: URL, resources: Json[]): Json[] {
  const ids = url.searchParams.get('_id')?.split(',');
  return ids ? resources.filter((r) => ids.includes(String(r.id))) : resources;
}

function operationOf(method: string, path: string): FakeOperation {
  const table: Record<string, FakeOperation> = {
    'POST /oauth/token': 'token',
    'GET /HealthcareService': 'services.search',
    'GET /PractitionerRole': 'roles.search',
    'GET /Practitioner': 'practitioners.search',
    'GET /ChargeItemDefinition': 'fees.search',
    'GET /Organization': 'organizations.search',
    'GET /Patient': 'patients.search',
    'POST /Patient': 'patients.create',
    'GET /Coverage': 'coverages.search',
    'POST /Coverage': 'coverages.create',
    'GET /Appointment': 'appointments.search',
    'GET /Appointment/$find': 'appointments.find',
    'POST /Appointment/$book': 'appointments.book',
    'POST /DocumentReference': 'documents.create',
  };
  if (/^\/Appointment\/\d+$/.test(path)) {
    if (method === 'GET') return 'appointments.read';
    if (method === 'PATCH') return 'appointments.update';
  }
  return table[`${method} ${path}`] ?? 'other';
}
