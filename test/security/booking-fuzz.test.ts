/**
 * Property-based fuzzing of the proxy's public surface with fast-check: thousands of
 * malformed and hostile booking bodies, headers and query strings, each built so that it
 * cannot be a valid request. Every answer must be a 4xx JSON error with a known code (never
 * a 5xx), and the practice system (the demo clinic) must receive no write at all.
 *
 * `FUZZ_RUNS` sets the runs per property (default 600, about 3,000 requests in total, a few
 * seconds); raise it for a deeper local run, e.g. `FUZZ_RUNS=20000 npm run test:node`.
 * A failure prints fast-check's seed and the shrunk counterexample.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { availabilityResponseSchema, ERROR_CODES, errorResponseSchema } from '../../shared/contract.ts';
import { DEMO_SERVICE_IDS } from '../../proxy/providers/demo/demo-data.ts';
import { bookingFor, createDemoProxy, type DemoProxy } from '../helpers/demo-proxy.ts';

const RUNS = Number(process.env.FUZZ_RUNS ?? 600);
const SERVICE = DEMO_SERVICE_IDS.physioInitial;
/** A free slot of the demo clinic at the helper's fixed time, so the unbroken parts of every body are valid. */
const VALID_SLOT = await (async () => {
  const res = await createDemoProxy().app.request(
    `/api/clinics/demo/availability?serviceId=${SERVICE}&practitionerId=any&from=2026-11-24&to=2026-11-24`,
  );
  return availabilityResponseSchema.parse(await res.json()).slots[0]!;
})();

// --- hostile ingredients -------------------------------------------------------------

const NASTY_STRINGS = [
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  "'; DROP TABLE patients;--",
  '${7*7}',
  '{{7*7}}',
  '../../../etc/passwd',
  '%00',
  '\\u0000',
  'NaN',
  'Infinity',
  '-0',
  '1e309',
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'null',
  'undefined',
  'true',
  '[]',
  '{}',
  'data:image/svg+xml;base64,',
  'javascript:alert(1)',
  '\u202eevil',
  '\ud800',
  '\udfff',
  '\ufeff',
  '🦘'.repeat(40),
  'A'.repeat(5000),
  ' ',
  '',
];

/** Characters that every string rule refuses and that no trimming or normalising removes. */
const BREAKING_CHARACTERS = [
  '\u0000',
  '\u0001',
  '\u0007',
  '\u0008',
  '\u000e',
  '\u001b',
  '\u001f',
  '\u007f',
  '\u0085',
  '\u009f',
];

const anyString = fc.oneof(
  fc.string({ maxLength: 80 }),
  fc.string({ unit: 'binary', maxLength: 80 }),
  fc.constantFrom(...NASTY_STRINGS),
);

/** A string no field accepts: hostile text with a refused control character somewhere in it. */
const brokenString = fc
  .tuple(anyString, fc.constantFrom(...BREAKING_CHARACTERS), fc.nat())
  .map(([text, bad, at]) => {
    const i = text.length === 0 ? 0 : at % (text.length + 1);
    return text.slice(0, i) + bad + text.slice(i);
  });

/** A value of the wrong type for every field (no `true`: that is what `accepted` wants). */
const wrongType = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.constant(null),
  fc.constant(false),
  fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 4 }),
  fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 4 }),
);

const REQUIRED_PATHS = [
  ['serviceId'],
  ['practitionerId'],
  ['start'],
  ['patient'],
  ['waiver'],
  ['patient', 'firstName'],
  ['patient', 'lastName'],
  ['patient', 'email'],
  ['patient', 'phone'],
  ['patient', 'dateOfBirth'],
  ['waiver', 'version'],
  ['waiver', 'accepted'],
  ['waiver', 'signatureSvg'],
];
const STRING_PATHS = [
  ...REQUIRED_PATHS.filter(
    (p) => !(p.length === 1 && (p[0] === 'patient' || p[0] === 'waiver')) && p[1] !== 'accepted',
  ),
  ['patient', 'medicareNumber'],
  ['patient', 'medicareIrn'],
  ['patient', 'note'],
  ['waiver', 'signatureMethod'],
  ['turnstileToken'],
];
const ANY_PATHS = [...STRING_PATHS, ['patient'], ['waiver'], ['waiver', 'accepted']];

type Json = Record<string, unknown>;

function setAt(body: Json, path: string[], value: unknown): void {
  let node: unknown = body;
  for (const key of path.slice(0, -1)) {
    if (node === null || typeof node !== 'object' || Array.isArray(node)) return;
    node = (node as Json)[key];
  }
  if (node !== null && typeof node === 'object' && !Array.isArray(node)) (node as Json)[path.at(-1)!] = value;
}

function deleteAt(body: Json, path: string[]): void {
  let node: unknown = body;
  for (const key of path.slice(0, -1)) {
    if (node === null || typeof node !== 'object') return;
    node = (node as Json)[key];
  }
  if (node !== null && typeof node === 'object') delete (node as Json)[path.at(-1)!];
}

