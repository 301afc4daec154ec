/**
 * Checks each clinic's capacity alerts on a schedule (`capacity.checkEveryMinutes`, hourly
 * by default): reads the free share of the next N days from the same capacity snapshots as
 * the feed, runs the crossing detector, and records the result, with the event when one
 * fires, in the `CapacitySignalStore`.
 *
 * Time is injected: tests move a simulated clock and call `checkDue()`; `start()` calls it
 * once a minute on a real timer.
 */
import { addDaysToIsoDate } from '../../shared/dates.ts';
import type { Clinic } from '../clinic.ts';
import type { Logger } from '../logger.ts';
import { clinicToday, toClinicIso } from '../time/clinic-time.ts';
import { detectCrossing } from './alert-detector.ts';
import { alertKey, DEFAULT_CHECK_MINUTES, type CapacityAlert } from './capacity-config.ts';
import type { CapacityEvent, CapacitySignalStore } from './capacity-events.ts';
import { sumMetrics } from './capacity-metrics.ts';
import { capacityClinicOf, type CapacityClinic } from './capacity-reads.ts';
import type { CapacitySnapshots } from './capacity-snapshots.ts';

/** How often `start()` looks for checks that are due. */
const TICK_MS = 60_000;

export interface AlertMonitorOptions {
  clinics: readonly Clinic[];
  snapshots: CapacitySnapshots;
  signals: CapacitySignalStore;
  now: () => Date;
  logger: Logger;
  /** A new event id; `crypto.randomUUID` by default. */
  newId?: () => string;
}

export class CapacityAlertMonitor {
  readonly #clinics: CapacityClinic[];
  readonly #o: AlertMonitorOptions;
  readonly #nextDue = new Map<string, number>();
  #running: Promise<void> | null = null;

  constructor(options: AlertMonitorOptions) {
    this.#o = options;
    this.#clinics = options.clinics
      .filter((clinic) => (clinic.config.capacity?.alerts.length ?? 0) > 0)
      .map(capacityClinicOf);
  }

  /** Checks every clinic whose check is due now; a check already running is waited for, not doubled. */
  checkDue(): Promise<void> {
    this.#running ??= this.#checkDue().finally(() => (this.#running = null));
    return this.#running;
  }

  /** Runs `checkDue` once a minute on the real clock until the returned function is called. */
  start(): () => void {
    const handle = setInterval(() => void this.checkDue(), TICK_MS);
    // The timer alone must not keep a Node process alive.
    if (typeof handle === 'object' && 'unref' in handle) handle.unref();
    return () => clearInterval(handle);
  }

  async #checkDue() {
    for (const clinic of this.#clinics) {
      const now = this.#o.now().getTime();
      if ((this.#nextDue.get(clinic.config.id) ?? 0) > now) continue;
      const minutes = clinic.config.capacity?.checkEveryMinutes ?? DEFAULT_CHECK_MINUTES;
      this.#nextDue.set(clinic.config.id, now + minutes * 60_000);
      for (const alert of clinic.config.capacity?.alerts ?? []) {
        try {
          await this.#check(clinic, alert);
        } catch (error) {
          // The practice system may be down: the next check tries again. Nothing about patients to log.
          this.#o.logger.log('warn', 'capacity.alert_check_failed', {
            clinicId: clinic.config.id,
            alert: alertKey(alert),
            error: error instanceof Error ? error.name : typeof error,
          });
        }
      }
    }
  }

  async #check(clinic: CapacityClinic, alert: CapacityAlert) {
    const { config } = clinic;
    const now = this.#o.now();
    const from = clinicToday(config.timezone, now);
    const window = { fromDate: from, toDate: addDaysToIsoDate(from, alert.days - 1) };
    const { capacity } = await this.#o.snapshots.get(clinic, window);
    const time = sumMetrics(capacity.days.flatMap((day) => day.practitioners.map((p) => p.totals)));
    const key = alertKey(alert);
    const previous = await this.#o.signals.load(config.id, key);
    const detection = detectCrossing(alert, previous, time, now);
    if (!detection.crossing) {
      if (!previous) await this.#o.signals.record(config.id, key, detection.state, null);
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
    this.#o.logger.log('info', detection.crossing, { clinicId: config.id, alert: key, eventId: event.id });
    await this.#o.signals.record(config.id, key, detection.state, event);
  }
}
