/**
 * HTTP to a practice system (Cliniko, Halaxy), with the failure rules every provider
 * needs, in one place:
 *
 * - a timeout on every attempt, and a deadline for the whole request, retries included, so a
 *   hanging practice system costs a patient seconds, not three full timeouts;
 * - reads (GET) retried on network errors, timeouts and 5xx, with jittered exponential
 *   backoff; writes never blindly repeated (the booking service's lookups make the
 *   patient's retry safe instead);
 * - 429 honoured: wait for `X-RateLimit-Reset` (Cliniko, epoch seconds) or `Retry-After`
 *   (Halaxy, seconds) when that is short, else a 503 with `Retry-After`; a 429 means the
 *   request was not processed, so writes are retried after it too;
 * - 401/403 means the clinic is misconfigured: logged for the operator, and the patient
 *   gets a friendly 502; an `auth.refresh` hook gets one chance to renew a token first;
 * - a per-credential request budget spent before sending.
 *
 * Other 4xx answers are returned for the provider to interpret (404, 409, 422 …). Logs name
 * the operation, never the URL or body, which may hold patient data.
 */
import { ApiError } from '../http/api-error.ts';
import type { Logger } from '../logger.ts';
import type { RequestBudget } from './request-budget.ts';
import { unexpectedAnswerError } from './upstream-errors.ts';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface UpstreamAuth {
  /** Headers that authenticate a request (e.g. `Authorization`). */
  headers(signal?: AbortSignal): Promise<Record<string, string>>;
  /**
   * Called once after a 401, with the auth headers the refused request carried (so a
   * token that another request already renewed is not renewed again); resolves true when
   * credentials were renewed and a retry may help.
   */
  refresh?(rejected: Record<string, string>): Promise<boolean>;
}

export interface UpstreamClientOptions {
  /** The practice system's name for logs, e.g. `cliniko`. */
  system: string;
  clinicId: string;
  fetch: typeof fetch;
  logger: Logger;
  auth: UpstreamAuth;
  /** Headers on every request (`Accept`, `User-Agent`). */
  headers?: Record<string, string>;
  budget?: RequestBudget;
  /** Per-attempt timeout; default 10 s. */
  timeoutMs?: number;
  /** The whole request's deadline, retries included (real clock); default 12 s or `timeoutMs` if longer. */
  deadlineMs?: number;
  /** Extra attempts for a failed read; default 2. */
  readRetries?: number;
  /** First backoff step; default 300 ms, doubled per attempt, with full jitter. */
  backoffMs?: number;
  /** Longest wait for a rate limit before answering 503; default 15 s. */
  maxRateLimitWaitMs?: number;
  /** The wait after a 429 that names none (no `Retry-After`, no `X-RateLimit-Reset`); default a minute. */
  defaultRateLimitWaitMs?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

export interface UpstreamRequest {
  method: HttpMethod;
  url: string;
  /** A short name for logs, e.g. `patients.search`; never the URL. */
  operation: string;
  headers?: Record<string, string>;
  body?: string;
  signal?: AbortSignal;
}

const MAX_RATE_LIMIT_RETRIES = 3;
/** A retry with less time left than this is not worth sending. */
const MIN_ATTEMPT_MS = 250;

export class UpstreamClient {
  readonly #o: Required<Omit<UpstreamClientOptions, 'budget' | 'headers'>> &
    Pick<UpstreamClientOptions, 'budget' | 'headers'>;

  constructor(options: UpstreamClientOptions) {
    this.#o = {
      timeoutMs: 10_000,
      deadlineMs: Math.max(12_000, options.timeoutMs ?? 10_000),
      readRetries: 2,
      backoffMs: 300,
      maxRateLimitWaitMs: 15_000,
      defaultRateLimitWaitMs: 60_000,
      now: Date.now,
      sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
      random: Math.random,
      ...options,
    };
  }

