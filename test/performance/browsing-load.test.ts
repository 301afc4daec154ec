/**
 * A hundred patients browsing one clinic (each: the bootstrap, the services list, two weeks
 * of availability), and whole sessions that book, on each practice system's fake: every one
 * gets an answer, the proxy stays inside the system's requests a minute per key (and the
 * 200 a minute the performance issue sets for any clinic), so the system never answers 429;
 * and a booking session is never doubled.
 *
 * Patients come from their own addresses through a trusted reverse proxy, with the default
 * rate limits on, as in production. The simulation (`test/helpers/browsing-simulation.ts`)
 * runs on the proxy's clock, so caches expire as they would; the key's budget and the
 * fake's own limit run on that clock too. What differs per system (its limits, and what
 * its cache saves) is in `SYSTEMS`; the rest is the same for all.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { testServer } from '../helpers/msw-server.ts';
import type { RequestHandler } from 'msw';
import { CLINIKO_REQUESTS_PER_MINUTE } from '../../proxy/providers/cliniko/cliniko-provider.ts';
import { HALAXY_REQUESTS_PER_MINUTE } from '../../proxy/providers/halaxy/halaxy-provider.ts';
import {
  simulateBrowsing,
  SIMULATED_CLIENT_HEADER,
  type BrowsingOptions,
  type BrowsingResult,
} from '../helpers/browsing-simulation.ts';
import { createClinikoProxy } from '../helpers/cliniko-proxy.ts';
import { createHalaxyProxy } from '../helpers/halaxy-proxy.ts';
import type { PracticeProxy } from '../helpers/practice-proxy.ts';
import type { PracticeRecords } from '../providers/conformance.ts';
import { clinikoRecords } from '../providers/subjects/cliniko.ts';
import { halaxyRecords } from '../providers/subjects/halaxy.ts';

const server = testServer();

const PATIENTS = 100;
/** The target for 100 patients on one clinic, whatever its system allows (Cliniko's limit per key). */
const TARGET_PER_MINUTE = 200;
const SHARED_CLOCK = { app: { trustedProxy: SIMULATED_CLIENT_HEADER }, budgetOnSharedClock: true } as const;

interface Fake {
  handlers(): RequestHandler[];
  requests: Array<{ status: number }>;
}

interface LoadSystem {
  name: string;
  start(): { proxy: PracticeProxy<Fake>; records: PracticeRecords };
  /** The system's documented limit per key. */
  perMinute: number;
  /** Upstream requests for 100 patients arriving at one moment (see each system's reckoning). */
  allAtOnce: number;
  /** At most this many upstream requests per booking session. */
  perSession: number;
}

const SYSTEMS: LoadSystem[] = [
  {
    name: 'Cliniko',
    start() {
      const proxy = createClinikoProxy(SHARED_CLOCK);
      return { proxy, records: clinikoRecords(proxy.fake) };
    },
    perMinute: CLINIKO_REQUESTS_PER_MINUTE,
    // The catalogue once (business, types, practitioners, and the types of each of the three
    // practitioners: 6). Then per week, one available_times window per practitioner of each
    // distinct choice: "any" of two and each of the two by name, for both physiotherapy types
    // and telehealth (4 each), and Mei alone for psychology ("any" is the same search): 13
    // windows, each of two pages (a week on a 15-minute grid holds over 100 times). So
    // 6 + 2 weeks x 13 x 2 = 58: a hundred patients cost what thirteen would.
    allAtOnce: 6 + 2 * 13 * 2,
    // A new patient's booking costs 9, plus a re-check per practitioner tried for "any", and it
    // sends the next patient who looks at that week back to Cliniko: about a dozen a session.
    perSession: 14,
  },
  {
    name: 'Halaxy',
    start() {
      const proxy = createHalaxyProxy(SHARED_CLOCK);
      return { proxy, records: halaxyRecords(proxy.fake) };
    },
    perMinute: HALAXY_REQUESTS_PER_MINUTE,
    // Catalogue once (token + 4 searches); then per week one $find per practitioner for each
    // distinct choice: "any" of the two physiotherapists (2) and each of them (1 + 1) for both
    // physio services, and Mei for psychology (1: she is its only practitioner, so "any" is the
    // same search): 9 a week, 18 for two. A hundred patients cost what nine would.
    allAtOnce: 5 + 2 * 9,
    // A booking costs 7 (a new patient), plus a re-check per practitioner tried for "any", and
    // it sends the next patient who looks at that week back to Halaxy: under 10 a session.
    perSession: 10,
  },
];

function simulate(
  proxy: PracticeProxy<Fake>,
  options: Pick<BrowsingOptions, 'patients' | 'weeks' | 'arrivalSpreadMs' | 'thinkMs' | 'book'>,
): Promise<BrowsingResult> {
  return simulateBrowsing({
    request: (path, init) => proxy.app.request(path, init),
    clinicId: proxy.clinic.id,
    firstDay: '2026-11-24',
    advance: (ms) => proxy.advance(ms),
    upstreamCount: () => proxy.fake.requests.length,
    ...options,
  });
}

