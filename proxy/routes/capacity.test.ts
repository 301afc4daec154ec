/**
 * The capacity feed on the demo clinic, through the real app: who may read it, what it
 * says (and that it agrees with availability and the demo diary), what a booking does to
 * it, and that nothing about a patient is in it.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { capacityResponseSchema } from '../../shared/capacity-contract.ts';
import { availabilityResponseSchema, errorResponseSchema } from '../../shared/contract.ts';
import { addDaysToIsoDate } from '../../shared/dates.ts';
import { assertNoneIn, readCapacity } from '../../test/helpers/capacity.ts';
import {
  bookingFor,
  createDemoProxy,
  DEMO_PATIENT,
  FIXED_NOW,
  postBooking,
} from '../../test/helpers/demo-proxy.ts';
import { coveredMinutes } from '../capacity/capacity-metrics.ts';
import { DEMO_CAPACITY_TOKEN } from '../config/demo-clinic.ts';
import { DEMO_PRACTITIONERS, DEMO_SERVICE_IDS } from '../providers/demo/demo-data.ts';
import { seededBusy } from '../providers/demo/demo-schedule.ts';
import { CAPACITY_RATE_LIMITS } from './capacity.ts';

const TOKEN = DEMO_CAPACITY_TOKEN;
const TIMEZONE = 'Australia/Sydney';
const TODAY = '2026-11-23';

async function error(res: Response) {
  return errorResponseSchema.parse(await res.json()).error;
}

describe('GET /api/clinics/:clinicId/capacity: access', () => {
  it('answers 404 when the clinic has no capacity token configured', async () => {
    const proxy = createDemoProxy({}, { capacity: undefined });
    const res = await proxy.app.request('/api/clinics/demo/capacity', {
      headers: { Authorization: `Bearer ${TOKEN}` },
    });
    assert.equal(res.status, 404);
    assert.equal((await error(res)).code, 'not_found');
  });

  it('answers 401 unauthorized without a token, with a malformed one and with a wrong one, before reading the query', async () => {
    const proxy = createDemoProxy();
    const cases: Array<[string, Record<string, string>]> = [
      ['no header', {}],
      ['another scheme', { Authorization: `Basic ${btoa(`owner:${TOKEN}`)}` }],
      ['an empty bearer', { Authorization: 'Bearer ' }],
      ['a wrong token', { Authorization: `Bearer ${TOKEN.slice(0, -1)}2` }],
      ['a longer token', { Authorization: `Bearer ${TOKEN}0` }],
      ['the token in another case', { Authorization: `Bearer ${TOKEN.toUpperCase()}` }],
    ];
    for (const [what, headers] of cases) {
      // A query that would be refused: the 401 comes first, so an outsider learns nothing about it.
      const res = await proxy.app.request('/api/clinics/demo/capacity?from=nonsense', { headers });
      assert.equal(res.status, 401, what);
      assert.match(res.headers.get('WWW-Authenticate') ?? '', /^Bearer realm="capacity"/, what);
      const body = await error(res);
      assert.equal(body.code, 'unauthorized', what);
      assert.ok(!JSON.stringify(body).includes(TOKEN), what);
    }
    assert.ok(!proxy.logs.join('\n').includes(TOKEN), 'the token never reaches the log');
  });

  it('accepts the token with the scheme in any case, and says not to cache', async () => {
    const proxy = createDemoProxy();
    const res = await proxy.app.request('/api/clinics/demo/capacity', {
      headers: { Authorization: `bearer ${TOKEN}` },
    });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('Cache-Control'), 'no-store');
    assert.match(res.headers.get('Vary') ?? '', /Authorization/);
    capacityResponseSchema.parse(await res.json());
  });

  it('validates the query: dates, order and at most 31 days, with the field named', async () => {
    const proxy = createDemoProxy();
    const ask = (query: string) =>
      proxy.app.request(`/api/clinics/demo/capacity${query}`, {
        headers: { Authorization: `Bearer ${TOKEN}` },
      });
    for (const [query, field] of [
      ['?from=2026-13-01', 'from'],
      ['?from=2026-11-30&to=2026-11-29', 'to'],
      ['?to=2026-11-01', 'to'],
      [`?from=${TODAY}&to=${addDaysToIsoDate(TODAY, 31)}`, 'to'],
    ] as const) {
      const res = await ask(query);
      assert.equal(res.status, 400, query);
      const body = await error(res);
      assert.equal(body.code, 'invalid_query', query);
      assert.ok(body.fields?.[field], `${query}: ${JSON.stringify(body)}`);
    }
    assert.equal((await ask(`?from=${TODAY}&to=${addDaysToIsoDate(TODAY, 30)}`)).status, 200);
  });

  it('has its own rate limit per client, answering 429 with Retry-After', async () => {
    const proxy = createDemoProxy();
    const ask = () =>
      proxy.app.request('/api/clinics/demo/capacity', { headers: { Authorization: `Bearer ${TOKEN}` } });
    for (let i = 0; i < CAPACITY_RATE_LIMITS.perClient.limit; i += 1) assert.equal((await ask()).status, 200);
    const refused = await ask();
    assert.equal(refused.status, 429);
    assert.equal((await error(refused)).code, 'rate_limited');
    assert.ok(Number(refused.headers.get('Retry-After')) >= 1);
    // The widget's routes are not affected.
    assert.equal((await proxy.app.request('/api/clinics/demo/services')).status, 200);
  });
});

describe('GET /api/clinics/:clinicId/capacity: the numbers', () => {
  it('covers today and the next 13 days by default, in the clinic’s zone', async () => {
    const { body } = await readCapacity(createDemoProxy().app, 'demo', TOKEN);
    assert.equal(body.from, TODAY);
    assert.equal(body.to, '2026-12-06');
    assert.deepEqual(
      body.days.map((d) => d.date),
      Array.from({ length: 14 }, (_, i) => addDaysToIsoDate(TODAY, i)),
    );
    assert.equal(body.generatedAt, '2026-11-23T09:00:00+11:00');
    assert.deepEqual(
      body.locations.map((l) => [l.id, l.name, l.timezone]),
      [['demo', 'Harbourside Health', TIMEZONE]],
    );
    assert.deepEqual(
      body.practitioners.map((p) => p.name),
      DEMO_PRACTITIONERS.map((p) => p.name),
    );
    for (const day of body.days) assert.equal(day.practitioners.length, DEMO_PRACTITIONERS.length);
  });

  it('is shaped by the clinic’s rules, as availability is', async () => {
    // Free slots equal availability's on every provider (test/providers/scenarios/capacity.ts).
    const { body } = await readCapacity(createDemoProxy().app, 'demo', TOKEN);
    // The demo clinic's rules shape it: sports assessments are Tom's alone, psychology needs a day's notice.
    const sports = body.days.flatMap((d) =>
      d.practitioners.filter((p) =>
        p.services.some((s) => s.serviceId === DEMO_SERVICE_IDS.sportsAssessment),
      ),
    );
    assert.ok(sports.length > 0);
    assert.ok(sports.every((p) => p.practitionerId === DEMO_PRACTITIONERS[1]!.id));
    const liam = body.days[0]!.practitioners.find((p) => p.practitionerId === DEMO_PRACTITIONERS[3]!.id)!;
    assert.equal(liam.totals.freeMinutes, 0, 'no psychology today: it needs 24 hours’ notice');
  });

  it('counts booked minutes from the practice’s diary, from now on', async () => {
    const { body } = await readCapacity(createDemoProxy().app, 'demo', TOKEN);
    for (const day of body.days) {
      for (const row of day.practitioners) {
        const practitioner = DEMO_PRACTITIONERS.find((p) => p.id === row.practitionerId)!;
        const diary = seededBusy(practitioner, day.date, TIMEZONE)
          .map((b) => ({ start: Math.max(b.start, FIXED_NOW.getTime()), end: b.end }))
          .filter((b) => b.end > b.start);
        assert.equal(row.totals.bookedMinutes, coveredMinutes(diary), `${practitioner.name} ${day.date}`);
      }
    }
    assert.ok(body.totals.bookedMinutes > 0);
    assert.ok(body.totals.utilisation! > 0 && body.totals.utilisation! < 1);
  });

  it('reuses its answer for refreshSeconds, then shows a booking as exactly one slot moved from free to booked', async () => {
    const proxy = createDemoProxy({}, { capacity: { token: TOKEN, refreshSeconds: 60 } });
    const day = '2026-11-24';
    const service = DEMO_SERVICE_IDS.physioFollowUp;
    const aisha = DEMO_PRACTITIONERS[0]!.id;
    const before = (await readCapacity(proxy.app, 'demo', TOKEN)).body;
    const res = await proxy.app.request(
      `/api/clinics/demo/availability?serviceId=${service}&practitionerId=${aisha}&from=${day}&to=${day}`,
    );
    const { slots } = availabilityResponseSchema.parse(await res.json());
    // A slot with free neighbours, so exactly its own 30 minutes change hands.
    const slot = slots.find(
      (s, i) =>
        i > 0 &&
        Date.parse(slots[i - 1]!.end) === Date.parse(s.start) &&
        Date.parse(slots[i + 1]?.start ?? '') === Date.parse(s.end),
    );
    assert.ok(slot, 'a free slot between two free slots');
    const note = 'Left knee since the fun run, please call me first';
    assert.equal(
      (await postBooking(proxy.app, bookingFor(slot, service, { patient: { ...DEMO_PATIENT, note } })))
        .status,
      201,
    );

    const cached = await readCapacity(proxy.app, 'demo', TOKEN);
    assert.deepEqual(cached.body, before, 'reused until refreshSeconds pass');
    proxy.setNow(new Date(FIXED_NOW.getTime() + 61_000));
    const after = await readCapacity(proxy.app, 'demo', TOKEN);

    const row = (feed: typeof before) =>
      feed.days.find((d) => d.date === day)!.practitioners.find((p) => p.practitionerId === aisha)!;
    const cell = (feed: typeof before) => row(feed).services.find((s) => s.serviceId === service)!;
    assert.equal(cell(after.body).freeSlots, cell(before).freeSlots - 1);
    assert.equal(cell(after.body).freeMinutes, cell(before).freeMinutes - 30);
    assert.equal(cell(after.body).bookedMinutes, cell(before).bookedMinutes + 30);
    assert.equal(row(after.body).totals.freeMinutes, row(before).totals.freeMinutes - 30);
    assert.equal(row(after.body).totals.bookedMinutes, row(before).totals.bookedMinutes + 30);
    assert.equal(after.body.generatedAt, '2026-11-23T09:01:01+11:00');

    const { patients, appointments } = await proxy.provider.records();
    assert.equal(patients.length, 1);
    assertNoneIn(
      after.text,
      [
        ...patients.flatMap((p) => [
          p.id,
          p.firstName,
          p.lastName,
          `${p.firstName} ${p.lastName}`,
          p.email,
          p.phone,
        ]),
        note,
        ...appointments.map((a) => a.id),
      ],
      'patient field',
    );
  });
});
