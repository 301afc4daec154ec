/**
 * The proxy's HTTP endpoints the widget calls: one map of path, method, query, body and
 * answer, with the types from `shared/contract.ts`. The widget's client builds every request
 * from it (`widget/api/api-request.ts`), so no path or answer type is written twice;
 * `shared/endpoints.test.ts` checks each one against the proxy's own routes (`AppType`).
 *
 * Type-only imports from the contract: nothing of zod reaches the widget's bundle.
 */
import type {
  AvailabilityResponse,
  BookingRequest,
  BookingResponse,
  BootstrapResponse,
  PracticeResponse,
  CancelRequest,
  CancelResponse,
  ManageResponse,
  RescheduleRequest,
} from './contract.ts';

/** Query parameters of `GET …/availability`, as the widget sends them. */
export interface AvailabilityQueryParams {
  serviceId: string;
  /** A practitioner's id, or `any` (`ANY_PRACTITIONER`). */
  practitionerId: string;
  /** Clinic-local dates, `YYYY-MM-DD`, at most 31 days apart. */
  from: string;
  to: string;
  /** The patient's answer to "Have you been here before?", when the clinic asks it. */
  returningPatient?: 'yes' | 'no';
}

/** What each endpoint takes and answers. `path` is the proxy's route, parameters as `:name`. */
export interface Endpoints {
  /** A practice and its locations, for the location step (`practice=`). */
  practice: {
    method: 'GET';
    path: '/api/practices/:practiceId';
    params: { practiceId: string };
    query: undefined;
    body: undefined;
    response: PracticeResponse;
  };
  bootstrap: {
    method: 'GET';
    path: '/api/clinics/:clinicId/bootstrap';
    params: { clinicId: string };
    query: undefined;
    body: undefined;
    response: BootstrapResponse;
  };
  availability: {
    method: 'GET';
    path: '/api/clinics/:clinicId/availability';
    params: { clinicId: string };
    query: AvailabilityQueryParams;
    body: undefined;
    response: AvailabilityResponse;
  };
  createBooking: {
    method: 'POST';
    path: '/api/clinics/:clinicId/bookings';
    params: { clinicId: string };
    query: undefined;
    body: BookingRequest;
    response: BookingResponse;
  };
  /** The booking behind a change-or-cancel link (`?cb-manage=<token>`). */
  getManaged: {
    method: 'GET';
    path: '/api/clinics/:clinicId/manage/:token';
    params: { clinicId: string; token: string };
    query: undefined;
    body: undefined;
    response: ManageResponse;
  };
  /** Moves it; needs an `Idempotency-Key`, the same on a retry. */
  reschedule: {
    method: 'POST';
    path: '/api/clinics/:clinicId/manage/:token/reschedule';
    params: { clinicId: string; token: string };
    query: undefined;
    body: RescheduleRequest;
    response: BookingResponse;
  };
  /** Cancels it; repeating it answers the same. */
  cancel: {
    method: 'POST';
    path: '/api/clinics/:clinicId/manage/:token/cancel';
    params: { clinicId: string; token: string };
    query: undefined;
    body: CancelRequest;
    response: CancelResponse;
  };
}

export type EndpointName = keyof Endpoints;

/** The method and path of every endpoint: the only place the widget spells them. */
export const ENDPOINTS: { [K in EndpointName]: Pick<Endpoints[K], 'method' | 'path'> } = {
  practice: { method: 'GET', path: '/api/practices/:practiceId' },
  bootstrap: { method: 'GET', path: '/api/clinics/:clinicId/bootstrap' },
  availability: { method: 'GET', path: '/api/clinics/:clinicId/availability' },
  createBooking: { method: 'POST', path: '/api/clinics/:clinicId/bookings' },
  getManaged: { method: 'GET', path: '/api/clinics/:clinicId/manage/:token' },
  reschedule: { method: 'POST', path: '/api/clinics/:clinicId/manage/:token/reschedule' },
  cancel: { method: 'POST', path: '/api/clinics/:clinicId/manage/:token/cancel' },
};

/** `path` with its `:name` parameters filled in (each URI-encoded). */
export function endpointPath<K extends EndpointName>(name: K, params: Endpoints[K]['params']): string {
  return ENDPOINTS[name].path.replace(/:(\w+)/g, (_, key: string) =>
    encodeURIComponent((params as Record<string, string>)[key] ?? ''),
  );
}
