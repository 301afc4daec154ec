/**
 * The events a capacity alert emits, and the seam through which they leave: the
 * `CapacitySignalSink`. The monitor records each crossing with its event in the store
 * (`Store.capacitySignals`, one compare-and-set), then hands queued events to the sink and
 * drops them once it took them, so a crash in between hands the same event (same id) on again
 * rather than losing it.
 *
 * The body follows the webhook envelope `{ "type", "timestamp", "data" }`, and holds only
 * the clinic, the alert and the numbers: no patient data can be in it.
 */
import type { Logger } from '../logger.ts';
import type { CapacityAlert } from './capacity-config.ts';
import type { CapacityEventType } from './alert-detector.ts';

export interface CapacityEvent {
  /** Unique per crossing; a delivery retried keeps it (the `webhook-id`), so receivers can de-duplicate. */
  id: string;
  type: CapacityEventType;
  /** When the crossing was seen, ISO 8601 with the clinic's offset. */
  timestamp: string;
  data: {
    clinic: { id: string; name: string };
    alert: CapacityAlert;
    /** The clinic-local dates the alert looked at. */
    window: { from: string; to: string };
    /** free / (free + booked) minutes over the window, to four places. */
    freeShare: number;
    freeMinutes: number;
    bookedMinutes: number;
  };
}

/**
 * Where crossings go once recorded: the clinic's webhooks. `deliver` may be called again with
 * the same event (same id) after a crash, so it must be safe to repeat; a throw leaves the
 * event queued for the next check.
 */
export interface CapacitySignalSink {
  deliver(clinicId: string, event: CapacityEvent): Promise<void>;
}

/** The default sink: one log line per crossing (no patient data in it), nothing sent. */
export function loggingSignalSink(logger: Logger): CapacitySignalSink {
  return {
    async deliver(clinicId, event) {
      logger.log('info', 'capacity.signal', {
        clinicId,
        type: event.type,
        eventId: event.id,
        alert: `${event.data.alert.days}d<${event.data.alert.below}`,
        freeShare: event.data.freeShare,
      });
    },
  };
}
