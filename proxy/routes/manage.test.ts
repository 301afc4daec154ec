import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  availabilityResponseSchema,
  bookingResponseSchema,
  errorResponseSchema,
  manageResponseSchema,
  type Booking,
  type Slot,
} from '../../shared/contract.ts';
import { clinicApi } from '../../test/helpers/clinic-api.ts';
import { createClinikoProxy } from '../../test/helpers/cliniko-proxy.ts';
import {
  bookingFor,
  createDemoProxy,
  newKey,
  postBooking,
  type DemoProxy,
} from '../../test/helpers/demo-proxy.ts';
import { testServer } from '../../test/helpers/msw-server.ts';
import { TYPES, PRACTITIONERS } from '../../test/fakes/cliniko/cliniko-seed.ts';
import { createManageTokens } from '../manage/manage-token.ts';
import { DEMO_PRACTITIONERS, DEMO_SERVICE_IDS } from '../providers/demo/demo-data.ts';
import { DEFAULT_RATE_LIMITS } from '../security/rate-limit.ts';

const SECRET = 'test-manage-link-secret-0123456789abcdef';
const service = DEMO_SERVICE_IDS.physioInitial;
const aisha = DEMO_PRACTITIONERS[0]!.id;
const server = testServer();

function proxyWith(clinic: Record<string, unknown> = {}, app: Record<string, unknown> = {}): DemoProxy {
  return createDemoProxy({ manageLinkSecret: SECRET, ...app }, clinic);
}

/** Thursday 26 November: three days after the test clock's Monday morning. */
async function slotsOn(proxy: DemoProxy, day = '2026-11-26'): Promise<Slot[]> {
  const res = await proxy.app.request(
    `/api/clinics/${proxy.clinic.id}/availability?serviceId=${service}&practitionerId=${aisha}&from=${day}&to=${day}`,
  );
  return availabilityResponseSchema.parse(await res.json()).slots;
}

async function book(proxy: DemoProxy, slot: Slot, key = newKey()): Promise<Booking> {
  const res = await postBooking(proxy.app, bookingFor(slot, service), key, proxy.clinic.id);
  assert.equal(res.status, 201, await res.clone().text());
  return bookingResponseSchema.parse(await res.json()).booking;
}

async function errorOf(res: Response, status: number) {
  assert.equal(res.status, status, await res.clone().text());
  return errorResponseSchema.parse(await res.json()).error;
}