/** One change that makes a valid booking invalid, whatever else is changed with it. */
const breakingMutation: fc.Arbitrary<(body: Json) => void> = fc.oneof(
  fc.tuple(fc.constantFrom(...REQUIRED_PATHS), fc.constant(null)).map(
    ([path]) =>
      (b: Json) =>
        deleteAt(b, path),
  ),
  fc.tuple(fc.constantFrom(...STRING_PATHS), brokenString).map(
    ([path, value]) =>
      (b: Json) =>
        setAt(b, path, value),
  ),
  fc.tuple(fc.constantFrom(...ANY_PATHS), wrongType).map(
    ([path, value]) =>
      (b: Json) =>
        setAt(b, path, value),
  ),
  fc
    .tuple(
      fc.constantFrom(...STRING_PATHS),
      fc.string({ minLength: 2049, maxLength: 4000 }),
      fc.constantFrom(...BREAKING_CHARACTERS),
    )
    .map(
      ([path, long, bad]) =>
        (b: Json) =>
          setAt(b, path, bad + long),
    ),
  fc.tuple(fc.constantFrom(...NASTY_STRINGS.filter(Boolean)), fc.constant(null)).map(
    ([value]) =>
      (b: Json) =>
        void (b.website = value),
  ),
);

/** Extra keys that must be ignored: prototype pollution attempts and unknown fields. */
const junkKeys = fc.dictionary(
  fc.oneof(
    fc.constantFrom('__proto__', 'constructor', 'prototype', 'isAdmin', 'id', 'status'),
    fc.string({ maxLength: 12 }),
  ),
  fc.jsonValue({ maxDepth: 2 }),
  { maxKeys: 3 },
);

function validBody(): Json {
  return structuredClone(bookingFor(VALID_SLOT, SERVICE));
}

/** A booking body that must be refused, as the text sent on the wire. */
const hostileBookingBody: fc.Arbitrary<string> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc
      .tuple(fc.array(breakingMutation, { minLength: 1, maxLength: 3 }), junkKeys, junkKeys)
      .map(([mutations, top, nested]) => {
        const body = validBody();
        for (const mutate of mutations) mutate(body);
        const patient = body.patient;
        if (patient && typeof patient === 'object' && !Array.isArray(patient)) Object.assign(patient, nested);
        // Raw `"__proto__"` keys, as an attacker would write them in JSON text.
        return JSON.stringify(body).replace(/^\{/, `{"__proto__":${JSON.stringify(top)},`);
      }),
  },
  { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 4 }).map((value) => JSON.stringify(value)) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 200 }) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      '',
      '{',
      '{"a":',
      'null',
      '[]',
      '{"serviceId":1e999}',
      `${'['.repeat(5000)}${']'.repeat(5000)}`,
      '\u0000',
    ),
  },
);

/** Idempotency keys the proxy must refuse: absent, too short, too long, or with a refused character. */
const badIdempotencyKey = fc.oneof(
  fc.constant(undefined),
  fc.string({ maxLength: 7 }).filter((k) => /^[\w.:-]*$/.test(k)),
  fc.string({ minLength: 129, maxLength: 300 }).map((k) => k.replace(/[^\w]/g, 'a')),
  fc
    .tuple(fc.string({ minLength: 8, maxLength: 40 }), fc.constantFrom(' ', '/', '"', '<', ';', 'é', '\t'))
    .map(([k, bad]) => `${k.replace(/[^\w]/g, 'a')}${bad}x`),
);

/** A header value any HTTP client can send (Latin-1, no line breaks). */
const headerValue = anyString.map((v) => v.replace(/[^\x20-\x7e\x80-\xff]/g, '').slice(0, 200));
const hostileHeaders = fc.record(
  {
    'Content-Type': fc.oneof(
      headerValue,
      fc.constantFrom(
        'text/plain',
        'application/x-www-form-urlencoded',
        'multipart/form-data; boundary=x',
        'application/json; charset=utf-16',
      ),
    ),
    Origin: fc.oneof(
      headerValue,
      fc.constantFrom('null', 'https://evil.example', 'http://localhost:8787.evil.example'),
    ),
    'X-Forwarded-For': headerValue,
    'X-Forwarded-Host': headerValue,
    Cookie: headerValue,
    'Accept-Encoding': headerValue,
  },
  { requiredKeys: [] },
);

// --- running requests ----------------------------------------------------------------

/** The demo clinic, rate limits off (this fuzzes validation, not the limiter). */
function fuzzProxy(): DemoProxy {
  return createDemoProxy({ rateLimits: false });
}

const seenCodes = new Map<string, number>();

