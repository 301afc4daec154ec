/**
 * Sends what the outbox holds. Every tick (2 s by default) it claims the due deliveries,
 * leased for longer than an attempt can take, so no other instance sends them meanwhile;
 * sends each, signed, to its webhook's URL as the clinics file has it now; and settles
 * each with its outcome (`retry-policy.ts`). A delivery whose holder died is claimed again
 * when its lease ends, and sent again with the same `webhook-id`.
 *
 * Runs beside the server, never inside a patient's request: delivery never delays an answer.
 * Logs carry the clinic, the event's id and type, the endpoint's key and the outcome's code;
 * never a body, a URL's path or a secret.
 */
import type { Clinic } from '../clinic.ts';
import type { Logger } from '../logger.ts';
import type { Store } from '../store/store.ts';
import type { ClaimedDelivery, DeliveryOutcome } from '../store/webhook-outbox.ts';
import type { WebhookConfig } from './webhook-config.ts';
import { webhookKey } from './webhook-events.ts';
import { outcomeOf } from './retry-policy.ts';
import { SEND_TIMEOUT_MS, sendWebhook, type SendOptions, type SendResult } from './webhook-sender.ts';

export const DEFAULT_TICK_MS = 2_000;
/** Deliveries claimed per tick. */
const BATCH = 20;
/** Sent at once, at most. */
const CONCURRENCY = 5;

export interface DeliveryWorkerOptions {
  /** The clinics and their webhooks as the clinics file has them now. */
  clinics: ReadonlyArray<Pick<Clinic, 'config'>>;
  store: Pick<Store, 'webhooks' | 'now'>;
  logger: Logger;
  /** Loopback URLs and addresses allowed (`WEBHOOKS_ALLOW_LOOPBACK=1`, development only). */
  allowLoopback: boolean;
  /** Replaces the real POST, for tests. */
  send?: (
    url: string,
    secret: string,
    eventId: string,
    body: string,
    options: SendOptions,
  ) => Promise<SendResult>;
  timeoutMs?: number;
  random?: () => number;
  /** The first retry's wait (`WEBHOOKS_FIRST_RETRY_MS`; 30 s by default, shorter in tests). */
  firstRetryMs?: number;
  /**
   * How long a due delivery of one of these clinics, to an endpoint the clinics file does not
   * have, waits for an instance that knows it before it is marked failed (`webhook_removed`).
   * Default `REMOVED_WEBHOOK_GRACE_MS`.
   */
  removedGraceMs?: number;
}

/**
 * A deploy that adds or removes a webhook runs old and new instances side by side for
 * minutes: a delivery due this long with no instance claiming it has no instance that knows
 * its webhook, so it is failed (visible in `list`, sent again by `retry` once it is back).
 */
export const REMOVED_WEBHOOK_GRACE_MS = 15 * 60_000;
/** The error a delivery to a webhook no longer in the clinic's config is failed with. */
export const WEBHOOK_REMOVED = 'webhook_removed';

export class WebhookDeliveryWorker {
  readonly #o: DeliveryWorkerOptions;
  readonly #hooks = new Map<string, WebhookConfig>();
  #ready: Promise<void>;
  #running: Promise<number> | null = null;

