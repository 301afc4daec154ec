import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { setupServer } from 'msw/node';
import {
  bookingResponseSchema,
  clinicResponseSchema,
  errorResponseSchema,
  type Slot,
} from '../../shared/contract.ts';
import { createFakeSiteverify, type FakeSiteverify } from '../../test/fakes/turnstile/fake-siteverify.ts';
import {
  bookingFor,
  createDemoProxy,
  newKey,
  postBooking,
  type DemoProxy,
} from '../../test/helpers/demo-proxy.ts';
import { clinicConfigSchema } from '../config/clinic-config.ts';
import { DEMO_CLINIC } from '../config/demo-clinic.ts';
import { ApiError } from '../http/api-error.ts';
import { CachingProvider } from '../providers/caching-provider.ts';
import { DemoProvider } from '../providers/demo/demo-provider.ts';
import type { BookingProvider } from '../providers/provider.ts';
import { DEMO_SERVICE_IDS } from '../providers/demo/demo-data.ts';
import { FIXED_NOW } from '../../test/helpers/demo-proxy.ts';

const SERVICE = DEMO_SERVICE_IDS.physioInitial;
const SECRET = 'turnstile-secret-0x4AAA-do-not-leak';
const SITE = 'www.harbourside.example';
const TURNSTILE_CLINIC = {
  allowedOrigins: [`https://${SITE}`],
  turnstile: { enabled: true, siteKey: '0x4AAAAAAAB-sitekey', secretKey: SECRET },
};

async function firstSlot(proxy: DemoProxy): Promise<Slot> {
  const res = await proxy.app.request(
    `/api/clinics/demo/availability?serviceId=${SERVICE}&practitionerId=any&from=2026-11-24&to=2026-11-24`,
  );
  return ((await res.json()) as { slots: Slot[] }).slots[0]!;
}

async function errorOf(res: Response) {
  return errorResponseSchema.parse(await res.json()).error;
}

describe('the honeypot', () => {
  for (const filled of ['https://spam.example', ' ', 42, { a: 1 }, true]) {
    it(`refuses a booking whose hidden field holds ${JSON.stringify(filled)}, without saying why, and books nothing`, async () => {
      const proxy = createDemoProxy();
      const slot = await firstSlot(proxy);
      const res = await postBooking(proxy.app, { ...bookingFor(slot, SERVICE), website: filled });
      assert.equal(res.status, 400);
      const text = await res.text();
      const { error } = errorResponseSchema.parse(JSON.parse(text));
      assert.equal(error.code, 'bad_request');
      assert.equal(error.fields, undefined);
      assert.doesNotMatch(text, /website|honeypot|bot|hidden/i);
      assert.equal((await proxy.provider.records()).patients.length, 0);
      assert.equal((await proxy.provider.records()).appointments.length, 0);
      assert.ok(proxy.logs.some((line) => line.includes('"event":"booking.honeypot"')));
    });
  }

  it('gives a bot no field messages either, even when the rest of the body is junk', async () => {
    const res = await postBooking(createDemoProxy().app, { website: 'x', patient: { email: 'nope' } });
    assert.equal(res.status, 400);
    assert.equal((await errorOf(res)).fields, undefined);
  });

  it('lets a person’s booking through with the field empty', async () => {
    const proxy = createDemoProxy();
    const res = await postBooking(proxy.app, { ...bookingFor(await firstSlot(proxy), SERVICE), website: '' });
    assert.equal(res.status, 201);
  });
});

