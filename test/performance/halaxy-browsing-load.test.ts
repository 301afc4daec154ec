/**
 * A hundred patients browsing one Halaxy clinic at once (each: the bootstrap, the services
 * list, two weeks of availability): every one gets an answer, and the proxy stays well
 * inside Halaxy's budget of 500 requests a minute per API key, and inside the 200 a minute
 * the performance issue sets for a Cliniko clinic.
 *
 * Patients come from their own addresses through a trusted reverse proxy, with the default
 * rate limits on, as in production. The simulation (`test/helpers/browsing-simulation.ts`)
 * runs on the proxy's clock, so caches expire as they would.
 */
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import { setupServer } from 'msw/node';
import { HALAXY_REQUESTS_PER_MINUTE } from '../../proxy/providers/halaxy/halaxy-provider.ts';
import {
  simulateBrowsing,
  SIMULATED_CLIENT_HEADER,
  type BrowsingResult,
} from '../helpers/browsing-simulation.ts';
import { createHalaxyProxy, HALAXY_CLINIC_ID, type HalaxyProxy } from '../helpers/halaxy-proxy.ts';

const server = setupServer();
before(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
after(() => server.close());

/** The target for 100 patients on one clinic (Cliniko's limit per key). */
const TARGET_PER_MINUTE = 200;
const PATIENTS = 100;

function setup(): HalaxyProxy {
  const proxy = createHalaxyProxy({
    app: { trustedProxy: SIMULATED_CLIENT_HEADER },
    budgetOnSharedClock: true,
  });
  server.use(...proxy.fake.handlers());
  return proxy;
}

function browse(proxy: HalaxyProxy, arrivalSpreadMs: number): Promise<BrowsingResult> {
  return simulateBrowsing({
    request: (path, init) => proxy.app.request(path, init),
    clinicId: HALAXY_CLINIC_ID,
    patients: PATIENTS,
    firstDay: '2026-11-24',
    weeks: 2,
    arrivalSpreadMs,
    thinkMs: 5_000,
    advance: (ms) => proxy.advance(ms),
    upstreamCount: () => proxy.fake.requests.length,
  });
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

describe('100 patients browsing one Halaxy clinic', () => {
  it('all at the same moment: every patient answered, identical upstream requests shared', async (t) => {
    const proxy = setup();
    const result = await browse(proxy, 0);
    assertEveryoneAnswered(result);
    t.diagnostic(
      `upstream requests: ${result.totalUpstream} in total, at most ${result.maxUpstreamPerMinute} in a minute`,
    );
    // Catalogue once (token + 4 searches); then per week one $find per practitioner for each
    // distinct choice: "any" of the two physiotherapists (2) and each of them (1 + 1) for both
    // physio services, and Mei for psychology (1: she is its only practitioner, so "any" is the
    // same search): 9 a week, 18 for two. A hundred patients cost what nine would.
    assert.equal(result.totalUpstream, 5 + 2 * 9);
    assert.ok(result.maxUpstreamPerMinute <= TARGET_PER_MINUTE);
  });

  it('arriving over a minute, caches expiring as they go: every patient answered, within the budget', async (t) => {
    const proxy = setup();
    const result = await browse(proxy, 60_000);
    assertEveryoneAnswered(result);
    t.diagnostic(
      `upstream requests: ${result.totalUpstream} in total over ${result.durationMs / 1000} s, at most ${result.maxUpstreamPerMinute} in a minute`,
    );
    assert.ok(
      result.maxUpstreamPerMinute <= HALAXY_REQUESTS_PER_MINUTE,
      `${result.maxUpstreamPerMinute} > Halaxy's ${HALAXY_REQUESTS_PER_MINUTE}`,
    );
    assert.ok(
      result.maxUpstreamPerMinute <= TARGET_PER_MINUTE,
      `${result.maxUpstreamPerMinute} > the target of ${TARGET_PER_MINUTE}`,
    );
    // Without the shared cache each patient would cost the catalogue (4-5) and a $find per
    // practitioner a week: several hundred requests. With it, a small multiple of the
    // all-at-once figure, as availability expires every 30 seconds.
    assert.ok(
      result.totalUpstream < 2 * PATIENTS,
      `${result.totalUpstream} upstream requests for ${PATIENTS} patients`,
    );
  });

  it('whole sessions, 40 patients browsing a week and booking over ten minutes: each booked or told the time was taken', async (t) => {
    const proxy = setup();
    const patients = 40;
    const diaryBefore = proxy.fake.appointments.length;
    const result = await simulateBrowsing({
      request: (path, init) => proxy.app.request(path, init),
      clinicId: HALAXY_CLINIC_ID,
      patients,
      firstDay: '2026-11-24',
      weeks: 1,
      book: true,
      arrivalSpreadMs: 10 * 60_000,
      advance: (ms) => proxy.advance(ms),
      upstreamCount: () => proxy.fake.requests.length,
    });
    t.diagnostic(
      `booked ${result.booked}, time taken ${result.slotTaken}, nothing left ${result.nothingToBook}; upstream ${result.totalUpstream}, at most ${result.maxUpstreamPerMinute} a minute`,
    );
    assert.deepEqual(result.failures, []);
    assert.equal(result.booked + result.slotTaken + result.nothingToBook, patients);
    assert.ok(result.booked >= patients / 2, `only ${result.booked} booked`);
    // One appointment per 201, never two for one practitioner's time.
    const booked = proxy.fake.appointments.slice(diaryBefore);
    assert.equal(booked.length, result.booked);
    assert.equal(new Set(booked.map((a) => `${a.roleId}|${a.start}`)).size, booked.length);
    // A booking costs 7 (a new patient), plus a re-check per practitioner tried for "any", and
    // it sends the next patient who looks at that week back to Halaxy: under 10 a session.
    assert.ok(
      result.totalUpstream < 10 * patients,
      `${result.totalUpstream} upstream requests for ${patients} sessions`,
    );
    assert.ok(result.maxUpstreamPerMinute <= TARGET_PER_MINUTE);
  });
});
