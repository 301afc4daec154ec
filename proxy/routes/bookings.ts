/**
 * `POST /api/clinics/:clinicId/bookings`: book an appointment. Needs an `Idempotency-Key`
 * header; the same key with the same body returns the first booking instead of a second.
 */
import { Hono } from 'hono';
import { bookingRequestSchema, type BookingResponse } from '../../shared/contract.ts';
import { bookAppointment } from '../booking/book-appointment.ts';
import { fingerprintOf, IdempotencyStore } from '../booking/idempotency-store.ts';
import type { KeyedLock } from '../booking/keyed-lock.ts';
import type { AppEnv } from '../env.ts';
import { ApiError } from '../http/api-error.ts';
import { parseBody } from '../http/validate.ts';
import type { Logger } from '../logger.ts';
import type { Booking } from '../../shared/contract.ts';

export interface BookingRouteDeps {
  now: () => Date;
  locks: KeyedLock;
  logger: Logger;
  idempotency: IdempotencyStore<Booking>;
}

const IDEMPOTENCY_KEY = /^[\w.:-]{8,128}$/;

export function bookingRoutes(deps: BookingRouteDeps) {
  return new Hono<AppEnv>().post('/bookings', async (c) => {
    const key = c.req.header('Idempotency-Key');
    if (!key || !IDEMPOTENCY_KEY.test(key)) {
      throw new ApiError(400, 'idempotency_key_required', 'The booking request is missing its Idempotency-Key header (8 to 128 letters, digits, dots, colons, dashes or underscores).');
    }
    const request = parseBody(bookingRequestSchema, await readJson(c.req.raw));
    const clinic = c.get('clinic');
    const booking = await deps.idempotency.run(`${clinic.config.id}|${key}`, await fingerprintOf(request), () =>
      bookAppointment(clinic, request, { ...deps, requestId: c.get('requestId') }),
    );
    const body: BookingResponse = { booking };
    return c.json(body, 201);
  });
}

async function readJson(request: Request): Promise<unknown> {
  const text = await request.text();
  try {
    return JSON.parse(text);
  } catch {
    throw new ApiError(400, 'invalid_json', 'The booking request was not valid JSON.');
  }
}
