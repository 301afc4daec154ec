/**
 * The capacity feed of a clinic on Cliniko, through the real proxy app against the fake
 * Cliniko (msw): its numbers are Cliniko's available times and appointments, a booking
 * moves time from free to booked, nothing about a patient reaches it, and a dashboard
 * refreshing every minute costs Cliniko little.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { testServer } from '../../../test/helpers/msw-server.ts';
import type { CapacityResponse } from '../../../shared/capacity-contract.ts';
import { availabilityResponseSchema, bootstrapResponseSchema } from '../../../shared/contract.ts';
import { BUSINESS_ID, PRACTITIONERS, TYPES } from '../../../test/fakes/cliniko/cliniko-seed.ts';
import { assertNoneIn, readCapacity, TEST_CAPACITY_TOKEN } from '../../../test/helpers/capacity.ts';
import {
  CLINIKO_CLINIC_ID,
  createClinikoProxy,
  type ClinikoProxy,
  type ClinikoProxyOptions,
} from '../../../test/helpers/cliniko-proxy.ts';
import { bookingFor, postBooking } from '../../../test/helpers/demo-proxy.ts';
import { coveredMinutes } from '../../capacity/capacity-metrics.ts';
import { localDateOf } from '../../time/clinic-time.ts';

const server = testServer();

const TUESDAY = '2026-11-24';
const TIMEZONE = 'Australia/Sydney';
const MINUTE = 60_000;

function setup(options: ClinikoProxyOptions = {}): ClinikoProxy {
  const proxy = createClinikoProxy({
    ...options,
    clinic: { capacity: { token: 'env:HARBOUR_CAPACITY_TOKEN' }, ...options.clinic },
    env: { HARBOUR_CAPACITY_TOKEN: TEST_CAPACITY_TOKEN, ...options.env },
  });
  server.use(...proxy.fake.handlers());
  return proxy;
}

const read = (proxy: ClinikoProxy, query = '') =>
  readCapacity(proxy.app, CLINIKO_CLINIC_ID, TEST_CAPACITY_TOKEN, query);

/** Booked minutes per practitioner and day, straight from the fake's diary: live, at this business, from now on. */
function diaryMinutes(proxy: ClinikoProxy, practitionerId: string, date: string): number {
  const now = proxy.now().getTime();
  return coveredMinutes(
    proxy.fake.appointments
      .filter(
        (a) =>
          a.cancelledAt === null &&
          a.businessId === BUSINESS_ID &&
          a.practitionerId === practitionerId &&
          localDateOf(new Date(a.startsAt), TIMEZONE) === date,
      )
      .map((a) => ({ start: Math.max(a.startsAt, now), end: a.endsAt }))
      .filter((a) => a.end > a.start),
  );
}

function row(feed: CapacityResponse, date: string, practitionerId: string) {
  return feed.days
    .find((d) => d.date === date)!
    .practitioners.find((p) => p.practitionerId === practitionerId)!;
}

