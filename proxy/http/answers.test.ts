import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { availabilityResponseSchema } from '../../shared/contract.ts';
import { createCountedDemoProxy, type CountedDemoProxy } from '../../test/helpers/counted-demo-proxy.ts';
import { bookingFor, postBooking } from '../../test/helpers/demo-proxy.ts';
import { appointmentChanged } from '../providers/caching-provider.ts';
import { DEMO_PRACTITIONERS, DEMO_SERVICE_IDS } from '../providers/demo/demo-data.ts';
import { startOfLocalDay } from '../time/clinic-time.ts';

const aisha = DEMO_PRACTITIONERS[0]!.id;
const tom = DEMO_PRACTITIONERS[1]!.id;
const physio = DEMO_SERVICE_IDS.physioFollowUp;
const ORIGIN = 'http://localhost:8787';

function week(practitionerId = 'any', from = '2026-11-24', to = '2026-11-30', serviceId: string = physio) {
  return `/api/clinics/demo/availability?serviceId=${serviceId}&practitionerId=${practitionerId}&from=${from}&to=${to}`;
}

const BOOTSTRAP = '/api/clinics/demo/bootstrap';
const SERVICES = '/api/clinics/demo/services';

async function get(proxy: CountedDemoProxy, path: string, headers: Record<string, string> = {}) {
  const res = await proxy.app.request(path, { headers: { Origin: ORIGIN, ...headers } });
  return { res, bytes: Buffer.from(await res.arrayBuffer()) };
}

/** The JSON text of an answer, whatever it was sent in. */
function decoded(res: Response, bytes: Buffer): string {
  const coding = res.headers.get('Content-Encoding');
  if (coding === 'br') return brotliDecompressSync(bytes).toString('utf8');
  if (coding === 'gzip') return gunzipSync(bytes).toString('utf8');
  assert.equal(coding, null);
  return bytes.toString('utf8');
}

function slotsIn(res: Response, bytes: Buffer) {
  return availabilityResponseSchema.parse(JSON.parse(decoded(res, bytes))).slots;
}

async function slotsOf(proxy: CountedDemoProxy, path: string) {
  const { res, bytes } = await get(proxy, path);
  return slotsIn(res, bytes);
}

