/**
 * The fake Halaxy keeps Halaxy's rules (per shared/reference/halaxy-api.md), so tests
 * against it mean something. Driven over real HTTP with `serveHandlers`.
 */
import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { serveHandlers, type FakeHttpServer } from '../msw-http-server.ts';
import { FAKE_CLIENT, HalaxyFake, RATE_LIMIT_PER_MINUTE, TOKEN_LIFETIME_MS } from './halaxy-fake.ts';

const UA = { 'User-Agent': 'FakeTests (t@example.test)' };
let clock = Date.parse('2026-11-22T22:00:00Z');
const fake = new HalaxyFake({ now: () => clock });
let server: FakeHttpServer;
let base: string;

before(async () => {
  server = await serveHandlers(fake.handlers(), 'https://au-api.halaxy.com');
  base = `${server.origin}/main`;
});
after(() => server.close());

async function token(): Promise<string> {
  const res = await fetch(`${base}/oauth/token`, {
    method: 'POST',
    headers: { ...UA, 'Content-Type': 'application/json' },
    body: JSON.stringify({
      grant_type: 'client_credentials',
      client_id: FAKE_CLIENT.id,
      client_secret: FAKE_CLIENT.secret,
    }),
  });
  assert.equal(res.status, 200);
  const body = (await res.json()) as { access_token: string; expires_in: number };
  assert.equal(body.expires_in, 3600);
  return body.access_token;
}

const get = async (path: string, bearer: string, headers: Record<string, string> = UA) =>
  fetch(`${base}${path}`, {
    headers: { ...headers, Authorization: `Bearer ${bearer}`, Accept: 'application/fhir+json' },
  });

describe('the fake Halaxy', () => {
  it('refuses requests without a User-Agent (403) and form-encoded token requests (400)', async () => {
    // fetch always adds a User-Agent, so this request is made with node:http.
    const t = await token();
    const status = await new Promise<number>((resolve, reject) => {
      httpRequest(`${base}/Patient`, { headers: { Authorization: `Bearer ${t}` } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      })
        .on('error', reject)
        .end();
    });
    assert.equal(status, 403);
    const form = await fetch(`${base}/oauth/token`, {
      method: 'POST',
      headers: { ...UA, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: `grant_type=client_credentials&client_id=${FAKE_CLIENT.id}&client_secret=${FAKE_CLIENT.secret}`,
    });
    assert.equal(form.status, 400);
  });

  it('ends tokens after 15 minutes with a 401 OperationOutcome "expired"', async () => {
    const t = await token();
    assert.equal((await get('/Patient', t)).status, 200);
    clock += TOKEN_LIFETIME_MS;
    const expired = await get('/Patient', t);
    assert.equal(expired.status, 401);
    assert.equal(((await expired.json()) as { issue: Array<{ code: string }> }).issue[0]!.code, 'expired');
  });

  it('pages searches with absolute next links and mixes in a stray OperationOutcome', async () => {
    const t = await token();
    const res = await get(
      '/Appointment/$find?start=2026-11-24T00%3A00%3A00%2B11%3A00&end=2026-12-01T00%3A00%3A00%2B11%3A00&duration=30&_count=10',
      t,
    );
    const bundle = (await res.json()) as {
      total: number;
      entry: Array<{ resource: { resourceType: string } }>;
      link: Array<{ relation: string; url: string }>;
    };
    assert.ok(bundle.total > 10);
    assert.deepEqual([...new Set(bundle.entry.map((e) => e.resource.resourceType))].sort(), [
      'Appointment',
      'OperationOutcome',
    ]);
    assert.match(
      bundle.link.find((l) => l.relation === 'next')!.url,
      /^https:\/\/au-api\.halaxy\.com\/main\/Appointment\/\$find\?.*page=2/,
    );
  });

  it('reads a raw "+" in a query value as a space, as a real server does', async () => {
    const t = await token();
    const raw = await get(
      '/Appointment/$find?start=2026-11-24T00:00:00+11:00&end=2026-11-25T00:00:00%2B11:00&duration=30',
      t,
    );
    assert.equal(raw.status, 400);
    const search = async (query: string) =>
      ((await (await get(`/Patient?${query}`, t)).json()) as { total: number }).total;
    assert.equal(await search('email=alex.nguyen+physio@example.com'), 0);
    assert.equal(await search('email=alex.nguyen%2Bphysio%40example.com'), 2);
  });

  it('needs Type/id for reference search parameters, keeps notes unreadable and deletes nothing', async () => {
    const t = await token();
    assert.equal((await get('/Appointment?patient=30000001', t)).status, 422);
    assert.equal((await get('/Appointment?patient=Patient/30000001', t)).status, 200);
    assert.equal((await get('/DocumentReference', t)).status, 403);
    const del = await fetch(`${base}/Appointment/1`, {
      method: 'DELETE',
      headers: { ...UA, Authorization: `Bearer ${t}` },
    });
    assert.equal(del.status, 405);
  });

  it('answers 429 with retry-after past 500 requests a minute', async () => {
    clock += 120_000;
    const t = await token();
    let limited: Response | null = null;
    for (let i = 0; i < RATE_LIMIT_PER_MINUTE + 1 && !limited; i += 1) {
      const res = await get('/Organization', t);
      if (res.status === 429) limited = res;
      else await res.arrayBuffer();
    }
    assert.ok(limited, 'the 501st request is refused');
    assert.ok(Number(limited.headers.get('retry-after')) > 0);
    assert.equal(limited.headers.get('x-ratelimit-remaining'), '0');
    clock += 60_000;
    assert.equal((await get('/Organization', t)).status, 200);
  });
});
