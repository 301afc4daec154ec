/**
 * Credentials and patient data never leave where they belong. A proxy loaded from a clinics
 * file with `env:` secrets (as `npm start` loads one) is driven through successes and every
 * kind of failure; then every response (bodies and headers), every log line, and the built
 * widget bundle are scanned for the configured secrets and for the patient's details. None
 * may appear.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { setupServer } from 'msw/node';
import { availabilityResponseSchema, type BookingRequest } from '../../shared/contract.ts';
import { createApp } from '../../proxy/app.ts';
import { buildClinics, type Clinic } from '../../proxy/clinic.ts';
import { loadClinicsFile } from '../../proxy/config/load-config.ts';
import { createJsonLogger } from '../../proxy/logger.ts';
import { DEMO_SERVICE_IDS } from '../../proxy/providers/demo/demo-data.ts';
import type { BookingProvider } from '../../proxy/providers/provider.ts';
import { createFakeSiteverify } from '../fakes/turnstile/fake-siteverify.ts';
import { DRAWN_SIGNATURE } from '../fixtures/signature.ts';
import { FIXED_NOW } from '../helpers/demo-proxy.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const SERVICE = DEMO_SERVICE_IDS.physioInitial;

const ENV = {
  HARBOUR_TURNSTILE_SECRET: '0x4AAAAAAAharbour-turnstile-secret-91c7',
  BROKEN_TURNSTILE_SECRET: '0x4AAAAAAAbroken-turnstile-secret-5d02',
};
const SECRETS = Object.values(ENV);

const CLINICS_FILE = JSON.stringify({
  clinics: [
    {
      id: 'harbour',
      name: 'Harbourside Health',
      timezone: 'Australia/Sydney',
      allowedOrigins: ['https://www.harbourside.example'],
      provider: { type: 'demo' },
      turnstile: {
        enabled: true,
        siteKey: '0x4AAAAAAAharbour-site',
        secretKey: 'env:HARBOUR_TURNSTILE_SECRET',
      },
    },
    {
      id: 'broken',
      name: 'Broken Physio',
      timezone: 'Australia/Sydney',
      provider: { type: 'demo' },
      turnstile: {
        enabled: true,
        siteKey: '0x4AAAAAAAbroken-site',
        secretKey: 'env:BROKEN_TURNSTILE_SECRET',
      },
    },
  ],
});

const PATIENT = {
  firstName: 'Quillon',
  lastName: 'Marchetti-Vosper',
  email: 'quillon.vosper@example.net',
  phone: '0491 570 156',
  dateOfBirth: '1979-03-14',
  medicareNumber: '2953 51841 1',
  medicareIrn: '3',
  note: 'Sore left ankle after netball',
};
/** Every form in which the patient's details could leak. */
const PATIENT_TRACES = [
  PATIENT.firstName,
  PATIENT.lastName,
  PATIENT.email,
  PATIENT.phone,
  '+61491570156',
  '0491570156',
  PATIENT.dateOfBirth,
  '14/03/1979',
  PATIENT.medicareNumber,
  '2953518411',
  PATIENT.note,
  DRAWN_SIGNATURE.slice(26, 90),
];

function scan(haystack: string, what: string): void {
  for (const secret of SECRETS) assert.ok(!haystack.includes(secret), `${what} holds a secret`);
  for (const trace of PATIENT_TRACES)
    assert.ok(!haystack.includes(trace), `${what} holds patient data: ${trace}`);
}

