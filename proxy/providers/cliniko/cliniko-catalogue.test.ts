/**
 * The catalogue and free times of a clinic on Cliniko, through the real proxy app against
 * the fake Cliniko (msw): what the widget is offered, and what the proxy asks Cliniko.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { testServer } from '../../../test/helpers/msw-server.ts';
import { bootstrapResponseSchema, errorResponseSchema } from '../../../shared/contract.ts';
import { CLINIKO_PUBLIC_BASE, FAKE_API_KEY } from '../../../test/fakes/cliniko/cliniko-fake.ts';
import { PRACTITIONERS, TYPES } from '../../../test/fakes/cliniko/cliniko-seed.ts';
import {
  CLINIKO_CLINIC_ID,
  CLINIKO_USER_AGENT,
  createClinikoProxy,
  type ClinikoProxy,
  type ClinikoProxyOptions,
} from '../../../test/helpers/cliniko-proxy.ts';
import { addDaysToIsoDate, daysBetweenIsoDates } from '../../../shared/dates.ts';
import { clinicApi } from '../../../test/helpers/clinic-api.ts';

const server = testServer();

/** Tuesday 24 November 2026, the day after the fixed clock; the seed's diary is on it. */
const TUESDAY = '2026-11-24';
const DAY_MS = 86_400_000;

function setup(options: ClinikoProxyOptions = {}): ClinikoProxy {
  const proxy = createClinikoProxy(options);
  server.use(...proxy.fake.handlers());
  return proxy;
}

const slots = (proxy: ClinikoProxy, serviceId: string, practitionerId: string, from = TUESDAY, to = from) =>
  clinicApi(proxy).slots(serviceId, practitionerId, from, to);

/** The `from`/`to` windows the fake was asked for, per practitioner, in order. */
function windowsAsked(
  proxy: ClinikoProxy,
  practitionerId: string,
): Array<{ from: string; to: string; page: string | null }> {
  return proxy.fake
    .requestsFor('available_times.list')
    .filter((r) => r.path.includes(`/practitioners/${practitionerId}/`))
    .map((r) => {
      const q = new URLSearchParams(r.rawQuery);
      return { from: q.get('from')!, to: q.get('to')!, page: q.get('page') };
    });
}