  /**
   * Sends the request under the rules above. Resolves with the response for 2xx and for
   * 4xx other than 401, 403 and 429; throws `ApiError` otherwise.
   */
  async send(request: UpstreamRequest): Promise<Response> {
    const o = this.#o;
    const isRead = request.method === 'GET';
    let failures = 0;
    let rateLimited = 0;
    let refreshed = false;
    const deadline = Date.now() + o.deadlineMs;
    const timeLeft = () => deadline - Date.now();
    for (;;) {
      await o.budget?.acquire(o.maxRateLimitWaitMs);
      const attemptTimeout = Math.max(1, Math.min(o.timeoutMs, timeLeft()));
      const authHeaders = await o.auth.headers(request.signal);
      const started = o.now();
      let response: Response;
      try {
        response = await o.fetch(request.url, {
          method: request.method,
          headers: { ...o.headers, ...authHeaders, ...request.headers },
          ...(request.body !== undefined ? { body: request.body } : {}),
          signal: request.signal
            ? AbortSignal.any([request.signal, AbortSignal.timeout(attemptTimeout)])
            : AbortSignal.timeout(attemptTimeout),
        });
      } catch (error) {
        if (request.signal?.aborted) throw error;
        const timedOut = (error as Error).name === 'TimeoutError';
        this.#log('warn', request, {
          outcome: timedOut ? 'timeout' : 'network_error',
          attempt: failures + 1,
          durationMs: o.now() - started,
        });
        if (isRead && failures < o.readRetries && timeLeft() > MIN_ATTEMPT_MS) {
          await o.sleep(this.#backoff(failures++));
          continue;
        }
        throw isRead ? unavailable(30) : uncertainWrite();
      }
      this.#log('debug', request, {
        status: response.status,
        attempt: failures + 1,
        durationMs: o.now() - started,
      });

      if (response.status === 429) {
        discard(response);
        const waitMs = this.#rateLimitWait(response);
        // Every instance on this credential stops, not only this request.
        await o.budget?.pauseUntil(o.now() + waitMs);
        this.#log('warn', request, { outcome: 'rate_limited', waitMs });
        if (waitMs <= o.maxRateLimitWaitMs && rateLimited++ < MAX_RATE_LIMIT_RETRIES) {
          await o.sleep(waitMs);
          continue;
        }
        throw unavailable(
          Math.ceil(waitMs / 1000),
          'The clinic’s booking system is busy right now. Please try again in a minute.',
        );
      }
      if (response.status === 401 && !refreshed && o.auth.refresh) {
        discard(response);
        refreshed = true;
        if (await o.auth.refresh(authHeaders)) continue;
      }
      if (response.status === 401 || response.status === 403) {
        discard(response);
        o.logger.log('error', 'upstream.auth_failed', {
          system: o.system,
          clinicId: o.clinicId,
          operation: request.operation,
          status: response.status,
          hint: 'Check the clinic’s API credentials and their permissions.',
        });
        throw new ApiError(
          502,
          'upstream_error',
          'Online booking is not available right now. Please call the clinic to book.',
        );
      }
      if (response.status >= 500) {
        discard(response);
        if (isRead && failures < o.readRetries && timeLeft() > MIN_ATTEMPT_MS) {
          await o.sleep(this.#backoff(failures++));
          continue;
        }
        this.#log('warn', request, { outcome: 'server_error', status: response.status });
        if (!isRead) throw uncertainWrite();
        throw response.status === 500
          ? new ApiError(
              502,
              'upstream_error',
              'The clinic’s booking system had a problem. Please try again in a moment.',
            )
          : unavailable(30);
      }
      return response;
    }
  }

  /** Sends and parses a JSON answer; non-2xx answers become `upstream_error`. */
  async json<T>(request: UpstreamRequest): Promise<T> {
    const response = await this.send(request);
    if (!response.ok) {
      discard(response);
      this.#log('warn', request, { outcome: 'unexpected_status', status: response.status });
      throw unexpectedAnswerError();
    }
    return (await response.json()) as T;
  }

  /**
   * How long a 429 asks us to wait. A 429 that says nothing waits a whole window (a minute
   * for Cliniko and Halaxy): read as "0 s", it was resent at once, four times, into the limit.
   */
  #rateLimitWait(response: Response): number {
    const reset = Number(response.headers.get('X-RateLimit-Reset') ?? NaN);
    if (Number.isFinite(reset) && reset > 0) return Math.max(0, reset * 1000 - this.#o.now());
    const retryAfter = Number(response.headers.get('Retry-After') ?? NaN);
    if (Number.isFinite(retryAfter) && retryAfter >= 0) return retryAfter * 1000;
    return this.#o.defaultRateLimitWaitMs;
  }

  #backoff(failures: number): number {
    return Math.round(this.#o.random() * this.#o.backoffMs * 2 ** failures);
  }

  #log(level: 'debug' | 'warn', request: UpstreamRequest, fields: Record<string, string | number>) {
    this.#o.logger.log(level, 'upstream.request', {
      system: this.#o.system,
      clinicId: this.#o.clinicId,
      operation: request.operation,
      method: request.method,
      ...fields,
    });
  }
}

/** Releases a body we will not read. Not awaited: some streams settle their cancel late. */
function discard(response: Response): void {
  response.body?.cancel().catch(() => undefined);
}

function unavailable(
  retryAfterSeconds: number,
  message = 'The clinic’s booking system is not answering right now. Please try again in a minute.',
): ApiError {
  return new ApiError(503, 'upstream_unavailable', message, {
    headers: { 'Retry-After': String(Math.max(1, retryAfterSeconds)) },
  });
}

/** A write whose outcome is unknown: the patient's retry (same Idempotency-Key) completes it safely. */
function uncertainWrite(): ApiError {
  return new ApiError(
    503,
    'upstream_unavailable',
    'We could not confirm your booking with the clinic’s system. Please try again: you will not be booked twice.',
    {
      headers: { 'Retry-After': '5' },
    },
  );
}
