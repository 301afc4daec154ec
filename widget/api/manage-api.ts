/**
 * The widget's client for one change-or-cancel link (`?cb-manage=<token>`): the booking it
 * names, a move and a cancel. Paths, methods and answer types come from the endpoint map
 * (`shared/endpoints.ts`), sent through the clinic's {@link BookingApi}. Loaded with the
 * manage view only; it imports nothing at run time from the entry's own modules, which the
 * bundler would otherwise split out of the entry into a chunk of their own.
 */
import type { Booking, CancelResponse, ManageResponse } from '../../shared/contract.ts';
import type { Guard } from './answer-shapes.ts';
import type { BookingApi } from './booking-api.ts';

/** What the screens and events read of a booking. */
const isBooking = (value: unknown): value is { booking: Booking } => {
  const booking = (value as { booking?: Record<string, unknown> } | null)?.booking;
  return [
    'id',
    'start',
    'end',
    'serviceId',
    'serviceName',
    'practitionerId',
    'practitionerName',
    'timezone',
  ].every((key) => typeof booking?.[key] === 'string');
};

const isManaged: Guard<ManageResponse> = (value): value is ManageResponse => {
  const v = value as Partial<ManageResponse>;
  return (
    isBooking(value) &&
    (v.status === 'booked' || v.status === 'cancelled') &&
    typeof v.canChange === 'boolean' &&
    typeof v.changeDeadline === 'string'
  );
};

const isCancelled: Guard<CancelResponse> = (value): value is CancelResponse =>
  isBooking(value) && (value as { status?: unknown }).status === 'cancelled';

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
      isBooking,
    );
    return answer.booking;
  }

  /** Cancels it (repeating it answers the same). */
  cancel(reason: string): Promise<CancelResponse> {
    return this.#api.call('cancel', { params: this.#params, body: reason ? { reason } : {} }, isCancelled);
  }
}
