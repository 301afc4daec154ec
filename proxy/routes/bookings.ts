/**
 * `POST /api/clinics/:clinicId/bookings`: book an appointment. Needs an `Idempotency-Key`
 * header; the same key with the same body returns the first booking instead of a second,
 * on whichever instance it lands.
 *
 * Before anything reaches the practice system: the sender's booking allowance, the
 * honeypot (on the raw body), the schema, the idempotency claim, and, for clinics that use
 * it, Cloudflare Turnstile. Turnstile runs inside the claim, so a repeat of a finished
 * booking is answered without spending the (single-use) token again. Only a request that
 * passed all of those spends the clinic's booking allowance: junk cannot lock patients out.
 *
 * The patient waits at most `deadlineMs`: past it they get a 503 asking to retry, while the
 * booking goes on and records its answer, which the retry then receives.
 */
import { Hono } from 'hono';
import { HONEYPOT_FIELD } from '../../shared/bot-checks.ts';
import {
  bookingRequestSchema,
  PAGE_FILLED_BOOKING_FIELDS,
  type Booking,
  type BookingResponse,
  type ValidBookingRequest,
} from '../../shared/contract.ts';
import { bookAppointment, type BookingStoreDeps } from '../booking/book-appointment.ts';
import { fingerprintOf, runOnce } from '../booking/run-once.ts';
import type { AppEnv } from '../env.ts';
import { ApiError } from '../http/api-error.ts';
import { fieldErrors, parseBody } from '../http/validate.ts';
import type { Logger } from '../logger.ts';
import { UNKNOWN_CLIENT } from '../security/client-address.ts';
import { honeypotFilled, honeypotRefusal } from '../security/honeypot.ts';
import { spends } from '../security/rate-limit.ts';
import { hostnamesOf, type TurnstileVerifier } from '../security/turnstile.ts';
import { DAY_MS } from '../store/tokens.ts';
import { allowsChanges } from '../manage/manage-booking.ts';
import { bookingCreatedWrite } from '../webhooks/webhook-events.ts';
import type { ManageTokens } from '../manage/manage-token.ts';

export interface BookingRouteDeps extends BookingStoreDeps {
  now: () => Date;
  /** Signs `booking.manageToken`, the change-or-cancel link. */
  manageTokens: ManageTokens;
  logger: Logger;
  verifyTurnstile: TurnstileVerifier;
  /** The longest a patient waits for an answer; default {@link BOOKING_DEADLINE_MS}. */
  deadlineMs?: number;
}

/**
 * Shorter than any patience a booking page should ask for, and long enough for the dozen
 * upstream calls of a booking on a slow practice system.
 */
export const BOOKING_DEADLINE_MS = 20_000;

const IDEMPOTENCY_KEY = /^[\w.:-]{8,128}$/;

export function bookingRoutes(deps: BookingRouteDeps) {
  const deadlineMs = deps.deadlineMs ?? BOOKING_DEADLINE_MS;
  return new Hono<AppEnv>().post('/bookings', spends('bookings'), async (c) => {
    const started = Date.now();
    const key = c.req.header('Idempotency-Key');
    if (!key || !IDEMPOTENCY_KEY.test(key)) {
      throw new ApiError(
        400,
        'idempotency_key_required',
        'The booking request is missing its Idempotency-Key header (8 to 128 letters, digits, dots, colons, dashes or underscores).',
      );
    }
    const clinic = c.get('clinic');
    const requestId = c.get('requestId');
    const raw = await readJson(c.req.raw);
    if (honeypotFilled(raw)) {
      deps.logger.log('info', 'booking.honeypot', { clinicId: clinic.config.id, requestId });
      throw honeypotRefusal();
    }
    const { turnstileToken, [HONEYPOT_FIELD]: _honeypot, ...request } = parseBookingRequest(raw);
    const retryKey = `${clinic.config.id}|${key}`;
    const remaining = () => Math.max(0, deadlineMs - (Date.now() - started));
    // The token is left out of the fingerprint: a retry may carry a fresh one.
    const work = runOnce<Booking>(
      deps.store.idempotency,
      retryKey,
      await fingerprintOf(request),
      async (attempt) => {
        const turnstile = clinic.config.turnstile;
        if (turnstile?.enabled) {
          const clientAddress = c.get('clientAddress');
          await deps.verifyTurnstile({
            clinicId: clinic.config.id,
            requestId,
            secretKey: turnstile.secretKey,
            token: turnstileToken,
            remoteIp:
              clientAddress === UNKNOWN_CLIENT || clientAddress.includes('/') ? undefined : clientAddress,
            retryKey,
            allowedHostnames: hostnamesOf(clinic.config.allowedOrigins),
          });
        }
        await c.get('limits').clinic(c, 'bookings');
        const booked = await bookAppointment(clinic, request, {
          ...deps,
          requestId,
          idempotencyKey: retryKey,
          resumed: attempt.resumed,
        });
        // Kept in the idempotency record, so a replay carries the same link.
        if (!allowsChanges(clinic)) return booked;
        const manageToken = await deps.manageTokens.sign({
          clinicId: clinic.config.id,
          appointmentId: booked.id,
        });
        return { ...booked, manageToken };
      },
      {
        waitMs: remaining(),
        // Kept at least as long as the appointment, so a late retry still finds it.
        keepUntil: (booking) => Math.max(deps.store.now(), Date.parse(booking.end)) + DAY_MS,
        // Written with the booking's answer, in one step: a crash cannot keep one and lose the other.
        outbox: (booking) => bookingCreatedWrite(clinic, request, booking, retryKey, deps.now()),
      },
    );
    const booking = await withinDeadline(work, remaining(), () =>
      deps.logger.log('warn', 'booking.deadline', { clinicId: clinic.config.id, requestId }),
    );
    const body: BookingResponse = { booking };
    return c.json(body, 201);
  });
}

/**
 * The work's answer, or a 503 once `ms` pass; the work itself goes on (its claim renewed)
 * and records its answer for the patient's retry.
 */
async function withinDeadline<T>(work: Promise<T>, ms: number, onLate: () => void): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      onLate();
      reject(
        new ApiError(
          503,
          'upstream_unavailable',
          'The clinic’s booking system is slow to confirm your booking. Please try again in a moment: you will not be booked twice.',
          { headers: { 'Retry-After': '5' } },
        ),
      );
    }, ms);
  });
  // A failure after the patient was answered is the retry's to meet; it must not crash the process.
  work.catch(() => undefined);
  try {
    return await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The request, validated. A problem in what the page fills (`source`, `marketingConsent`) is
 * the page's to fix, not the patient's: a 400 naming those fields, before any 422 for theirs.
 */
function parseBookingRequest(raw: unknown): ValidBookingRequest {
  const result = bookingRequestSchema.safeParse(raw);
  if (result.success) return result.data;
  const pageFilled = new Set<PropertyKey>(PAGE_FILLED_BOOKING_FIELDS);
  const pageIssues = result.error.issues.filter((issue) => pageFilled.has(issue.path[0] ?? ''));
  if (pageIssues.length > 0) {
    throw new ApiError(
      400,
      'bad_request',
      'The booking page sent details about this visit that the booking system cannot read. Please reload the page and try again.',
      { fields: fieldErrors({ issues: pageIssues }) },
    );
  }
  return parseBody(bookingRequestSchema, raw);
}

async function readJson(request: Request): Promise<unknown> {
  const text = await request.text();
  try {
    return JSON.parse(text);
  } catch {
    throw new ApiError(400, 'invalid_json', 'The booking request was not valid JSON.');
  }
}
