/**
 * Twenty patients press "Book" for the same slot at the same moment, over real HTTP:
 * exactly one gets it (201), every other gets 409 `slot_taken` with alternatives, and the
 * practice system holds one appointment.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { availabilityResponseSchema, errorResponseSchema } from '../../shared/contract.ts';
import { DEMO_SERVICE_IDS } from '../../proxy/providers/demo/demo-data.ts';
import { bookingFor, createDemoProxy } from '../helpers/demo-proxy.ts';
import { serveApp } from '../helpers/serve-app.ts';

const SERVICE = DEMO_SERVICE_IDS.physioInitial;

describe('simultaneous bookings for one slot', () => {
  for (const practitioner of ['a named practitioner', 'any practitioner'] as const) {
    it(`lets exactly one of 20 through (${practitioner})`, async () => {
      // Rate limits off: every request comes from 127.0.0.1, and this tests the slot lock.
      const proxy = createDemoProxy({ rateLimits: false });
      const server = await serveApp(proxy.app);
      try {
        const base = `${server.origin}/api/clinics/demo`;
        const availability = await fetch(
          `${base}/availability?serviceId=${SERVICE}&practitionerId=any&from=2026-11-24&to=2026-11-24`,
        );
        const [slot] = availabilityResponseSchema.parse(await availability.json()).slots;
        assert.ok(slot);
        const responses = await Promise.all(
          Array.from({ length: 20 }, (_, i) => {
            const body = bookingFor(slot, SERVICE, {
              ...(practitioner === 'any practitioner' ? { practitionerId: 'any' } : {}),
              patient: {
                firstName: 'Racer',
                lastName: `Number${i}`,
                email: `racer${i}@example.com`,
                phone: '0400 000 002',
                dateOfBirth: '1990-01-01',
              },
            });
            return fetch(`${base}/bookings`, {
              method: 'POST',
              headers: {
                'Content-Type': 'application/json',
                'Idempotency-Key': `race-${practitioner.length}-${i}-abcdef`,
              },
              body: JSON.stringify(body),
            });
          }),
        );
        const statuses = responses.map((r) => r.status);
        const created = statuses.filter((s) => s === 201).length;
        if (practitioner === 'a named practitioner') {
          assert.equal(created, 1, `statuses: ${statuses.join(',')}`);
          for (const res of responses.filter((r) => r.status !== 201)) {
            assert.equal(res.status, 409);
            const { error } = errorResponseSchema.parse(await res.json());
            assert.equal(error.code, 'slot_taken');
            assert.ok(error.alternatives && error.alternatives.length > 0);
          }
          const appointments = (await proxy.provider.records()).appointments;
          assert.equal(appointments.length, 1);
        } else {
          // "any" books whoever is free at that time: one per free practitioner, never two for one.
          const appointments = (await proxy.provider.records()).appointments;
          assert.equal(appointments.length, created);
          assert.equal(new Set(appointments.map((a) => a.practitionerId)).size, created);
          assert.ok(
            statuses.every((s) => s === 201 || s === 409),
            statuses.join(','),
          );
        }
      } finally {
        await server.close();
      }
    });
  }
});
