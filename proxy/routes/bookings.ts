/**
 * `POST /api/clinics/:clinicId/bookings`: book an appointment. Needs an `Idempotency-Key`
 * header; the same key with the same body returns the first booking instead of a second.
 *
 * Before anything reaches the practice system: the honeypot (on the raw body), the
 * schema, and, for clinics that use it, Cloudflare Turnstile. Turnstile runs inside the
 * idempotency guard, so a repeat of a finished booking is answered without spending the
 * (single-use) token again.
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
import { HONEYPOT_FIELD } from '../../shared/bot-checks.ts';
import { UNKNOWN_CLIENT } from '../security/client-address.ts';
import { honeypotFilled, honeypotRefusal } from '../security/honeypot.ts';
import { hostnamesOf, type TurnstileVerifier } from '../security/turnstile.ts';

export interface BookingRouteDeps {
  now: () => Date;
  locks: KeyedLock;
  logger: Logger;
  idempotency: IdempotencyStore<Booking>;
  verifyTurnstile: TurnstileVerifier;
}

const IDEMPOTENCY_KEY = /^[\w.:-]{8,128}$/;

export function bookingRoutes(deps: BookingRouteDeps) {
  return new Hono<AppEnv>().post('/bookings', async (c) => {
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
    const { turnstileToken, [HONEYPOT_FIELD]: _honeypot, ...request } = parseBody(bookingRequestSchema, raw);
    const retryKey = `${clinic.config.id}|${key}`;
    // The token is left out of the fingerprint: a retry may carry a fresh one.
    const booking = await deps.idempotency.run(retryKey, await fingerprintOf(request), async () => {
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
      return bookAppointment(clinic, request, { ...deps, requestId });
    });
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
