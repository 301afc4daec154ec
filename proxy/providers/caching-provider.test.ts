import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CachingProvider } from './caching-provider.ts';
import { DemoProvider } from './demo/demo-provider.ts';
import { DEMO_PRACTITIONERS, DEMO_SERVICE_IDS } from './demo/demo-data.ts';
import type { AvailabilityRequest, BookingProvider } from './provider.ts';

const timezone = 'Australia/Sydney';
const now = new Date('2026-11-22T22:00:00Z');
const aisha = DEMO_PRACTITIONERS[0]!.id;

/** Counts calls into the wrapped provider: the "upstream" of the cache. */
function counted(inner: BookingProvider) {
  const calls = { catalogue: 0, availability: 0 };
  const provider: BookingProvider = {
    getCatalogue: () => (calls.catalogue++, inner.getCatalogue()),
    getAvailability: (r) => (calls.availability++, inner.getAvailability(r)),
    findOrCreatePatient: (p) => inner.findOrCreatePatient(p),
    findAppointment: (l) => inner.findAppointment(l),
    createAppointment: (i) => inner.createAppointment(i),
    storeWaiver: (s) => inner.storeWaiver(s),
    getAppointment: (id) => inner.getAppointment(id),
    moveAppointment: (a, m) => inner.moveAppointment(a, m),
    cancelAppointment: (a, c) => inner.cancelAppointment(a, c),
  };
  return { provider, calls };
}

const request: AvailabilityRequest = {
  serviceId: DEMO_SERVICE_IDS.physioFollowUp,
  durationMinutes: 30,
  practitionerIds: [aisha],
  fromDate: '2026-11-24',
  toDate: '2026-11-30',
  timezone,
};

describe('CachingProvider', () => {
  it('shares one upstream call between identical concurrent requests and caches it', async () => {
    let clock = now.getTime();
    const { provider, calls } = counted(new DemoProvider({ timezone, now: () => now }));
    const cache = new CachingProvider(provider, { timezone, now: () => clock });
    await Promise.all([
      cache.getCatalogue(),
      cache.getCatalogue(),
      cache.getAvailability(request),
      cache.getAvailability(request),
    ]);
    await cache.getAvailability(request);
    assert.deepEqual(calls, { catalogue: 1, availability: 1 });
    clock += 31_000;
    await Promise.all([cache.getCatalogue(), cache.getAvailability(request)]);
    assert.deepEqual(calls, { catalogue: 1, availability: 2 });
    clock += 5 * 60_000;
    await cache.getCatalogue();
    assert.equal(calls.catalogue, 2);
  });

  it('always asks upstream for a fresh re-check', async () => {
    const { provider, calls } = counted(new DemoProvider({ timezone, now: () => now }));
    const cache = new CachingProvider(provider, { timezone, now: () => now.getTime() });
    await cache.getAvailability(request);
    await cache.getAvailability({ ...request, fresh: true });
    assert.equal(calls.availability, 2);
  });

  it('drops the booked practitioner’s cached day after a booking, and nothing else', async () => {
    const demo = new DemoProvider({ timezone, now: () => now });
    const { provider, calls } = counted(demo);
    const cache = new CachingProvider(provider, { timezone, now: () => now.getTime() });
    const [slot] = await cache.getAvailability(request);
    const otherWeek = { ...request, fromDate: '2026-12-01', toDate: '2026-12-07' };
    await cache.getAvailability(otherWeek);
    const patient = await cache.findOrCreatePatient({
      firstName: 'A',
      lastName: 'B',
      email: 'a@b.example',
      phone: '+61412345678',
      dateOfBirth: '1990-01-01',
    });
    await cache.createAppointment({
      patientId: patient.id,
      practitionerId: aisha,
      serviceId: request.serviceId,
      start: slot!.start,
      end: slot!.end,
    });
    const after = await cache.getAvailability(request);
    await cache.getAvailability(otherWeek);
    assert.equal(calls.availability, 3);
    assert.ok(!after.some((s) => s.start.getTime() === slot!.start.getTime()));
  });

  it('does not cache failures', async () => {
    let fail = true;
    const demo = new DemoProvider({ timezone, now: () => now });
    const flaky: BookingProvider = {
      ...counted(demo).provider,
      getCatalogue: () => (fail ? Promise.reject(new Error('down')) : demo.getCatalogue()),
    };
    const cache = new CachingProvider(flaky, { timezone, now: () => now.getTime() });
    await assert.rejects(cache.getCatalogue());
    fail = false;
    assert.ok((await cache.getCatalogue()).categories.length > 0);
  });
});
