/**
 * The listener that turns a patient's move or cancel (`BookingChange`) into webhook
 * deliveries in the outbox. Keyed by the change's id: a change reported twice (a repeat
 * after a lost answer) is written once.
 */
import type { Clinic } from '../clinic.ts';
import type { BookingChange } from '../manage/manage-booking.ts';
import type { Store } from '../store/store.ts';
import { bookingChangedDeliveries } from './webhook-events.ts';

export function webhookChangeListener(
  clinics: ReadonlyMap<string, Clinic>,
  store: Pick<Store, 'webhooks'>,
  now: () => Date,
): (change: BookingChange) => Promise<void> {
  return async (change) => {
    const clinic = clinics.get(change.clinicId);
    if (!clinic || !clinic.config.webhooks.some((h) => !h.events || h.events.includes(change.type))) return;
    const remembered = await store.webhooks.contactOf(change.clinicId, change.booking.id);
    await store.webhooks.enqueue(await bookingChangedDeliveries(clinic, change, remembered, now()));
  };
}
