/**
 * The webhooks outbox: one row per event and endpoint, written in the same step that
 * records what the event is about (a booking's idempotent completion, a move or cancel),
 * and sent by the delivery worker (`proxy/webhooks/delivery-worker.ts`). Keyed by the event's
 * id and the endpoint, so writing an event twice keeps one row: the id is the
 * `webhook-id` receivers de-duplicate on, the same across every retry.
 *
 * Claims are leases: a row is sent by one instance at a time (PostgreSQL takes them with
 * `FOR UPDATE SKIP LOCKED`), and a row whose holder died is claimed again once its lease ends.
 * Only the holder of the current lease may settle a row.
 */
import type { JsonObject } from './store.ts';

/** How long a delivered event's record (no body by then) is kept for `npm run webhooks -- list`: 30 days. */
export const DELIVERED_KEPT_MS = 30 * 86_400_000;

export type WebhookDeliveryStatus = 'pending' | 'delivered' | 'failed';

/** An event to deliver to one of a clinic's webhook endpoints. */
export interface NewWebhookDelivery {
  /** The event's id, the `webhook-id` header: the same for every endpoint and every retry. */
  eventId: string;
  /** Which of the clinic's webhooks: a stable key of its URL (`webhookKey`), never the URL itself. */
  endpoint: string;
  clinicId: string;
  /** `booking.created`, `capacity.low`, … */
  type: string;
  /** The body to send, exactly: `{ type, timestamp, data }`. Dropped once delivered. */
  payload: JsonObject;
}

export interface WebhookDelivery {
  eventId: string;
  endpoint: string;
  clinicId: string;
  type: string;
  /** Null once delivered (or purged of its body): the patient's contact details leave with it. */
  payload: JsonObject | null;
  status: WebhookDeliveryStatus;
  /** Attempts made so far. */
  attempts: number;
  /** When a pending delivery may be tried next (epoch ms). */
  nextAttemptAt: number;
  /** Why the last attempt did not succeed: a code such as `http_503` or `timeout`, never a body. */
  lastError: string | null;
  createdAt: number;
  updatedAt: number;
}

/** A delivery this instance holds until `leaseUntil`; `token` proves it when settling. */
export interface ClaimedDelivery extends WebhookDelivery {
  payload: JsonObject;
  token: string;
}

export type DeliveryOutcome =
  | { kind: 'delivered' }
  /** Try again at `nextAttemptAt`. */
  | { kind: 'retry'; error: string; nextAttemptAt: number }
  | { kind: 'failed'; error: string };

export interface WebhookDeliveryFilter {
  status?: WebhookDeliveryStatus;
  clinicId?: string;
  eventId?: string;
}

/**
 * What the booking's later events need and the practice system will not say: the patient's
 * contact, the booking's source and consent, as its `booking.created` event carried them.
 */
export interface BookingContact {
  clinicId: string;
  appointmentId: string;
  data: JsonObject;
  /** Forgotten after this (epoch ms): the appointment's end and a day. */
  keepUntil: number;
}

/** What a step writes to the outbox with the record it belongs to. */
export interface OutboxWrite {
  deliveries: readonly NewWebhookDelivery[];
  contact?: BookingContact;
}

export interface WebhookOutbox {
  /** The booking's contact as its created event recorded it, while kept; null otherwise. */
  contactOf(clinicId: string, appointmentId: string): Promise<JsonObject | null>;
  /** Writes the deliveries that are not written yet (same event and endpoint: kept once); how many were new. */
  enqueue(deliveries: readonly NewWebhookDelivery[]): Promise<number>;
  /**
   * Up to `limit` pending deliveries due now, oldest first, each leased to the caller for
   * `leaseMs`; only those to `endpoints` when given (the ones the caller can send to: an
   * instance of an older or newer clinics file leaves the others to the instances that know them).
   */
  claim(limit: number, leaseMs: number, endpoints?: readonly string[]): Promise<ClaimedDelivery[]>;
  /** Records an attempt's outcome; false when the lease was no longer `token`'s (nothing changes then). */
  settle(eventId: string, endpoint: string, token: string, outcome: DeliveryOutcome): Promise<boolean>;
  /** Deliveries matching the filter, newest first. */
  list(filter: WebhookDeliveryFilter, limit: number): Promise<WebhookDelivery[]>;
  /** Makes failed deliveries matching the filter pending again, due now, attempts from zero; how many. */
  retry(filter: WebhookDeliveryFilter): Promise<number>;
  /**
   * Marks failed, with `error`, the pending deliveries of `clinicIds` to an endpoint not in
   * `known` that were due before `dueBefore` and that nobody holds: a webhook removed from
   * the clinic's config (or whose URL changed). The body is kept, so `retry` can send them
   * again once the webhook is back. How many.
   */
  failUnknown(
    clinicIds: readonly string[],
    known: readonly string[],
    dueBefore: number,
    error: string,
  ): Promise<number>;
  /**
   * Removes deliveries of `statuses` (default delivered and failed) last changed before
   * `before` (epoch ms), of one clinic when `clinicId` is given; how many. Pending ones only
   * when asked for by name, and never one a sender holds right now.
   */
  purge(before: number, statuses?: readonly WebhookDeliveryStatus[], clinicId?: string): Promise<number>;
}
