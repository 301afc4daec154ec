import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { testServer } from '../../../test/helpers/msw-server.ts';
import { http, HttpResponse } from 'msw';
import { ApiError } from '../../http/api-error.ts';
import { createJsonLogger } from '../../logger.ts';
import { UpstreamClient } from '../../upstream/upstream-client.ts';
import { HalaxyTokenManager, TOKEN_MAX_LIFETIME_MS, TOKEN_REFRESH_MARGIN_MS } from './token-manager.ts';

const TOKEN_URL = 'https://au-api.halaxy.com/main/oauth/token';
const server = testServer();

function manager(answer: (n: number) => Response) {
  let clock = 1_000_000;
  let requests = 0;
  const bodies: unknown[] = [];
  const logs: string[] = [];
  server.use(
    http.post(TOKEN_URL, async ({ request }) => {
      requests += 1;
      bodies.push({ contentType: request.headers.get('content-type'), body: await request.json() });
      await new Promise((resolve) => setTimeout(resolve, 5));
      return answer(requests);
    }),
  );
  const logger = createJsonLogger({ write: (l) => logs.push(l) });
  const tokens = new HalaxyTokenManager({
    upstream: new UpstreamClient({
      system: 'halaxy',
      clinicId: 'c1',
      fetch: (i, o) => fetch(i, o),
      logger,
      auth: { headers: async () => ({}) },
      headers: { 'User-Agent': 'T (t@example.test)' },
    }),
    tokenUrl: TOKEN_URL,
    clientId: 'the-id',
    clientSecret: 'the-secret',
    clinicId: 'c1',
    logger,
    now: () => clock,
  });
  return { tokens, requests: () => requests, bodies, logs, advance: (ms: number) => (clock += ms) };
}

const issue = (n: number) =>
  HttpResponse.json({ token_type: 'Bearer', expires_in: 3600, access_token: `token-${n}` });

describe('HalaxyTokenManager', () => {
  it('asks with a JSON client-credentials body and caches the token', async () => {
    const m = manager(issue);
    assert.deepEqual(await m.tokens.headers(), { Authorization: 'Bearer token-1' });
    assert.deepEqual(await m.tokens.headers(), { Authorization: 'Bearer token-1' });
    assert.equal(m.requests(), 1);
    assert.deepEqual(m.bodies[0], {
      contentType: 'application/json',
      body: { grant_type: 'client_credentials', client_id: 'the-id', client_secret: 'the-secret' },
    });
  });

  it('treats the token as a 15-minute one, renewed a minute early, although expires_in says an hour', async () => {
    const m = manager(issue);
    await m.tokens.headers();
    m.advance(TOKEN_MAX_LIFETIME_MS - TOKEN_REFRESH_MARGIN_MS - 1);
    assert.deepEqual(await m.tokens.headers(), { Authorization: 'Bearer token-1' });
    m.advance(1);
    assert.deepEqual(await m.tokens.headers(), { Authorization: 'Bearer token-2' });
  });

  it('honours a shorter expires_in', async () => {
    const m = manager((n) => HttpResponse.json({ access_token: `token-${n}`, expires_in: 300 }));
    await m.tokens.headers();
    m.advance(240_000);
    assert.deepEqual(await m.tokens.headers(), { Authorization: 'Bearer token-2' });
  });

  it('fetches once for many concurrent callers', async () => {
    const m = manager(issue);
    const all = await Promise.all(Array.from({ length: 10 }, () => m.tokens.headers()));
    assert.equal(m.requests(), 1);
    assert.ok(all.every((h) => h.Authorization === 'Bearer token-1'));
  });

  it('renews a refused token once, however many requests saw it refused', async () => {
    const m = manager(issue);
    const refused = await m.tokens.headers();
    await Promise.all(Array.from({ length: 5 }, () => m.tokens.refresh(refused)));
    assert.equal(m.requests(), 2);
    // A request that still carried the old token does not throw the new one away.
    await m.tokens.refresh(refused);
    assert.equal(m.requests(), 2);
    assert.deepEqual(await m.tokens.headers(), { Authorization: 'Bearer token-2' });
  });

  it('answers a patient-safe 502 and logs the OAuth error code when the credentials are refused', async () => {
    const m = manager(() =>
      HttpResponse.json(
        { error: 'invalid_client', error_description: 'bad secret the-secret' },
        { status: 400 },
      ),
    );
    await assert.rejects(
      m.tokens.headers(),
      (error: unknown) =>
        error instanceof ApiError && error.status === 502 && error.code === 'upstream_error',
    );
    assert.ok(m.logs.some((l) => l.includes('"halaxy.token_refused"') && l.includes('"invalid_client"')));
    assert.ok(!m.logs.join('').includes('the-secret'));
    // The failure is not cached: the next call asks again.
    await assert.rejects(m.tokens.headers());
    assert.equal(m.requests(), 2);
  });
});