describe('Cloudflare Turnstile', () => {
  let fake: FakeSiteverify;
  const server = setupServer();
  before(() => server.listen({ onUnhandledRequest: 'error' }));
  after(() => server.close());
  beforeEach(() => {
    fake = createFakeSiteverify({ secret: SECRET, now: () => FIXED_NOW.getTime() });
    server.resetHandlers(...fake.handlers);
  });

  it('tells the widget the site key (never the secret) only when the clinic enables it', async () => {
    const on = await createDemoProxy({}, TURNSTILE_CLINIC).app.request('/api/clinics/demo');
    const text = await on.text();
    assert.deepEqual(clinicResponseSchema.parse(JSON.parse(text)).clinic.turnstile, {
      siteKey: '0x4AAAAAAAB-sitekey',
    });
    assert.ok(!text.includes(SECRET));
    const off = await createDemoProxy(
      {},
      { turnstile: { ...TURNSTILE_CLINIC.turnstile, enabled: false } },
    ).app.request('/api/clinics/demo/bootstrap');
    assert.equal(clinicResponseSchema.parse(await off.json()).clinic.turnstile, undefined);
    const none = await createDemoProxy().app.request('/api/clinics/demo');
    assert.equal(clinicResponseSchema.parse(await none.json()).clinic.turnstile, undefined);
  });

  it('books with a good token, after checking it with Cloudflare', async () => {
    const proxy = createDemoProxy({ clientAddress: () => '203.0.113.5' }, TURNSTILE_CLINIC);
    const token = fake.issueToken({ hostname: SITE });
    const res = await postBooking(proxy.app, {
      ...bookingFor(await firstSlot(proxy), SERVICE),
      turnstileToken: token,
    });
    assert.equal(res.status, 201);
    assert.equal(fake.calls.length, 1);
    assert.equal(fake.calls[0]!.secret, SECRET);
    assert.equal(fake.calls[0]!.response, token);
    assert.equal(fake.calls[0]!.remoteip, '203.0.113.5');
    assert.match(
      fake.calls[0]!.idempotencyKey ?? '',
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
  });

  for (const [name, tokenOf] of [
    ['no token', () => undefined],
    ['a forged token', () => 'forged-token'],
    ['a token solved on another site', (f: FakeSiteverify) => f.issueToken({ hostname: 'evil.example' })],
    ['a token for another action', (f: FakeSiteverify) => f.issueToken({ hostname: SITE, action: 'login' })],
  ] as const) {
    it(`refuses ${name} with 403 challenge_failed and writes nothing`, async () => {
      const proxy = createDemoProxy({}, TURNSTILE_CLINIC);
      const token = tokenOf(fake);
      const res = await postBooking(proxy.app, {
        ...bookingFor(await firstSlot(proxy), SERVICE),
        ...(token ? { turnstileToken: token } : {}),
      });
      assert.equal(res.status, 403);
      assert.equal((await errorOf(res)).code, 'challenge_failed');
      assert.equal((await proxy.provider.records()).patients.length, 0);
      assert.equal((await proxy.provider.records()).appointments.length, 0);
    });
  }

  it('refuses a token already spent on another booking', async () => {
    const proxy = createDemoProxy({}, TURNSTILE_CLINIC);
    const token = fake.issueToken({ hostname: SITE });
    const slot = await firstSlot(proxy);
    assert.equal(
      (await postBooking(proxy.app, { ...bookingFor(slot, SERVICE), turnstileToken: token })).status,
      201,
    );
    const other = bookingFor(slot, SERVICE, {
      patient: {
        firstName: 'Sam',
        lastName: 'Lee',
        email: 'sam@example.com',
        phone: '0400 000 001',
        dateOfBirth: '1990-01-01',
      },
    });
    const res = await postBooking(proxy.app, { ...other, turnstileToken: token });
    assert.equal(res.status, 403);
    assert.equal((await proxy.provider.records()).patients.length, 1);
  });

  it('answers a repeat of a finished booking without spending the token again', async () => {
    const proxy = createDemoProxy({}, TURNSTILE_CLINIC);
    const body = {
      ...bookingFor(await firstSlot(proxy), SERVICE),
      turnstileToken: fake.issueToken({ hostname: SITE }),
    };
    const key = newKey();
    const first = await postBooking(proxy.app, body, key);
    const second = await postBooking(proxy.app, body, key);
    assert.equal(second.status, 201);
    assert.equal(
      bookingResponseSchema.parse(await second.json()).booking.id,
      bookingResponseSchema.parse(await first.json()).booking.id,
    );
    assert.equal(fake.calls.length, 1);
  });

  it('completes a retry whose first attempt failed after the check, with the same token', async () => {
    const config = clinicConfigSchema.parse({ ...DEMO_CLINIC, ...TURNSTILE_CLINIC });
    const demo = new DemoProvider({ timezone: config.timezone, now: () => FIXED_NOW });
    let failures = 1;
    const flaky: BookingProvider = {
      getCatalogue: () => demo.getCatalogue(),
      getAvailability: (request) => demo.getAvailability(request),
      findOrCreatePatient: async (patient) => {
        if (failures-- > 0)
          throw new ApiError(503, 'upstream_unavailable', 'down', { headers: { 'Retry-After': '1' } });
        return demo.findOrCreatePatient(patient);
      },
      findAppointment: (lookup) => demo.findAppointment(lookup),
      createAppointment: (input) => demo.createAppointment(input),
      storeWaiver: (signed) => demo.storeWaiver(signed),
      getAppointment: (id) => demo.getAppointment(id),
      moveAppointment: (appointment, move) => demo.moveAppointment(appointment, move),
      cancelAppointment: (appointment, cancellation) => demo.cancelAppointment(appointment, cancellation),
    };
    const proxy = createDemoProxy({
      clinics: [
        {
          config,
          provider: new CachingProvider(flaky, { timezone: config.timezone, now: () => FIXED_NOW.getTime() }),
        },
      ],
    });
    const body = {
      ...bookingFor(await firstSlot(proxy), SERVICE),
      turnstileToken: fake.issueToken({ hostname: SITE }),
    };
    const key = newKey();
    assert.equal((await postBooking(proxy.app, body, key)).status, 503);
    assert.equal((await postBooking(proxy.app, body, key)).status, 201);
    assert.equal(fake.calls.length, 2);
    assert.equal(fake.calls[0]!.idempotencyKey, fake.calls[1]!.idempotencyKey);
    assert.equal((await demo.records()).appointments.length, 1);
  });

  for (const failure of ['network', 'http-500', 'internal-error'] as const) {
    it(`fails closed when Cloudflare cannot answer (${failure}): 503 with Retry-After, nothing written`, async () => {
      const proxy = createDemoProxy({}, TURNSTILE_CLINIC);
      fake.failNext(failure);
      const res = await postBooking(proxy.app, {
        ...bookingFor(await firstSlot(proxy), SERVICE),
        turnstileToken: fake.issueToken({ hostname: SITE }),
      });
      assert.equal(res.status, 503);
      assert.equal((await errorOf(res)).code, 'upstream_unavailable');
      assert.ok(Number(res.headers.get('Retry-After')) >= 1);
      assert.equal((await proxy.provider.records()).patients.length, 0);
    });
  }

  it('tells the operator, not the patient, when the clinic’s secret is wrong', async () => {
    const proxy = createDemoProxy(
      {},
      { ...TURNSTILE_CLINIC, turnstile: { ...TURNSTILE_CLINIC.turnstile, secretKey: 'wrong-secret-value' } },
    );
    const res = await postBooking(proxy.app, {
      ...bookingFor(await firstSlot(proxy), SERVICE),
      turnstileToken: fake.issueToken({ hostname: SITE }),
    });
    assert.equal(res.status, 502);
    const text = await res.text();
    assert.ok(!text.includes('secret'));
    assert.ok(proxy.logs.some((line) => line.includes('"event":"turnstile.misconfigured"')));
    assert.ok(!proxy.logs.join('\n').includes('wrong-secret-value'));
    assert.equal((await proxy.provider.records()).patients.length, 0);
  });
});
