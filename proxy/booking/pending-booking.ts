/**
 * The record a booking keeps in the store while its writes to the practice system are not
 * known to have settled (`PendingWrite`): written before the first write, updated as the
 * booking goes, removed when it completes cleanly. When a write's outcome was unknown (a
 * timeout, a 5xx, a crash) it stays, and the reconciliation sweep (`reconciler.ts`) looks
 * for what the writes made, by their reference, until the watch ends.
 *
 * It holds what finishing the booking needs and nothing more: the reference, the
 * practitioners and time, the signed waiver with the patient's details for its PDF, and
 * (for a clinic with booking webhooks) the contact its created event carries. It is removed
 * once settled.
 */
import type { PatientDetails, Waiver } from '../../shared/contract.ts';
import { ApiError } from '../http/api-error.ts';
import type { AppointmentRecord, SignedWaiver } from '../providers/provider.ts';
import type { JsonObject, PendingWrite, Store } from '../store/store.ts';
import type { RememberedContact } from '../webhooks/webhook-events.ts';

/** While a request runs, the sweep leaves its record alone (its deadline plus a lease, and margin). */
export const IN_FLIGHT_GRACE_MS = 60_000;
/** After an unknown outcome, the first look. */
export const FIRST_CHECK_MS = 3_000;
/** How long a booking with an unknown outcome is watched for a late commit. */
export const WATCH_MS = 10 * 60_000;
/** The longest gap between two looks. */
export const MAX_CHECK_GAP_MS = 2 * 60_000;

/**
 * Whether a failed write to the practice system may still commit (a timeout, a 5xx, a lost
 * connection), so it must be watched for, rather than being refused (a 4xx: nothing written).
 */
export function outcomeUnknown(error: unknown): boolean {
  return !(error instanceof ApiError) || error.status >= 500;
}

/** A watch for a late commit, begun at `now`: until when, and the gap before the first look. */
export function watchFrom(now: number): { watchUntil: number; gapMs: number; checkAt: number } {
  return { watchUntil: now + WATCH_MS, gapMs: FIRST_CHECK_MS, checkAt: now + FIRST_CHECK_MS };
}

/**
 * After a look at a watched record (a booking's or a change's): the gap before the next,
 * doubling up to {@link MAX_CHECK_GAP_MS}, or null once the watch is over. A record its request
 * never marked (the process died) is watched as long as an unknown outcome, from its creation.
 */
export function nextLookGap(
  watch: { watchUntil?: number; gapMs?: number },
  createdAt: number,
  now: number,
): number | null {
  if ((watch.watchUntil ?? createdAt + WATCH_MS) <= now) return null;
  return Math.min(MAX_CHECK_GAP_MS, (watch.gapMs ?? FIRST_CHECK_MS) * 2);
}

/** The waiver as the sweep would store it, without the appointment (found then). */
export type PendingWaiver = Omit<SignedWaiver, 'patientId' | 'appointment'>;

export interface PendingBooking {
  reference: string;
  practitionerIds: string[];
  start: number;
  /** The appointment the booking made or recovered, once known. */
  appointmentId?: string;
  /** Until when a late commit is watched for (set once an outcome was unknown). */
  watchUntil?: number;
  /** The gap before the next look. */
  gapMs?: number;
  waiver: PendingWaiver;
  /**
   * The patient's contact as the clinic's webhooks get it (name, email, phone, source,
   * consent), only when a webhook takes booking events: for the sweep to write the
   * `booking.created` event of a booking whose request never finished. Dropped once written.
   */
  contact?: RememberedContact;
  /** True once the sweep wrote the booking's created event (with this record, in one step). */
  announced?: boolean;
}

interface StoredWaiver extends Omit<PendingWaiver, 'signedAt' | 'patient' | 'waiver'> {
  signedAt: string;
  patient: PatientDetails;
  waiver: Waiver;
}

export function toPendingData(booking: PendingBooking): JsonObject {
  return JSON.parse(JSON.stringify(booking)) as JsonObject;
}

export function fromPendingData(data: JsonObject): PendingBooking {
  const raw = data as unknown as Omit<PendingBooking, 'waiver'> & { waiver: StoredWaiver };
  return { ...raw, waiver: { ...raw.waiver, signedAt: new Date(raw.waiver.signedAt) } };
}

/** The signed waiver for `appointment`, from a pending record. */
export function waiverFor(pending: PendingBooking, appointment: AppointmentRecord): SignedWaiver {
  return { ...pending.waiver, patientId: appointment.patientId, appointment };
}

/** Keeps one booking's pending record up to date. */
export class PendingBookingRecord {
  readonly #store: Store;
  readonly #id: string;
  readonly #clinicId: string;
  #write: PendingWrite | null;

  private constructor(store: Store, id: string, clinicId: string, existing: PendingWrite | null) {
    this.#store = store;
    this.#id = id;
    this.#clinicId = clinicId;
    this.#write = existing;
  }

  /** The record for `id` as it stands (null inside when there is none). */
  static async open(store: Store, id: string, clinicId: string): Promise<PendingBookingRecord> {
    return new PendingBookingRecord(store, id, clinicId, await store.pendingWrites.get(id));
  }

  /** True when an earlier attempt left a record: its writes may have landed. */
  get existed(): boolean {
    return this.#write !== null;
  }

  /** True once any attempt's write had an unknown outcome. */
  get uncertain(): boolean {
    return this.#write?.uncertain ?? false;
  }

  /** Writes (or refreshes) the record before a write to the practice system. */
  async begin(booking: PendingBooking): Promise<void> {
    const previous = this.#write ? fromPendingData(this.#write.data) : null;
    // A sweep that already announced the booking keeps it announced (and keeps no contact).
    const { contact, ...rest } = booking;
    await this.#put(
      {
        ...rest,
        ...(previous?.watchUntil ? { watchUntil: previous.watchUntil } : {}),
        ...(previous?.announced ? { announced: true } : contact ? { contact } : {}),
      },
      this.uncertain,
      this.#store.now() + IN_FLIGHT_GRACE_MS,
    );
  }

  async noteAppointment(appointmentId: string): Promise<void> {
    if (!this.#write) return;
    const booking = fromPendingData(this.#write.data);
    await this.#put({ ...booking, appointmentId }, this.#write.uncertain, this.#write.checkAt);
  }

  /** A write's outcome is unknown: watch for a late commit. */
  async markUncertain(): Promise<void> {
    if (!this.#write) return;
    const { checkAt, ...watch } = watchFrom(this.#store.now());
    await this.#put({ ...fromPendingData(this.#write.data), ...watch }, true, checkAt);
  }

  /** The booking finished: forget it, unless an outcome was unknown (then the sweep watches on). */
  async finish(): Promise<void> {
    if (!this.#write) return;
    if (!this.#write.uncertain) {
      await this.#store.pendingWrites.remove(this.#id);
      this.#write = null;
      return;
    }
    const booking = fromPendingData(this.#write.data);
    await this.#put(booking, true, this.#store.now() + (booking.gapMs ?? FIRST_CHECK_MS));
  }

  async #put(booking: PendingBooking, uncertain: boolean, checkAt: number): Promise<void> {
    const write: PendingWrite = {
      id: this.#id,
      clinicId: this.#clinicId,
      data: toPendingData(booking),
      uncertain,
      checkAt,
      createdAt: this.#write?.createdAt ?? this.#store.now(),
    };
    await this.#store.pendingWrites.put(write);
    this.#write = write;
  }
}
