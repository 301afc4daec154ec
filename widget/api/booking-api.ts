/**
 * The widget's client for the proxy's HTTP API. Types come from the proxy's contract
 * (`import type` only), so no server code reaches the bundle.
 */
import type {
  AvailabilityResponse,
  Booking,
  BootstrapResponse,
  BookingRequest,
  BookingResponse,
  ClinicProfile,
  ClinicResponse,
  ErrorCode,
  ErrorResponse,
  PractitionersResponse,
  ServicesResponse,
  Slot,
} from '../../shared/contract.ts';

/** Error codes the client adds to the proxy's own: the request never got an answer. */
export type ClientErrorCode = ErrorCode | 'network_error';

/** A failed call, with what the proxy said (or `network_error` when it said nothing). */
export class BookingApiError extends Error {
  readonly status: number;
  readonly code: ClientErrorCode;
  readonly fields: Record<string, string>;
  readonly alternatives: Slot[];
  /**
   * Whether the answer was the proxy's own JSON error. `false` when nothing answered, or
   * something else did (a web server's 404 page, a gateway's 502): the widget is then
   * probably pointed at the wrong address.
   */
  readonly fromProxy: boolean;

  constructor(
    status: number,
    code: ClientErrorCode,
    message: string,
    fields: Record<string, string> = {},
    alternatives: Slot[] = [],
    fromProxy = true,
  ) {
    super(message);
    this.name = 'BookingApiError';
    this.status = status;
    this.code = code;
    this.fields = fields;
    this.alternatives = alternatives;
    this.fromProxy = fromProxy;
  }
}

export interface AvailabilityParams {
  serviceId: string;
  /** A practitioner's id, or `any`. */
  practitionerId: string;
  /** Clinic-local dates, `YYYY-MM-DD`, at most 31 days apart. */
  from: string;
  to: string;
  /** The patient's answer to "Have you been here before?", when the clinic asks it. */
  returningPatient?: 'yes' | 'no';
}

/** Calls one clinic's endpoints on one proxy. */
export class BookingApi {
  readonly #root: string;
  readonly #base: string;

  /**
   * @param apiBase the proxy's origin (and optional path prefix), e.g. `https://book.example.com`
   * @param clinicId the clinic's id in the proxy's config
   */
  constructor(apiBase: string, clinicId: string) {
    this.#root = apiBase.replace(/\/+$/, '');
    this.#base = `${this.#root}/api/clinics/${encodeURIComponent(clinicId)}`;
  }

  /**
   * Whether the proxy answers at all (`GET /healthz`, which every origin may read). Told
   * apart from a refused bootstrap, it says the proxy is up but does not allow this page.
   */
  async isReachable(signal?: AbortSignal): Promise<boolean> {
    try {
      return (await fetch(`${this.#root}/healthz`, { credentials: 'omit', signal })).ok;
    } catch {
      return false;
    }
  }

  /** The profile, categories and practitioners in one request: all that steps 1 and 2 need. */
  getBootstrap(signal?: AbortSignal): Promise<BootstrapResponse> {
    return this.#request<BootstrapResponse>('/bootstrap', { signal });
  }

  async getClinic(signal?: AbortSignal): Promise<ClinicProfile> {
    return (await this.#request<ClinicResponse>('', { signal })).clinic;
  }

  getServices(signal?: AbortSignal): Promise<ServicesResponse> {
    return this.#request<ServicesResponse>('/services', { signal });
  }

  getPractitioners(serviceId: string, signal?: AbortSignal): Promise<PractitionersResponse> {
    return this.#request<PractitionersResponse>(`/practitioners?${new URLSearchParams({ serviceId })}`, {
      signal,
    });
  }

  getAvailability(params: AvailabilityParams, signal?: AbortSignal): Promise<AvailabilityResponse> {
    const query = new URLSearchParams({
      serviceId: params.serviceId,
      practitionerId: params.practitionerId,
      from: params.from,
      to: params.to,
    });
    if (params.returningPatient) query.set('returningPatient', params.returningPatient);
    return this.#request<AvailabilityResponse>(`/availability?${query}`, { signal });
  }

  /** Books; send the same `idempotencyKey` when retrying the same booking. */
  async createBooking(
    request: BookingRequest,
    idempotencyKey: string,
    signal?: AbortSignal,
  ): Promise<Booking> {
    const response = await this.#request<BookingResponse>('/bookings', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Idempotency-Key': idempotencyKey },
      body: JSON.stringify(request),
      signal,
    });
    return response.booking;
  }

  async #request<T>(path: string, init: RequestInit): Promise<T> {
    let response: Response;
    try {
      response = await fetch(`${this.#base}${path}`, { ...init, credentials: 'omit' });
    } catch (error) {
      if ((error as Error).name === 'AbortError') throw error;
      throw new BookingApiError(
        0,
        'network_error',
        'We could not reach the booking service. Check your connection and try again.',
        {},
        [],
        false,
      );
    }
    const body = (await response.json().catch(() => null)) as unknown;
    if (response.ok) return body as T;
    const error = (body as Partial<ErrorResponse> | null)?.error;
    if (!error) {
      throw new BookingApiError(
        response.status,
        response.status >= 500 ? 'upstream_error' : 'bad_request',
        'Online booking is unavailable right now. Please try again in a few minutes.',
        {},
        [],
        false,
      );
    }
    throw new BookingApiError(response.status, error.code, error.message, error.fields, error.alternatives);
  }
}
