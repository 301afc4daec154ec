/**
 * A hundred patients browsing one Cliniko clinic (each: the bootstrap, the services list,
 * two weeks of availability), and whole sessions that book: every one gets an answer, and
 * the proxy stays inside Cliniko's 200 requests a minute per API key, so Cliniko never
 * answers 429.
 *
 * Patients come from their own addresses through a trusted reverse proxy, with the default
 * rate limits on, as in production. The simulation (`test/helpers/browsing-simulation.ts`)
 * runs on the proxy's clock, so caches expire as they would; the key's budget and the fake's
 * limit run on that clock too.
 */
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import { setupServer } from 'msw/node';
import { CLINIKO_REQUESTS_PER_MINUTE } from '../../proxy/providers/cliniko/cliniko-provider.ts';
import {
  simulateBrowsing,
  SIMULATED_CLIENT_HEADER,
  type BrowsingResult,
} from '../helpers/browsing-simulation.ts';
import { CLINIKO_CLINIC_ID, createClinikoProxy, type ClinikoProxy } from '../helpers/cliniko-proxy.ts';

const server = setupServer();
before(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
after(() => server.close());

const PATIENTS = 100;

function setup(): ClinikoProxy {
  const proxy = createClinikoProxy({
    app: { trustedProxy: SIMULATED_CLIENT_HEADER },
    budgetOnSharedClock: true,
  });
  server.use(...proxy.fake.handlers());
  return proxy;
}

function browse(proxy: ClinikoProxy, arrivalSpreadMs: number): Promise<BrowsingResult> {
  return simulateBrowsing({
    request: (path, init) => proxy.app.request(path, init),
    clinicId: CLINIKO_CLINIC_ID,
    patients: PATIENTS,
    firstDay: '2026-11-24',
    weeks: 2,
    arrivalSpreadMs,
    thinkMs: 5_000,
    advance: (ms) => proxy.advance(ms),
    upstreamCount: () => proxy.fake.requests.length,
  });
}

function assertEveryoneAnswered(proxy: ClinikoProxy, result: BrowsingResult): void {
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
  assert.equal(proxy.fake.requests.filter((r) => r.status === 429).length, 0, 'Cliniko never had to refuse');
}

describe('100 patients browsing one Cliniko clinic', () => {
  it('all at the same moment: every patient answered, identical upstream requests shared', async (t) => {
    const proxy = setup();
    const result = await browse(proxy, 0);
    assertEveryoneAnswered(proxy, result);
    t.diagnostic(
      `upstream requests: ${result.totalUpstream} in total, at most ${result.maxUpstreamPerMinute} in a minute`,
    );
    // The catalogue once (business, types, practitioners, and the types of each of the three
    // practitioners: 6). Then per week, one available_times window per practitioner of each
    // distinct choice: "any" of two and each of the two by name, for both physiotherapy types
    // and telehealth (4 each), and Mei alone for psychology ("any" is the same search): 13
    // windows, each of two pages (a week on a 15-minute grid holds over 100 times). So
    // 6 + 2 weeks x 13 x 2 = 58: a hundred patients cost what thirteen would.
    assert.equal(result.totalUpstream, 6 + 2 * 13 * 2);
    assert.ok(result.maxUpstreamPerMinute <= CLINIKO_REQUESTS_PER_MINUTE);
  });

  it('arriving over a minute, caches expiring as they go: every patient answered, within the key’s 200 a minute', async (t) => {
    const proxy = setup();
    const result = await browse(proxy, 60_000);
    assertEveryoneAnswered(proxy, result);
    t.diagnostic(
      `upstream requests: ${result.totalUpstream} in total over ${result.durationMs / 1000} s, at most ${result.maxUpstreamPerMinute} in a minute`,
    );
    assert.ok(
      result.maxUpstreamPerMinute <= CLINIKO_REQUESTS_PER_MINUTE,
      `${result.maxUpstreamPerMinute} > ${CLINIKO_REQUESTS_PER_MINUTE}`,
    );
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
      clinicId: CLINIKO_CLINIC_ID,
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
    // One live appointment per 201, never two for one practitioner's time, and one waiver form each.
    const booked = proxy.fake.appointments.slice(diaryBefore).filter((a) => a.cancelledAt === null);
    assert.equal(booked.length, result.booked);
    assert.equal(new Set(booked.map((a) => `${a.practitionerId}|${a.startsAt}`)).size, booked.length);
    assert.equal(proxy.fake.forms.length, result.booked);
    assert.equal(proxy.fake.requests.filter((r) => r.status === 429).length, 0);
    // A new patient's booking costs 9, plus a re-check per practitioner tried for "any", and it
    // sends the next patient who looks at that week back to Cliniko: about a dozen a session.
    assert.ok(
      result.totalUpstream < 14 * patients,
      `${result.totalUpstream} upstream requests for ${patients} sessions`,
    );
    assert.ok(result.maxUpstreamPerMinute <= CLINIKO_REQUESTS_PER_MINUTE);
  });
});
