import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  bootstrapResponseSchema,
  clinicResponseSchema,
  errorResponseSchema,
  practitionersResponseSchema,
  servicesResponseSchema,
} from '../../shared/contract.ts';
import { createDemoProxy } from '../../test/helpers/demo-proxy.ts';
import { DEMO_SERVICE_IDS } from '../providers/demo/demo-data.ts';

describe('GET /healthz', () => {
  it('answers ok', async () => {
    const res = await createDemoProxy().app.request('/healthz');
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { ok: true });
  });

  it('may be read from any origin, so a widget the clinic refuses can tell that the proxy is up', async () => {
    const res = await createDemoProxy().app.request('/healthz', {
      headers: { Origin: 'https://evil.example' },
    });
    assert.equal(res.headers.get('Access-Control-Allow-Origin'), '*');
    assert.deepEqual(await res.json(), { ok: true }, 'and says nothing but that');
  });
});

describe('GET /api/clinics/:clinicId', () => {
  it('gives the demo clinic profile with timezone, waiver and policy', async () => {
    const res = await createDemoProxy().app.request('/api/clinics/demo');
    assert.equal(res.status, 200);
    const { clinic } = clinicResponseSchema.parse(await res.json());
    assert.equal(clinic.id, 'demo');
    assert.equal(clinic.timezone, 'Australia/Sydney');
    assert.ok(clinic.waiver.text.length > 100);
    assert.equal(clinic.waiver.version, '1');
    assert.deepEqual(clinic.policy, { minNoticeMinutes: 120, maxDaysAhead: 60 });
  });

  it('offers the marketing consent box only when the clinic enables it, with its words or the default', async () => {
    const label = async (marketingConsent?: unknown) => {
      const proxy = createDemoProxy({}, { marketingConsent });
      const { clinic } = clinicResponseSchema.parse(
        await (await proxy.app.request('/api/clinics/demo')).json(),
      );
      const { clinic: boot } = bootstrapResponseSchema.parse(
        await (await proxy.app.request('/api/clinics/demo/bootstrap')).json(),
      );
      assert.deepEqual(boot.marketingConsent, clinic.marketingConsent, 'the bootstrap says the same');
      return clinic.marketingConsent;
    };
    assert.deepEqual(await label({ enabled: true }), {
      label: 'Send me news and offers from Harbourside Health',
    });
    assert.deepEqual(await label({ enabled: true, label: '  Email me the clinic’s newsletter ' }), {
      label: 'Email me the clinic’s newsletter',
    });
    assert.equal(await label({ enabled: false, label: 'Unused' }), undefined);
    assert.equal(await label({ label: 'Off unless enabled' }), undefined);
    assert.equal(await label(undefined), undefined);
  });

  it('answers 404 clinic_not_found for an unknown clinic, on every clinic path', async () => {
    const { app } = createDemoProxy();
    for (const path of [
      '/api/clinics/nope',
      '/api/clinics/nope/services',
      '/api/clinics/nope/availability',
    ]) {
      const res = await app.request(path);
      assert.equal(res.status, 404, path);
      const body = errorResponseSchema.parse(await res.json());
      assert.equal(body.error.code, 'clinic_not_found');
    }
  });

  it('answers unknown paths with a JSON 404', async () => {
    const res = await createDemoProxy().app.request('/api/nothing-here');
    assert.equal(res.status, 404);
    assert.equal(errorResponseSchema.parse(await res.json()).error.code, 'not_found');
  });
});

describe('GET /api/clinics/:clinicId/services', () => {
  it('lists at least 3 categories and 6 services with string ids, durations and prices', async () => {
    const res = await createDemoProxy().app.request('/api/clinics/demo/services');
    assert.equal(res.status, 200);
    const { categories } = servicesResponseSchema.parse(await res.json());
    assert.ok(categories.length >= 3);
    const services = categories.flatMap((c) => c.services);
    assert.ok(services.length >= 6);
    for (const service of services) {
      assert.match(service.id, /^\d{19}$/);
      assert.ok(service.durationMinutes > 0);
      assert.equal(service.price?.currency, 'AUD');
    }
    assert.deepEqual(
      categories.map((c) => c.name),
      ['Physiotherapy', 'Remedial massage', 'Psychology', 'Podiatry'],
    );
  });
});

