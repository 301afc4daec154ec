import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SOURCE_KEYS } from '../../shared/booking-source.ts';
import {
  availabilityResponseSchema,
  bookingRequestSchema,
  bookingSourceSchema,
  errorResponseSchema,
  type Slot,
} from '../../shared/contract.ts';
import { bookingFor, createDemoProxy, postBooking, type DemoProxy } from '../../test/helpers/demo-proxy.ts';
import { DEMO_PRACTITIONERS, DEMO_SERVICE_IDS } from '../providers/demo/demo-data.ts';

const service = DEMO_SERVICE_IDS.physioInitial;

async function firstSlot(proxy: DemoProxy): Promise<Slot> {
  const res = await proxy.app.request(
    `/api/clinics/demo/availability?serviceId=${service}&practitionerId=${DEMO_PRACTITIONERS[0]!.id}&from=2026-11-24&to=2026-11-30`,
  );
  const [slot] = availabilityResponseSchema.parse(await res.json()).slots;
  assert.ok(slot);
  return slot;
}

const FULL_SOURCE = {
  utm_source: 'google',
  utm_medium: 'cpc',
  utm_campaign: 'knee-pain-spring',
  utm_term: 'physio near me',
  utm_content: 'ad 2',
  gclid: 'Cj0KCQiA-abc_123',
  fbclid: 'IwAR2xyz',
  referrer: 'https://www.google.com',
  landingPath: '/physio/book',
};

describe('booking request: source and marketing consent', () => {
  it('names exactly the keys the widget may send', () => {
    assert.deepEqual(Object.keys(bookingSourceSchema.shape).sort(), [...SOURCE_KEYS].sort());
  });

  it('takes every source key, trimmed, and the consent answer', () => {
    const slot = { start: '2026-11-25T10:00:00+11:00', end: '', practitionerId: '1' };
    const parsed = bookingRequestSchema.parse(
      bookingFor(slot, service, {
        source: { ...FULL_SOURCE, utm_source: '  google ' },
        marketingConsent: true,
      }),
    );
    assert.deepEqual(parsed.source, FULL_SOURCE);
    assert.equal(parsed.marketingConsent, true);
    const without = bookingRequestSchema.parse(bookingFor(slot, service));
    assert.equal(without.source, undefined);
    assert.equal(without.marketingConsent, undefined);
  });

  it('books with a source and consent', async () => {
    const proxy = createDemoProxy();
    const slot = await firstSlot(proxy);
    const res = await postBooking(
      proxy.app,
      bookingFor(slot, service, { source: FULL_SOURCE, marketingConsent: false }),
    );
    assert.equal(res.status, 201);
  });

  const bad: [string, unknown, string][] = [
    ['an unknown key', { ...FULL_SOURCE, email: 'jordan@example.com' }, 'source'],
    ['a value over 200 characters', { utm_campaign: 'x'.repeat(201) }, 'source.utm_campaign'],
    ['an empty value', { utm_term: '   ' }, 'source.utm_term'],
    ['a number', { gclid: 42 }, 'source.gclid'],
    ['a control character', { utm_source: 'goo\u0000gle' }, 'source.utm_source'],
    ['a referrer with a path', { referrer: 'https://www.google.com/search?q=physio' }, 'source.referrer'],
    ['a referrer that is no URL', { referrer: 'google' }, 'source.referrer'],
    ['a javascript: referrer', { referrer: 'javascript:alert(1)' }, 'source.referrer'],
    ['a landing path with a query', { landingPath: '/book?email=a@b.c' }, 'source.landingPath'],
    ['a landing path that is a URL', { landingPath: 'https://evil.example/' }, 'source.landingPath'],
    ['a protocol-relative landing path', { landingPath: '//evil.example/' }, 'source.landingPath'],
    ['a source that is not an object', 'google', 'source'],
  ];
  for (const [name, source, field] of bad) {
    it(`answers 400 bad_request naming ${field} for ${name}, and books nothing`, async () => {
      const proxy = createDemoProxy();
      const slot = await firstSlot(proxy);
      const res = await postBooking(proxy.app, { ...bookingFor(slot, service), source });
      assert.equal(res.status, 400);
      const { error } = errorResponseSchema.parse(await res.json());
      assert.equal(error.code, 'bad_request');
      assert.ok(error.fields?.[field], JSON.stringify(error.fields));
      assert.equal((await proxy.provider.records()).appointments.length, 0);
    });
  }

  it('answers 400 for a consent that is not true or false, even when the patient also has fixing to do', async () => {
    const proxy = createDemoProxy();
    const slot = await firstSlot(proxy);
    const body = {
      ...bookingFor(slot, service, { patient: { ...bookingFor(slot, service).patient, email: 'nope' } }),
      marketingConsent: 'yes',
    };
    const res = await postBooking(proxy.app, body);
    assert.equal(res.status, 400);
    const { error } = errorResponseSchema.parse(await res.json());
    assert.equal(error.code, 'bad_request');
    assert.deepEqual(Object.keys(error.fields ?? {}), ['marketingConsent']);
  });
});
