import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { testServer } from '../../../test/helpers/msw-server.ts';
import { http, HttpResponse } from 'msw';
import { ApiError } from '../../http/api-error.ts';
import { createJsonLogger } from '../../logger.ts';
import { UpstreamClient } from '../../upstream/upstream-client.ts';
import { FhirClient } from './fhir-client.ts';
import { patientSchema } from './fhir-types.ts';
import { HalaxyTokenManager } from './token-manager.ts';

const BASE = 'https://au-api.halaxy.com/main';
const server = testServer();

function client(pageCap?: number) {
  const logs: string[] = [];
  const logger = createJsonLogger({ write: (l) => logs.push(l), minLevel: 'debug' });
  const common = {
    system: 'halaxy',
    clinicId: 'c1',
    fetch: (i: RequestInfo | URL, o?: RequestInit) => fetch(i, o),
    logger,
    headers: { Accept: 'application/fhir+json', 'User-Agent': 'T (t@example.test)' },
    sleep: async () => {},
  };
  let issued = 0;
  server.use(
    http.post(`${BASE}/oauth/token`, () =>
      HttpResponse.json({ access_token: `t${++issued}`, expires_in: 3600 }),
    ),
  );
  const tokens = new HalaxyTokenManager({
    upstream: new UpstreamClient({ ...common, auth: { headers: async () => ({}) } }),
    tokenUrl: `${BASE}/oauth/token`,
    clientId: 'id',
    clientSecret: 'secret',
    clinicId: 'c1',
    logger,
    now: () => 0,
  });
  const fhir = new FhirClient({
    upstream: new UpstreamClient({ ...common, auth: tokens }),
    baseUrl: BASE,
    tokens,
    logger,
    clinicId: 'c1',
    ...(pageCap ? { pageCap } : {}),
  });
  return { fhir, logs, issued: () => issued };
}

const patient = (id: string) => ({ resourceType: 'Patient', id, birthDate: '1990-01-01' });
const stray = {
  resource: { resourceType: 'OperationOutcome', issue: [{ severity: 'warning', code: 'informational' }] },
};

async function rejectsWith(promise: Promise<unknown>, status: number, code: string) {
  await assert.rejects(
    promise,
    (error: unknown) => error instanceof ApiError && error.status === status && error.code === code,
  );
}