describe('GET /api/clinics/:clinicId/practitioners', () => {
  it('lists only the practitioners who offer the service', async () => {
    const res = await createDemoProxy().app.request(
      `/api/clinics/demo/practitioners?serviceId=${DEMO_SERVICE_IDS.massage60}`,
    );
    assert.equal(res.status, 200);
    const { practitioners } = practitionersResponseSchema.parse(await res.json());
    assert.deepEqual(
      practitioners.map((p) => p.name),
      ["Grace O'Connor"],
    );
    assert.equal(practitioners[0]?.title, 'Remedial massage therapist');
  });

  it('lists everyone without a serviceId', async () => {
    const res = await createDemoProxy().app.request('/api/clinics/demo/practitioners');
    const { practitioners } = practitionersResponseSchema.parse(await res.json());
    assert.ok(practitioners.length >= 4);
  });

  it('answers 404 service_not_found for an unknown service', async () => {
    const res = await createDemoProxy().app.request('/api/clinics/demo/practitioners?serviceId=123');
    assert.equal(res.status, 404);
    assert.equal(errorResponseSchema.parse(await res.json()).error.code, 'service_not_found');
  });

  it('answers 400 for a malformed serviceId', async () => {
    const res = await createDemoProxy().app.request('/api/clinics/demo/practitioners?serviceId=%3Cscript%3E');
    assert.equal(res.status, 400);
    const body = errorResponseSchema.parse(await res.json());
    assert.equal(body.error.code, 'invalid_query');
    assert.ok(body.error.fields?.serviceId);
  });
});

describe('GET /api/clinics/:clinicId/bootstrap', () => {
  it('gives the profile, the categories and who offers what, in one answer', async () => {
    const res = await createDemoProxy().app.request('/api/clinics/demo/bootstrap');
    assert.equal(res.status, 200);
    const body = bootstrapResponseSchema.parse(await res.json());
    assert.equal(body.clinic.id, 'demo');
    assert.equal(body.categories.length, 4);
    const grace = body.practitioners.find((p) => p.name === "Grace O'Connor");
    assert.deepEqual(grace?.serviceIds, [DEMO_SERVICE_IDS.massage30, DEMO_SERVICE_IDS.massage60]);
  });
});

describe('HTTP caching', () => {
  for (const path of [
    '/api/clinics/demo',
    '/api/clinics/demo/bootstrap',
    '/api/clinics/demo/services',
    '/api/clinics/demo/practitioners',
  ]) {
    it(`lets browsers cache ${path} and revalidate it with a 304`, async () => {
      const { app } = createDemoProxy();
      const first = await app.request(path);
      assert.match(first.headers.get('Cache-Control') ?? '', /max-age=60/);
      const tag = first.headers.get('ETag');
      assert.ok(tag);
      const again = await app.request(path, { headers: { 'If-None-Match': tag } });
      assert.equal(again.status, 304);
      assert.equal(await again.text(), '');
    });
  }

  it('lets browsers keep availability only to revalidate it before every use', async () => {
    const { app } = createDemoProxy();
    const path = `/api/clinics/demo/availability?serviceId=${DEMO_SERVICE_IDS.massage30}&practitionerId=any&from=2026-11-24&to=2026-11-25`;
    const res = await app.request(path);
    assert.equal(res.headers.get('Cache-Control'), 'no-cache');
    const again = await app.request(path, { headers: { 'If-None-Match': res.headers.get('ETag')! } });
    assert.equal(again.status, 304);
  });
});
