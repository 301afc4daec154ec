/**
 * A patient's change-or-cancel link (`?cb-manage=<token>` on the clinic's page):
 *
 * - `GET /manage/:token` → `{ booking, status, canChange, changeDeadline }`;
 * - `POST /manage/:token/reschedule` (with `Idempotency-Key`) `{ start, practitionerId }` →
 *   `{ booking }` at the new time;
 * - `POST /manage/:token/cancel` `{ reason? }` → `{ booking, status: "cancelled" }`.
 *
 * Every token that names nothing this clinic may show (malformed, forged, another clinic's,
 * an appointment gone or passed) gets the same 404 `booking_not_found`, after spending the
 * sender's `manage` allowance, so tokens cannot be probed. A valid-looking token spends its
 * own allowance too, across instances. Tokens never reach the logs.
 */
import { Hono, type Context } from 'hono';
import {
  cancelRequestSchema,
  rescheduleRequestSchema,
  type Booking,
  type CancelResponse,
  type ManageResponse,
} from '../../shared/contract.ts';
import { fingerprintOf, runOnce } from '../booking/run-once.ts';
import type { AppEnv } from '../env.ts';
import { ApiError } from '../http/api-error.ts';
import { parseBody } from '../http/validate.ts';
import type { Logger } from '../logger.ts';
import {
  bookingNotFound,
  cancelBooking,
  describeManaged,
  loadManaged,
  rescheduleBooking,
  type BookingChange,
} from '../manage/manage-booking.ts';
import type { ManageTokens } from '../manage/manage-token.ts';
import { spends } from '../security/rate-limit.ts';
import { sha256Hex } from '../security/sha256.ts';
import type { Store } from '../store/store.ts';
import { DAY_MS } from '../store/tokens.ts';

export interface ManageRouteDeps {
  now: () => Date;
  logger: Logger;
  store: Store;
  tokens: ManageTokens;
  /** Told of every move and cancel that reached the practice system. */
  onChanged?: (change: BookingChange) => void | Promise<void>;
}

const IDEMPOTENCY_KEY = /^[\w.:-]{8,128}$/;
/** How long a patient waits for a move before a 503 asking to retry (the move goes on). */
const MANAGE_WAIT_MS = 20_000;

export function manageRoutes(deps: ManageRouteDeps) {
  const depsFor = (c: Context<AppEnv>) => ({ ...deps, requestId: c.get('requestId') });

  /** The appointment id the path's token names for this clinic, after its allowance; 404 otherwise. */
  async function appointmentOf(c: Context<AppEnv>): Promise<string> {
    const token = c.req.param('token') ?? '';
    const appointmentId = await deps.tokens.verify(token, c.get('clinic').config.id);
    if (!appointmentId) throw bookingNotFound();
    await c.get('limits').token(c, await sha256Hex(token));
    return appointmentId;
  }

  return new Hono<AppEnv>()
    .get('/manage/:token', spends('manage'), async (c) => {
      const clinic = c.get('clinic');
      const appointment = await loadManaged(clinic, await appointmentOf(c), deps.now());
      const body: ManageResponse = await describeManaged(clinic, appointment, deps);
      return c.json(body, 200, { 'Cache-Control': 'no-store' });
    })
    .post('/manage/:token/reschedule', spends('manage'), async (c) => {
      const key = c.req.header('Idempotency-Key');
      if (!key || !IDEMPOTENCY_KEY.test(key)) {
        throw new ApiError(
          400,
          'idempotency_key_required',
          'The change request is missing its Idempotency-Key header (8 to 128 letters, digits, dots, colons, dashes or underscores).',
        );
      }
      const clinic = c.get('clinic');
      const appointmentId = await appointmentOf(c);
      const request = parseBody(rescheduleRequestSchema, await readJson(c.req.raw));
      const booking = await runOnce<Booking>(
        deps.store.idempotency,
        `${clinic.config.id}|move|${appointmentId}|${key}`,
        await fingerprintOf(request),
        () => rescheduleBooking(clinic, appointmentId, request, depsFor(c)),
        {
          waitMs: MANAGE_WAIT_MS,
          keepUntil: (moved) => Math.max(deps.store.now(), Date.parse(moved.end)) + DAY_MS,
        },
      );
      return c.json({ booking }, 200);
    })
    .post('/manage/:token/cancel', spends('manage'), async (c) => {
      const clinic = c.get('clinic');
      const appointmentId = await appointmentOf(c);
      const raw = await readJson(c.req.raw, true);
      const { reason } = parseBody(cancelRequestSchema, raw);
      const body: CancelResponse = await cancelBooking(
        clinic,
        appointmentId,
        reason || undefined,
        depsFor(c),
      );
      return c.json(body, 200);
    });
}

async function readJson(request: Request, emptyIsObject = false): Promise<unknown> {
  const text = await request.text();
  if (emptyIsObject && text.trim() === '') return {};
  try {
    return JSON.parse(text);
  } catch {
    throw new ApiError(400, 'invalid_json', 'The request was not valid JSON.');
  }
}
