/**
 * Cliniko failing in the ways issue 5 lists, through the real proxy app against the fake
 * (msw): a response lost or timed out after Cliniko committed, 500s on reads and writes,
 * 429 with `X-RateLimit-Reset`, Cliniko down, the proxy restarted between a booking and its
 * retry, bad credentials. Nothing is lost, nothing doubled, and no secret gets out.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { testServer } from '../../../test/helpers/msw-server.ts';
import {
  availabilityResponseSchema,
  bookingResponseSchema,
  errorResponseSchema,
  type BookingRequest,
  type Slot,
} from '../../../shared/contract.ts';
import { FAKE_API_KEY } from '../../../test/fakes/cliniko/cliniko-fake.ts';
import { PATIENTS, PRACTITIONERS, TYPES } from '../../../test/fakes/cliniko/cliniko-seed.ts';
import { clinicApi, signedBooking } from '../../../test/helpers/clinic-api.ts';
import { newKey } from '../../../test/helpers/demo-proxy.ts';
import {
  CLINIKO_CLINIC_ID,
  createClinikoProxy,
  type ClinikoProxy,
  type ClinikoProxyOptions,
} from '../../../test/helpers/cliniko-proxy.ts';

const server = testServer();

const TUESDAY = '2026-11-24';

function setup(options: ClinikoProxyOptions = {}): ClinikoProxy {
  const proxy = createClinikoProxy(options);
  server.use(...proxy.fake.handlers());
  return proxy;
}

const availability = (
  proxy: ClinikoProxy,
  serviceId: string,
  practitionerId: string,
  from = TUESDAY,
  to = from,
) => clinicApi(proxy).availability(serviceId, practitionerId, from, to);
const slots = (proxy: ClinikoProxy, serviceId: string, practitionerId: string) =>
  clinicApi(proxy).slots(serviceId, practitionerId, TUESDAY);
const book = (proxy: ClinikoProxy, body: BookingRequest, key?: string) => clinicApi(proxy).book(body, key);
const request = (slot: Slot, serviceId: string = TYPES.physioFollowUp) => signedBooking(slot, serviceId, '3');

/** Jordan Taylor's records in the fake: what a retried booking must not double. */
function jordan(proxy: ClinikoProxy) {
  const patients = proxy.fake.patients.filter((p) => p.email === 'jordan.taylor@example.com');
  const appointments = patients.flatMap((p) => proxy.fake.liveAppointmentsOf(p.id));
  const forms = proxy.fake.forms.filter((f) => patients.some((p) => p.id === f.patientId));
  return { patients: patients.length, appointments, forms: forms.length };
}

