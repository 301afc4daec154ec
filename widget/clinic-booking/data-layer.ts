/**
 * The widget's events as Google Tag Manager's data layer takes them, so a container can
 * send them to GA4 (or anywhere) with triggers and variables only, no code
 * (docs/google-tag-manager.md). Pushed only when the page has a `window.dataLayer` and the
 * element has no `no-data-layer` attribute.
 *
 * Each step is `cb_step_change`; reaching the details step (a service and time chosen) is
 * also GA4's `begin_checkout`, and a booking its `purchase`, in GA4's recommended ecommerce
 * shape, each after `{ ecommerce: null }` as Google asks so one event's items never leak
 * into the next. A failed attempt is `cb_booking_failed`. From a change-or-cancel link, a move
 * is `cb_booking_rescheduled` and a cancel `cb_booking_cancelled` plus GA4's `refund` of the
 * booking's `purchase` (by its `transaction_id`), so revenue reports drop it. Never anything
 * about the patient: only the clinic's catalogue, the step and the booking's id.
 */
import type { Service } from '../../shared/contract.ts';
import {
  EVENTS,
  type BookingCancelledDetail,
  type BookingCompleteDetail,
  type BookingFailedDetail,
  type StepChangeDetail,
} from './booking-events.ts';

export type DataLayerEntry = Record<string, unknown>;

/** GA4's `items[]` entry for one appointment of a service; `value` is its price, or 0. */
function ecommerce(id: string, name: string, value = 0, currency = 'AUD') {
  return { currency, value, items: [{ item_id: id, item_name: name, price: value, quantity: 1 }] };
}

/**
 * What to push for one of the widget's events (`EVENTS`), given the service chosen so far.
 * @param detail the event's `detail`, as the page's listeners get it
 */
export function dataLayerEntries(type: string, detail: unknown, service?: Service): DataLayerEntry[] {
  if (type === EVENTS.stepChange) {
    const d = detail as StepChangeDetail;
    const entries: DataLayerEntry[] = [
      { event: 'cb_step_change', cb_step: d.step, cb_step_number: d.stepNumber, cb_step_count: d.stepCount },
    ];
    if (d.step === 'details' && service) {
      const price = service.price;
      const shop = ecommerce(service.id, service.name, price && price.amountCents / 100, price?.currency);
      entries.push({ ecommerce: null }, { event: 'begin_checkout', ecommerce: shop });
    }
    return entries;
  }
  if (type === EVENTS.bookingComplete) {
    const d = detail as BookingCompleteDetail;
    const shop = ecommerce(d.serviceId, d.serviceName, d.value, d.currency);
    return [{ ecommerce: null }, { event: 'purchase', ecommerce: { transaction_id: d.bookingId, ...shop } }];
  }
  if (type === EVENTS.bookingFailed) {
    return [{ event: 'cb_booking_failed', cb_error_code: (detail as BookingFailedDetail).code }];
  }
  if (type === EVENTS.bookingRescheduled || type === EVENTS.bookingCancelled) {
    const d = detail as BookingCancelledDetail;
    const cancelled = type === EVENTS.bookingCancelled;
    const entries: DataLayerEntry[] = [
      {
        event: cancelled ? 'cb_booking_cancelled' : 'cb_booking_rescheduled',
        cb_booking_id: d.bookingId,
        cb_service_id: d.serviceId,
        cb_service_name: d.serviceName,
      },
    ];
    if (cancelled)
      entries.push({ ecommerce: null }, { event: 'refund', ecommerce: { transaction_id: d.bookingId } });
    return entries;
  }
  return [];
}

/** Pushes onto the page's data layer, when it has one (Google Tag Manager's is an array). */
export function pushToDataLayer(entries: DataLayerEntry[]): void {
  const layer = (window as { dataLayer?: unknown }).dataLayer;
  if (Array.isArray(layer)) for (const entry of entries) layer.push(entry);
}
