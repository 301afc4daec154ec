/**
 * What a patient's move or cancel (`BookingChange`) writes to the outbox: its deliveries, one
 * per webhook of the clinic that takes the event, keyed by the change's id. It is written in
 * the step that closes the change's record (`manage/change-intent.ts`), whoever closes it:
 * the request, or the sweep after the request's process died or its answer was lost.
 */
import type { Clinic } from '../clinic.ts';
import type { BookingChange } from '../manage/manage-booking.ts';
import type { Store } from '../store/store.ts';
import type { OutboxWrite } from '../store/webhook-outbox.ts';
import { wants } from './webhook-config.ts';
import { bookingChangedDeliveries } from './webhook-events.ts';

/** The change's outbox write; undefined when no webhook of the clinic takes its event. */
export async function changeOutbox(
  clinic: Clinic,
  store: Pick<Store, 'webhooks'>,
  change: BookingChange,
  at: Date,
): Promise<OutboxWrite | undefined> {
  if (!clinic.config.webhooks.some((hook) => wants(hook, change.type))) return undefined;
  const remembered = await store.webhooks.contactOf(change.clinicId, change.booking.id);
  return { deliveries: await bookingChangedDeliveries(clinic, change, remembered, at) };
}
