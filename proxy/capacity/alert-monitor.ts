/**
 * Checks each clinic's capacity alerts on a schedule (`capacity.checkEveryMinutes`, hourly
 * by default): reads the free share of the next N days from the same capacity snapshots as
 * the feed, runs the crossing detector, and records the new state with its event in the
 * store by compare-and-set, then hands queued events to the sink (the clinic's webhooks).
 *
 * Shared by every instance through the store: the schedule is a lease per clinic (one
 * instance checks each interval, and a restart does not check again early), a crossing is
 * recorded once whoever sees it first (the others' compare-and-set fails), and delivery of
 * the queue runs under a lease too. A restarted monitor reads the last state, so it neither
 * repeats nor misses a crossing.
 *
 * Time is injected: tests move a simulated clock and call `checkDue()`; `start()` calls it
 * once a minute on a real timer.
 */
import { addDaysToIsoDate } from '../../shared/dates.ts';
import type { Clinic } from '../clinic.ts';
import type { Logger } from '../logger.ts';
import type { CapacitySignalState, JsonObject, Store } from '../store/store.ts';
import { clinicToday, toClinicIso } from '../time/clinic-time.ts';
import { detectCrossing } from './alert-detector.ts';
import { alertKey, DEFAULT_CHECK_MINUTES, type CapacityAlert } from './capacity-config.ts';
import type { CapacityEvent, CapacitySignalSink } from './capacity-events.ts';
import { sumMetrics } from './capacity-metrics.ts';
import { capacityClinicOf, type CapacityClinic } from './capacity-reads.ts';
import type { CapacitySnapshots } from './capacity-snapshots.ts';

/** How often `start()` looks for checks that are due. */
export const TICK_MS = 60_000;
/** Events handed on per tick at most. */
const DELIVERY_BATCH = 50;
/** How long one instance holds the delivery of the queue. */
const DELIVERY_LEASE_MS = 60_000;

export interface AlertMonitorOptions {
  clinics: readonly Clinic[];
  snapshots: CapacitySnapshots;
  /** Alert states, queued events and the schedule's leases. */
  store: Pick<Store, 'capacitySignals' | 'locks'>;
  sink: CapacitySignalSink;
  now: () => Date;
  logger: Logger;
  /** A new event id; `crypto.randomUUID` by default. */
  newId?: () => string;
}

export class CapacityAlertMonitor {
  readonly #clinics: CapacityClinic[];
  readonly #o: AlertMonitorOptions;
  #running: Promise<void> | null = null;

  constructor(options: AlertMonitorOptions) {
    this.#o = options;
    this.#clinics = options.clinics
      .filter((clinic) => (clinic.config.capacity?.alerts.length ?? 0) > 0)
      .map(capacityClinicOf);
  }

  /** True when some clinic has alerts to check. */
  get watching(): boolean {
    return this.#clinics.length > 0;
  }

  /** Checks every clinic whose check is due now, then delivers; a run already going is waited for, not doubled. */
  checkDue(): Promise<void> {
    this.#running ??= this.#run().finally(() => (this.#running = null));
    return this.#running;
  }

  /** Runs `checkDue` every `tickMs` (a minute) on the real clock until the returned function is called. */
  start(tickMs = TICK_MS): () => Promise<void> {
    const handle = setInterval(() => void this.checkDue(), tickMs);
    // The timer alone must not keep a Node process alive.
    if (typeof handle === 'object' && 'unref' in handle) handle.unref();
    return async () => {
      clearInterval(handle);
      await this.#running;
    };
  }

  async #run() {
    const { store } = this.#o;
    for (const clinic of this.#clinics) {
      const minutes = clinic.config.capacity?.checkEveryMinutes ?? DEFAULT_CHECK_MINUTES;
      // Held for the interval and never released: the next check, on any instance, is one interval on.
      const due = await this.#safely('capacity.schedule_failed', { clinicId: clinic.config.id }, () =>
        store.locks.acquire(`capacity-check|${clinic.config.id}`, minutes * 60_000),
      );
      if (!due) continue;
      for (const alert of clinic.config.capacity?.alerts ?? []) {
        await this.#safely(
          'capacity.alert_check_failed',
          { clinicId: clinic.config.id, alert: alertKey(alert) },
          () => this.#check(clinic, alert),
        );
      }
    }
    await this.#safely('capacity.delivery_failed', {}, () => this.#deliver());
  }

  async #check(clinic: CapacityClinic, alert: CapacityAlert) {
    const { config } = clinic;
    const signals = this.#o.store.capacitySignals;
    const now = this.#o.now();
    const from = clinicToday(config.timezone, now);
    const window = { fromDate: from, toDate: addDaysToIsoDate(from, alert.days - 1) };
    const { capacity } = await this.#o.snapshots.get(clinic, window);
    const time = sumMetrics(capacity.days.flatMap((day) => day.practitioners.map((p) => p.totals)));
    const key = alertKey(alert);
    const previous = await signals.load(config.id, key);
    const detection = detectCrossing(alert, previous ?? undefined, time, now);
    const next: CapacitySignalState = detection.state;
    if (!detection.crossing) {
      if (!previous) await signals.transition(config.id, key, null, next, null);
      return;
    }
    const event: CapacityEvent = {
      id: (this.#o.newId ?? (() => crypto.randomUUID()))(),
      type: detection.crossing,
      timestamp: toClinicIso(now, config.timezone),
      data: {
        clinic: { id: config.id, name: config.name },
        alert: { days: alert.days, below: alert.below },
        window: { from: window.fromDate, to: window.toDate },
        freeShare: Math.round((detection.freeShare ?? 0) * 10_000) / 10_000,
        freeMinutes: time.freeMinutes,
        bookedMinutes: time.bookedMinutes,
      },
    };
    const body = JSON.parse(JSON.stringify(event)) as JsonObject;
    const recorded = await signals.transition(config.id, key, previous, next, { id: event.id, body });
    // Lost the compare-and-set: another instance recorded this crossing (and its event) first.
    if (recorded)
      this.#o.logger.log('info', detection.crossing, { clinicId: config.id, alert: key, eventId: event.id });
  }

  /** Hands queued events to the sink, oldest first; one that fails stays for the next tick. */
  async #deliver() {
    const { store, sink } = this.#o;
    // Taken before reading the queue, so two instances never hand on the same events at once.
    const lease = await store.locks.acquire('capacity-delivery', DELIVERY_LEASE_MS);
    if (!lease) return;
    try {
      const queued = await store.capacitySignals.undelivered(DELIVERY_BATCH);
      for (const { id, clinicId, event } of queued) {
        await sink.deliver(clinicId, event as unknown as CapacityEvent);
        await store.capacitySignals.delivered(id);
      }
    } finally {
      await store.locks.release('capacity-delivery', lease);
    }
  }

  async #safely<T>(what: string, fields: Record<string, string>, work: () => Promise<T>): Promise<T | null> {
    try {
      return await work();
    } catch (error) {
      // The practice system or the store may be down: the next tick tries again. Nothing about patients to log.
      this.#o.logger.log('warn', what, {
        ...fields,
        error: error instanceof Error ? error.name : typeof error,
      });
      return null;
    }
  }
}
