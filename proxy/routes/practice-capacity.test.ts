/**
 * The capacity feed of a practice (`/api/practices/:id/capacity`) through the real app, on
 * two demo locations: who may read it, that its numbers are its clinics' feeds added up,
 * and that no patient detail is ever in it.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { capacityResponseSchema, type CapacityResponse } from '../../shared/capacity-contract.ts';
import { availabilityResponseSchema, errorResponseSchema } from '../../shared/contract.ts';
import { assertNoneIn, assertTotalsAddUp, readCapacity } from '../../test/helpers/capacity.ts';
import { bookingFor, DEMO_PATIENT, FIXED_NOW, postBooking } from '../../test/helpers/demo-proxy.ts';
import { createApp } from '../app.ts';
import { buildClinics } from '../clinic.ts';
import { loadClinicsFile } from '../config/load-config.ts';
import { DEMO_CLINIC, DEMO_PRACTICE_CAPACITY_TOKEN } from '../config/demo-clinic.ts';
import { silentLogger } from '../logger.ts';
import { DEMO_PRACTITIONERS, DEMO_SERVICE_IDS } from '../providers/demo/demo-data.ts';
import { createMemoryStore } from '../store/memory-store.ts';

const NORTH_TOKEN = 'north-capacity-token-0123456789abcdef';
const SOUTH_TOKEN = 'south-capacity-token-0123456789abcdef';
const GROUP_TOKEN = 'group-capacity-token-0123456789abcdef';

const site = (id: string, token: string) => ({
  ...DEMO_CLINIC,
  id,
  name: `Harbourside ${id}`,
  capacity: { token },
});

/** Two demo locations with their own feeds, a practice with a token, and one without. */
function appOnGroup() {
  const file = {
    clinics: [site('north', NORTH_TOKEN), site('south', SOUTH_TOKEN)],
    practices: [
      { id: 'group', name: 'Group', clinicIds: ['north', 'south'], capacity: { token: GROUP_TOKEN } },
      { id: 'no-feed', name: 'No feed', clinicIds: ['north'] },
    ],
  };
  const { configs, practices } = loadClinicsFile(JSON.stringify(file), {});
  const store = createMemoryStore();
  const now = () => FIXED_NOW;
  const clinics = buildClinics(configs, {
    fetch: () => Promise.reject(new Error('offline')),
    now,
    logger: silentLogger,
    store,
  });
  return createApp({ clinics, practices, store, now, logger: silentLogger });
}

async function readPractice(app: ReturnType<typeof createApp>, id: string, token: string, query = '') {
  const res = await app.request(`/api/practices/${id}/capacity${query}`, {
    headers: { Authorization: `Bearer ${token}` },
  });
  const text = await res.text();
  assert.equal(res.status, 200, text);
  return { body: capacityResponseSchema.parse(JSON.parse(text)), text, res };
}

const metrics = (feed: CapacityResponse) => ({
  free: feed.totals.freeMinutes,
  booked: feed.totals.bookedMinutes,
  slots: feed.totals.freeSlots,
});

