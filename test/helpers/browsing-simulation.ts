/**
 * Simulated patients using the widget against a proxy, for counting what they cost the
 * practice system. Provider-neutral: pass the proxy (`app.request`, or `fetch` to a served
 * one), a way to move the proxy's clock, and a counter of the fake practice system's
 * requests. Used by the load tests (`test/performance/browsing-load.test.ts`, one per
 * practice system) and by `npm run bench`.
 *
 * Each patient does what the widget does: the bootstrap (steps 1 and 2 in one request),
 * the services list, then availability a week at a time for the chosen service and
 * practitioner. Patients arrive spread over `arrivalSpreadMs` and pause `thinkMs` between
 * steps, on the proxy's clock, so caches expire as they would in a real minute. With `book`,
 * each then books one of the times it was shown (a whole widget session); patients who
 * pick a time someone else just took get 409 with alternatives, as they would. Every
 * patient has their own client address (sent as `X-Forwarded-For`, so the app must trust
 * that header), as real patients do, so per-client rate limits apply per patient.
 */
import { addDaysToIsoDate } from '../../shared/dates.ts';
import {
  availabilityResponseSchema,
  bootstrapResponseSchema,
  servicesResponseSchema,
  type BookingRequest,
  type BootstrapResponse,
  type Slot,
} from '../../shared/contract.ts';
import { DRAWN_SIGNATURE } from '../fixtures/signature.ts';

/** `app.request` of a Hono app, or a `fetch` bound to a served proxy's origin. */
export type ProxyRequest = (path: string, init?: RequestInit) => Response | Promise<Response>;

/** The trusted-proxy setting under which each simulated patient has their own address. */
export const SIMULATED_CLIENT_HEADER = { header: 'X-Forwarded-For', hops: 1 } as const;

