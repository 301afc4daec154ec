/**
 * The feed's bearer token check: `Authorization: Bearer <token>`, compared in constant time
 * (Hono's `timingSafeEqual` compares SHA-256 digests, so neither the token's content nor
 * its length leaks through timing). Failures are 401 `unauthorized` with a
 * `WWW-Authenticate` challenge, as RFC 6750 asks.
 */
import { timingSafeEqual } from 'hono/utils/buffer';
import { ApiError } from '../http/api-error.ts';

const BEARER = /^Bearer +([A-Za-z0-9._~+/-]+=*) *$/i;

/** Resolves when `header` carries `expected`; throws 401 `unauthorized` otherwise. */
export async function requireBearerToken(
  header: string | undefined,
  expected: string,
  owner: 'clinic' | 'practice' = 'clinic',
): Promise<void> {
  const sent = BEARER.exec(header ?? '')?.[1];
  if (!sent) {
    throw new ApiError(
      401,
      'unauthorized',
      `Send the ${owner}’s capacity token as “Authorization: Bearer …”.`,
      {
        headers: { 'WWW-Authenticate': 'Bearer realm="capacity"' },
      },
    );
  }
  if (!(await timingSafeEqual(expected, sent))) {
    throw new ApiError(401, 'unauthorized', `That capacity token is not the one set for this ${owner}.`, {
      headers: { 'WWW-Authenticate': 'Bearer realm="capacity", error="invalid_token"' },
    });
  }
}
