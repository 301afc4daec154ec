/** Catalogue and availability: what every provider offers the widget's first steps. */
import assert from 'node:assert/strict';
import {
  errorResponseSchema,
  practitionersResponseSchema,
  servicesResponseSchema,
  type BootstrapResponse,
} from '../../../shared/contract.ts';
import { toClinicIso } from '../../../proxy/time/clinic-time.ts';
import type { ConformanceClinic, Scenario } from '../conformance.ts';

/** The practitioners as `/practitioners` lists them: without who offers what. */
function listed(practitioners: BootstrapResponse['practitioners']) {
  return practitioners.map(({ serviceIds: _serviceIds, ...practitioner }) => practitioner);
}

async function serviceDuration({ api, fixture }: ConformanceClinic): Promise<number> {
  const service = (await api.bootstrap()).categories
    .flatMap((c) => c.services)
    .find((s) => s.id === fixture.serviceId);
  assert.ok(service, `the catalogue lists service ${fixture.serviceId}`);
  return service.durationMinutes;
}

export const catalogueScenarios: Scenario[] = [
  {
    name: 'lists services by category and who offers each, the same on every catalogue route',
    async run({ api, fixture }) {
      const bootstrap = await api.bootstrap();
      const services = bootstrap.categories.flatMap((c) => c.services);
      assert.ok(bootstrap.categories.length > 0);
      assert.ok(
        bootstrap.categories.every((c) => c.services.length > 0),
        'no empty category',
      );
      assert.equal(new Set(services.map((s) => s.id)).size, services.length, 'service ids are unique');
      assert.ok(services.every((s) => s.name.length > 0 && s.durationMinutes > 0));
      const ids = new Set(services.map((s) => s.id));
      assert.equal(new Set(bootstrap.practitioners.map((p) => p.id)).size, bootstrap.practitioners.length);
      for (const p of bootstrap.practitioners)
        assert.ok(
          p.serviceIds.every((id) => ids.has(id)),
          `${p.name} offers only listed services`,
        );
      assert.ok(ids.has(fixture.serviceId));
      const offering = bootstrap.practitioners.filter((p) => p.serviceIds.includes(fixture.serviceId));
      assert.ok(offering.length >= 2, 'two practitioners offer the service');
      assert.equal(offering.find((p) => p.id === fixture.practitionerId)?.name, fixture.practitionerName);

      const servicesRes = await api.get('/services');
      assert.equal(servicesRes.status, 200);
      assert.deepEqual(
        servicesResponseSchema.parse(await servicesRes.json()).categories,
        bootstrap.categories,
      );
      const everyone = await api.get('/practitioners');
      assert.equal(everyone.status, 200);
      assert.deepEqual(
        practitionersResponseSchema.parse(await everyone.json()).practitioners,
        listed(bootstrap.practitioners),
      );
      const forService = await api.get(`/practitioners?serviceId=${fixture.serviceId}`);
      assert.equal(forService.status, 200);
      assert.deepEqual(
        practitionersResponseSchema.parse(await forService.json()).practitioners,
        listed(offering),
      );
      const unknown = await api.get('/practitioners?serviceId=424242');
      assert.equal(unknown.status, 404);
      assert.equal(errorResponseSchema.parse(await unknown.json()).error.code, 'service_not_found');
    },
  },
  {
    name: 'offers a practitioner’s free times on a day in the clinic’s zone, in order, each as long as the service',
    async run(clinic) {
      const { api, fixture, proxy } = clinic;
      const minutes = await serviceDuration(clinic);
      const slots = await api.slots(fixture.serviceId, fixture.practitionerId, fixture.day);
      assert.ok(slots.length > 0, 'the practitioner has free times that day');
      for (const slot of slots) {
        assert.ok(slot.start.startsWith(`${fixture.day}T`), slot.start);
        assert.equal(
          toClinicIso(new Date(slot.start), proxy.clinic.timezone),
          slot.start,
          'the clinic’s offset',
        );
        assert.equal(toClinicIso(new Date(slot.end), proxy.clinic.timezone), slot.end);
        assert.equal(Date.parse(slot.end) - Date.parse(slot.start), minutes * 60_000);
        assert.equal(slot.practitionerId, fixture.practitionerId);
        assert.ok(Date.parse(slot.start) > proxy.now().getTime());
      }
      const starts = slots.map((s) => Date.parse(s.start));
      assert.ok(
        starts.every((start, i) => i === 0 || start > starts[i - 1]!),
        'in start order, none twice',
      );
    },
  },
  {
    name: 'merges every practitioner who offers the service for "any", in start order',
    async run({ api, fixture }) {
      const offering = (await api.bootstrap()).practitioners
        .filter((p) => p.serviceIds.includes(fixture.serviceId))
        .map((p) => p.id);
      const any = await api.slots(fixture.serviceId, 'any', fixture.day);
      const who = new Set(any.map((s) => s.practitionerId));
      assert.ok(who.size >= 2, 'more than one practitioner is free');
      assert.ok([...who].every((id) => offering.includes(id)));
      const starts = any.map((s) => Date.parse(s.start));
      assert.ok(
        starts.every((start, i) => i === 0 || start >= starts[i - 1]!),
        'in start order',
      );
      assert.equal(new Set(any.map((s) => `${s.practitionerId}|${s.start}`)).size, any.length, 'none twice');
      const merged = new Set(any.map((s) => `${s.practitionerId}|${s.start}`));
      for (const slot of await api.slots(fixture.serviceId, fixture.practitionerId, fixture.day))
        assert.ok(merged.has(`${slot.practitionerId}|${slot.start}`), `${slot.start} is offered for "any"`);
    },
  },
];