/** Patient `i`'s address: distinct for up to 16 million patients, in the private range 10/8. */
export function simulatedAddress(i: number): string {
  return `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
}

/** What one patient picks from the bootstrap: a service, and a practitioner or `any`. */
export interface PatientChoice {
  serviceId: string;
  practitionerId: string;
}

/**
 * The default choice for patient `i`: services in turn; two in three patients take "any
 * practitioner", the rest a named practitioner who offers the service, in turn.
 */
export function defaultChoice(bootstrap: BootstrapResponse, i: number): PatientChoice {
  const services = bootstrap.categories.flatMap((c) => c.services);
  const service = services[i % services.length]!;
  const offering = bootstrap.practitioners.filter((p) => p.serviceIds.includes(service.id));
  // Counted among this service's patients, so every service gets both kinds.
  const nth = Math.floor(i / services.length);
  const named = nth % 3 === 2 && offering.length > 0;
  return {
    serviceId: service.id,
    practitionerId: named ? offering[Math.floor(nth / 3) % offering.length]!.id : 'any',
  };
}

export interface BrowsingOptions {
  request: ProxyRequest;
  clinicId: string;
  patients: number;
  /** The first day of the first week asked for (`YYYY-MM-DD`, the clinic's today in the widget). */
  firstDay: string;
  /** Weeks of availability each patient looks at; default 2. */
  weeks?: number;
  /** Patients arrive evenly over this long; 0 means all at the same moment. Default 0. */
  arrivalSpreadMs?: number;
  /** Pause between one patient's steps; default 5 s. */
  thinkMs?: number;
  /** Moves the proxy's (and the fake's) clock forward. */
  advance: (ms: number) => void;
  /** Requests the fake practice system has received so far. */
  upstreamCount: () => number;
  choose?: (bootstrap: BootstrapResponse, i: number) => PatientChoice;
  /** After browsing, book one of the first week's times (new patients). Default false. */
  book?: boolean;
}

export interface StepFailure {
  patient: number;
  step: string;
  status: number;
  body: string;
}

export interface BrowsingResult {
  /** Every answer each patient got, as `step status`, e.g. `availability week 2 200`. */
  answers: string[][];
  failures: StepFailure[];
  /** Free slots each patient was shown, over all their weeks. */
  slotsSeen: number[];
  /** With `book`: bookings made (201) and refused because the time was just taken (409). */
  booked: number;
  slotTaken: number;
  /** With `book`: patients whose first week had no free time left, so they could not book. */
  nothingToBook: number;
  /** Upstream requests made while the proxy's clock stood at each time (ms from the start). */
  upstreamAt: Array<{ atMs: number; requests: number }>;
  totalUpstream: number;
  /** The most upstream requests in any 60 seconds of the simulation. */
  maxUpstreamPerMinute: number;
  /** How long the simulation covered on the proxy's clock. */
  durationMs: number;
}

interface Step {
  atMs: number;
  patient: number;
  index: number;
}

/** Runs the patients and counts what they cost upstream; never throws for a refused request. */
export async function simulateBrowsing(options: BrowsingOptions): Promise<BrowsingResult> {
  const weeks = options.weeks ?? 2;
  const thinkMs = options.thinkMs ?? 5_000;
  const spread = options.arrivalSpreadMs ?? 0;
  const choose = options.choose ?? defaultChoice;
  const base = `/api/clinics/${options.clinicId}`;
  const stepsPerPatient = 2 + weeks + (options.book ? 1 : 0);

  const answers: string[][] = Array.from({ length: options.patients }, () => []);
  const slotsSeen = Array<number>(options.patients).fill(0);
  const failures: StepFailure[] = [];
  const choices = Array<PatientChoice | null>(options.patients).fill(null);
  const waiverVersions: string[] = [];
  const firstWeek: Slot[][] = Array.from({ length: options.patients }, () => []);
  let booked = 0;
  let slotTaken = 0;
  let nothingToBook = 0;

  const call = async (
    patient: number,
    step: string,
    path: string,
    init: RequestInit = {},
    ok = [200],
  ): Promise<unknown> => {
    const headers = {
      ...(init.headers as Record<string, string> | undefined),
      'X-Forwarded-For': simulatedAddress(patient),
    };
    const res = await options.request(path, { ...init, headers });
    answers[patient]!.push(`${step} ${res.status}`);
    const text = await res.text();
    if (!ok.includes(res.status)) {
      failures.push({ patient, step, status: res.status, body: text.slice(0, 300) });
      return null;
    }
    return JSON.parse(text) as unknown;
  };
  const get = (patient: number, step: string, path: string) => call(patient, step, path);

  const bookOne = async (patient: number): Promise<void> => {
    const choice = choices[patient];
    const shown = firstWeek[patient]!;
    if (!choice || !answers[patient]!.includes('availability week 1 200')) return; // already a failure
    if (shown.length === 0) {
      // The week is booked out (by the simulated patients, often): an answer, not a failure.
      nothingToBook += 1;
      return;
    }
    // Patients spread over the times shown, as people do; some still collide.
    const slot = shown[(patient * 7) % shown.length]!;
    const body = simulatedBooking(
      slot,
      choice.serviceId,
      choice.practitionerId,
      patient,
      waiverVersions[patient] ?? '1',
    );
    const init = {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        'Idempotency-Key': `simulated-booking-${patient}-${Date.parse(slot.start)}`,
      },
      body: JSON.stringify(body),
    };
    const answer = await call(patient, 'booking', `${base}/bookings`, init, [201, 409]);
    if (answer && typeof answer === 'object' && 'booking' in answer) booked += 1;
    else if (answer) slotTaken += 1;
  };

  const runStep = async ({ patient, index }: Step): Promise<void> => {
    if (index === 0) {
      const body = await get(patient, 'bootstrap', `${base}/bootstrap`);
      if (body) {
        const bootstrap = bootstrapResponseSchema.parse(body);
        choices[patient] = choose(bootstrap, patient);
        waiverVersions[patient] = bootstrap.clinic.waiver.version;
      }
      return;
    }
    if (index === 1) {
      const body = await get(patient, 'services', `${base}/services`);
      if (body) servicesResponseSchema.parse(body);
      return;
    }
    if (index === 2 + weeks) return bookOne(patient);
    const choice = choices[patient];
    if (!choice) return; // no bootstrap, nothing to choose from: already a failure
    const week = index - 2;
    const from = addDaysToIsoDate(options.firstDay, week * 7);
    const query = new URLSearchParams({ ...choice, from, to: addDaysToIsoDate(from, 6) });
    const body = await get(patient, `availability week ${week + 1}`, `${base}/availability?${query}`);
    if (body) {
      const { slots } = availabilityResponseSchema.parse(body);
      slotsSeen[patient]! += slots.length;
      if (week === 0) firstWeek[patient] = slots;
    }
  };

  const steps: Step[] = [];
  for (let patient = 0; patient < options.patients; patient++) {
    const arrival = options.patients > 1 ? Math.round((patient * spread) / options.patients) : 0;
    for (let index = 0; index < stepsPerPatient; index++)
      steps.push({ atMs: arrival + index * thinkMs, patient, index });
  }
  steps.sort((a, b) => a.atMs - b.atMs || a.patient - b.patient || a.index - b.index);

  const upstreamAt: BrowsingResult['upstreamAt'] = [];
  const startCount = options.upstreamCount();
  let clock = 0;
  for (let i = 0; i < steps.length;) {
    const atMs = steps[i]!.atMs;
    const group: Step[] = [];
    while (i < steps.length && steps[i]!.atMs === atMs) group.push(steps[i++]!);
    options.advance(atMs - clock);
    clock = atMs;
    const before = options.upstreamCount();
    // Patients at the same moment run concurrently; one patient's steps run in order.
    const byPatient = new Map<number, Step[]>();
    for (const step of group) byPatient.set(step.patient, [...(byPatient.get(step.patient) ?? []), step]);
    await Promise.all(
      [...byPatient.values()].map(async (own) => {
        for (const step of own) await runStep(step);
      }),
    );
    upstreamAt.push({ atMs, requests: options.upstreamCount() - before });
  }

  return {
    answers,
    failures,
    slotsSeen,
    booked,
    slotTaken,
    nothingToBook,
    upstreamAt,
    totalUpstream: options.upstreamCount() - startCount,
    maxUpstreamPerMinute: maxInWindow(upstreamAt, 60_000),
    durationMs: clock,
  };
}

/** The largest sum of `requests` over any window of `windowMs` starting at a recorded time. */
export function maxInWindow(points: Array<{ atMs: number; requests: number }>, windowMs: number): number {
  let max = 0;
  for (const start of points) {
    const sum = points
      .filter((p) => p.atMs >= start.atMs && p.atMs < start.atMs + windowMs)
      .reduce((total, p) => total + p.requests, 0);
    max = Math.max(max, sum);
  }
  return max;
}

/** A new patient's booking of `slot`, with the given waiver version. */
export function simulatedBooking(
  slot: Slot,
  serviceId: string,
  practitionerId: string,
  patient: number,
  waiverVersion: string,
): BookingRequest {
  return {
    serviceId,
    practitionerId,
    start: slot.start,
    patient: {
      firstName: 'Simulated',
      lastName: `Patient${patient}`,
      email: `simulated.patient${patient}@example.com`,
      phone: '0412 345 678',
      dateOfBirth: '1980-05-17',
    },
    waiver: { version: waiverVersion, accepted: true, signatureSvg: DRAWN_SIGNATURE },
  };
}
