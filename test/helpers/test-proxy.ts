/**
 * What every in-process test proxy shares, whatever practice system its clinic is on: a
 * clock the test moves (the proxy, and a fake practice system, read the same one), the log
 * lines the proxy writes, and the real app built on the clinics. The demo proxy
 * (`demo-proxy.ts`) and the practice-system proxies (`practice-proxy.ts`) are built from it.
 *
 * Browser-safe: the widget tests run the demo proxy inside the test page.
 */
import { createApp, type AppOptions } from '../../proxy/app.ts';
import type { Clinic } from '../../proxy/clinic.ts';
import type { ClinicConfig } from '../../proxy/config/clinic-config.ts';
import { createJsonLogger, type Logger } from '../../proxy/logger.ts';

/** Monday 23 November 2026, 09:00 in Sydney (AEDT, UTC+11). */
export const FIXED_NOW = new Date('2026-11-22T22:00:00Z');

/** The time the proxy (and a fake practice system) sees; it moves only when a test moves it. */
export interface TestClock {
  now: () => Date;
  /** Moves the clock forward. */
  advance: (ms: number) => void;
  /** Sets the clock. */
  set: (now: Date) => void;
}

export function testClock(start: Date = FIXED_NOW): TestClock {
  let now = start;
  return {
    now: () => now,
    advance(ms) {
      now = new Date(now.getTime() + ms);
    },
    set(next) {
      now = next;
    },
  };
}

/** A logger that keeps every line (debug and up) the proxy writes, stamped on the test clock. */
export function capturedLogger(clock: TestClock): { logger: Logger; logs: string[] } {
  const logs: string[] = [];
  return {
    logs,
    logger: createJsonLogger({ write: (line) => logs.push(line), now: clock.now, minLevel: 'debug' }),
  };
}

/** The real proxy app on one clinic, with its clock and its log. */
export interface TestProxy {
  app: ReturnType<typeof createApp>;
  /** The clinic's validated config (its id, waiver, policy …). */
  clinic: ClinicConfig;
  clock: TestClock;
  logs: string[];
  now: () => Date;
  /** Moves the shared clock forward. */
  advance(ms: number): void;
  /** Moves the shared clock to `now`. */
  setNow(now: Date): void;
}

/** Builds the app on `clinic` (the first of `clinics`) with the clock and a captured logger. */
export function testProxy(
  clinics: Clinic[],
  clock: TestClock,
  capture: { logger: Logger; logs: string[] },
  app: Partial<AppOptions> = {},
): TestProxy {
  return {
    app: createApp({ clinics, now: clock.now, logger: capture.logger, ...app }),
    clinic: clinics[0]!.config,
    clock,
    logs: capture.logs,
    now: clock.now,
    advance: (ms) => clock.advance(ms),
    setNow: (next) => clock.set(next),
  };
}
