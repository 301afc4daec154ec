/**
 * The booking form's honeypot (see `shared/bot-checks.ts`): a hidden field people never
 * see and bots fill. Checked on the raw JSON, before validation, so a bot learns nothing
 * from field messages either.
 */
import { HONEYPOT_FIELD } from '../../shared/bot-checks.ts';
import { ApiError } from '../http/api-error.ts';

/** True when the request body carries the honeypot field with anything in it. */
export function honeypotFilled(body: unknown): boolean {
  if (body === null || typeof body !== 'object' || !Object.hasOwn(body, HONEYPOT_FIELD)) return false;
  const value = (body as Record<string, unknown>)[HONEYPOT_FIELD];
  return value !== '' && value !== null && value !== undefined;
}

/**
 * The refusal: the same generic answer as any request the proxy cannot understand, with
 * nothing that names the field, so a bot cannot tell what gave it away.
 */
export function honeypotRefusal(): ApiError {
  return new ApiError(
    400,
    'bad_request',
    'We could not accept this booking online. Please call the clinic to book.',
  );
}