describe('Cliniko: catalogue', () => {
  it('lists the types shown in online bookings, grouped by category, and the business’s online practitioners with what each offers', async () => {
    const proxy = setup();
    const res = await proxy.app.request(`/api/clinics/${CLINIKO_CLINIC_ID}/bootstrap`);
    assert.equal(res.status, 200, await res.clone().text());
    const body = bootstrapResponseSchema.parse(await res.json());
    assert.deepEqual(
      body.categories.map((c) => [c.id, c.name, c.services.map((s) => [s.id, s.name, s.durationMinutes])]),
      [
        [
          'physiotherapy',
          'Physiotherapy',
          [
            [TYPES.physioInitial, 'Initial physiotherapy consultation', 45],
            [TYPES.physioFollowUp, 'Physiotherapy follow-up', 30],
          ],
        ],
        ['psychology', 'Psychology', [[TYPES.psychology, 'Psychology session', 50]]],
        // No category in Cliniko: listed under "Appointments".
        ['appointments', 'Appointments', [[TYPES.telehealth, 'Telehealth check-in', 15]]],
      ],
    );
    assert.equal(body.categories[0]!.services[0]!.description, 'Assessment and first treatment.');
    // Hidden from online bookings, a group class, archived, another location's: none listed.
    const listed = body.categories.flatMap((c) => c.services.map((s) => s.id));
    for (const hidden of [TYPES.staffMeeting, TYPES.pilatesClass, TYPES.retired, TYPES.hydrotherapy])
      assert.ok(!listed.includes(hidden), hidden);

    assert.deepEqual(
      body.practitioners.map((p) => [p.id, p.name, p.title, p.serviceIds]),
      [
        [PRACTITIONERS.meiChen, 'Dr Mei Chen', 'Clinical Psychologist', [TYPES.psychology, TYPES.telehealth]],
        [
          PRACTITIONERS.tomWalker,
          'Tom Walker',
          'Physiotherapist',
          [TYPES.physioInitial, TYPES.physioFollowUp],
        ],
        [
          PRACTITIONERS.priyaNair,
          'Priya N.',
          'Physiotherapist',
          [TYPES.physioInitial, TYPES.physioFollowUp, TYPES.telehealth],
        ],
      ],
    );
    assert.equal(body.practitioners[0]!.bio, 'Anxiety, low mood and sleep.');
    // Ids above 2^53 stay exactly as Cliniko wrote them.
    assert.ok(BigInt(PRACTITIONERS.meiChen) > BigInt(Number.MAX_SAFE_INTEGER));

    // 3 practitioners and 4 types: who offers what is read per practitioner.
    const counts = Object.fromEntries(
      [
        'businesses.get',
        'appointment_types.list',
        'business_practitioners.list',
        'practitioner_appointment_types.list',
        'appointment_type_practitioners.list',
      ].map((op) => [op, proxy.fake.requestsFor(op as never).length]),
    );
    assert.deepEqual(counts, {
      'businesses.get': 1,
      'appointment_types.list': 1,
      'business_practitioners.list': 1,
      'practitioner_appointment_types.list': 3,
      'appointment_type_practitioners.list': 0,
    });
    const typesQuery = proxy.fake.requestsFor('appointment_types.list')[0]!.query;
    assert.deepEqual(typesQuery, [
      ['q[]', 'show_in_online_bookings:=true'],
      ['per_page', '100'],
    ]);
  });

  it('sends HTTP Basic with the key, Accept JSON and the User-Agent, to the shard the key names', async () => {
    const proxy = setup();
    assert.equal((await proxy.app.request(`/api/clinics/${CLINIKO_CLINIC_ID}/services`)).status, 200);
    assert.ok(proxy.fake.requests.length >= 4);
    for (const r of proxy.fake.requests) {
      assert.equal(r.headers.authorization, `Basic ${btoa(`${FAKE_API_KEY}:`)}`);
      assert.equal(r.headers.accept, 'application/json');
      assert.equal(r.headers.userAgent, CLINIKO_USER_AGENT);
      assert.equal(r.status, 200);
    }
    // The fake answers only on api.au2.cliniko.com (msw refuses anything else): the key ends in -au2.
    assert.ok(CLINIKO_PUBLIC_BASE.startsWith('https://api.au2.cliniko.com/'));
  });

  it('follows links.next across pages of many practitioners, and reads who offers what per type when types are fewer', async () => {
    const proxy = setup({ fake: { seed: { extraPractitioners: 130 } } });
    const res = await proxy.app.request(`/api/clinics/${CLINIKO_CLINIC_ID}/bootstrap`);
    assert.equal(res.status, 200, await res.clone().text());
    const body = bootstrapResponseSchema.parse(await res.json());
    assert.equal(body.practitioners.length, 133);
    const ids = body.practitioners.map((p) => p.id);
    assert.equal(new Set(ids).size, 133);
    for (const absent of [PRACTITIONERS.samLocum, PRACTITIONERS.oliviaHart])
      assert.ok(!ids.includes(absent), absent);
    assert.deepEqual(body.practitioners.at(-1)!.serviceIds, [TYPES.physioFollowUp]);

    const pages = proxy.fake
      .requestsFor('business_practitioners.list')
      .map((r) => new URLSearchParams(r.rawQuery).get('page'));
    assert.deepEqual(pages, [null, '2']);
    assert.equal(proxy.fake.requestsFor('practitioner_appointment_types.list').length, 0);
    const perType = proxy.fake.requestsFor('appointment_type_practitioners.list');
    // Four types, the follow-up's 134 practitioners on two pages.
    assert.equal(perType.length, 5);
    assert.equal(perType.filter((r) => r.path.includes(TYPES.physioFollowUp)).length, 2);
  });

  it('needs businessId when the account has several businesses, and tells the operator', async () => {
    const proxy = setup({ provider: { businessId: undefined } });
    const res = await proxy.app.request(`/api/clinics/${CLINIKO_CLINIC_ID}/services`);
    assert.equal(res.status, 502);
    assert.equal(errorResponseSchema.parse(await res.json()).error.code, 'upstream_error');
    assert.ok(
      proxy.logs.some((l) => l.includes('"cliniko.business_ambiguous"') && l.includes('"businesses":2')),
    );
  });

  it('uses the account’s only business when no businessId is configured', async () => {
    const proxy = setup({ provider: { businessId: undefined } });
    proxy.fake.seed.businesses.splice(1, 1);
    const res = await proxy.app.request(`/api/clinics/${CLINIKO_CLINIC_ID}/services`);
    assert.equal(res.status, 200);
    assert.equal(proxy.fake.requestsFor('businesses.list').length, 1);
  });
});

