/**
 * The patient-safe errors every practice-system client answers with when the system
 * refuses a request or answers something unreadable, and the lenient body reader behind
 * them. One wording for all providers; what actually went wrong goes to the operator's log.
 */
import { ApiError } from '../http/api-error.ts';

/** The practice system answered, but not with what the proxy expected. */
export function unexpectedAnswerError(): ApiError {
  return new ApiError(
    502,
    'upstream_error',
    'The clinic’s booking system gave an unexpected answer. Please try again or call the clinic.',
  );
}

/** The error a patient sees for a refusal nothing more specific explains. */
export function refusalError(status: number): ApiError {
  if (status === 404) {
    return new ApiError(
      502,
      'upstream_error',
      'The clinic’s booking system no longer has something this booking needs. Please reload and try again, or call the clinic.',
    );
  }
  return new ApiError(
    502,
    'upstream_error',
    'The clinic’s booking system could not take this request. Please call the clinic to book.',
  );
}

/** A response body as JSON, or `undefined` when it is empty or not JSON (an error page, say). */
export function parseJsonBody(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