describe('Cliniko: the capacity feed', () => {
  it('counts the appointments in Cliniko as booked time, per practitioner and day', async () => {
    const proxy = setup();
    const { body } = await read(proxy);
    assert.deepEqual(
      body.practitioners.map((p) => p.id),
      [PRACTITIONERS.meiChen, PRACTITIONERS.tomWalker, PRACTITIONERS.priyaNair],
    );
    for (const day of body.days) {
      for (const p of day.practitioners)
        assert.equal(p.totals.bookedMinutes, diaryMinutes(proxy, p.practitionerId, day.date), day.date);
    }
    // The seed's Tuesday: Tom's follow-up (30) and initial consultation (45), his cancelled
    // follow-up left out; Mei's psychology session (50).
    const tom = row(body, TUESDAY, PRACTITIONERS.tomWalker);
    assert.equal(tom.totals.bookedMinutes, 75);
    assert.deepEqual(
      tom.services.map((s) => [s.serviceId, s.bookedMinutes]),
      [
        [TYPES.physioInitial, 45],
        [TYPES.physioFollowUp, 30],
      ],
    );
    assert.equal(row(body, TUESDAY, PRACTITIONERS.meiChen).totals.bookedMinutes, 50);
    // What Cliniko was asked for booked time: this business, the window, nothing about patients.
    const [asked] = proxy.fake.requestsFor('appointments.search');
    assert.deepEqual(
      asked!.query.filter(([k]) => k === 'q[]').map(([, v]) => v),
      [`business_id:=${BUSINESS_ID}`, 'starts_at:>=2026-11-22T13:00:00Z', 'starts_at:<2026-12-06T13:00:00Z'],
    );
  });

  it('counts an appointment reception books in Cliniko, and drops one when it is cancelled', async () => {
    const proxy = setup({
      clinic: { capacity: { token: 'env:HARBOUR_CAPACITY_TOKEN', refreshSeconds: 60 } },
    });
    const before = await read(proxy, `?from=${TUESDAY}&to=${TUESDAY}`);
    const start = Date.parse('2026-11-24T04:00:00Z'); // 15:00 in Sydney
    const booked = proxy.fake.bookDirectly(PRACTITIONERS.priyaNair, TYPES.physioFollowUp, start, 30);
    proxy.advance(61_000);
    const during = await read(proxy, `?from=${TUESDAY}&to=${TUESDAY}`);
    const priya = (feed: CapacityResponse) => row(feed, TUESDAY, PRACTITIONERS.priyaNair).totals;
    assert.equal(priya(during.body).bookedMinutes, priya(before.body).bookedMinutes + 30);
    assert.equal(priya(during.body).freeMinutes, priya(before.body).freeMinutes - 30);
    booked.cancelledAt = proxy.now().getTime();
    proxy.advance(61_000);
    assert.deepEqual(priya((await read(proxy, `?from=${TUESDAY}&to=${TUESDAY}`)).body), priya(before.body));
  });

  it('moves one slot’s time from free to booked when a patient books through the widget, and never shows who', async () => {
    const proxy = setup({
      clinic: { capacity: { token: 'env:HARBOUR_CAPACITY_TOKEN', refreshSeconds: 60 } },
    });
    const before = (await read(proxy)).body;
    const res = await proxy.app.request(
      `/api/clinics/${CLINIKO_CLINIC_ID}/availability?serviceId=${TYPES.physioFollowUp}&practitionerId=${PRACTITIONERS.priyaNair}&from=${TUESDAY}&to=${TUESDAY}`,
    );
    const { slots } = availabilityResponseSchema.parse(await res.json());
    // Free on both sides (Cliniko's times start every 15 minutes), so exactly its 30 minutes change hands.
    const slot = slots.find(
      (s) =>
        slots.some((o) => Date.parse(o.start) === Date.parse(s.start) - 30 * MINUTE) &&
        slots.some((o) => Date.parse(o.start) === Date.parse(s.end)),
    );
    assert.ok(slot);
    const note = 'Sore shoulder after the ocean swim, prefers afternoons';
    const base = bookingFor(slot, TYPES.physioFollowUp);
    const booking = await postBooking(
      proxy.app,
      {
        ...base,
        patient: {
          ...base.patient,
          firstName: 'Quinn',
          lastName: 'Ashdown',
          email: 'quinn.ashdown@example.com',
          note,
        },
        waiver: { ...base.waiver, version: '3' },
      },
      undefined,
      CLINIKO_CLINIC_ID,
    );
    assert.equal(booking.status, 201, await booking.clone().text());
    proxy.advance(61_000);
    const after = await read(proxy);
    const cell = (feed: CapacityResponse) =>
      row(feed, TUESDAY, PRACTITIONERS.priyaNair).services.find((s) => s.serviceId === TYPES.physioFollowUp)!;
    assert.equal(cell(after.body).bookedMinutes, cell(before).bookedMinutes + 30);
    assert.equal(cell(after.body).freeMinutes, cell(before).freeMinutes - 30);
    // 15-minute starts: the booked half hour takes the starts 15 minutes before, at, and 15 after.
    assert.equal(cell(after.body).freeSlots, cell(before).freeSlots - 3);
    const totals = (feed: CapacityResponse) => row(feed, TUESDAY, PRACTITIONERS.priyaNair).totals;
    assert.equal(totals(after.body).bookedMinutes, totals(before).bookedMinutes + 30);
    assert.equal(totals(after.body).freeMinutes, totals(before).freeMinutes - 30);

    // Every patient in Cliniko (the seed's and the one just booked) and every appointment's note.
    const patients = proxy.fake.patients;
    assert.ok(patients.some((p) => p.last_name === 'Ashdown'));
    assertNoneIn(
      after.text,
      patients.flatMap((p) => [
        p.id,
        p.first_name,
        p.last_name,
        `${p.first_name} ${p.last_name}`,
        p.email,
        p.date_of_birth,
        p.medicare,
        ...p.patient_phone_numbers.flatMap((n) => [n.number, n.number.replace(/\D/g, '')]),
      ]),
      'patient field',
    );
    assertNoneIn(
      after.text,
      proxy.fake.appointments.flatMap((a) => [a.notes, a.id, a.attendeeId]),
      'appointment note or id',
    );
  });

  it('costs Cliniko one build per refreshSeconds, however often a dashboard asks', async () => {
    const proxy = setup({ budgetOnSharedClock: true });
    const bootstrap = bootstrapResponseSchema.parse(
      await (await proxy.app.request(`/api/clinics/${CLINIKO_CLINIC_ID}/bootstrap`)).json(),
    );
    const calls = () => proxy.fake.requests.length;
    const catalogueCalls = calls();
    const start = calls();
    await read(proxy);
    const build = calls() - start;
    // One available_times list per practitioner and service per 7-day window (two for 14
    // days), each window once (more pages when a week has over 100 times), and one list of
    // the business's appointments; the catalogue came from the cache.
    const pairs = bootstrap.practitioners.reduce((n, p) => n + p.serviceIds.length, 0);
    const times = proxy.fake.requestsFor('available_times.list');
    const firstPages = times.filter((r) => !r.query.some(([k]) => k === 'page'));
    assert.equal(firstPages.length, pairs * 2);
    assert.equal(new Set(firstPages.map((r) => r.path + r.rawQuery)).size, pairs * 2);
    assert.equal(proxy.fake.requestsFor('appointments.search').length, 1);
    assert.equal(build, times.length + 1);

    // A dashboard refreshing every minute for an hour.
    const perMinute: number[] = [];
    for (let minute = 1; minute < 60; minute += 1) {
      proxy.advance(MINUTE);
      const before = calls();
      await read(proxy);
      perMinute.push(calls() - before);
    }
    // Rebuilt every 5 minutes (refreshSeconds 300), with the catalogue re-read when its own
    // 5 minutes have passed; every other refresh is answered without asking Cliniko.
    const rebuilds = perMinute.filter((n) => n > 0);
    assert.equal(rebuilds.length, 11);
    assert.ok(
      rebuilds.every((n) => n === build || n === build + catalogueCalls),
      rebuilds.join(','),
    );
    const hour = build + perMinute.reduce((a, b) => a + b, 0);
    // Without the reuse it would be a build every minute: 60 instead of 12.
    assert.ok(hour / 60 < 0.05 * 200, `${hour} calls in an hour: under 5% of Cliniko's 200 a minute`);
  });
});