async function expectRefused(proxy: DemoProxy, path: string, init: RequestInit = {}): Promise<void> {
  const res = await proxy.app.request(path, init);
  const text = await res.text();
  assert.ok(
    res.status >= 400 && res.status < 500,
    `expected a 4xx, got ${res.status} for ${path}: ${text.slice(0, 300)}`,
  );
  assert.match(res.headers.get('Content-Type') ?? '', /^application\/json/);
  const { error } = errorResponseSchema.parse(JSON.parse(text));
  assert.ok((ERROR_CODES as readonly string[]).includes(error.code));
  seenCodes.set(error.code, (seenCodes.get(error.code) ?? 0) + 1);
}

async function assertNothingWritten(proxy: DemoProxy): Promise<void> {
  const records = await proxy.provider.records();
  assert.deepEqual(
    {
      patients: records.patients.length,
      appointments: records.appointments.length,
      waivers: records.waivers.length,
    },
    { patients: 0, appointments: 0, waivers: 0 },
  );
}

let keyCounter = 0;
const freshKey = () => `fuzz-key-${++keyCounter}`;

describe(`fuzzing the proxy (${RUNS} runs per property)`, () => {
  it('refuses every hostile booking body with a 4xx JSON error and writes nothing', async () => {
    const proxy = fuzzProxy();
    await fc.assert(
      fc.asyncProperty(hostileBookingBody, async (body) => {
        await expectRefused(proxy, '/api/clinics/demo/bookings', {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', 'Idempotency-Key': freshKey() },
          body,
        });
        await assertNothingWritten(proxy);
      }),
      { numRuns: RUNS * 3 },
    );
  });

  it('refuses hostile headers and idempotency keys, even around a valid body, and writes nothing', async () => {
    const proxy = fuzzProxy();
    await fc.assert(
      fc.asyncProperty(
        badIdempotencyKey,
        hostileHeaders,
        fc.boolean(),
        async (key, headers, validBodyToo) => {
          const body = validBodyToo
            ? JSON.stringify(validBody())
            : JSON.stringify({ ...validBody(), start: 'not a time' });
          await expectRefused(proxy, '/api/clinics/demo/bookings', {
            method: 'POST',
            headers: { ...headers, ...(key === undefined ? {} : { 'Idempotency-Key': key }) },
            body,
          });
          await assertNothingWritten(proxy);
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('refuses hostile availability and practitioner queries and unknown paths with a 4xx JSON error', async () => {
    const proxy = fuzzProxy();
    const param = fc.oneof(anyString, brokenString);
    const availabilityQuery = fc
      .record(
        {
          serviceId: fc.oneof(fc.constant(SERVICE), param),
          practitionerId: fc.oneof(fc.constant('any'), param),
          from: fc.oneof(fc.constant('2026-11-24'), param),
          to: fc.oneof(fc.constant('2026-11-30'), param),
        },
        { requiredKeys: [] },
      )
      .filter(
        (q) =>
          !(
            q.serviceId === SERVICE &&
            q.practitionerId === 'any' &&
            q.from === '2026-11-24' &&
            q.to === '2026-11-30'
          ),
      );
    const request = fc.oneof(
      availabilityQuery.map(
        (q) => `/api/clinics/demo/availability?${new URLSearchParams(q as Record<string, string>)}`,
      ),
      fc
        .constantFrom(
          '2026-11-24&to=2026-11-23',
          '2026-01-01&to=2026-12-31',
          '2026-11-24&to=2027-01-24',
          '2026-02-30&to=2026-03-01',
        )
        .map(
          (range) => `/api/clinics/demo/availability?serviceId=${SERVICE}&practitionerId=any&from=${range}`,
        ),
      brokenString.map((id) => `/api/clinics/demo/practitioners?${new URLSearchParams({ serviceId: id })}`),
      fc
        .string({ minLength: 1, maxLength: 40 })
        .map((clinic) => `/api/clinics/${encodeURIComponent(clinic)}x/services`),
      fc.webPath().map((path) => `/api/${path.replace(/^\//, '')}zz`),
    );
    await fc.assert(
      fc.asyncProperty(request, async (path) => {
        await expectRefused(proxy, path);
      }),
      { numRuns: RUNS },
    );
    await assertNothingWritten(proxy);
  });

  it('reached every layer of refusal, and a valid booking still books afterwards', async () => {
    for (const code of [
      'invalid_json',
      'validation_failed',
      'idempotency_key_required',
      'bad_request',
      'invalid_query',
      'not_found',
      'clinic_not_found',
    ]) {
      assert.ok(
        (seenCodes.get(code) ?? 0) > 0,
        `no request was refused with ${code}: ${JSON.stringify([...seenCodes])}`,
      );
    }
    const proxy = fuzzProxy();
    const res = await proxy.app.request('/api/clinics/demo/bookings', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Idempotency-Key': freshKey() },
      body: JSON.stringify(validBody()),
    });
    assert.equal(
      res.status,
      201,
      `the fuzzed bodies were built on a body that books: ${await res.clone().text()}`,
    );
  });
});
