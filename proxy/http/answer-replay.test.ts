/**
 * The differential test of the answer cache: long replays of patients browsing, booking,
 * revalidating and of the practice system changing behind the proxy, over a clock that
 * moves in steps small and large and lands on the instants where answers change (a slot
 * falling inside the notice, the clinic's midnight, the cache's expiry). After every step
 * the proxy that keeps answers must send exactly the bytes a proxy computing every answer
 * afresh sends, over the same clinic; a 304 must stand for exactly those bytes. And the same
 * request to an app with the cache off must get the same status, headers and bytes on the
 * wire (identity, gzip, brotli, 304), whether the kept answer was sent before routing or not.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { availabilityResponseSchema, type Slot } from '../../shared/contract.ts';
import { addDaysToIsoDate } from '../../shared/dates.ts';
import { RETURNING_PATIENT_QUESTION } from '../../shared/intake.ts';
import { DEMO_CLINIC } from '../config/demo-clinic.ts';
import { createCountedDemoProxy, type CountedDemoProxy } from '../../test/helpers/counted-demo-proxy.ts';
import { bookingFor, newKey, postBooking } from '../../test/helpers/demo-proxy.ts';
import { countRouting } from '../../test/helpers/routing-count.ts';
import { appointmentChanged } from '../providers/caching-provider.ts';
import { DEMO_PRACTITIONERS, DEMO_SERVICE_IDS } from '../providers/demo/demo-data.ts';
import { localDateOf, startOfLocalDay } from '../time/clinic-time.ts';

const TIMEZONE = 'Australia/Sydney';
const SERVICES = Object.values(DEMO_SERVICE_IDS);
const ENCODINGS = ['', 'br', 'gzip', 'gzip, deflate, br, zstd'];
const MINUTE = 60_000;

/** A small seeded generator (mulberry32), so a failing replay can be run again. */
function random(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
  return {
    next,
    int: (max: number) => Math.floor(next() * max),
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!,
  };
}