  constructor(options: DeliveryWorkerOptions) {
    this.#o = options;
    this.#ready = (async () => {
      for (const clinic of options.clinics)
        for (const hook of clinic.config.webhooks)
          this.#hooks.set(await webhookKey(clinic.config.id, hook.url), hook);
    })();
  }

  /** True when some clinic has a webhook (else nothing can be queued for sending). */
  get watching(): boolean {
    return this.#o.clinics.some((c) => c.config.webhooks.length > 0);
  }

  /** Sends what is due now; a run already going is waited for, not doubled. The number settled. */
  deliverDue(): Promise<number> {
    this.#running ??= this.#run().finally(() => (this.#running = null));
    return this.#running;
  }

  /** Runs `deliverDue` every `tickMs` until the returned function is called (which waits for the run). */
  start(tickMs = DEFAULT_TICK_MS): () => Promise<void> {
    const handle = setInterval(() => {
      this.deliverDue().catch((error: unknown) =>
        this.#o.logger.log('warn', 'webhook.worker_failed', { error: (error as Error).name }),
      );
    }, tickMs);
    if (typeof handle === 'object' && 'unref' in handle) handle.unref();
    return async () => {
      clearInterval(handle);
      await this.#running?.catch(() => undefined);
    };
  }

  async #run(): Promise<number> {
    await this.#ready;
    const timeoutMs = this.#o.timeoutMs ?? SEND_TIMEOUT_MS;
    // The lease outlasts every attempt of the batch, with room to settle.
    const leaseMs = timeoutMs * Math.ceil(BATCH / CONCURRENCY) + 30_000;
    // Only the endpoints this instance's clinics file has: during a deploy that adds or removes
    // a webhook, each instance sends what it knows and leaves the rest to the others.
    const known = [...this.#hooks.keys()];
    const claimed = await this.#o.store.webhooks.claim(BATCH, leaseMs, known);
    const removed = await this.#o.store.webhooks.failUnknown(
      this.#o.clinics.map((c) => c.config.id),
      known,
      this.#o.store.now() - (this.#o.removedGraceMs ?? REMOVED_WEBHOOK_GRACE_MS),
      WEBHOOK_REMOVED,
    );
    if (removed > 0)
      this.#o.logger.log('warn', 'webhook.removed', { deliveries: removed, error: WEBHOOK_REMOVED });
    let settled = 0;
    const queue = [...claimed];
    const lanes = Array.from({ length: Math.min(CONCURRENCY, queue.length) }, async () => {
      for (let next = queue.shift(); next; next = queue.shift())
        if (await this.#deliver(next, timeoutMs)) settled += 1;
    });
    await Promise.all(lanes);
    return settled;
  }

  async #deliver(delivery: ClaimedDelivery, timeoutMs: number): Promise<boolean> {
    const { store, logger } = this.#o;
    const hook = this.#hooks.get(delivery.endpoint);
    const fields = {
      clinicId: delivery.clinicId,
      eventId: delivery.eventId,
      type: delivery.type,
      endpoint: delivery.endpoint,
    };
    let outcome: DeliveryOutcome;
    let result: SendResult | null = null;
    if (!hook) {
      // Not claimed unless known (see above); left for another instance, should it happen.
      outcome = { kind: 'retry', error: 'endpoint_unknown', nextAttemptAt: store.now() + 60_000 };
    } else {
      const send = this.#o.send ?? sendWebhook;
      result = await send(hook.url, hook.secret, delivery.eventId, JSON.stringify(delivery.payload), {
        allowLoopback: this.#o.allowLoopback,
        timeoutMs,
      });
      outcome = outcomeOf(result, {
        attempts: delivery.attempts,
        createdAt: delivery.createdAt,
        now: store.now(),
        ...(this.#o.random ? { random: this.#o.random } : {}),
        ...(this.#o.firstRetryMs ? { firstRetryMs: this.#o.firstRetryMs } : {}),
      });
    }
    const ok = await store.webhooks.settle(delivery.eventId, delivery.endpoint, delivery.token, outcome);
    const attempts = delivery.attempts + 1;
    if (!ok) logger.log('warn', 'webhook.lease_lost', fields);
    else if (outcome.kind === 'delivered')
      logger.log('info', 'webhook.delivered', {
        ...fields,
        attempts,
        status: result?.kind === 'status' ? result.status : 0,
      });
    else if (outcome.kind === 'retry')
      logger.log('info', 'webhook.retry', {
        ...fields,
        attempts,
        error: outcome.error,
        nextAttemptAt: new Date(outcome.nextAttemptAt).toISOString(),
      });
    else logger.log('warn', 'webhook.failed', { ...fields, attempts, error: outcome.error });
    return ok;
  }
}