describe('FhirClient', () => {
  it('encodes query values with URLSearchParams, so "+" travels as %2B', async () => {
    let raw = '';
    server.use(
      http.get(`${BASE}/Patient`, ({ request }) => {
        raw = new URL(request.url).search;
        return HttpResponse.json({ resourceType: 'Bundle', entry: [] });
      }),
    );
    const { fhir } = client();
    await fhir.search(
      'Patient',
      {
        email: 'jane+test@example.com',
        date: ['ge2026-11-24T00:00:00+11:00', 'lt2026-11-25T00:00:00+11:00'],
      },
      { operation: 't', resourceTypes: ['Patient'], schema: patientSchema },
    );
    assert.equal(
      raw,
      '?email=jane%2Btest%40example.com&date=ge2026-11-24T00%3A00%3A00%2B11%3A00&date=lt2026-11-25T00%3A00%3A00%2B11%3A00',
    );
  });

  it('follows next links across pages, keeps only the asked-for resource type, and stays on the configured host', async () => {
    const pages: string[] = [];
    server.use(
      http.get(`${BASE}/Patient`, ({ request }) => {
        const url = new URL(request.url);
        const page = url.searchParams.get('page') ?? '1';
        pages.push(page);
        const next =
          page === '3'
            ? []
            : [{ relation: 'next', url: `https://elsewhere.example/main/Patient?page=${Number(page) + 1}` }];
        return HttpResponse.json({
          resourceType: 'Bundle',
          link: [{ relation: 'self', url: 'x' }, ...next],
          entry: [stray, { resource: patient(`p${page}`) }, { resource: { resourceType: 'Patient' } }],
        });
      }),
    );
    const { fhir, logs } = client();
    const found = await fhir.search(
      'Patient',
      {},
      { operation: 't', resourceTypes: ['Patient'], schema: patientSchema },
    );
    assert.deepEqual(
      found.map((p) => p.id),
      ['p1', 'p2', 'p3'],
    );
    assert.deepEqual(pages, ['1', '2', '3']);
    assert.ok(
      logs.some((l) => l.includes('halaxy.entries_skipped') && l.includes('"count":3')),
      'a malformed Patient is skipped and logged',
    );
  });

  it('stops at the page cap, and at a link outside the API’s path', async () => {
    server.use(
      http.get(`${BASE}/Patient`, ({ request }) => {
        const page = Number(new URL(request.url).searchParams.get('page') ?? 1);
        return HttpResponse.json({
          resourceType: 'Bundle',
          link: [{ relation: 'next', url: `${BASE}/Patient?page=${page + 1}` }],
          entry: [{ resource: patient(`p${page}`) }],
        });
      }),
    );
    const capped = client(3);
    assert.equal(
      (
        await capped.fhir.search(
          'Patient',
          {},
          { operation: 't', resourceTypes: ['Patient'], schema: patientSchema },
        )
      ).length,
      3,
    );
    assert.ok(capped.logs.some((l) => l.includes('halaxy.page_cap')));

    server.use(
      http.get(`${BASE}/Practitioner`, () =>
        HttpResponse.json({
          resourceType: 'Bundle',
          link: [{ relation: 'next', url: 'https://evil.example/steal?page=2' }],
          entry: [{ resource: patient('only') }],
        }),
      ),
    );
    const { fhir } = client();
    assert.equal(
      (
        await fhir.search(
          'Practitioner',
          {},
          { operation: 't', resourceTypes: ['Patient'], schema: patientSchema },
        )
      ).length,
      1,
    );
  });

  it('maps OperationOutcome refusals to patient-safe errors, with a hook for specific ones', async () => {
    server.use(
      http.post(`${BASE}/Patient`, () =>
        HttpResponse.json(
          {
            resourceType: 'OperationOutcome',
            issue: [{ severity: 'error', code: 'invalid', diagnostics: 'jane@example.com is not valid' }],
          },
          { status: 422 },
        ),
      ),
    );
    const { fhir, logs } = client();
    await assert.rejects(
      fhir.post('Patient', {}, { operation: 't', schema: patientSchema }),
      (error: unknown) => {
        assert.ok(error instanceof ApiError);
        assert.equal(error.status, 502);
        assert.doesNotMatch(error.message, /jane/);
        return true;
      },
    );
    assert.ok(logs.some((l) => l.includes('"issues":"invalid"')));
    assert.ok(
      !logs.join('').includes('jane@example.com'),
      'diagnostics may hold patient data and are not logged',
    );
    await rejectsWith(
      fhir.post(
        'Patient',
        {},
        {
          operation: 't',
          schema: patientSchema,
          refusal: (status) => (status === 422 ? new ApiError(409, 'slot_taken', 'taken') : null),
        },
      ),
      409,
      'slot_taken',
    );
  });

  it('renews the token once when Halaxy reports it expired on another status', async () => {
    let calls = 0;
    server.use(
      http.get(`${BASE}/Patient`, () => {
        calls += 1;
        return calls === 1
          ? HttpResponse.json(
              { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'expired' }] },
              { status: 400 },
            )
          : HttpResponse.json({ resourceType: 'Bundle', entry: [{ resource: patient('1') }] });
      }),
    );
    const { fhir, issued } = client();
    assert.equal(
      (
        await fhir.search(
          'Patient',
          {},
          { operation: 't', resourceTypes: ['Patient'], schema: patientSchema },
        )
      ).length,
      1,
    );
    assert.equal(calls, 2);
    assert.equal(issued(), 2);
  });

  it('refuses an answer that is not a Bundle', async () => {
    server.use(http.get(`${BASE}/Patient`, () => HttpResponse.json({ resourceType: 'Patient', id: '1' })));
    const { fhir } = client();
    await rejectsWith(
      fhir.search('Patient', {}, { operation: 't', resourceTypes: ['Patient'], schema: patientSchema }),
      502,
      'upstream_error',
    );
  });
});