describe('cached answers', () => {
  it('are sent brotli, gzip or plain as the patient’s browser accepts, the same JSON each way', async () => {
    const proxy = createCountedDemoProxy();
    for (const path of [BOOTSTRAP, SERVICES, week()]) {
      const plain = await get(proxy, path);
      const br = await get(proxy, path, { 'Accept-Encoding': 'gzip, deflate, br, zstd' });
      const gzip = await get(proxy, path, { 'Accept-Encoding': 'gzip' });
      const refused = await get(proxy, path, { 'Accept-Encoding': 'br;q=0, gzip;q=0' });
      assert.equal(br.res.headers.get('Content-Encoding'), 'br', path);
      assert.equal(gzip.res.headers.get('Content-Encoding'), 'gzip', path);
      assert.equal(refused.res.headers.get('Content-Encoding'), null, path);
      for (const { res, bytes } of [br, gzip, refused]) {
        assert.equal(decoded(res, bytes), plain.bytes.toString('utf8'), path);
        assert.equal(res.headers.get('Content-Type'), 'application/json', path);
        // Said once each: a shared cache keeps answers apart by origin and by encoding.
        assert.equal(res.headers.get('Vary'), 'Origin, Accept-Encoding', path);
        assert.equal(res.headers.get('Access-Control-Allow-Origin'), ORIGIN, path);
      }
      assert.ok(
        br.bytes.length < plain.bytes.length / 3,
        `${path}: ${br.bytes.length} of ${plain.bytes.length}`,
      );
    }
  });

  it('keep to the byte budgets a patient downloads (brotli)', async () => {
    const proxy = createCountedDemoProxy();
    const budgets: Array<[string, number]> = [
      [BOOTSTRAP, 2_400],
      [SERVICES, 1_000],
      [week(), 600],
      [week(aisha), 450],
      [week('any', '2026-11-23', '2026-12-23'), 2_000],
    ];
    for (const [path, budget] of budgets) {
      const { res, bytes } = await get(proxy, path, { 'Accept-Encoding': 'br' });
      assert.equal(res.headers.get('Content-Encoding'), 'br', path);
      assert.ok(bytes.length <= budget, `${path}: ${bytes.length} bytes, budget ${budget}`);
    }
  });

  it('compress each answer once per encoding, however many patients ask', async () => {
    const proxy = createCountedDemoProxy();
    for (let i = 0; i < 10; i++) {
      await get(proxy, week(), { 'Accept-Encoding': 'br, gzip' });
      await get(proxy, week(), { 'Accept-Encoding': 'gzip' });
      await get(proxy, BOOTSTRAP, { 'Accept-Encoding': 'br' });
    }
    assert.deepEqual(proxy.compressions, { br: 2, gzip: 1 });
  });

  it('answer warm requests without asking the practice system again', async () => {
    const proxy = createCountedDemoProxy();
    for (const path of [BOOTSTRAP, SERVICES, week(), week(aisha)]) await get(proxy, path);
    const cold = { ...proxy.upstream };
    for (let i = 0; i < 20; i++) {
      for (const path of [BOOTSTRAP, SERVICES, week(), week(aisha)]) {
        assert.equal((await get(proxy, path, { 'Accept-Encoding': 'br' })).res.status, 200);
      }
    }
    assert.deepEqual(proxy.upstream, cold);
    // A week for "any" and one for Aisha: one catalogue, two availability reads, one count (the telehealth cap is not in scope).
    assert.equal(cold.getCatalogue, 1);
    assert.equal(cold.getAvailability, 2);
  });

  it('answer 304 from the stored ETag for the bootstrap, services and availability', async () => {
    const proxy = createCountedDemoProxy();
    for (const path of [BOOTSTRAP, SERVICES, week()]) {
      const first = await get(proxy, path, { 'Accept-Encoding': 'br' });
      const etag = first.res.headers.get('ETag');
      assert.match(etag ?? '', /^"[0-9a-f]{16}-br"$/, path);
      for (const ifNoneMatch of [etag!, `W/${etag}`, `"other", ${etag}`, '*']) {
        const again = await get(proxy, path, { 'Accept-Encoding': 'br', 'If-None-Match': ifNoneMatch });
        assert.equal(again.res.status, 304, `${path} ${ifNoneMatch}`);
        assert.equal(again.bytes.length, 0);
        assert.equal(again.res.headers.get('ETag'), etag);
        assert.equal(again.res.headers.get('Vary'), 'Origin, Accept-Encoding');
        assert.equal(again.res.headers.get('Cache-Control'), first.res.headers.get('Cache-Control'));
        assert.equal(again.res.headers.get('Access-Control-Allow-Origin'), ORIGIN);
      }
      // The plain representation of the same content matches too.
      const plain = await get(proxy, path, { 'If-None-Match': etag! });
      assert.equal(plain.res.status, 304);
      assert.equal(plain.res.headers.get('ETag'), etag!.replace('-br', ''));
      assert.equal((await get(proxy, path, { 'If-None-Match': '"0000000000000000"' })).res.status, 200);
    }
  });

  it('let a browser keep availability only to revalidate it before each use', async () => {
    const proxy = createCountedDemoProxy();
    const { res } = await get(proxy, week());
    assert.equal(res.headers.get('Cache-Control'), 'no-cache');
    assert.match((await get(proxy, BOOTSTRAP)).res.headers.get('Cache-Control') ?? '', /max-age=60/);
  });

  it('change when a booking takes a time: the slot gone, the old ETag answered 200, other practitioners untouched', async () => {
    const proxy = createCountedDemoProxy();
    const anyWeek = await get(proxy, week());
    const tomWeek = await get(proxy, week(tom));
    const [slot] = (await slotsOf(proxy, week(aisha))).filter((s) => s.practitionerId === aisha);
    assert.ok(slot);
    assert.equal((await postBooking(proxy.app, bookingFor(slot, physio))).status, 201);
    const after = await get(proxy, week(), { 'If-None-Match': anyWeek.res.headers.get('ETag')! });
    assert.equal(after.res.status, 200);
    assert.notEqual(after.res.headers.get('ETag'), anyWeek.res.headers.get('ETag'));
    const slots = slotsIn(after.res, after.bytes);
    assert.ok(!slots.some((s) => s.start === slot.start && s.practitionerId === aisha));
    const tomAgain = await get(proxy, week(tom), { 'If-None-Match': tomWeek.res.headers.get('ETag')! });
    assert.equal(tomAgain.res.status, 304);
  });

  it('change for every practitioner when a booking fills a cap on the day', async () => {
    const proxy = createCountedDemoProxy({
      rules: [{ type: 'cap', serviceIds: [physio], max: 1, per: 'day' }],
    });
    // Friday 27 November: both physios work.
    const friday = (practitionerId: string) => week(practitionerId, '2026-11-27', '2026-11-27');
    const tomBefore = await get(proxy, friday(tom));
    assert.ok((await slotsOf(proxy, friday(tom))).length > 0);
    const [slot] = await slotsOf(proxy, friday(aisha));
    assert.equal((await postBooking(proxy.app, bookingFor(slot!, physio))).status, 201);
    const tomAfter = await get(proxy, friday(tom), { 'If-None-Match': tomBefore.res.headers.get('ETag')! });
    assert.equal(tomAfter.res.status, 200);
    assert.deepEqual(slotsIn(tomAfter.res, tomAfter.bytes), []);
  });

  it('change at once when a move or cancel reports the practitioner’s day through appointmentChanged', async () => {
    const proxy = createCountedDemoProxy();
    const [slot] = await slotsOf(proxy, week(aisha));
    // Booked in the practice system itself: the proxy cannot know until told (or its cache expires).
    assert.ok(await proxy.bookBehindTheProxy(slot!, physio));
    assert.equal((await slotsOf(proxy, week(aisha)))[0]?.start, slot!.start);
    appointmentChanged(proxy.cached.provider, aisha, new Date(slot!.start));
    assert.notEqual((await slotsOf(proxy, week(aisha)))[0]?.start, slot!.start);
  });

  it('change when the practice system is read again after the availability cache expires', async () => {
    const proxy = createCountedDemoProxy();
    const [slot] = await slotsOf(proxy, week(aisha));
    assert.ok(await proxy.bookBehindTheProxy(slot!, physio));
    proxy.advance(29_999);
    assert.equal((await slotsOf(proxy, week(aisha)))[0]?.start, slot!.start);
    proxy.advance(1);
    assert.notEqual((await slotsOf(proxy, week(aisha)))[0]?.start, slot!.start);
  });

  for (const [name, serviceId, noticeMinutes] of [
    ['the clinic’s own notice', physio, 120],
    ['a longer notice rule in scope (psychology, 24 hours)', DEMO_SERVICE_IDS.psychInitial, 24 * 60],
  ] as const) {
    it(`drop the first slot the millisecond it falls inside ${name}`, async () => {
      const proxy = createCountedDemoProxy();
      const path = week('any', '2026-11-23', '2026-11-29', serviceId);
      const [first, second] = await slotsOf(proxy, path);
      assert.ok(first && second);
      const lastShown = Date.parse(first.start) - noticeMinutes * 60_000;
      proxy.setNow(new Date(lastShown));
      const before = await get(proxy, path);
      assert.equal(slotsIn(before.res, before.bytes)[0]?.start, first.start);
      proxy.setNow(new Date(lastShown + 1));
      const [now] = await slotsOf(proxy, path);
      assert.notEqual(now?.start, first.start);
      assert.ok(Date.parse(now!.start) >= Date.parse(second.start));
    });
  }

  it('move the bookable dates on at the clinic’s midnight', async () => {
    const proxy = createCountedDemoProxy();
    // The demo clinic books 60 days ahead: on Monday 23 November, up to 22 January.
    const path = week('any', '2027-01-15', '2027-01-25');
    const lastDay = (slots: Array<{ start: string }>) => slots.at(-1)!.start.slice(0, 10);
    assert.equal(lastDay(await slotsOf(proxy, path)), '2027-01-22');
    const midnight = startOfLocalDay('2026-11-24', 'Australia/Sydney').getTime();
    proxy.setNow(new Date(midnight - 1));
    assert.equal(lastDay(await slotsOf(proxy, path)), '2027-01-22');
    proxy.setNow(new Date(midnight));
    assert.equal(lastDay(await slotsOf(proxy, path)), '2027-01-23');
  });

  it('are sent but not kept for made-up query parameters', async () => {
    const proxy = createCountedDemoProxy();
    for (let i = 0; i < 3; i++) await get(proxy, `${week()}&x=${i}`, { 'Accept-Encoding': 'br' });
    // Each was compressed for itself: none was kept to be sent again.
    assert.equal(proxy.compressions.br, 3);
    assert.equal((await get(proxy, `${week()}&x=0`)).res.status, 200);
  });

  it('are never kept for errors', async () => {
    const proxy = createCountedDemoProxy();
    const bad = week('any', '2026-11-30', '2026-11-24');
    for (let i = 0; i < 2; i++) {
      const { res } = await get(proxy, bad, { 'Accept-Encoding': 'br' });
      assert.equal(res.status, 400);
      assert.equal(res.headers.get('ETag'), null);
    }
  });
});
