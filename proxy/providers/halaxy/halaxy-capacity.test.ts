/**
 * The capacity feed of a clinic on Halaxy, through the real proxy app against the fake
 * Halaxy (msw): its numbers are `$find`'s free times and the diary's appointments (not the
 * cancelled ones, not meetings), a booking moves time from free to booked, nothing about a
 * patient reaches it, and a dashboard refreshing every minute costs Halaxy little.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { testServer } from '../../../test/helpers/msw-server.ts';
import type { CapacityResponse } from '../../../shared/capacity-contract.ts';
import { availabilityResponseSchema, bootstrapResponseSchema } from '../../../shared/contract.ts';
import { ROLES, SERVICES } from '../../../test/fakes/halaxy/halaxy-seed.ts';
import { assertNoneIn, readCapacity, TEST_CAPACITY_TOKEN } from '../../../test/helpers/capacity.ts';
import { bookingFor, postBooking } from '../../../test/helpers/demo-proxy.ts';
import { createHalaxyProxy, HALAXY_CLINIC_ID, type HalaxyProxy } from '../../../test/helpers/halaxy-proxy.ts';
import { coveredMinutes } from '../../capacity/capacity-metrics.ts';
import { localDateOf } from '../../time/clinic-time.ts';

const server = testServer();

const TUESDAY = '2026-11-24';
const TIMEZONE = 'Australia/Sydney';
const MINUTE = 60_000;

function setup(options: Parameters<typeof createHalaxyProxy>[0] = {}, refreshSeconds = 300): HalaxyProxy {
  // The token as the resolved value: this helper reads the clinics file with Halaxy's env only.
  const proxy = createHalaxyProxy({
    ...options,
    clinic: { capacity: { token: TEST_CAPACITY_TOKEN, refreshSeconds }, ...options.clinic },
  });
  server.use(...proxy.fake.handlers());
  return proxy;
}

const read = (proxy: HalaxyProxy, query = '') =>
  readCapacity(proxy.app, HALAXY_CLINIC_ID, TEST_CAPACITY_TOKEN, query);

/** Booked minutes per role and day, from the fake's diary: patient appointments not cancelled, from now on. */
function diaryMinutes(proxy: HalaxyProxy, roleId: string, date: string): number {
  const now = proxy.now().getTime();
  return coveredMinutes(
    proxy.fake.appointments
      .filter(
        (a) =>
          a.roleId === roleId &&
          a.patientId !== null &&
          a.status !== 'cancelled' &&
          localDateOf(new Date(a.start), TIMEZONE) === date,
      )
      .map((a) => ({ start: Math.max(a.start, now), end: a.end }))
      .filter((a) => a.end > a.start),
  );
}

function row(feed: CapacityResponse, date: string, roleId: string) {
  return feed.days.find((d) => d.date === date)!.practitioners.find((p) => p.practitionerId === roleId)!;
}