/** The ETag without its encoding: the same content in any encoding. */
function contentOf(etag: string): string {
  return etag.replace(/-(br|gzip)"$/, '"');
}

function decoded(res: Response, bytes: Buffer): string {
  const coding = res.headers.get('Content-Encoding');
  if (coding === 'br') return brotliDecompressSync(bytes).toString('utf8');
  if (coding === 'gzip') return gunzipSync(bytes).toString('utf8');
  return bytes.toString('utf8');
}

interface Tally {
  requests: number;
  /** Answered before routing, from a kept answer. */
  beforeRouting: number;
  notModified: number;
  compressed: number;
  bookings: number;
  changedBehind: number;
  edges: number;
}

async function replay(seed: number, steps: number): Promise<{ proxy: CountedDemoProxy; tally: Tally }> {
  const rng = random(seed);
  // The demo clinic's rules, one about new patients so `returningPatient` matters, and caps
  // tight enough that the replay's bookings fill them (a booking then changes other practitioners' answers).
  const proxy = createCountedDemoProxy({
    rules: [
      ...DEMO_CLINIC.rules,
      { type: 'new-patient-days', practitionerIds: [DEMO_PRACTITIONERS[0]!.id], weekdays: ['tue', 'thu'] },
      { type: 'cap', serviceIds: [DEMO_SERVICE_IDS.physioFollowUp], max: 1, per: 'day' },
      { type: 'cap', categoryIds: ['psychology'], max: 3, per: 'week' },
    ],
  });
  const tally: Tally = {
    requests: 0,
    beforeRouting: 0,
    notModified: 0,
    compressed: 0,
    bookings: 0,
    changedBehind: 0,
    edges: 0,
  };
  await proxy.app.request('/healthz');
  const routing = countRouting(proxy.app);
  const bodyOfTag = new Map<string, string>();
  const lastTag = new Map<string, string>();
  let recentSlots: Array<{ slot: Slot; serviceId: string; path: string }> = [];
  /** Recent availability searches, and the instants their first slot leaves a notice window. */
  const edges = new Map<string, number[]>();

  const today = () => localDateOf(proxy.now(), TIMEZONE);
  const paths = (): string[] => {
    const serviceId = rng.pick(SERVICES);
    const offering = DEMO_PRACTITIONERS.filter((p) =>
      (p.serviceIds as readonly string[]).includes(serviceId),
    );
    const practitionerId = rng.next() < 0.5 || offering.length === 0 ? 'any' : rng.pick(offering).id;
    // Mostly the next weeks; sometimes up against the 60 days the clinic books ahead.
    const from = addDaysToIsoDate(today(), rng.next() < 0.7 ? rng.int(20) - 2 : 50 + rng.int(12));
    const to = addDaysToIsoDate(from, rng.int(10));
    const returning = rng.pick(['', '&returningPatient=yes', '&returningPatient=no']);
    return [
      `/api/clinics/demo/availability?serviceId=${serviceId}&practitionerId=${practitionerId}&from=${from}&to=${to}${returning}`,
    ];
  };
  const catalogueish = [
    '/api/clinics/demo',
    '/api/clinics/demo/bootstrap',
    '/api/clinics/demo/services',
    '/api/clinics/demo/practitioners',
    `/api/clinics/demo/practitioners?serviceId=${DEMO_SERVICE_IDS.psychInitial}`,
  ];
  // A few searches asked again and again, as patients on the same week do.
  const favourites = Array.from({ length: 6 }, () => paths()[0]!);

  async function compare(path: string) {
    tally.requests += 1;
    const headers: Record<string, string> = {
      Origin: 'http://localhost:8787',
      'X-Request-Id': `replay-${seed}-${tally.requests}`,
    };
    const encoding = rng.pick(ENCODINGS);
    if (encoding) headers['Accept-Encoding'] = encoding;
    const known = rng.next() < 0.5 ? lastTag.get(path) : undefined;
    if (known) headers['If-None-Match'] = known;
    const matchedBefore = routing.matched;
    const res = await proxy.app.request(path, { headers });
    if (routing.matched === matchedBefore) tally.beforeRouting += 1;
    const bytes = Buffer.from(await res.arrayBuffer());
    // The same request to an app that keeps nothing: every status, header and byte the same.
    const twin = await proxy.uncached.request(path, { headers });
    const twinBytes = Buffer.from(await twin.arrayBuffer());
    const fresh = await proxy.uncached.request(path);
    const freshText = await fresh.text();
    const where = `seed ${seed}, request ${tally.requests}, ${proxy.now().toISOString()}, ${path}`;
    assert.equal(res.status, twin.status, where);
    assert.deepEqual([...res.headers], [...twin.headers], `headers differ: ${where}`);
    assert.ok(bytes.equals(twinBytes), `bytes on the wire differ: ${where}`);
    if (res.status === 304) {
      tally.notModified += 1;
      assert.equal(fresh.status, 200, where);
      // The browser holds the answer whose tag it sent; the 304 says it still is the answer.
      assert.equal(contentOf(res.headers.get('ETag')!), contentOf(known!), where);
      assert.equal(bodyOfTag.get(contentOf(known!)), freshText, `a 304 stood for other bytes: ${where}`);
      return;
    }
    assert.equal(res.status, fresh.status, where);
    assert.equal(decoded(res, bytes), freshText, `bytes differ: ${where}`);
    if (res.status !== 200) return;
    if (res.headers.get('Content-Encoding')) tally.compressed += 1;
    const etag = res.headers.get('ETag')!;
    assert.equal(contentOf(etag), fresh.headers.get('ETag'), `ETag: ${where}`);
    bodyOfTag.set(contentOf(etag), freshText);
    lastTag.set(path, etag);
    if (path.includes('/availability?')) {
      const { slots } = availabilityResponseSchema.parse(JSON.parse(freshText));
      const serviceId = new URL(path, 'http://x').searchParams.get('serviceId')!;
      if (slots.length > 0) {
        recentSlots = slots.slice(0, 5).map((slot) => ({ slot, serviceId, path }));
        // Where this answer changes by time alone: its first slot leaving the notice (2 hours; 24 for psychology).
        const first = Date.parse(slots[0]!.start);
        edges.set(path, [first - 120 * MINUTE, first - 24 * 60 * MINUTE]);
        if (edges.size > 20) edges.delete(edges.keys().next().value!);
      }
    }
  }

  /** The search a slot was found in, and the same window for each practitioner who offers the service. */
  function related(choice: { serviceId: string; path: string }): string[] {
    const url = new URL(choice.path, 'http://proxy.test');
    return [
      choice.path,
      ...DEMO_PRACTITIONERS.filter((p) => (p.serviceIds as readonly string[]).includes(choice.serviceId)).map(
        (p) => {
          url.searchParams.set('practitionerId', p.id);
          return `${url.pathname}${url.search}`;
        },
      ),
    ];
  }

  async function book() {
    // Half the bookings are physio follow-ups, whose cap of one a day closes the day for both physios.
    if (rng.next() < 0.5) {
      const from = addDaysToIsoDate(today(), rng.int(10));
      await compare(
        `/api/clinics/demo/availability?serviceId=${DEMO_SERVICE_IDS.physioFollowUp}&practitionerId=any&from=${from}&to=${addDaysToIsoDate(from, 6)}`,
      );
    }
    const choice = recentSlots.length > 0 ? rng.pick(recentSlots) : null;
    if (!choice) return;
    // Patients are looking at that week, for "any" and for each practitioner.
    for (const path of related(choice)) await compare(path);
    const res = await postBooking(
      proxy.app,
      bookingFor(choice.slot, choice.serviceId, {
        patient: {
          firstName: 'Replay',
          lastName: `Patient${tally.bookings}`,
          email: `replay${seed}.${tally.requests}@example.com`,
          phone: '0412 345 678',
          dateOfBirth: '1988-04-12',
        },
        answers: { [RETURNING_PATIENT_QUESTION]: rng.pick(['yes', 'no']) },
      }),
      newKey(),
    );
    if (res.status === 201) tally.bookings += 1;
    // And look again: the time is gone, and a cap it filled closes the day for the others.
    for (const path of related(choice)) await compare(path);
  }

  async function changeBehind() {
    const choice = recentSlots.length > 0 ? rng.pick(recentSlots) : null;
    if (!choice) return;
    if (!(await proxy.bookBehindTheProxy(choice.slot, choice.serviceId))) return; // Taken meanwhile.
    tally.changedBehind += 1;
    // Half the time the change comes through the proxy's own move or cancel, which reports it.
    if (rng.next() < 0.5) {
      appointmentChanged(proxy.cached.provider, choice.slot.practitionerId, new Date(choice.slot.start));
    }
    await compare(choice.path);
  }

  /**
   * Asks for a search a little before an instant where it may change, then at the last
   * millisecond before it, at it and just after: a kept answer must change exactly there.
   */
  async function probe(path: string, edge: number) {
    if (edge - 25_000 <= proxy.now().getTime()) return;
    tally.edges += 1;
    proxy.setNow(new Date(edge - 1 - rng.int(25_000)));
    await compare(path);
    for (const at of [edge - 1, edge, edge + 1]) {
      proxy.setNow(new Date(at));
      await compare(path);
    }
  }

  /** Mostly the seconds between one patient's clicks; now and then minutes or hours. */
  function moveClock() {
    const roll = rng.next();
    if (roll < 0.6) proxy.advance(rng.int(2_000));
    else if (roll < 0.85) proxy.advance(rng.int(40_000));
    else if (roll < 0.97) proxy.advance(rng.int(10 * MINUTE));
    else proxy.advance(rng.int(6 * 60 * MINUTE));
  }

  for (let step = 0; step < steps; step++) {
    moveClock();
    const roll = rng.next();
    if (roll < 0.06) await book();
    else if (roll < 0.1) await changeBehind();
    else if (roll < 0.2 && edges.size > 0) {
      const [path, instants] = rng.pick([...edges]);
      await probe(path, rng.pick(instants));
    } else if (roll < 0.23) {
      // A week running past the last bookable day, which moves on at midnight.
      const from = addDaysToIsoDate(today(), 54);
      const path = `/api/clinics/demo/availability?serviceId=${rng.pick(SERVICES)}&practitionerId=any&from=${from}&to=${addDaysToIsoDate(from, 7)}`;
      await probe(path, startOfLocalDay(addDaysToIsoDate(today(), 1), TIMEZONE).getTime());
    }
    const path =
      rng.next() < 0.2 ? rng.pick(catalogueish) : rng.next() < 0.6 ? rng.pick(favourites) : paths()[0]!;
    await compare(path);
    // A patient often looks again straight away.
    if (rng.next() < 0.3) await compare(path);
  }
  return { proxy, tally };
}

describe('the answer cache, replayed against a proxy that keeps nothing', () => {
  for (const seed of [1, 2, 3]) {
    it(`sends the same bytes over a moving clock (seed ${seed})`, async () => {
      const { proxy, tally } = await replay(seed, 350);
      // The replay exercised what it claims to: revalidations, bookings, changes behind the proxy, edges of time.
      assert.ok(tally.notModified > 10, JSON.stringify(tally));
      assert.ok(tally.bookings > 3, JSON.stringify(tally));
      assert.ok(tally.changedBehind > 3, JSON.stringify(tally));
      assert.ok(tally.edges > 10, JSON.stringify(tally));
      // Most answers were kept ones, sent before routing, and matched the app that keeps nothing.
      assert.ok(tally.beforeRouting > tally.requests / 4, JSON.stringify(tally));
      // And kept answers were sent again: fewer compressions than compressed answers.
      const compressions = Object.values(proxy.compressions).reduce((a, b) => a + b, 0);
      assert.ok(compressions < tally.compressed, `${compressions} compressions for ${JSON.stringify(tally)}`);
    });
  }
});