describe('Cliniko: lost responses and retries', () => {
  it('completes a booking whose create timed out after Cliniko committed it: one patient, one appointment, one form', async () => {
    const proxy = setup({ clinic: { upstream: { timeoutMs: 1000 } } });
    const [slot] = await slots(proxy, TYPES.physioFollowUp, PRACTITIONERS.tomWalker);
    const body = request(slot!);
    const key = newKey();
    proxy.fake.failNext('appointments.create', { kind: 'slow-response', ms: 1500 });
    const lost = await book(proxy, body, key);
    assert.equal(lost.status, 503);
    assert.ok(Number(lost.headers.get('Retry-After')) > 0);
    const { error } = errorResponseSchema.parse(await lost.json());
    assert.equal(error.code, 'upstream_unavailable');
    assert.match(error.message, /you will not be booked twice/);
    assert.ok(
      proxy.logs.some(
        (l) => l.includes('"outcome":"timeout"') && l.includes('"operation":"appointments.create"'),
      ),
    );
    assert.equal(jordan(proxy).appointments.length, 1, 'Cliniko committed it');
    assert.equal(jordan(proxy).forms, 0);

    const retried = await book(proxy, body, key);
    assert.equal(retried.status, 201, await retried.clone().text());
    const { booking } = bookingResponseSchema.parse(await retried.json());
    const after = jordan(proxy);
    assert.deepEqual([after.patients, after.appointments.length, after.forms], [1, 1, 1]);
    assert.equal(after.appointments[0]!.id, booking.id);
    assert.equal(proxy.fake.requestsFor('appointments.create').length, 1, 'never created twice');
    assert.equal(proxy.fake.requestsFor('patients.create').length, 1);
    // The recovered appointment had its conflicts checked, as a fresh one does.
    assert.equal(proxy.fake.requestsFor('appointments.conflicts').length, 1);
  });

  it('stores the waiver form once when its create response was lost, reading the attendee’s forms on the retry', async () => {
    const proxy = setup();
    const [slot] = await slots(proxy, TYPES.physioFollowUp, PRACTITIONERS.tomWalker);
    const body = request(slot!);
    proxy.fake.failNext('patient_forms.create', { kind: 'lose-response' });
    const failed = await book(proxy, body);
    assert.equal(failed.status, 503);
    assert.ok(proxy.logs.some((l) => l.includes('"booking.step_failed"') && l.includes('"step":"waiver"')));
    assert.equal((await book(proxy, body)).status, 201);
    assert.equal(proxy.fake.requestsFor('patient_forms.create').length, 1);
    assert.equal(proxy.fake.requestsFor('patient_forms.search').length, 1);
    assert.deepEqual(
      [jordan(proxy).patients, jordan(proxy).appointments.length, jordan(proxy).forms],
      [1, 1, 1],
    );
  });

  it('completes a retry after the proxy restarted: one patient, one appointment, one form', async () => {
    const first = setup();
    const [slot] = await slots(first, TYPES.physioFollowUp, PRACTITIONERS.tomWalker);
    const body = request(slot!);
    const key = newKey();
    const original = bookingResponseSchema.parse(await (await book(first, body, key)).json()).booking;
    // The answer never reached the patient; the proxy restarts and the widget retries.
    const restarted = createClinikoProxy({ restartOf: first });
    const res = await book(restarted, body, key);
    assert.equal(res.status, 201);
    assert.equal(bookingResponseSchema.parse(await res.json()).booking.id, original.id);
    assert.deepEqual(
      [jordan(first).patients, jordan(first).appointments.length, jordan(first).forms],
      [1, 1, 1],
    );
    assert.equal(first.fake.requestsFor('appointments.create').length, 1);
    assert.equal(
      first.fake.requestsFor('patient_forms.create').length,
      1,
      'Cliniko’s forms can be read back, so a restart loses nothing',
    );
  });

  it('completes after a restart a booking whose create response was lost', async () => {
    const first = setup();
    const [slot] = await slots(first, TYPES.physioFollowUp, PRACTITIONERS.tomWalker);
    const body = request(slot!);
    const key = newKey();
    first.fake.failNext('appointments.create', { kind: 'lose-response' });
    assert.equal((await book(first, body, key)).status, 503);
    const restarted = createClinikoProxy({ restartOf: first });
    assert.equal((await book(restarted, body, key)).status, 201);
    assert.deepEqual(
      [jordan(first).patients, jordan(first).appointments.length, jordan(first).forms],
      [1, 1, 1],
    );
  });

  it('cancels a recovered appointment that lost a race while its response was lost, and answers 409', async () => {
    const proxy = setup();
    const [slot] = await slots(proxy, TYPES.physioFollowUp, PRACTITIONERS.tomWalker);
    const start = Date.parse(slot!.start);
    const body = request(slot!);
    // Reception books the time, then ours is created and its answer lost.
    proxy.fake.beforeNext('appointments.create', () =>
      proxy.fake.bookDirectly(PRACTITIONERS.tomWalker, TYPES.physioFollowUp, start, 30),
    );
    proxy.fake.failNext('appointments.create', { kind: 'lose-response' });
    assert.equal((await book(proxy, body)).status, 503);
    const retried = await book(proxy, body);
    assert.equal(retried.status, 409);
    assert.equal(errorResponseSchema.parse(await retried.json()).error.code, 'slot_taken');
    assert.deepEqual(
      proxy.fake.liveAt(PRACTITIONERS.tomWalker, start).map((a) => a.notes),
      ['Booked by reception'],
    );
    assert.equal(jordan(proxy).forms, 0);
  });
});

