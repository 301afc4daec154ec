/**
 * The kept-answer path (`kept-answers.ts`): warm requests are answered before routing with
 * nothing asked of the practice system or the store, and the rate limits still apply there,
 * with the same 429, headers and log lines as the routed path of an app that keeps nothing;
 * and no step can stand in front of a cached answer that the kept-answer path would skip.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { errorResponseSchema } from '../../shared/contract.ts';
import { createCountedDemoProxy } from '../../test/helpers/counted-demo-proxy.ts';
import { countRouting } from '../../test/helpers/routing-count.ts';
import { capturedLogger } from '../../test/helpers/test-proxy.ts';
import { Hono, type MiddlewareHandler } from 'hono';
import { createApp } from '../app.ts';
import type { AppEnv } from '../env.ts';
import { AnswerService } from './answers.ts';
import { CATALOGUE_CACHE_CONTROL } from './cache-control.ts';
import { assertAnswersReplayable, replayed } from './kept-answers.ts';
import { nodeCompression } from './node-compression.ts';
import { DEMO_PRACTITIONERS, DEMO_SERVICE_IDS } from '../providers/demo/demo-data.ts';
import { DEFAULT_RATE_LIMITS, spends, type RateLimitPolicy } from '../security/rate-limit.ts';
import { createMemoryStore } from '../store/memory-store.ts';
import type { Store } from '../store/store.ts';

const ORIGIN = 'http://localhost:8787';
const TRUSTED_PROXY = { header: 'X-Forwarded-For', hops: 1 };
const PRACTICES = [{ id: 'harbourside', name: 'Harbourside Health', clinicIds: ['demo'] }];
const week = (practitionerId: string) =>
  `/api/clinics/demo/availability?serviceId=${DEMO_SERVICE_IDS.physioFollowUp}&practitionerId=${practitionerId}&from=2026-11-24&to=2026-11-30`;
const PATHS = [
  '/api/clinics/demo',
  '/api/clinics/demo/bootstrap',
  '/api/clinics/demo/services',
  `/api/clinics/demo/practitioners?serviceId=${DEMO_SERVICE_IDS.physioFollowUp}`,
  week('any'),
  week(DEMO_PRACTITIONERS[0]!.id),
  '/api/practices/harbourside',
];
const ENCODINGS = ['gzip, deflate, br, zstd', 'gzip', ''];

/** `store` with every method call on it and on its parts counted in `calls`. */
function countingStore(store: Store, calls: Record<string, number>): Store {
  const wrap = <T extends object>(target: T, prefix: string): T =>
    new Proxy(target, {
      get(object, name: string) {
        const value: unknown = Reflect.get(object, name);
        if (typeof value === 'function') {
          return (...args: unknown[]) => {
            calls[`${prefix}${name}`] = (calls[`${prefix}${name}`] ?? 0) + 1;
            return (value as (...a: unknown[]) => unknown).apply(object, args);
          };
        }
        return value && typeof value === 'object' ? wrap(value, `${prefix}${name}.`) : value;
      },
    });
  return wrap(store, '');
}

function decoded(res: Response, bytes: Buffer): string {
  const coding = res.headers.get('Content-Encoding');
  if (coding === 'br') return brotliDecompressSync(bytes).toString('utf8');
  if (coding === 'gzip') return gunzipSync(bytes).toString('utf8');
  return bytes.toString('utf8');
}

const total = (counts: Record<string, number>) => Object.values(counts).reduce((a, b) => a + b, 0);