describe('Cliniko: availability', () => {
  it('answers a practitioner’s free times in the clinic’s zone, without booked ones (a cancelled one frees its time)', async () => {
    const proxy = setup();
    const tom = await slots(proxy, TYPES.physioFollowUp, PRACTITIONERS.tomWalker);
    const starts = tom.map((s) => s.start.slice(11, 16));
    assert.deepEqual(starts.slice(0, 8), [
      '08:00',
      '08:15',
      '08:30',
      '09:30',
      '10:45',
      '11:00',
      '11:15',
      '11:30',
    ]);
    assert.ok(starts.includes('14:00'), 'a cancelled appointment does not block its time');
    assert.equal(starts.at(-1), '16:30');
    assert.ok(
      tom.every(
        (s) =>
          s.start.startsWith(`${TUESDAY}T`) &&
          s.start.endsWith('+11:00') &&
          s.practitionerId === PRACTITIONERS.tomWalker,
      ),
    );
    assert.equal(tom[0]!.end, `${TUESDAY}T08:30:00+11:00`);
    assert.deepEqual(windowsAsked(proxy, PRACTITIONERS.tomWalker), [
      { from: TUESDAY, to: TUESDAY, page: null },
    ]);
  });

  it('merges "any practitioner" in start order', async () => {
    const proxy = setup();
    const any = await slots(proxy, TYPES.physioFollowUp, 'any');
    assert.deepEqual(
      new Set(any.map((s) => s.practitionerId)),
      new Set([PRACTITIONERS.tomWalker, PRACTITIONERS.priyaNair]),
    );
    assert.deepEqual(
      any.map((s) => s.start),
      [...any.map((s) => s.start)].sort(),
    );
    assert.equal(
      any.filter((s) => s.start === `${TUESDAY}T09:00:00+11:00`).length,
      1,
      'Tom is booked at 9, Priya is free',
    );
    assert.equal(new Set(any.map((s) => `${s.practitionerId}|${s.start}`)).size, any.length);
  });

  it('splits a month into windows of 7 days and follows every page', async () => {
    const proxy = setup();
    const to = '2026-12-23';
    const tom = await slots(proxy, TYPES.physioFollowUp, PRACTITIONERS.tomWalker, TUESDAY, to);
    const windows = windowsAsked(proxy, PRACTITIONERS.tomWalker);
    const firstPages = windows.filter((w) => w.page === null);
    assert.deepEqual(
      firstPages.map((w) => [w.from, w.to]),
      [
        ['2026-11-24', '2026-11-30'],
        ['2026-12-01', '2026-12-07'],
        ['2026-12-08', '2026-12-14'],
        ['2026-12-15', '2026-12-21'],
        ['2026-12-22', '2026-12-23'],
      ],
    );
    for (const w of windows) assert.ok(daysBetweenIsoDates(w.from, w.to) <= 6, `${w.from}..${w.to}`);
    // A full week of Tom is 5 days x 32 quarter hours: more than one page of 100.
    assert.ok(windows.some((w) => w.page === '2'));
    const days = new Set(tom.map((s) => s.start.slice(0, 10)));
    const weekdays = [];
    for (let d = TUESDAY; d <= to; d = addDaysToIsoDate(d, 1))
      if (![0, 6].includes(new Date(`${d}T00:00:00Z`).getUTCDay())) weekdays.push(d);
    assert.deepEqual([...days].sort(), weekdays);
    assert.equal(new Set(tom.map((s) => s.start)).size, tom.length, 'no duplicates across pages or windows');
    // A full day (not the seeded Tuesday) has all 32 times.
    assert.equal(
      tom.filter((s) => s.start.startsWith('2026-12-01')).length,
      30,
      '30-minute slots on a 15-minute grid in 8-12 and 13-17',
    );
  });

  it('never asks for a day before today in the account’s zone', async () => {
    // The clinic says Perth, the business is in Sydney: at 01:00 in Sydney it is still yesterday in Perth.
    const proxy = setup({ clinic: { timezone: 'Australia/Perth' } });
    proxy.advance(16 * 60 * 60_000);
    const res = await proxy.app.request(
      `/api/clinics/${CLINIKO_CLINIC_ID}/availability?serviceId=${TYPES.physioFollowUp}&practitionerId=${PRACTITIONERS.tomWalker}&from=2026-11-23&to=2026-11-25`,
    );
    assert.equal(res.status, 200, await res.clone().text());
    assert.deepEqual(windowsAsked(proxy, PRACTITIONERS.tomWalker), [
      { from: TUESDAY, to: '2026-11-25', page: null },
    ]);
    assert.ok(proxy.fake.requests.every((r) => r.status === 200));
  });

  it('keeps the wall-clock times across the end of daylight saving: nothing shifted or doubled', async () => {
    const proxy = setup();
    // Thursday 1 April 2027; Sydney leaves daylight saving on Sunday 4 April at 03:00.
    proxy.advance(129 * DAY_MS);
    const priya = await slots(proxy, TYPES.telehealth, PRACTITIONERS.priyaNair, '2027-04-03', '2027-04-05');
    const saturday = priya.filter((s) => s.start.startsWith('2027-04-03'));
    const sunday = priya.filter((s) => s.start.startsWith('2027-04-04'));
    assert.equal(saturday.length, 32);
    assert.equal(sunday.length, 16);
    assert.equal(saturday[0]!.start, '2027-04-03T09:00:00+11:00');
    assert.equal(sunday[0]!.start, '2027-04-04T09:00:00+10:00');
    assert.equal(sunday.at(-1)!.start, '2027-04-04T12:45:00+10:00');
    assert.equal(sunday.at(-1)!.end, '2027-04-04T13:00:00+10:00');
    assert.equal(
      priya.filter((s) => s.start.startsWith('2027-04-05')).length,
      0,
      'Priya does not work Mondays',
    );
    assert.equal(new Set(priya.map((s) => s.start)).size, priya.length);
  });

  it('reads a 404 for a practitioner taken off online bookings as no times, and still answers the others', async () => {
    const proxy = setup();
    await slots(proxy, TYPES.physioFollowUp, 'any');
    proxy.fake.seed.practitioners.find((p) => p.id === PRACTITIONERS.priyaNair)!.show_in_online_bookings =
      false;
    proxy.advance(60_000);
    const any = await slots(proxy, TYPES.physioFollowUp, 'any', '2026-11-25');
    assert.ok(any.length > 0);
    assert.ok(any.every((s) => s.practitionerId === PRACTITIONERS.tomWalker));
    assert.ok(proxy.fake.requestsFor('available_times.list').some((r) => r.status === 404));
    assert.ok(proxy.logs.some((l) => l.includes('"cliniko.not_found_as_empty"')));
  });
});
