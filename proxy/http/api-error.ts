/**
 * The one error type routes and providers throw. `app.onError` turns it into the JSON
 * error body; anything else becomes a generic 500 with nothing leaked.
 */
import type { ErrorCode, Slot } from '../../shared/contract.ts';

export type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 413 | 415 | 422 | 429 | 500 | 502 | 503;

export interface ApiErrorOptions {
  fields?: Record<string, string>;
  alternatives?: Slot[];
  /** Extra response headers, such as `Retry-After`. */
  headers?: Record<string, string>;
  /** The underlying error, for the operator's log only; never sent to clients. */
  cause?: unknown;
}

/** An error with a stable `code` and a message written for the patient. */
export class ApiError extends Error {
  readonly status: ErrorStatus;
  readonly code: ErrorCode;
  readonly fields: Record<string, string> | undefined;
  readonly alternatives: Slot[] | undefined;
  readonly headers: Record<string, string> | undefined;

  constructor(status: ErrorStatus, code: ErrorCode, message: string, options: ApiErrorOptions = {}) {
    super(message, { cause: options.cause });
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.fields = options.fields;
    this.alternatives = options.alternatives;
    this.headers = options.headers;
  }

  /** The JSON body for this error. */
  toBody() {
    return {
      error: {
        code: this.code,
        message: this.message,
        ...(this.fields ? { fields: this.fields } : {}),
        ...(this.alternatives ? { alternatives: this.alternatives } : {}),
      },
    };
  }
}