describe('GET /api/practices/:practiceId/capacity', () => {
  it('answers 404 without a practice token configured, and practice_not_found for an unknown practice', async () => {
    const app = appOnGroup();
    const none = await app.request('/api/practices/no-feed/capacity', {
      headers: { Authorization: `Bearer ${NORTH_TOKEN}` },
    });
    assert.equal(none.status, 404);
    assert.equal(errorResponseSchema.parse(await none.json()).error.code, 'not_found');
    const unknown = await app.request('/api/practices/nope/capacity', {
      headers: { Authorization: `Bearer ${GROUP_TOKEN}` },
    });
    assert.equal(unknown.status, 404);
    assert.equal(errorResponseSchema.parse(await unknown.json()).error.code, 'practice_not_found');
  });

  it('answers 401 without the practice’s token, with a wrong one and with a clinic’s, before reading the query', async () => {
    const app = appOnGroup();
    const cases: Array<[string, Record<string, string>]> = [
      ['no header', {}],
      ['a wrong token', { Authorization: `Bearer ${GROUP_TOKEN.slice(0, -1)}0` }],
      ['a clinic’s token', { Authorization: `Bearer ${NORTH_TOKEN}` }],
    ];
    for (const [what, headers] of cases) {
      const res = await app.request('/api/practices/group/capacity?from=nonsense', { headers });
      assert.equal(res.status, 401, what);
      assert.match(res.headers.get('WWW-Authenticate') ?? '', /^Bearer realm="capacity"/, what);
      const body = errorResponseSchema.parse(await res.json());
      assert.equal(body.error.code, 'unauthorized', what);
      assert.match(body.error.message, /practice/, what);
    }
    // The practice's token opens only the practice's feed.
    const clinic = await app.request('/api/clinics/north/capacity', {
      headers: { Authorization: `Bearer ${GROUP_TOKEN}` },
    });
    assert.equal(clinic.status, 401);
  });

  it('adds up its clinics’ feeds, per location and in total, after a booking at one of them', async () => {
    const app = appOnGroup();
    const service = DEMO_SERVICE_IDS.physioInitial;
    const aisha = DEMO_PRACTITIONERS[0]!.id;
    const free = await app.request(
      `/api/clinics/south/availability?serviceId=${service}&practitionerId=${aisha}&from=2026-11-24&to=2026-11-24`,
    );
    const [slot] = availabilityResponseSchema.parse(await free.json()).slots;
    const booked = await postBooking(app, bookingFor(slot!, service), 'south-booking-1', 'south');
    assert.equal(booked.status, 201, await booked.clone().text());

    const query = '?from=2026-11-23&to=2026-11-29';
    const north = (await readCapacity(app, 'north', NORTH_TOKEN, query)).body;
    const south = (await readCapacity(app, 'south', SOUTH_TOKEN, query)).body;
    assert.notDeepEqual(metrics(north), metrics(south), 'the booking makes the two sites differ');
    const { body: group, text, res } = await readPractice(app, 'group', GROUP_TOKEN, query);
    assert.equal(res.headers.get('Cache-Control'), 'no-store');

    assert.deepEqual(
      group.locations.map((l) => [l.id, l.totals]),
      [
        ['north', north.totals],
        ['south', south.totals],
      ],
    );
    assert.deepEqual(metrics(group), {
      free: north.totals.freeMinutes + south.totals.freeMinutes,
      booked: north.totals.bookedMinutes + south.totals.bookedMinutes,
      slots: north.totals.freeSlots + south.totals.freeSlots,
    });
    for (const [i, day] of group.days.entries()) {
      assert.equal(day.date, north.days[i]!.date);
      assert.equal(
        day.totals.freeMinutes,
        north.days[i]!.totals.freeMinutes + south.days[i]!.totals.freeMinutes,
      );
      assert.equal(
        day.totals.bookedMinutes,
        north.days[i]!.totals.bookedMinutes + south.days[i]!.totals.bookedMinutes,
      );
    }
    assert.equal(group.practitioners.length, north.practitioners.length + south.practitioners.length);
    assertTotalsAddUp(group);
    // Nothing of the patient who booked, nor of the booking itself.
    assertNoneIn(text, Object.values(DEMO_PATIENT), 'the patient’s');
    assert.ok(!/patient|email|phone|note/i.test(text.replace(/"(name|id)":"[^"]*"/g, '')));
  });

  it('serves the demo practice’s feed with its public token, over both sites', async () => {
    const { configs, practices } = loadClinicsFile(undefined, {});
    const now = () => FIXED_NOW;
    const clinics = buildClinics(configs, {
      fetch: () => Promise.reject(new Error('offline')),
      now,
      logger: silentLogger,
    });
    const app = createApp({ clinics, practices, now, logger: silentLogger });
    const { body } = await readPractice(app, 'harbourside-group', DEMO_PRACTICE_CAPACITY_TOKEN);
    assert.deepEqual(
      body.locations.map((l) => l.id),
      ['demo', 'demo-bondi'],
    );
    assert.equal(body.days.length, 14);
  });
});
