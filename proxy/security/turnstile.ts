/**
 * Cloudflare Turnstile, verified by the proxy before a booking touches the practice system.
 *
 * A clinic that enables Turnstile (`turnstile` in its config) has its widget render the
 * challenge and send the token with the booking; the proxy asks Cloudflare's siteverify
 * whether the token is real, unused, solved on one of the clinic's sites and for booking.
 *
 * - Fails closed: Cloudflare unreachable or answering nonsense refuses the booking (503,
 *   try again), it never lets it through.
 * - Retries are safe: tokens are single-use, so each verification carries an
 *   `idempotency_key` derived from the booking's `Idempotency-Key` and the token. When the
 *   patient's retry repeats a booking whose first attempt failed after verification,
 *   Cloudflare answers the same again instead of "already spent".
 * - The secret goes in the request body only, and is never logged.
 */
import { z } from 'zod';
import { TURNSTILE_ACTION } from '../../shared/bot-checks.ts';
import { ApiError } from '../http/api-error.ts';
import type { Logger } from '../logger.ts';
import { sha256, toHex } from './sha256.ts';

/** Cloudflare's siteverify endpoint. */
export const SITEVERIFY_URL = 'https://challenges.cloudflare.com/turnstile/v0/siteverify';

/** Cloudflare's documented answer. */
const siteverifyResponseSchema = z.object({
  success: z.boolean(),
  'error-codes': z.array(z.string()).default([]),
  challenge_ts: z.string().optional(),
  hostname: z.string().optional(),
  action: z.string().optional(),
  cdata: z.string().optional(),
});

/** Error codes that mean the clinic's secret is wrong, not that the patient is a bot. */
const MISCONFIGURED = new Set(['missing-input-secret', 'invalid-input-secret']);

export interface TurnstileCheck {
  clinicId: string;
  requestId: string;
  secretKey: string;
  /** The token the widget sent; missing means the challenge was not done. */
  token: string | undefined;
  /** The client's address, passed on to Cloudflare as `remoteip` when known. */
  remoteIp: string | undefined;
  /** Stable across retries of one booking: the clinic and its `Idempotency-Key`. */
  retryKey: string;
  /** Hostnames the challenge may have been solved on; empty allows any. */
  allowedHostnames: string[];
}

export type TurnstileVerifier = (check: TurnstileCheck) => Promise<void>;

export interface TurnstileVerifierOptions {
  fetch: typeof fetch;
  logger: Logger;
  /** How long to wait for Cloudflare; default 5 s. */
  timeoutMs?: number;
}

function challengeFailed(): ApiError {
  return new ApiError(
    403,
    'challenge_failed',
    'The security check did not go through or has expired. Please complete it again, then book.',
  );
}

/** Builds the verifier; it resolves when the token is good and throws `ApiError` otherwise. */
export function createTurnstileVerifier(options: TurnstileVerifierOptions): TurnstileVerifier {
  const { logger } = options;
  const timeoutMs = options.timeoutMs ?? 5000;

  return async (check) => {
    const log = (level: 'info' | 'warn' | 'error', event: string, fields: Record<string, string> = {}) =>
      logger.log(level, event, { clinicId: check.clinicId, requestId: check.requestId, ...fields });
    if (!check.token) {
      log('info', 'turnstile.refused', { reason: 'missing-token' });
      throw challengeFailed();
    }
    const form = new URLSearchParams({
      secret: check.secretKey,
      response: check.token,
      idempotency_key: await uuidFrom(`${check.retryKey}|${check.token}`),
    });
    if (check.remoteIp) form.set('remoteip', check.remoteIp);

    let answer: z.output<typeof siteverifyResponseSchema>;
    try {
      const response = await options.fetch(SITEVERIFY_URL, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: form.toString(),
        signal: AbortSignal.timeout(timeoutMs),
      });
      if (!response.ok) throw new Error(`status ${response.status}`);
      answer = siteverifyResponseSchema.parse(await response.json());
    } catch (error) {
      log('warn', 'turnstile.unreachable', { error: error instanceof Error ? error.name : 'unknown' });
      throw new ApiError(
        503,
        'upstream_unavailable',
        'We could not complete the security check just now. Please try again in a moment.',
        {
          headers: { 'Retry-After': '5' },
        },
      );
    }

    const codes = answer['error-codes'];
    if (!answer.success) {
      if (codes.some((code) => MISCONFIGURED.has(code))) {
        log('error', 'turnstile.misconfigured', {
          codes: codes.join(','),
          hint: 'Check the clinic’s turnstile.secretKey.',
        });
        throw new ApiError(
          502,
          'upstream_error',
          'Online booking is not available right now. Please call the clinic to book.',
        );
      }
      if (codes.includes('internal-error')) {
        log('warn', 'turnstile.unreachable', { codes: codes.join(',') });
        throw new ApiError(
          503,
          'upstream_unavailable',
          'We could not complete the security check just now. Please try again in a moment.',
          {
            headers: { 'Retry-After': '5' },
          },
        );
      }
      log('info', 'turnstile.refused', { codes: codes.join(',') });
      throw challengeFailed();
    }
    if (check.allowedHostnames.length > 0 && !check.allowedHostnames.includes(answer.hostname ?? '')) {
      log('warn', 'turnstile.refused', { reason: 'hostname', hostname: answer.hostname ?? '' });
      throw challengeFailed();
    }
    if (answer.action && answer.action !== TURNSTILE_ACTION) {
      log('warn', 'turnstile.refused', { reason: 'action' });
      throw challengeFailed();
    }
  };
}

/** A UUID (version 4 layout) derived from `seed`, so the same seed gives the same key. */
async function uuidFrom(seed: string): Promise<string> {
  const digest = await sha256(seed);
  digest[6] = (digest[6]! & 0x0f) | 0x40;
  digest[8] = (digest[8]! & 0x3f) | 0x80;
  const hex = toHex(digest.subarray(0, 16));
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The hostnames of a clinic's allowed origins, which a Turnstile challenge may be solved on. */
export function hostnamesOf(origins: string[]): string[] {
  return origins.map((origin) => new URL(origin).hostname);
}