describe('Halaxy: the capacity feed', () => {
  it('counts Halaxy’s patient appointments as booked time, leaving out cancellations and meetings', async () => {
    const proxy = setup();
    const { body } = await read(proxy);
    assert.deepEqual(
      body.practitioners.map((p) => p.id),
      [ROLES.meiChen, ROLES.tomWalker, ROLES.priyaNair],
    );
    for (const day of body.days) {
      for (const p of day.practitioners)
        assert.equal(p.totals.bookedMinutes, diaryMinutes(proxy, p.practitionerId, day.date), day.date);
    }
    // The seed's Tuesday: Tom's follow-up at 9:00 counts; his 10:00 team meeting (no patient)
    // and his cancelled 14:00 follow-up do not; the meeting is not free time either.
    const tom = row(body, TUESDAY, ROLES.tomWalker);
    assert.equal(tom.totals.bookedMinutes, 30);
    assert.deepEqual(
      tom.services.map((s) => [s.serviceId, s.bookedMinutes]),
      [
        [SERVICES.physioInitial, 0],
        [SERVICES.physioFollowUp, 30],
      ],
    );
    // 8:00–12:00 and 13:00–18:00, less the follow-up and the meeting.
    assert.equal(tom.totals.freeMinutes, 9 * 60 - 30 - 60);
    // One search of the diary for the whole window.
    const searches = proxy.fake.requestsFor('appointments.search');
    assert.equal(searches.length, 1);
    const query = new URLSearchParams(searches[0]!.rawQuery);
    assert.deepEqual(query.getAll('date'), ['ge2026-11-23T00:00:00+11:00', 'lt2026-12-07T00:00:00+11:00']);
    assert.equal(query.get('patient'), null);
  });

  it('moves one slot from free to booked when a patient books through the widget, and never shows who', async () => {
    const proxy = setup({}, 60);
    const before = (await read(proxy)).body;
    const res = await proxy.app.request(
      `/api/clinics/${HALAXY_CLINIC_ID}/availability?serviceId=${SERVICES.physioFollowUp}&practitionerId=${ROLES.priyaNair}&from=${TUESDAY}&to=${TUESDAY}`,
    );
    const { slots } = availabilityResponseSchema.parse(await res.json());
    const slot = slots.find(
      (s, i) =>
        i > 0 &&
        Date.parse(slots[i - 1]!.end) === Date.parse(s.start) &&
        Date.parse(slots[i + 1]?.start ?? '') === Date.parse(s.end),
    );
    assert.ok(slot);
    const note = 'Rolled ankle at netball on Saturday';
    const base = bookingFor(slot, SERVICES.physioFollowUp);
    const booking = await postBooking(
      proxy.app,
      {
        ...base,
        patient: {
          ...base.patient,
          firstName: 'Harper',
          lastName: 'Quill',
          email: 'harper.quill@example.com',
          note,
        },
        waiver: { ...base.waiver, version: '4' },
      },
      undefined,
      HALAXY_CLINIC_ID,
    );
    assert.equal(booking.status, 201, await booking.clone().text());
    proxy.advance(61_000);
    const after = await read(proxy);
    const cell = (feed: CapacityResponse) =>
      row(feed, TUESDAY, ROLES.priyaNair).services.find((s) => s.serviceId === SERVICES.physioFollowUp)!;
    assert.equal(cell(after.body).freeSlots, cell(before).freeSlots - 1);
    assert.equal(cell(after.body).freeMinutes, cell(before).freeMinutes - 30);
    assert.equal(cell(after.body).bookedMinutes, cell(before).bookedMinutes + 30);
    const totals = (feed: CapacityResponse) => row(feed, TUESDAY, ROLES.priyaNair).totals;
    assert.equal(totals(after.body).bookedMinutes, totals(before).bookedMinutes + 30);
    assert.equal(totals(after.body).freeMinutes, totals(before).freeMinutes - 30);

    const patients = proxy.fake.patients as Array<{
      id: string;
      name?: Array<{ given?: string[]; family?: string; text?: string }>;
      telecom?: Array<{ value?: string }>;
      birthDate?: string;
    }>;
    assert.ok(patients.some((p) => p.name?.some((n) => n.family === 'Quill')));
    assertNoneIn(
      after.text,
      patients.flatMap((p) => [
        p.id,
        p.birthDate,
        ...(p.name ?? []).flatMap((n) => [
          n.family,
          n.text,
          ...(n.given ?? []),
          `${n.given?.[0]} ${n.family}`,
        ]),
        ...(p.telecom ?? []).map((t) => t.value),
      ]),
      'patient field',
    );
    assertNoneIn(
      after.text,
      proxy.fake.appointments.flatMap((a) => [a.id, a.description, a.patientId]),
      'appointment id, comment or patient id',
    );
  });

  it('costs Halaxy one build per refreshSeconds, however often a dashboard asks', async () => {
    const proxy = setup({ budgetOnSharedClock: true });
    const bootstrap = bootstrapResponseSchema.parse(
      await (await proxy.app.request(`/api/clinics/${HALAXY_CLINIC_ID}/bootstrap`)).json(),
    );
    const calls = () => proxy.fake.requests.filter((r) => r.operation !== 'token').length;
    const catalogueCalls = calls();
    await read(proxy);
    const build = calls() - catalogueCalls;
    // One $find per practitioner and service for the whole window, one diary search.
    const pairs = bootstrap.practitioners.reduce((n, p) => n + p.serviceIds.length, 0);
    const finds = proxy.fake.requestsFor('appointments.find');
    assert.equal(new Set(finds.map((r) => r.rawQuery)).size, finds.length, 'no window asked twice');
    assert.ok(finds.length >= pairs);
    assert.equal(build, finds.length + 1);

    const perMinute: number[] = [];
    for (let minute = 1; minute < 60; minute += 1) {
      proxy.advance(MINUTE);
      const before = calls();
      await read(proxy);
      perMinute.push(calls() - before);
    }
    const rebuilds = perMinute.filter((n) => n > 0);
    assert.equal(rebuilds.length, 11);
    assert.ok(
      rebuilds.every((n) => n === build || n === build + catalogueCalls),
      rebuilds.join(','),
    );
    const hour = build + perMinute.reduce((a, b) => a + b, 0);
    assert.ok(hour / 60 < 0.02 * 500, `${hour} calls in an hour: under 2% of Halaxy's 500 a minute`);
  });
});