function browse(proxy: PracticeProxy<Fake>, arrivalSpreadMs: number): Promise<BrowsingResult> {
  return simulate(proxy, { patients: PATIENTS, weeks: 2, arrivalSpreadMs, thinkMs: 5_000 });
}

function assertNeverRefused(proxy: PracticeProxy<Fake>, system: LoadSystem): void {
  const refused = proxy.fake.requests.filter((r) => r.status === 429).length;
  assert.equal(refused, 0, `${system.name} never had to refuse`);
}

function assertWithinLimits(result: BrowsingResult, system: LoadSystem): void {
  assert.ok(
    result.maxUpstreamPerMinute <= system.perMinute,
    `${result.maxUpstreamPerMinute} > ${system.name}'s ${system.perMinute}`,
  );
  assert.ok(
    result.maxUpstreamPerMinute <= TARGET_PER_MINUTE,
    `${result.maxUpstreamPerMinute} > the target of ${TARGET_PER_MINUTE}`,
  );
}

function assertEveryoneAnswered(result: BrowsingResult): void {
  assert.deepEqual(result.failures, [], 'every request answered 200');
  for (const [i, answers] of result.answers.entries()) {
    assert.deepEqual(
      answers,
      ['bootstrap 200', 'services 200', 'availability week 1 200', 'availability week 2 200'],
      `patient ${i}`,
    );
  }
  assert.ok(
    result.slotsSeen.every((n) => n > 0),
    'every patient was shown free times',
  );
}

for (const system of SYSTEMS) {
  describe(`100 patients browsing one ${system.name} clinic`, () => {
    it('all at the same moment: every patient answered, identical upstream requests shared', async (t) => {
      const { proxy } = system.start();
      server.use(...proxy.fake.handlers());
      const result = await browse(proxy, 0);
      assertEveryoneAnswered(result);
      assertNeverRefused(proxy, system);
      t.diagnostic(
        `upstream requests: ${result.totalUpstream} in total, at most ${result.maxUpstreamPerMinute} in a minute`,
      );
      assert.equal(result.totalUpstream, system.allAtOnce);
      assertWithinLimits(result, system);
    });

    it('arriving over a minute, caches expiring as they go: every patient answered, within the limits', async (t) => {
      const { proxy } = system.start();
      server.use(...proxy.fake.handlers());
      const result = await browse(proxy, 60_000);
      assertEveryoneAnswered(result);
      assertNeverRefused(proxy, system);
      t.diagnostic(
        `upstream requests: ${result.totalUpstream} in total over ${result.durationMs / 1000} s, at most ${result.maxUpstreamPerMinute} in a minute`,
      );
      assertWithinLimits(result, system);
      // Without the shared cache each patient would cost the catalogue and a search per
      // practitioner a week: several hundred requests. With it, a small multiple of the
      // all-at-once figure, as availability expires every 30 seconds.
      assert.ok(
        result.totalUpstream < 2 * PATIENTS,
        `${result.totalUpstream} upstream requests for ${PATIENTS} patients`,
      );
    });

    it('whole sessions, 40 patients browsing a week and booking over ten minutes: each booked or told the time was taken', async (t) => {
      const { proxy, records } = system.start();
      server.use(...proxy.fake.handlers());
      const patients = 40;
      const diaryBefore = new Set((await records.liveAppointments()).map((a) => a.id));
      const result = await simulate(proxy, { patients, weeks: 1, book: true, arrivalSpreadMs: 10 * 60_000 });
      t.diagnostic(
        `booked ${result.booked}, time taken ${result.slotTaken}, nothing left ${result.nothingToBook}; upstream ${result.totalUpstream}, at most ${result.maxUpstreamPerMinute} a minute`,
      );
      assert.deepEqual(result.failures, []);
      assert.equal(result.booked + result.slotTaken + result.nothingToBook, patients);
      assert.ok(result.booked >= patients / 2, `only ${result.booked} booked`);
      // One live appointment per 201, never two for one practitioner's time, and one waiver each.
      const booked = (await records.liveAppointments()).filter((a) => !diaryBefore.has(a.id));
      assert.equal(booked.length, result.booked);
      assert.equal(new Set(booked.map((a) => `${a.practitionerId}|${a.start}`)).size, booked.length);
      const bookers = new Set(booked.map((a) => a.patientId));
      const waivers = await Promise.all([...bookers].map((id) => records.waiversOf(id)));
      assert.equal(waivers.flat().length, result.booked);
      assertNeverRefused(proxy, system);
      assert.ok(
        result.totalUpstream < system.perSession * patients,
        `${result.totalUpstream} upstream requests for ${patients} sessions`,
      );
      assertWithinLimits(result, system);
    });
  });
}