describe('Cliniko: failing upstream', () => {
  it('retries a read that failed with a 500, but never repeats a write whose outcome is unknown', async () => {
    const proxy = setup();
    proxy.fake.failNext('available_times.list', { kind: 'refuse', status: 500 });
    const [slot] = await slots(proxy, TYPES.physioFollowUp, PRACTITIONERS.tomWalker);
    assert.deepEqual(
      proxy.fake.requestsFor('available_times.list').map((r) => r.status),
      [500, 200],
    );

    proxy.fake.failNext('appointments.create', { kind: 'refuse', status: 500 });
    const res = await book(proxy, request(slot!));
    assert.equal(res.status, 503);
    assert.equal(errorResponseSchema.parse(await res.json()).error.code, 'upstream_unavailable');
    assert.equal(proxy.fake.requestsFor('appointments.create').length, 1, 'not repeated');
    // The patient's retry looks first, finds nothing (the 500 committed nothing), and books once.
    assert.equal((await book(proxy, request(slot!))).status, 201);
    assert.equal(proxy.fake.requestsFor('appointments.create').length, 2);
    assert.equal(jordan(proxy).appointments.length, 1);
  });

  it('waits until X-RateLimit-Reset after a 429 and answers, instead of failing the patient', async () => {
    const proxy = setup();
    await slots(proxy, TYPES.physioFollowUp, PRACTITIONERS.tomWalker);
    // Another app on the same key spent the minute's 200 requests 58.5 seconds ago.
    proxy.fake.spendRateLimit(200, Date.now() - 58_500);
    const res = await availability(proxy, TYPES.physioFollowUp, 'any', TUESDAY, '2026-12-08');
    assert.equal(res.status, 200, await res.clone().text());
    assert.ok(availabilityResponseSchema.parse(await res.json()).slots.length > 0);
    const limited = proxy.fake.requests.filter((r) => r.status === 429);
    assert.ok(limited.length >= 1);
    // The first 429 pauses the key's whole budget: the other concurrent searches wait rather than hammer.
    assert.ok(limited.length <= 4, `${limited.length} requests were refused`);
    assert.ok(proxy.logs.some((l) => l.includes('"outcome":"rate_limited"')));
  });

  it('answers 503 with Retry-After when a 429’s reset is too far away to wait for', async () => {
    const proxy = setup({ clinic: { upstream: { maxRateLimitWaitMs: 1000 } } });
    proxy.fake.spendRateLimit(200, Date.now() - 10_000);
    const res = await availability(proxy, TYPES.physioFollowUp, PRACTITIONERS.tomWalker);
    assert.equal(res.status, 503);
    assert.ok(Number(res.headers.get('Retry-After')) >= 40);
    assert.equal(errorResponseSchema.parse(await res.json()).error.code, 'upstream_unavailable');
  });

  it('answers 503 with Retry-After when Cliniko is down, and writes nothing', async () => {
    const proxy = setup();
    const [slot] = await slots(proxy, TYPES.physioFollowUp, PRACTITIONERS.tomWalker);
    proxy.fake.down = true;
    const read = await availability(proxy, TYPES.physioFollowUp, PRACTITIONERS.tomWalker, '2026-11-25');
    assert.equal(read.status, 503);
    assert.ok(Number(read.headers.get('Retry-After')) > 0);
    const write = await book(proxy, request(slot!));
    assert.equal(write.status, 503);
    assert.ok(Number(write.headers.get('Retry-After')) > 0);
    assert.equal(errorResponseSchema.parse(await write.json()).error.code, 'upstream_unavailable');
    assert.equal(jordan(proxy).patients, 0);
    proxy.fake.down = false;
    assert.equal((await book(proxy, request(slot!))).status, 201);
  });
});

describe('Cliniko: credentials', () => {
  it('answers a friendly 502 for a wrong key and tells the operator, without the key anywhere', async () => {
    const wrongKey = 'MS0xOTk5d3Jvbmdrd3JvbmdrZXk-au2';
    const proxy = setup({ env: { CLINIKO_API_KEY: wrongKey } });
    const res = await proxy.app.request(`/api/clinics/${CLINIKO_CLINIC_ID}/services`);
    assert.equal(res.status, 502);
    const text = await res.text();
    assert.equal(errorResponseSchema.parse(JSON.parse(text)).error.code, 'upstream_error');
    assert.ok(
      proxy.logs.some(
        (l) =>
          l.includes('"upstream.auth_failed"') &&
          l.includes('"status":401') &&
          l.includes('"system":"cliniko"'),
      ),
    );
    for (const out of [text, ...proxy.logs]) {
      assert.ok(!out.includes(wrongKey) && !out.includes(btoa(`${wrongKey}:`)), 'the key leaked');
    }
  });

  it('writes neither the key nor patient data to logs or responses through a whole booking', async () => {
    const proxy = setup();
    const [slot] = await slots(proxy, TYPES.physioFollowUp, PRACTITIONERS.tomWalker);
    const body = request(slot!);
    body.patient = {
      ...body.patient,
      firstName: 'Alex',
      lastName: 'NGUYỄN',
      email: 'Alex.Nguyen+physio@example.com',
      dateOfBirth: '1985-06-30',
      medicareNumber: '2123 45670 1',
      note: 'Left knee since March',
    };
    const res = await book(proxy, body);
    assert.equal(res.status, 201);
    const answer = await res.text();
    assert.equal(proxy.fake.liveAppointmentsOf(PATIENTS.alex).length, 1);
    const logs = proxy.logs.join('\n');
    for (const secret of [
      FAKE_API_KEY,
      btoa(`${FAKE_API_KEY}:`),
      'Alex.Nguyen',
      'NGUYỄN',
      '1985-06-30',
      '2123456701',
      '+61412345678',
      'Left knee',
      'cliniko.com',
    ]) {
      assert.ok(!logs.includes(secret), `logs contain ${secret}`);
      assert.ok(!answer.includes(secret), `the answer contains ${secret}`);
    }
  });
});
