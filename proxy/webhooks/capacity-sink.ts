/**
 * The capacity alerts' sink that sends: each crossing's `capacity.low` / `capacity.recovered`
 * goes into the webhooks outbox for every webhook of the clinic that takes it, under the
 * crossing's own event id, so the monitor handing the same event on again after a crash
 * writes nothing twice. The delivery worker sends it as it sends bookings.
 */
import type { CapacitySignalSink } from '../capacity/capacity-events.ts';
import type { Clinic } from '../clinic.ts';
import type { JsonObject, Store } from '../store/store.ts';
import { deliveriesFor } from './webhook-events.ts';

export function webhookSignalSink(
  clinics: ReadonlyArray<Pick<Clinic, 'config'>>,
  store: Pick<Store, 'webhooks'>,
  also?: CapacitySignalSink,
): CapacitySignalSink {
  const byId = new Map(clinics.map((clinic) => [clinic.config.id, clinic]));
  return {
    async deliver(clinicId, event) {
      await also?.deliver(clinicId, event);
      const clinic = byId.get(clinicId);
      if (!clinic) return;
      const payload: JsonObject = {
        type: event.type,
        timestamp: event.timestamp,
        data: JSON.parse(JSON.stringify(event.data)) as JsonObject,
      };
      await store.webhooks.enqueue(await deliveriesFor(clinic, event.id, event.type, payload));
    },
  };
}
