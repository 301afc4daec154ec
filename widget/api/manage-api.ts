/**
 * The widget's client for one change-or-cancel link (`?cb-manage=<token>`): the booking it
 * names, a move and a cancel. Paths, methods and answer types come from the endpoint map
 * (`shared/endpoints.ts`), sent through the clinic's {@link BookingApi}. Loaded with the
 * manage view only; what it shares with the entry (the answer guards) rides in the shared
 * chunk step 1 loads anyway (`vite.config.ts`).
 */
import type { Booking, CancelResponse, ManageResponse } from '../../shared/contract.ts';
import { isBookingAnswer, type Guard } from './answer-shapes.ts';
import type { BookingApi } from './booking-api.ts';

/** What the screens and events read of a booking. */
const isManaged: Guard<ManageResponse> = (value): value is ManageResponse => {
  const v = value as Partial<ManageResponse>;
  return (
    isBookingAnswer(value) &&
    (v.status === 'booked' || v.status === 'cancelled') &&
    typeof v.canChange === 'boolean' &&
    typeof v.changeDeadline === 'string'
  );
};

const isCancelled: Guard<CancelResponse> = (value): value is CancelResponse =>
  isBookingAnswer(value) && (value as { status?: unknown }).status === 'cancelled';

/** Calls one link's endpoints at the clinic of `api`. */
export class ManageApi {
  readonly #api: BookingApi;
  readonly #params: { clinicId: string; token: string };

  /**
   * @param api the widget's clinic: another clinic's token is `booking_not_found` there
   * @param token the link's `cb-manage` value
   */
  constructor(api: BookingApi, token: string) {
    this.#api = api;
    this.#params = { clinicId: api.clinicId, token };
  }

  /** The booking, its status and until when it may change. */
  get(signal?: AbortSignal): Promise<ManageResponse> {
    return this.#api.call('getManaged', { params: this.#params, signal }, isManaged);
  }

  /** Moves it; send the same `idempotencyKey` when retrying the same move. */
  async reschedule(start: string, practitionerId: string, idempotencyKey: string): Promise<Booking> {
    const answer = await this.#api.call(
      'reschedule',
      {
        params: this.#params,
        body: { start, practitionerId },
        headers: { 'Idempotency-Key': idempotencyKey },
      },
      isBookingAnswer,
    );
    return answer.booking;
  }

  /** Cancels it (repeating it answers the same). */
  cancel(reason: string): Promise<CancelResponse> {
    return this.#api.call('cancel', { params: this.#params, body: reason ? { reason } : {} }, isCancelled);
  }
}
