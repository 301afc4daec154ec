/**
 * Section 2 of the bench: upstream requests made for N simulated widget sessions on one
 * Halaxy clinic, against the fake Halaxy (msw, in this process), on a simulated clock.
 * Counts, not times: the same simulation as `test/performance/halaxy-browsing-load.test.ts`.
 */
import { setupServer } from 'msw/node';
import { HALAXY_REQUESTS_PER_MINUTE } from '../proxy/providers/halaxy/halaxy-provider.ts';
import { simulateBrowsing, SIMULATED_CLIENT_HEADER, type BrowsingOptions } from '../test/helpers/browsing-simulation.ts';
import { createHalaxyProxy, HALAXY_CLINIC_ID } from '../test/helpers/halaxy-proxy.ts';

export interface UpstreamCallsRow {
  scenario: string;
  sessions: number;
  answered: number;
  bookings: number;
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

export async function benchUpstreamCalls(sessions: number): Promise<UpstreamCallsRow[]> {
  const scenarios: Scenario[] = [
    { name: 'browse 2 weeks, all at once', weeks: 2, book: false, arrivalSpreadMs: 0 },
    { name: 'browse 2 weeks, over a minute', weeks: 2, book: false, arrivalSpreadMs: 60_000 },
    { name: 'browse a week and book, over a minute', weeks: 1, book: true, arrivalSpreadMs: 60_000 },
  ];
  const server = setupServer();
  server.listen({ onUnhandledRequest: 'error' });
  const rows: UpstreamCallsRow[] = [];
  try {
    for (const scenario of scenarios) {
      // Bookings are limited per clinic (60 per 10 minutes by default); lifted here so every
      // simulated patient books and the count covers whole sessions.
      const proxy = createHalaxyProxy({
        app: { trustedProxy: SIMULATED_CLIENT_HEADER },
        clinic: { rateLimits: { bookings: { limit: 10 * sessions, windowSeconds: 600 } } },
      });
      server.resetHandlers(...proxy.fake.handlers());
      const options: BrowsingOptions = {
        request: (path, init) => proxy.app.request(path, init),
        clinicId: HALAXY_CLINIC_ID,
        patients: sessions,
        firstDay: '2026-11-24',
        weeks: scenario.weeks,
        book: scenario.book,
        arrivalSpreadMs: scenario.arrivalSpreadMs,
        advance: (ms) => proxy.advance(ms),
        upstreamCount: () => proxy.fake.requests.length,
      };
      const result = await simulateBrowsing(options);
      const failed = new Set(result.failures.map((f) => f.patient));
      rows.push({
        scenario: scenario.name,
        sessions,
        answered: sessions - failed.size,
        bookings: scenario.book ? result.booked : 0,
        upstream: result.totalUpstream,
        perSession: Math.round((result.totalUpstream / sessions) * 100) / 100,
        maxPerMinute: result.maxUpstreamPerMinute,
      });
    }
  } finally {
    server.close();
  }
  return rows;
}

/** Halaxy's limit, printed beside the figures. */
export const UPSTREAM_LIMIT_PER_MINUTE = HALAXY_REQUESTS_PER_MINUTE;