describe('the kept-answer path', () => {
  it('answers 50 warm requests before routing, with no call to the practice system or the store', async () => {
    const storeCalls: Record<string, number> = {};
    const proxy = createCountedDemoProxy(
      {},
      {
        rateLimits: DEFAULT_RATE_LIMITS,
        trustedProxy: TRUSTED_PROXY,
        practices: PRACTICES,
        store: countingStore(createMemoryStore(), storeCalls),
      },
    );
    const ask = (path: string, n: number, headers: Record<string, string> = {}) =>
      proxy.app.request(path, {
        headers: {
          Origin: ORIGIN,
          'X-Forwarded-For': `198.51.100.${n % 250}`,
          ...(ENCODINGS[n % 3] ? { 'Accept-Encoding': ENCODINGS[n % 3]! } : {}),
          ...headers,
        },
      });
    // Cold: each answer built, and each of its encodings made, once.
    const json = new Map<string, string>();
    const etags = new Map<string, string>();
    for (const path of PATHS) {
      for (let n = 0; n < 3; n++) {
        const res = await ask(path, n);
        assert.equal(res.status, 200, path);
        json.set(path, decoded(res, Buffer.from(await res.arrayBuffer())));
        etags.set(path, res.headers.get('ETag')!);
      }
    }
    const upstreamBefore = total(proxy.upstream);
    const compressionsBefore = total(proxy.compressions);
    const storeBefore = { ...storeCalls };
    const routing = countRouting(proxy.app);

    const statuses: number[] = [];
    for (let n = 0; n < 50; n++) {
      const path = PATHS[n % PATHS.length]!;
      // Every fourth browser holds the answer already and revalidates it.
      const res = await ask(path, n, n % 4 === 0 ? { 'If-None-Match': etags.get(path)! } : {});
      statuses.push(res.status);
      const bytes = Buffer.from(await res.arrayBuffer());
      if (res.status === 200) assert.equal(decoded(res, bytes), json.get(path), path);
      assert.equal(res.headers.get('Access-Control-Allow-Origin'), ORIGIN, path);
    }

    assert.deepEqual(
      statuses,
      Array.from({ length: 50 }, (_, n) => (n % 4 === 0 ? 304 : 200)),
    );
    assert.equal(routing.matched, 0, 'no warm request reached the router');
    assert.equal(total(proxy.upstream), upstreamBefore, 'no call to the practice system');
    assert.deepEqual(storeCalls, storeBefore, 'no call to the store');
    assert.equal(total(proxy.compressions), compressionsBefore, 'nothing compressed again');
    // The counts can move: the cold requests did call the practice system.
    assert.ok(upstreamBefore > 0);
  });

  it('still spends the rate limits: a spent client and a spent clinic get the routed path’s 429, header for header', async () => {
    const policy: RateLimitPolicy = {
      ...DEFAULT_RATE_LIMITS,
      perClient: {
        ...DEFAULT_RATE_LIMITS.perClient,
        other: { limit: 3, windowSeconds: 60 },
        availability: { limit: 50, windowSeconds: 60 },
      },
      perClinic: { ...DEFAULT_RATE_LIMITS.perClinic, availability: { limit: 4, windowSeconds: 60 } },
    };
    const proxy = createCountedDemoProxy(
      {},
      { rateLimits: policy, trustedProxy: TRUSTED_PROXY, practices: PRACTICES },
    );
    // An app that keeps nothing over the same clinic and clock, with the same limits: every answer is routed.
    const twinLog = capturedLogger(proxy.clock);
    const twin = createApp({
      clinics: [proxy.cached],
      practices: PRACTICES,
      now: proxy.clock.now,
      logger: twinLog.logger,
      rateLimits: policy,
      trustedProxy: TRUSTED_PROXY,
      compression: nodeCompression,
      cacheAnswers: false,
    });
    await proxy.app.request('/healthz');
    const routing = countRouting(proxy.app);
    let requests = 0;
    const both = async (path: string, client: string) => {
      requests += 1;
      const init = {
        headers: {
          Origin: ORIGIN,
          'Accept-Encoding': 'gzip, deflate, br, zstd',
          'X-Forwarded-For': client,
          'X-Request-Id': `limits-${requests}`,
        },
      };
      const matched = routing.matched;
      const res = await proxy.app.request(path, init);
      const routed = routing.matched > matched;
      const expected = await twin.request(path, init);
      const bytes = Buffer.from(await res.arrayBuffer());
      const where = `request ${requests}: ${path} from ${client}`;
      assert.equal(res.status, expected.status, where);
      assert.deepEqual([...res.headers], [...expected.headers], where);
      assert.ok(bytes.equals(Buffer.from(await expected.arrayBuffer())), where);
      return { status: res.status, routed, retryAfter: res.headers.get('Retry-After'), bytes };
    };

    // One client, one answer: the first is built (routed), the rest are kept answers.
    const one = [];
    for (let i = 0; i < 5; i++) one.push(await both('/api/clinics/demo/bootstrap', '203.0.113.1'));
    assert.deepEqual(
      one.map((r) => r.status),
      [200, 200, 200, 429, 429],
    );
    assert.deepEqual(
      one.map((r) => r.routed),
      [true, false, false, false, false],
      'the 429s came from the kept-answer path',
    );
    assert.ok(Number(one[3]!.retryAfter) >= 1);
    assert.equal(
      errorResponseSchema.parse(JSON.parse(one[3]!.bytes.toString('utf8'))).error.code,
      'rate_limited',
    );
    // The practice's answer spends from the same allowance, spent already for that client.
    assert.equal((await both('/api/practices/harbourside', '203.0.113.1')).status, 429);
    const practice = [];
    for (let i = 0; i < 4; i++) practice.push(await both('/api/practices/harbourside', '203.0.113.3'));
    assert.deepEqual(
      practice.map((r) => [r.status, r.routed]),
      [
        [200, true],
        [200, false],
        [200, false],
        [429, false],
      ],
    );
    // Another client is not held back by the first.
    assert.equal((await both('/api/clinics/demo/bootstrap', '203.0.113.2')).status, 200);

    // Five patients from five addresses ask for one week: the clinic's allowance of 4 is spent.
    const many = [];
    for (let i = 0; i < 5; i++) many.push(await both(week('any'), `192.0.2.${i + 1}`));
    assert.deepEqual(
      many.map((r) => [r.status, r.routed]),
      [
        [200, true],
        [200, false],
        [200, false],
        [200, false],
        [429, false],
      ],
    );
    // A minute later the allowances have come back, still answered before routing.
    proxy.advance(60_000);
    const later = await both(week('any'), '192.0.2.9');
    const again = await both('/api/clinics/demo/bootstrap', '203.0.113.1');
    assert.deepEqual([later.status, again.status], [200, 200]);

    // The same log lines as the routed path writes: which limit, and the failed request's route.
    const limitLines = (logs: string[]) =>
      logs.filter((line) => /"(rate_limited|request\.failed)"/.test(line));
    assert.ok(limitLines(proxy.logs).length >= 8, proxy.logs.join('\n'));
    assert.deepEqual(limitLines(proxy.logs), limitLines(twinLog.logs));
    assert.ok(proxy.logs.some((line) => line.includes('"scope":"clinic"')));
  });
});