describe('manage links', () => {
  it('puts a URL-safe token without patient details in the booking answer and its replays', async () => {
    const proxy = proxyWith();
    const [slot] = await slotsOn(proxy);
    const key = newKey();
    const booking = await book(proxy, slot!, key);
    const token = booking.manageToken!;
    assert.match(token, /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    const decoded = atob(token.split('.')[0]!.replace(/-/g, '+').replace(/_/g, '/'));
    for (const detail of ['Jordan', 'Taylor', 'jordan', '1988', '0412'])
      assert.ok(!decoded.includes(detail), detail);
    const replay = await book(proxy, slot!, key);
    assert.equal(replay.manageToken, token, 'the replay carries the same link');
    assert.ok(!proxy.logs.some((line) => line.includes(token)), 'tokens stay out of the log');
  });

  it('answers 404 booking_not_found, the same, for malformed, forged, unknown, passed and other clinics’ tokens', async () => {
    const proxy = proxyWith();
    const other = proxyWith({ id: 'demo-coastal', name: 'Coastal' });
    const [slot] = await slotsOn(proxy);
    const booking = await book(proxy, slot!);
    // The other clinic holds an appointment with the same id: the token must still not open it.
    const theirs = await book(other, (await slotsOn(other))[0]!);
    assert.equal(theirs.id, booking.id);
    const token = booking.manageToken!;
    const tokens = createManageTokens(SECRET);
    const forged = `${token.slice(0, -2)}${token.endsWith('AA') ? 'AB' : 'AA'}`;
    const otherSecret = await createManageTokens('another-secret-of-at-least-32-characters').sign({
      clinicId: 'demo',
      appointmentId: booking.id,
    });
    const unknown = await tokens.sign({ clinicId: 'demo', appointmentId: '999999' });
    const answers = [];
    for (const probe of ['nonsense', forged, otherSecret, unknown, '%00', 'a'.repeat(400)]) {
      answers.push(await errorOf(await proxy.app.request(`/api/clinics/demo/manage/${probe}`), 404));
    }
    answers.push(await errorOf(await other.app.request(`/api/clinics/demo-coastal/manage/${token}`), 404));
    proxy.setNow(new Date(Date.parse(booking.end) + 1000));
    answers.push(await errorOf(await proxy.app.request(`/api/clinics/demo/manage/${token}`), 404));
    for (const answer of answers) assert.deepEqual(answer, answers[0]);
    assert.equal(answers[0]!.code, 'booking_not_found');
    const cancel = await clinicApi(proxy).cancel(token);
    assert.equal(
      (await errorOf(cancel, 404)).code,
      'booking_not_found',
      'a passed appointment cannot be cancelled',
    );
  });

  it('shows the booking with its deadline; refuses a move or cancel inside policy.changeNoticeHours with the clinic’s phone', async () => {
    const proxy = proxyWith({ policy: { minNoticeMinutes: 120, maxDaysAhead: 60, changeNoticeHours: 48 } });
    const api = clinicApi(proxy);
    const [first, , , , later] = await slotsOn(proxy);
    const booking = await book(proxy, first!);
    const shown = manageResponseSchema.parse(await (await api.manage(booking.manageToken!)).json());
    assert.equal(shown.canChange, true);
    assert.equal(Date.parse(shown.changeDeadline), Date.parse(booking.start) - 48 * 3_600_000);

    proxy.setNow(new Date(Date.parse(shown.changeDeadline) + 60_000));
    const late = manageResponseSchema.parse(await (await api.manage(booking.manageToken!)).json());
    assert.deepEqual([late.status, late.canChange], ['booked', false]);
    for (const res of [
      await api.reschedule(booking.manageToken!, { start: later!.start, practitionerId: aisha }),
      await api.cancel(booking.manageToken!, { reason: 'Away' }),
    ]) {
      const error = await errorOf(res, 422);
      assert.equal(error.code, 'too_late_to_change');
      assert.match(error.message, /48 hours/);
      assert.match(error.message, /\(02\) 9000 1234/);
    }
    assert.equal(
      (await proxy.provider.records()).appointments[0]?.start.toISOString(),
      new Date(booking.start).toISOString(),
    );
  });

  it('defaults to 24 hours of notice', async () => {
    const proxy = proxyWith();
    const [first] = await slotsOn(proxy);
    const booking = await book(proxy, first!);
    const shown = manageResponseSchema.parse(
      await (await clinicApi(proxy).manage(booking.manageToken!)).json(),
    );
    assert.equal(Date.parse(shown.changeDeadline), Date.parse(booking.start) - 24 * 3_600_000);
  });

  it('refuses a move with no Idempotency-Key (400), a bad body (422), a reused key (422), a rule (422) and a time outside the policy (409)', async () => {
    const proxy = proxyWith({
      rules: [
        {
          type: 'service-hours',
          serviceIds: [service],
          hours: { thu: [['07:00', '19:00']], fri: [['08:00', '10:00']] },
        },
      ],
    });
    const api = clinicApi(proxy);
    const all = await slotsOn(proxy);
    const booking = await book(proxy, all[0]!);
    // Times clear of the booked one (a practitioner's own appointment still blocks its overlaps).
    const slots = [all[0]!, ...all.filter((s) => Date.parse(s.start) >= Date.parse(all[0]!.end))];
    const token = booking.manageToken!;
    const noKey = await proxy.app.request(`/api/clinics/demo/manage/${token}/reschedule`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ start: slots[1]!.start, practitionerId: aisha }),
    });
    assert.equal((await errorOf(noKey, 400)).code, 'idempotency_key_required');
    const bad = await errorOf(await api.reschedule(token, { start: 'tomorrow', practitionerId: aisha }), 422);
    assert.equal(bad.code, 'validation_failed');
    assert.ok(bad.fields?.start);
    assert.equal(
      (
        await errorOf(
          await api.reschedule(token, { start: slots[1]!.start, practitionerId: aisha, extra: 1 }),
          422,
        )
      ).code,
      'validation_failed',
    );

    const afternoon = '2026-11-27T15:00:00+11:00';
    const rule = await errorOf(await api.reschedule(token, { start: afternoon, practitionerId: aisha }), 422);
    assert.equal(rule.code, 'rule_not_met');

    const key = newKey();
    const moved = await api.reschedule(token, { start: slots[1]!.start, practitionerId: aisha }, key);
    assert.equal(moved.status, 200, await moved.clone().text());
    const reused = await api.reschedule(token, { start: slots[2]!.start, practitionerId: aisha }, key);
    assert.equal((await errorOf(reused, 422)).code, 'idempotency_key_reused');

    const tooSoon = await api.reschedule(token, {
      start: '2026-11-23T10:00:00+11:00',
      practitionerId: aisha,
    });
    assert.equal((await errorOf(tooSoon, 409)).code, 'slot_unavailable');
    const stranger = await api.reschedule(token, { start: slots[2]!.start, practitionerId: 'nobody' });
    assert.equal((await errorOf(stranger, 404)).code, 'practitioner_not_found');
  });

  it('refuses a cancellation reason that is too long, keeping the booking', async () => {
    const proxy = proxyWith();
    const booking = await book(proxy, (await slotsOn(proxy))[0]!);
    const error = await errorOf(
      await clinicApi(proxy).cancel(booking.manageToken!, { reason: 'x'.repeat(501) }),
      422,
    );
    assert.equal(error.code, 'validation_failed');
    assert.equal((await proxy.provider.records()).appointments.length, 1);
  });

  it('gives no link and takes no change when the clinic turns online changes off', async () => {
    const proxy = proxyWith({
      policy: { minNoticeMinutes: 120, maxDaysAhead: 60, allowPatientChanges: false },
    });
    const booking = await book(proxy, (await slotsOn(proxy))[0]!);
    assert.equal(booking.manageToken, undefined);
    const token = await createManageTokens(SECRET).sign({ clinicId: 'demo', appointmentId: booking.id });
    const shown = manageResponseSchema.parse(await (await clinicApi(proxy).manage(token)).json());
    assert.equal(shown.canChange, false);
    const error = await errorOf(await clinicApi(proxy).cancel(token), 422);
    assert.equal(error.code, 'too_late_to_change');
    assert.match(error.message, /does not take changes online/);
  });

  it('limits each link, and each sender’s guesses, with 429 and Retry-After', async () => {
    const perToken = DEFAULT_RATE_LIMITS.perToken.limit;
    const proxy = proxyWith(
      {},
      {
        rateLimits: {
          ...DEFAULT_RATE_LIMITS,
          perClient: { ...DEFAULT_RATE_LIMITS.perClient, manage: { limit: 1000, windowSeconds: 600 } },
        },
      },
    );
    const booking = await book(proxy, (await slotsOn(proxy))[0]!);
    for (let i = 0; i < perToken; i += 1)
      assert.equal((await clinicApi(proxy).manage(booking.manageToken!)).status, 200);
    const limited = await clinicApi(proxy).manage(booking.manageToken!);
    assert.equal((await errorOf(limited, 429)).code, 'rate_limited');
    assert.ok(Number(limited.headers.get('Retry-After')) > 0);

    const guesser = proxyWith();
    const perClient = DEFAULT_RATE_LIMITS.perClient.manage.limit;
    for (let i = 0; i < perClient; i += 1) {
      assert.equal(
        (await guesser.app.request(`/api/clinics/demo/manage/guess${i}.AAAAAAAAAAAAAAAAAAAAAA`)).status,
        404,
      );
    }
    const stopped = await guesser.app.request('/api/clinics/demo/manage/guess.AAAAAAAAAAAAAAAAAAAAAA');
    assert.equal((await errorOf(stopped, 429)).code, 'rate_limited');
  });

  it('uses the Cliniko account’s notice for patient cancellations when the clinic sets none', async () => {
    const proxy = createClinikoProxy({ app: { manageLinkSecret: SECRET } });
    proxy.fake.cancellationNoticeHours = 72;
    server.use(...proxy.fake.handlers());
    const api = clinicApi(proxy);
    const [slot] = await api.slots(TYPES.physioFollowUp, PRACTITIONERS.tomWalker, '2026-11-26');
    const res = await api.book(api.request(slot!, TYPES.physioFollowUp));
    const booking = bookingResponseSchema.parse(await res.json()).booking;
    const shown = manageResponseSchema.parse(await (await api.manage(booking.manageToken!)).json());
    assert.equal(Date.parse(shown.changeDeadline), Date.parse(booking.start) - 72 * 3_600_000);
    assert.equal(shown.canChange, false, 'three days ahead is inside 72 hours from Monday morning');
    assert.equal((await errorOf(await api.cancel(booking.manageToken!), 422)).code, 'too_late_to_change');
  });
});
