/**
 * The widget's client for one clinic's endpoints on the proxy. Paths, methods and answer
 * types come from the endpoint map (`shared/endpoints.ts`, checked against the proxy's
 * routes); answers are checked for the shape the widget reads (`answer-shapes.ts`).
 */
import type {
  Booking,
  BookingRequest,
  BootstrapResponse,
  AvailabilityResponse,
  Practice,
} from '../../shared/contract.ts';
import type { AvailabilityQueryParams, EndpointName, Endpoints } from '../../shared/endpoints.ts';
import { callEndpoint, type EndpointCall } from './api-request.ts';
import { isAvailability, isBookingAnswer, isBootstrap, isPractice, type Guard } from './answer-shapes.ts';

export { BookingApiError, type ClientErrorCode } from './api-error.ts';
export type AvailabilityParams = AvailabilityQueryParams;

/** The proxy's origin (and optional path prefix) without a trailing slash. */
export function apiRoot(apiBase: string): string {
  return apiBase.replace(/\/+$/, '');
}

/**
 * A practice and its locations (`<clinic-booking practice=…>`), from the proxy at `apiBase`.
 * @throws BookingApiError when the proxy refuses (`practice_not_found`) or cannot be reached
 */
export async function getPractice(
  apiBase: string,
  practiceId: string,
  signal?: AbortSignal,
): Promise<Practice> {
  const answer = await callEndpoint(
    apiRoot(apiBase),
    'practice',
    { params: { practiceId }, signal },
    isPractice,
  );
  return answer.practice;
}

/** Calls one clinic's endpoints on one proxy. Make one per clinic. */
export class BookingApi {
  readonly #root: string;
  readonly clinicId: string;

  /**
   * @param apiBase the proxy's origin (and optional path prefix), e.g. `https://book.example.com`
   * @param clinicId the clinic's id in the proxy's config
   */
  constructor(apiBase: string, clinicId: string) {
    this.#root = apiRoot(apiBase);
    this.clinicId = clinicId;
  }

  /**
   * Whether the proxy answers at all (`GET /healthz`, which every origin may read). Told
   * apart from a refused bootstrap, it says the proxy is up but does not allow this page.
   */
  async isReachable(signal?: AbortSignal): Promise<boolean> {
    try {
      return (await fetch(`${this.#root}/healthz`, { credentials: 'omit', signal: signal ?? null })).ok;
    } catch {
      return false;
    }
  }

  /**
   * Any endpoint of the map on this proxy, its answer checked by `isAnswer`. The manage
   * view's client (`manage-api.ts`, in its own chunk) calls its endpoints through this, so
   * the request code stays in one place and in the entry.
   */
  call<K extends EndpointName>(
    name: K,
    call: EndpointCall<K>,
    isAnswer: Guard<Endpoints[K]['response']>,
  ): Promise<Endpoints[K]['response']> {
    return callEndpoint(this.#root, name, call, isAnswer);
  }

  /** The profile, categories and practitioners in one request: all that steps 1 and 2 need. */
  getBootstrap(signal?: AbortSignal): Promise<BootstrapResponse> {
    return this.call('bootstrap', { params: { clinicId: this.clinicId }, signal }, isBootstrap);
  }

  getAvailability(query: AvailabilityQueryParams, signal?: AbortSignal): Promise<AvailabilityResponse> {
    return this.call('availability', { params: { clinicId: this.clinicId }, query, signal }, isAvailability);
  }

  /** Books; send the same `idempotencyKey` when retrying the same booking. */
  async createBooking(
    request: BookingRequest,
    idempotencyKey: string,
    signal?: AbortSignal,
  ): Promise<Booking> {
    const answer = await this.call(
      'createBooking',
      {
        params: { clinicId: this.clinicId },
        body: request,
        headers: { 'Idempotency-Key': idempotencyKey },
        signal,
      },
      isBookingAnswer,
    );
    return answer.booking;
  }
}