describe('the answer routes, as the app is built', () => {
  const answers = new AnswerService({
    now: () => 0,
    compression: { codings: [], compress: () => Promise.reject(new Error('unused')) },
  });
  const services = () =>
    answers.route(CATALOGUE_CACHE_CONTROL, [], async () => ({ body: {}, readings: [], changesAt: Infinity }));
  // A new function each time: replayed() marks the function it is given.
  const check = (): MiddlewareHandler<AppEnv> => async (_c, next) => {
    await next();
  };

  it('stand behind only the steps the kept-answer path does again', () => {
    const app = new Hono<AppEnv>()
      .use(replayed(check()))
      .use('/api/clinics/:clinicId/*', replayed(check()))
      // Elsewhere, or after the answer: the kept-answer path is not concerned.
      .use('/api/other/*', check())
      .get('/api/clinics/:clinicId/capacity', check(), (c) => c.text('x'))
      .get('/api/clinics/:clinicId/services', spends('other'), services())
      .use('*', check());
    assert.doesNotThrow(() => assertAnswersReplayable(app.routes));
    // The app itself is built with the check: every middleware in front of its answers is replayed.
    assert.doesNotThrow(() => createCountedDemoProxy());
  });

  it('refuse a check in front of a cached answer that the kept-answer path would skip', () => {
    const behindMiddleware = new Hono<AppEnv>()
      .use(replayed(check()))
      .use('/api/clinics/:clinicId/*', check())
      .get('/api/clinics/:clinicId/services', spends('other'), services());
    assert.throws(
      () => assertAnswersReplayable(behindMiddleware.routes),
      /ALL \/api\/clinics\/:clinicId\/\* runs before GET \/api\/clinics\/:clinicId\/services/,
    );
    const behindRouteCheck = new Hono<AppEnv>().get(
      '/api/clinics/:clinicId/services',
      spends('other'),
      check(),
      services(),
    );
    assert.throws(
      () => assertAnswersReplayable(behindRouteCheck.routes),
      /GET \/api\/clinics\/:clinicId\/services runs before/,
    );
    const underWildcard = new Hono<AppEnv>()
      .get('/api/*', check())
      .get('/api/clinics/:clinicId/services', spends('other'), services());
    assert.throws(() => assertAnswersReplayable(underWildcard.routes), /GET \/api\/\* runs before/);
  });
});
