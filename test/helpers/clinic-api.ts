/**
 * The widget's side of one clinic's API, as tests drive it through `app.request()`: the
 * bootstrap, free times, and bookings with the clinic's waiver. Whatever the clinic's
 * practice system, the calls are the same.
 */
import assert from 'node:assert/strict';
import {
  availabilityResponseSchema,
  bootstrapResponseSchema,
  type BookingRequest,
  type CancelRequest,
  type RescheduleRequest,
  type BootstrapResponse,
  type Slot,
} from '../../shared/contract.ts';
import { bookingFor, newKey, postBooking } from './demo-proxy.ts';
import type { TestProxy } from './test-proxy.ts';

export interface ClinicApi {
  /** `GET /api/clinics/:id{path}`. */
  get(path: string): Promise<Response>;
  bootstrap(): Promise<BootstrapResponse>;
  /** The raw availability answer for one service and practitioner (or `any`), `from` to `to` inclusive. */
  availability(serviceId: string, practitionerId: string, from: string, to?: string): Promise<Response>;
  /** The free times, asserting a 200. */
  slots(serviceId: string, practitionerId: string, from: string, to?: string): Promise<Slot[]>;
  /** POSTs a booking with an Idempotency-Key (a fresh one unless given). */
  book(body: BookingRequest, key?: string): Promise<Response>;
  /** `GET /manage/:token`. */
  manage(token: string): Promise<Response>;
  /** `POST /manage/:token/reschedule` with an Idempotency-Key (a fresh one unless given). */
  reschedule(
    token: string,
    body: RescheduleRequest | Record<string, unknown>,
    key?: string,
  ): Promise<Response>;
  /** `POST /manage/:token/cancel`. */
  cancel(token: string, body?: CancelRequest | Record<string, unknown>): Promise<Response>;
  /**
   * A valid booking of `slot` signed for this clinic's waiver: the test patient, with the
   * given details changed, for `practitionerId` (the slot's practitioner unless given).
   */
  request(
    slot: Slot,
    serviceId: string,
    patient?: Partial<BookingRequest['patient']>,
    practitionerId?: string,
  ): BookingRequest;
}

/**
 * A valid booking of `slot` signed for waiver `version`: the test patient, with the given
 * details changed, for `practitionerId` (the slot's practitioner unless given).
 */
export function signedBooking(
  slot: Slot,
  serviceId: string,
  version: string,
  patient: Partial<BookingRequest['patient']> = {},
  practitionerId = slot.practitionerId,
): BookingRequest {
  const base = bookingFor(slot, serviceId);
  return {
    ...base,
    practitionerId,
    patient: { ...base.patient, ...patient },
    waiver: { ...base.waiver, version },
  };
}

export function clinicApi(proxy: Pick<TestProxy, 'app' | 'clinic'>): ClinicApi {
  const { app, clinic } = proxy;
  const get = async (path: string) => app.request(`/api/clinics/${clinic.id}${path}`);
  const availability = (serviceId: string, practitionerId: string, from: string, to = from) =>
    get(`/availability?serviceId=${serviceId}&practitionerId=${practitionerId}&from=${from}&to=${to}`);
  return {
    get,
    availability,
    async bootstrap() {
      const res = await get('/bootstrap');
      assert.equal(res.status, 200, await res.clone().text());
      return bootstrapResponseSchema.parse(await res.json());
    },
    async slots(serviceId, practitionerId, from, to = from) {
      const res = await availability(serviceId, practitionerId, from, to);
      assert.equal(res.status, 200, await res.clone().text());
      return availabilityResponseSchema.parse(await res.json()).slots;
    },
    book: (body, key = newKey()) => postBooking(app, body, key, clinic.id),
    manage: (token) => get(`/manage/${token}`),
    reschedule: async (token, body, key = newKey()) =>
      app.request(`/api/clinics/${clinic.id}/manage/${token}/reschedule`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'Idempotency-Key': key },
        body: JSON.stringify(body),
      }),
    cancel: async (token, body = {}) =>
      app.request(`/api/clinics/${clinic.id}/manage/${token}/cancel`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      }),
    request: (slot, serviceId, patient, practitionerId) =>
      signedBooking(slot, serviceId, clinic.waiver.version, patient, practitionerId),
  };
}