describe('no credentials or patient data in responses, logs or the bundle', () => {
  const fake = createFakeSiteverify({ secret: ENV.HARBOUR_TURNSTILE_SECRET, now: () => FIXED_NOW.getTime() });
  const server = setupServer(...fake.handlers);
  const logs: string[] = [];
  const responses: string[] = [];
  let app: ReturnType<typeof createApp>;

  before(() => {
    server.listen({ onUnhandledRequest: 'error' });
    const { configs, secrets } = loadClinicsFile(CLINICS_FILE, ENV);
    const logger = createJsonLogger({ write: (line) => logs.push(line), minLevel: 'debug', secrets });
    const clinics = buildClinics(configs, { fetch: globalThis.fetch, now: () => FIXED_NOW, logger });
    // A third clinic whose practice system fails with the secret in its error message.
    const exploding: Clinic = {
      config: { ...configs[0]!, id: 'exploding', turnstile: undefined },
      provider: new Proxy({} as BookingProvider, {
        get: () => async () => {
          throw new Error(`request with key ${ENV.HARBOUR_TURNSTILE_SECRET} for ${PATIENT.email} failed`);
        },
      }),
    };
    app = createApp({
      clinics: [...clinics, exploding],
      logger,
      now: () => FIXED_NOW,
      clientAddress: () => '203.0.113.9',
    });
  });
  after(() => server.close());

  async function call(path: string, init?: RequestInit): Promise<Response> {
    const res = await app.request(path, init);
    const headers = [...res.headers].map(([k, v]) => `${k}: ${v}`).join('\n');
    responses.push(`${res.status} ${path}\n${headers}\n${await res.clone().text()}`);
    return res;
  }

  function book(clinicId: string, body: unknown, key: string): Promise<Response> {
    return call(`/api/clinics/${clinicId}/bookings`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Idempotency-Key': key },
      body: JSON.stringify(body),
    });
  }

  it('drives the proxy through successes and failures', async () => {
    for (const path of [
      '/api/clinics/harbour',
      '/api/clinics/harbour/bootstrap',
      '/api/clinics/harbour/services',
      `/api/clinics/harbour/practitioners?serviceId=${SERVICE}`,
    ]) {
      assert.equal((await call(path)).status, 200);
    }
    const availability = await call(
      `/api/clinics/harbour/availability?serviceId=${SERVICE}&practitionerId=any&from=2026-11-24&to=2026-11-24`,
    );
    const [slot, other] = availabilityResponseSchema.parse(await availability.json()).slots;
    const request = (token?: string, patient: Partial<typeof PATIENT> = {}): BookingRequest => ({
      serviceId: SERVICE,
      practitionerId: slot!.practitionerId,
      start: slot!.start,
      patient: { ...PATIENT, ...patient },
      waiver: { version: '1', accepted: true, signatureSvg: DRAWN_SIGNATURE },
      ...(token ? { turnstileToken: token } : {}),
    });
    const statuses = [
      (
        await book(
          'harbour',
          request(fake.issueToken({ hostname: 'www.harbourside.example' })),
          'leak-key-0001',
        )
      ).status,
      (
        await book(
          'harbour',
          request(fake.issueToken({ hostname: 'www.harbourside.example' })),
          'leak-key-0001',
        )
      ).status,
      (
        await book(
          'harbour',
          request(fake.issueToken({ hostname: 'www.harbourside.example' }), {
            email: 'other.person@example.net',
          }),
          'leak-key-0002',
        )
      ).status,
      (await book('harbour', request(), 'leak-key-0003')).status,
      (await book('harbour', request('forged-token'), 'leak-key-0004')).status,
      (
        await book(
          'harbour',
          {
            ...request(),
            patient: { ...PATIENT, email: `${PATIENT.firstName}@`, phone: `${PATIENT.phone}x` },
          },
          'leak-key-0005',
        )
      ).status,
      (await book('harbour', { ...request(), website: PATIENT.email }, 'leak-key-0006')).status,
      (
        await book(
          'broken',
          request(fake.issueToken({ hostname: 'www.harbourside.example' })),
          'leak-key-0007',
        )
      ).status,
      (await book('exploding', { ...request(), start: other!.start }, 'leak-key-0008')).status,
      (await call('/api/clinics/exploding/services')).status,
    ];
    fake.failNext('network');
    statuses.push(
      (
        await book(
          'harbour',
          request(fake.issueToken({ hostname: 'www.harbourside.example' })),
          'leak-key-0009',
        )
      ).status,
    );
    assert.deepEqual(statuses, [201, 201, 409, 403, 403, 422, 400, 502, 500, 500, 503]);
    assert.ok(logs.length > 10);
  });

  it('finds no secret or patient detail in any response', () => {
    assert.ok(responses.length >= 15);
    responses.forEach((text, i) => scan(text, `response ${i} (${text.split('\n')[0]})`));
  });

  it('finds no secret or patient detail in any log line, and every request’s lines carry its id', () => {
    logs.forEach((line, i) => scan(line, `log line ${i}`));
    const requestLines = logs
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .filter((l) => l.event !== 'upstream.request');
    for (const line of requestLines) assert.equal(typeof line.requestId, 'string', JSON.stringify(line));
  });

  it('finds no secret, patient detail or server code in the built widget bundle', async () => {
    let dist = join(root, 'dist');
    let built: string | null = null;
    if (!existsSync(join(dist, 'widget.js'))) {
      // `npm test` builds first; a lone run of this file builds into a temporary folder.
      built = mkdtempSync(join(tmpdir(), 'widget-dist-'));
      const { build } = await import('vite');
      await build({ root, logLevel: 'silent', build: { outDir: built, emptyOutDir: true } });
      dist = built;
    }
    try {
      const files = readdirSync(dist).filter((name) => name.endsWith('.js'));
      assert.ok(files.includes('widget.js'), `bundle files: ${files.join(', ')}`);
      for (const name of files) {
        const bundle = readFileSync(join(dist, name), 'utf8');
        scan(bundle, `dist/${name}`);
        for (const marker of [
          'siteverify',
          'secretKey',
          'CLINICS_CONFIG',
          'ZodError',
          'node:',
          'Authorization',
          'X-RateLimit-Reset',
          'env:',
        ]) {
          assert.ok(!bundle.includes(marker), `dist/${name} holds server code (${marker})`);
        }
      }
    } finally {
      if (built) rmSync(built, { recursive: true, force: true });
    }
  });
});
