/**
 * The events a capacity alert emits, and the seam through which they leave: the
 * `CapacitySignalStore`. Delivery (clinic webhooks with a durable outbox) and persistence
 * (the durable store) are other modules' work; this file is the contract they implement.
 *
 * The body follows the webhook envelope `{ "type", "timestamp", "data" }`, and holds only
 * the clinic, the alert and the numbers: no patient data can be in it.
 */
import type { CapacityAlert } from './capacity-config.ts';
import type { AlertState, CapacityEventType } from './alert-detector.ts';

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

/** Hands an event on for delivery. */
export type CapacityEventSink = (event: CapacityEvent) => Promise<void>;

/**
 * Where alert states live and crossings go. `record` must store the state and hand the
 * event on as one step: the durable implementation writes both in one transaction (the
 * state row and the webhook outbox row), so a crash between them can neither lose an event
 * nor send it twice, and "once per crossing" holds across restarts and instances.
 */
export interface CapacitySignalStore {
  /** The alert's last recorded state, or undefined when it was never checked. */
  load(clinicId: string, alertKey: string): Promise<AlertState | undefined>;
  /** Records the alert's state and, when the check crossed the threshold, its event. */
  record(clinicId: string, alertKey: string, state: AlertState, event: CapacityEvent | null): Promise<void>;
}

/**
 * The in-process store: states in memory, events handed to `emit` before the state is
 * kept, so an `emit` that throws is retried at the next check (with a new id). A restart
 * forgets the states: a clinic still booked solid hears `capacity.low` again once. The
 * durable store replaces this in production.
 */
export class MemoryCapacitySignals implements CapacitySignalStore {
  readonly #states = new Map<string, AlertState>();
  readonly #emit: CapacityEventSink;

  constructor(emit: CapacityEventSink) {
    this.#emit = emit;
  }

  async load(clinicId: string, alertKey: string): Promise<AlertState | undefined> {
    const state = this.#states.get(`${clinicId}|${alertKey}`);
    return state ? { ...state } : undefined;
  }

  async record(clinicId: string, alertKey: string, state: AlertState, event: CapacityEvent | null) {
    if (event) await this.#emit(event);
    this.#states.set(`${clinicId}|${alertKey}`, { ...state });
  }
}
