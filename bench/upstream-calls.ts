/**
 * Section 2 of the bench: upstream requests made for N simulated widget sessions on one
 * Halaxy clinic and one Cliniko clinic, against their fakes (msw, in this process), on a
 * simulated clock so a ten-minute scenario takes seconds. Counts, not times; the same
 * simulation as `test/performance/browsing-load.test.ts` (`test/helpers/browsing-simulation.ts`).
 */
import type { RequestHandler } from 'msw';
import { setupServer } from 'msw/node';
import { simulateBrowsing, SIMULATED_CLIENT_HEADER } from '../test/helpers/browsing-simulation.ts';
import { CLINIKO_CLINIC_ID, createClinikoProxy } from '../test/helpers/cliniko-proxy.ts';
import { createHalaxyProxy, HALAXY_CLINIC_ID } from '../test/helpers/halaxy-proxy.ts';

/** What the simulation needs from a proxy on one practice system's fake. */
interface SimulatedProxy {
  app: { request(path: string, init?: RequestInit): Response | Promise<Response> };
  fake: { handlers(): RequestHandler[]; requests: unknown[] };
  advance(ms: number): void;
}

interface PracticeSystem {
  name: string;
  clinicId: string;
  create(clinic: Record<string, unknown>): SimulatedProxy;
}

const SYSTEMS: PracticeSystem[] = [
  {
    name: 'Halaxy',
    clinicId: HALAXY_CLINIC_ID,
    create: (clinic) =>
      createHalaxyProxy({
        app: { trustedProxy: SIMULATED_CLIENT_HEADER },
        budgetOnSharedClock: true,
        clinic,
      }),
  },
  {
    name: 'Cliniko',
    clinicId: CLINIKO_CLINIC_ID,
    create: (clinic) =>
      createClinikoProxy({
        app: { trustedProxy: SIMULATED_CLIENT_HEADER },
        budgetOnSharedClock: true,
        clinic,
      }),
  },
];

export interface UpstreamCallsRow {
  system: string;
  scenario: string;
  sessions: number;
  /** Sessions whose every request was answered (200, or 201/409 for the booking). */
  answered: number;
  booked: number;
  upstream: number;
  perSession: number;
  maxPerMinute: number;
}

interface Scenario {
  name: string;
  weeks: number;
  book: boolean;
  arrivalSpreadMs: number;
}

const SCENARIOS: Scenario[] = [
  { name: 'browse 2 weeks, all at once', weeks: 2, book: false, arrivalSpreadMs: 0 },
  { name: 'browse 2 weeks, arriving over 1 min', weeks: 2, book: false, arrivalSpreadMs: 60_000 },
  { name: 'browse a week and book, over 10 min', weeks: 1, book: true, arrivalSpreadMs: 600_000 },
  { name: 'browse a week and book, over 1 min', weeks: 1, book: true, arrivalSpreadMs: 60_000 },
];

export async function benchUpstreamCalls(sessions: number): Promise<UpstreamCallsRow[]> {
  const server = setupServer();
  server.listen({ onUnhandledRequest: 'error' });
  const rows: UpstreamCallsRow[] = [];
  try {
    for (const system of SYSTEMS) {
      for (const scenario of SCENARIOS) {
        // Bookings are limited per clinic (60 per 10 minutes by default); lifted so that the
        // count covers every session and the practice system's own budget is what binds.
        const proxy = system.create({
          rateLimits: { bookings: { limit: 10 * sessions, windowSeconds: 600 } },
        });
        server.resetHandlers(...proxy.fake.handlers());
        const result = await simulateBrowsing({
          request: (path, init) => proxy.app.request(path, init),
          clinicId: system.clinicId,
          patients: sessions,
          firstDay: '2026-11-24',
          weeks: scenario.weeks,
          book: scenario.book,
          arrivalSpreadMs: scenario.arrivalSpreadMs,
          advance: (ms) => proxy.advance(ms),
          upstreamCount: () => proxy.fake.requests.length,
        });
        rows.push({
          system: system.name,
          scenario: scenario.name,
          sessions,
          answered: sessions - new Set(result.failures.map((f) => f.patient)).size,
          booked: result.booked,
          upstream: result.totalUpstream,
          perSession: Math.round((result.totalUpstream / sessions) * 100) / 100,
          maxPerMinute: result.maxUpstreamPerMinute,
        });
      }
    }
  } finally {
    server.close();
  }
  return rows;
}
