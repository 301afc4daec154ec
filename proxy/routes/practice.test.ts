import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { brotliDecompressSync } from 'node:zlib';
import {
  availabilityResponseSchema,
  bookingResponseSchema,
  clinicResponseSchema,
  errorResponseSchema,
  practiceResponseSchema,
  type PracticeResponse,
} from '../../shared/contract.ts';
import { createApp, type AppOptions } from '../app.ts';
import { buildClinics } from '../clinic.ts';
import { loadClinicsFile } from '../config/load-config.ts';
import { nodeCompression } from '../http/node-compression.ts';
import { silentLogger } from '../logger.ts';
import { DEFAULT_RATE_LIMITS } from '../security/rate-limit.ts';
import { createMemoryStore } from '../store/memory-store.ts';
import { DemoProvider } from '../providers/demo/demo-provider.ts';
import { DEMO_PRACTITIONERS, DEMO_SERVICE_IDS } from '../providers/demo/demo-data.ts';
import { bookingFor, FIXED_NOW, postBooking } from '../../test/helpers/demo-proxy.ts';

/** The real app on a clinics file (the demo clinics and practice without one). */
function appOn(file: unknown, options: Partial<AppOptions> = {}) {
  const { configs, practices } = loadClinicsFile(file === undefined ? undefined : JSON.stringify(file), {});
  const clinics = buildClinics(configs, {
    fetch: () => Promise.reject(new Error('no network')),
    now: () => new Date(),
    logger: silentLogger,
  });
  return createApp({ clinics, practices, logger: silentLogger, ...options });
}

const clinic = (id: string, origins: string[], extra: Record<string, unknown> = {}) => ({
  id,
  name: `${id} clinic`,
  timezone: 'Australia/Sydney',
  provider: { type: 'demo' },
  allowedOrigins: origins,
  ...extra,
});

const GROUP_FILE = {
  clinics: [
    clinic('north', ['https://north.example']),
    clinic('south', ['https://south.example', 'https://group.example']),
    clinic('elsewhere', ['https://elsewhere.example']),
  ],
  practices: [{ id: 'group', name: 'The Group', clinicIds: ['south', 'north'] }],
};

