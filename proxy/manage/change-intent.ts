/**
 * A patient's move or cancel, recorded in the store before the practice system is asked (a
 * `PendingWrite` whose data says `kind: "change"`), so its webhook events are neither lost
 * nor doubled whatever fails:
 *
 * - the change landed and the request lives: the request closes the record, writing the
 *   change's events in the same step;
 * - the request's process died after the practice system applied the change, or its answer
 *   was lost, or it timed out and the practice system committed later: the record stays, and
 *   the sweep (`change-reconciler.ts`) looks at the appointment until it sees the change (then
 *   closes the record with the events, under the change's one id) or the watch ends;
 * - the practice system refused it (the time was taken): the record goes, with no event.
 *
 * One record per appointment and target (its new time, or "cancelled"): a patient's retry
 * of a change whose outcome was unknown finds the record and keeps its change id, and
 * closing it writes its events only if nothing closed it first.
 */
import type { Booking } from '../../shared/contract.ts';
import type { ManagedAppointment } from '../providers/provider.ts';
import { DEFAULT_LEASE_MS } from '../store/leased-lock.ts';
import type { JsonObject, PendingWrite, Store } from '../store/store.ts';
import type { OutboxWrite } from '../store/webhook-outbox.ts';
import type { BookingChange } from './manage-booking.ts';
import { outcomeUnknown, watchFrom } from '../booking/pending-booking.ts';

/** What a change does to its appointment. */
export type ChangeTarget =
  { type: 'booking.rescheduled'; start: number; practitionerIds: string[] } | { type: 'booking.cancelled' };

export interface ChangeIntent {
  kind: 'change';
  changeId: string;
  appointmentId: string;
  target: ChangeTarget;
  /** For a move: where the appointment was, as its event reports it. */
  previous?: { start: string; end: string; practitionerId: string };
  /** Until when a late commit is watched for (set once an outcome was unknown). */
  watchUntil?: number;
  /** The gap before the sweep's next look. */
  gapMs?: number;
}

/**
 * A record whose request holds the appointment's lock is left alone by the sweep anyway;
 * this is only when the sweep first looks: once a dead holder's lease has surely ended.
 */
export const CHANGE_FIRST_LOOK_MS = DEFAULT_LEASE_MS + 5_000;

/** The lock a change runs under, the request's and the sweep's alike. */
export function changeLockKey(clinicId: string, appointmentId: string): string {
  return `manage|${clinicId}|${appointmentId}`;
}

function recordId(clinicId: string, appointmentId: string, target: ChangeTarget): string {
  const what = target.type === 'booking.cancelled' ? 'cancel' : `move|${target.start}`;
  return `change|${clinicId}|${appointmentId}|${what}`;
}

/** Whether a pending record is a change's (not a booking's). */
export function isChangeRecord(write: PendingWrite): boolean {
  return write.data.kind === 'change';
}

export function intentOf(write: PendingWrite): ChangeIntent {
  return write.data as unknown as ChangeIntent;
}

/** The change a record describes, with the booking as it now stands, for its events. */
export function changeFrom(clinicId: string, intent: ChangeIntent, booking: Booking): BookingChange {
  return {
    type: intent.target.type,
    changeId: intent.changeId,
    clinicId,
    booking,
    ...(intent.previous ? { previous: intent.previous } : {}),
  };
}

/** Whether the appointment shows the change made. */
export function changeLanded(
  intent: ChangeIntent,
  appointment: ManagedAppointment | null,
): appointment is ManagedAppointment {
  if (!appointment) return false;
  const { target } = intent;
  if (target.type === 'booking.cancelled') return appointment.cancelled;
  return (
    !appointment.cancelled &&
    appointment.start.getTime() === target.start &&
    target.practitionerIds.includes(appointment.practitionerId)
  );
}

/** One change's record in the store. */
export class ChangeRecord {
  readonly #store: Pick<Store, 'pendingWrites' | 'now'>;
  readonly #write: PendingWrite;

  private constructor(store: Pick<Store, 'pendingWrites' | 'now'>, write: PendingWrite) {
    this.#store = store;
    this.#write = write;
  }

  /** The open record of this change to this appointment, if an earlier attempt left one. */
  static async find(
    store: Pick<Store, 'pendingWrites' | 'now'>,
    clinicId: string,
    appointmentId: string,
    target: ChangeTarget,
  ): Promise<ChangeRecord | null> {
    const write = await store.pendingWrites.get(recordId(clinicId, appointmentId, target));
    return write && isChangeRecord(write) ? new ChangeRecord(store, write) : null;
  }

  /** The record a sweep found. */
  static of(store: Pick<Store, 'pendingWrites' | 'now'>, write: PendingWrite): ChangeRecord {
    return new ChangeRecord(store, write);
  }

  /** Records a change before the practice system is asked (refreshing an earlier attempt's). */
  static async begin(
    store: Pick<Store, 'pendingWrites' | 'now'>,
    clinicId: string,
    intent: Omit<ChangeIntent, 'kind'>,
    earlier: ChangeRecord | null,
  ): Promise<ChangeRecord> {
    const now = store.now();
    const kept = earlier?.intent;
    const write: PendingWrite = {
      id: recordId(clinicId, intent.appointmentId, intent.target),
      clinicId,
      data: {
        ...(intent as unknown as JsonObject),
        kind: 'change',
        ...(kept?.watchUntil ? { watchUntil: kept.watchUntil } : {}),
      },
      uncertain: earlier?.uncertain ?? false,
      checkAt: now + CHANGE_FIRST_LOOK_MS,
      createdAt: earlier?.createdAt ?? now,
    };
    await store.pendingWrites.put(write);
    return new ChangeRecord(store, write);
  }

  get intent(): ChangeIntent {
    return intentOf(this.#write);
  }

  get uncertain(): boolean {
    return this.#write.uncertain;
  }

  get createdAt(): number {
    return this.#write.createdAt;
  }

  /**
   * The practice system's answer was an error: a refusal (a 4xx) means nothing changed, so
   * the record goes, unless an earlier attempt's outcome is still unknown; anything else (a
   * timeout, a 5xx, a lost connection) may still commit, so the sweep watches for it.
   */
  async failed(error: unknown): Promise<void> {
    if (outcomeUnknown(error)) {
      const { checkAt, ...watch } = watchFrom(this.#store.now());
      await this.#store.pendingWrites.put({
        ...this.#write,
        data: { ...this.#write.data, ...watch },
        uncertain: true,
        checkAt,
      });
    } else await this.abandon();
  }

  /** Nothing was changed (the time was taken): forget it, unless an earlier outcome is unknown. */
  async abandon(): Promise<void> {
    if (!this.#write.uncertain) await this.#store.pendingWrites.remove(this.#write.id);
  }

  /** The change landed: the record goes, with its events, unless another settler closed it first. */
  close(outbox: OutboxWrite | undefined): Promise<boolean> {
    return this.#store.pendingWrites.remove(this.#write.id, outbox);
  }

  /** Looks again after `gapMs`. */
  async lookAgain(gapMs: number): Promise<void> {
    await this.#store.pendingWrites.put({
      ...this.#write,
      data: { ...this.#write.data, gapMs },
      checkAt: this.#store.now() + gapMs,
    });
  }

  /** The watch ended without the change: forget it. */
  async forget(): Promise<void> {
    await this.#store.pendingWrites.remove(this.#write.id);
  }
}