describe('GET /api/practices/:practiceId', () => {
  it('lists the demo practice’s locations in order, with their addresses and map links', async () => {
    const res = await appOn(undefined).request('/api/practices/harbourside-group');
    assert.equal(res.status, 200);
    assert.match(res.headers.get('Content-Type') ?? '', /application\/json/);
    const body = (await res.json()) as PracticeResponse;
    assert.deepEqual(practiceResponseSchema.parse(body), body, 'nothing outside the contract');
    assert.deepEqual(body, {
      practice: {
        id: 'harbourside-group',
        name: 'Harbourside Health',
        clinics: [
          {
            id: 'demo',
            name: 'Harbourside Health',
            timezone: 'Australia/Sydney',
            address: '12 Alfred Street, Circular Quay NSW 2000',
            mapUrl: 'https://www.openstreetmap.org/search?query=Alfred%20Street%2C%20Circular%20Quay%20NSW',
          },
          {
            id: 'demo-bondi',
            name: 'Harbourside Health Bondi',
            timezone: 'Australia/Sydney',
            address: '88 Campbell Parade, Bondi Beach NSW 2026',
            mapUrl: 'https://www.openstreetmap.org/search?query=Campbell%20Parade%2C%20Bondi%20Beach%20NSW',
          },
        ],
      },
    });
  });

  it('leaves out the address and map link of a location that has none', async () => {
    const res = await appOn(GROUP_FILE).request('/api/practices/group');
    const { practice } = practiceResponseSchema.parse(await res.json());
    assert.deepEqual(practice.clinics, [
      { id: 'south', name: 'south clinic', timezone: 'Australia/Sydney' },
      { id: 'north', name: 'north clinic', timezone: 'Australia/Sydney' },
    ]);
  });

  it('gives each clinic’s address in its own profile too, for the confirm screen', async () => {
    const res = await appOn(undefined).request('/api/clinics/demo-bondi');
    const { clinic: profile } = clinicResponseSchema.parse(await res.json());
    assert.equal(profile.address, '88 Campbell Parade, Bondi Beach NSW 2026');
    assert.match(profile.mapUrl ?? '', /^https:\/\//);
  });

  it('answers an unknown practice with 404 practice_not_found, as JSON, kept nowhere', async () => {
    const app = appOn(undefined);
    for (const path of ['/api/practices/nope', '/api/practices/demo']) {
      const res = await app.request(path);
      assert.equal(res.status, 404, path);
      const body = errorResponseSchema.parse(await res.json());
      assert.equal(body.error.code, 'practice_not_found');
      assert.match(body.error.message, /practice was not found/);
      assert.equal(res.headers.get('ETag'), null);
    }
    assert.equal((await app.request('/api/practices/harbourside-group/nothing-here')).status, 404);
  });

  it('allows the origins of any of its clinics, and no other clinic’s', async () => {
    const app = appOn(GROUP_FILE);
    const grant = async (origin: string) =>
      (await app.request('/api/practices/group', { headers: { Origin: origin } })).headers.get(
        'Access-Control-Allow-Origin',
      );
    assert.equal(await grant('https://north.example'), 'https://north.example');
    assert.equal(await grant('https://south.example'), 'https://south.example');
    assert.equal(await grant('https://group.example'), 'https://group.example');
    assert.equal(await grant('https://elsewhere.example'), null, 'a clinic outside the practice');
    assert.equal(await grant('https://evil.example'), null);

    const preflight = await app.request('/api/practices/group', {
      method: 'OPTIONS',
      headers: { Origin: 'https://north.example', 'Access-Control-Request-Method': 'GET' },
    });
    assert.equal(preflight.status, 204);
    assert.equal(preflight.headers.get('Access-Control-Allow-Origin'), 'https://north.example');
    const refused = await app.request('/api/practices/group', {
      method: 'OPTIONS',
      headers: { Origin: 'https://elsewhere.example', 'Access-Control-Request-Method': 'GET' },
    });
    assert.equal(refused.headers.get('Access-Control-Allow-Origin'), null);

    const res = await app.request('/api/practices/group', { headers: { Origin: 'https://north.example' } });
    assert.equal(res.headers.get('Vary')?.match(/origin/gi)?.length, 1, 'Vary: Origin said once');
    // The practice's origins open the practice's answer, not the clinics outside it.
    const other = await app.request('/api/clinics/elsewhere', {
      headers: { Origin: 'https://north.example' },
    });
    assert.equal(other.headers.get('Access-Control-Allow-Origin'), null);
  });

  it('is cached like the bootstrap: an ETag, 304 on a match, brotli when accepted', async () => {
    const app = appOn(undefined, { compression: nodeCompression });
    const first = await app.request('/api/practices/harbourside-group');
    const etag = first.headers.get('ETag');
    assert.match(etag ?? '', /^"[0-9a-f]{16}"$/);
    assert.equal(first.headers.get('Cache-Control'), 'public, max-age=60, stale-while-revalidate=600');
    const plain = await first.text();

    const again = await app.request('/api/practices/harbourside-group', {
      headers: { 'If-None-Match': etag! },
    });
    assert.equal(again.status, 304);
    assert.equal(await again.text(), '');

    const br = await app.request('/api/practices/harbourside-group', {
      headers: { 'Accept-Encoding': 'br, gzip' },
    });
    assert.equal(br.status, 200);
    assert.equal(br.headers.get('Content-Encoding'), 'br');
    assert.equal(br.headers.get('ETag'), `${etag!.slice(0, -1)}-br"`);
    assert.match(br.headers.get('Vary') ?? '', /Accept-Encoding/);
    assert.equal(brotliDecompressSync(Buffer.from(await br.arrayBuffer())).toString(), plain);
    const brAgain = await app.request('/api/practices/harbourside-group', {
      headers: { 'Accept-Encoding': 'br', 'If-None-Match': br.headers.get('ETag')! },
    });
    assert.equal(brAgain.status, 304);
  });

  it('spends the sender’s general allowance, found or not', async () => {
    const app = appOn(undefined, {
      rateLimits: {
        ...DEFAULT_RATE_LIMITS,
        perClient: { ...DEFAULT_RATE_LIMITS.perClient, other: { limit: 2, windowSeconds: 60 } },
      },
    });
    assert.equal((await app.request('/api/practices/harbourside-group')).status, 200);
    assert.equal((await app.request('/api/practices/nope')).status, 404);
    const limited = await app.request('/api/practices/harbourside-group');
    assert.equal(limited.status, 429);
    assert.equal(errorResponseSchema.parse(await limited.json()).error.code, 'rate_limited');
    assert.ok(Number(limited.headers.get('Retry-After')) > 0);
  });
});

describe('createApp with practices', () => {
  it('refuses a practice naming a clinic it does not serve', () => {
    assert.throws(
      () =>
        createApp({
          clinics: [],
          practices: [{ id: 'group', name: 'Group', clinicIds: ['missing'] }],
          logger: silentLogger,
        }),
      /Practice "group" names clinic "missing"/,
    );
  });
});

describe('the demo practice', () => {
  it('books at its Bondi site without touching the first site’s diary, in one store', async () => {
    const store = createMemoryStore();
    const { configs, practices } = loadClinicsFile(undefined, {});
    const clinics = buildClinics(configs, {
      fetch: () => Promise.reject(new Error('no network')),
      now: () => FIXED_NOW,
      logger: silentLogger,
      store,
    });
    const app = createApp({ clinics, practices, store, logger: silentLogger, now: () => FIXED_NOW });
    const service = DEMO_SERVICE_IDS.physioInitial;
    const aisha = DEMO_PRACTITIONERS[0]!.id;
    const slots = async (clinicId: string) => {
      const res = await app.request(
        `/api/clinics/${clinicId}/availability?serviceId=${service}&practitionerId=${aisha}&from=2026-11-24&to=2026-11-24`,
      );
      assert.equal(res.status, 200);
      return availabilityResponseSchema.parse(await res.json()).slots;
    };
    const [slot] = await slots('demo-bondi');
    assert.ok(slot, 'Bondi has free time');
    assert.ok(
      (await slots('demo')).some((s) => s.start === slot.start),
      'the same time free at both',
    );

    const res = await postBooking(app, bookingFor(slot, service), 'bondi-key-1', 'demo-bondi');
    assert.equal(res.status, 201);
    const { booking } = bookingResponseSchema.parse(await res.json());

    assert.ok(!(await slots('demo-bondi')).some((s) => s.start === slot.start), 'taken at Bondi');
    assert.ok(
      (await slots('demo')).some((s) => s.start === slot.start),
      'still free at the first site',
    );
    const records = (clinicId: string) =>
      new DemoProvider({ clinicId, timezone: 'Australia/Sydney', records: store.demo }).records();
    assert.deepEqual(
      (await records('demo-bondi')).appointments.map((a) => a.id),
      [booking.id],
    );
    assert.equal((await records('demo')).appointments.length, 0);
  });
});
