/**
 * A taken time: whoever took it (reception, another patient, a racer a moment earlier),
 * the patient is told with other times to choose from, and the practice system never holds
 * two appointments for one practitioner's time.
 */
import assert from 'node:assert/strict';
import { clinicToday } from '../../../proxy/time/clinic-time.ts';
import { addDaysToIsoDate } from '../../../shared/dates.ts';
import { errorResponseSchema, type ErrorResponse } from '../../../shared/contract.ts';
import { DEMO_PATIENT } from '../../helpers/demo-proxy.ts';
import type { ConformanceClinic, Scenario } from '../conformance.ts';
import { booked, firstSlot } from './booking.ts';

/** Expects 409 `slot_taken` offering other times; its alternatives. */
async function takenWithAlternatives(response: Response, start: string) {
  assert.equal(response.status, 409, await response.clone().text());
  const { error }: ErrorResponse = errorResponseSchema.parse(await response.json());
  assert.equal(error.code, 'slot_taken');
  assert.ok(error.alternatives && error.alternatives.length > 0, 'other times offered');
  assert.ok(error.alternatives.every((a) => a.start !== start));
  return error.alternatives;
}

/** Live appointments of a practitioner that start at `start`. */
async function liveAt({ records }: ConformanceClinic, practitionerId: string, start: string) {
  return (await records.liveAppointments()).filter(
    (a) => a.practitionerId === practitionerId && a.start === Date.parse(start),
  );
}

function racer(i: number) {
  return { lastName: `Racer${i}`, email: `racer${i}@example.com` };
}

export const takenSlotScenarios: Scenario[] = [
  {
    name: 'refuses a time someone else booked after the patient saw it, offering others and creating nothing',
    async run(clinic) {
      const { api, records, fixture } = clinic;
      const slot = await firstSlot(clinic);
      const minutes = (Date.parse(slot.end) - Date.parse(slot.start)) / 60_000;
      await records.bookElsewhere(fixture.practitionerId, fixture.serviceId, new Date(slot.start), minutes);
      await takenWithAlternatives(await api.book(api.request(slot, fixture.serviceId)), slot.start);
      assert.equal(records.appointmentCreates(), 0);
      assert.equal((await liveAt(clinic, fixture.practitionerId, slot.start)).length, 1);
    },
  },
  {
    name: 'refuses a time another patient booked through the proxy, offering times that are free',
    async run(clinic) {
      const { api, fixture, proxy } = clinic;
      const slot = await firstSlot(clinic);
      await booked(await api.book(api.request(slot, fixture.serviceId)));
      const other = api.request(slot, fixture.serviceId, {
        firstName: 'Sam',
        lastName: 'Lee',
        email: 'sam@example.com',
        phone: '0400 000 001',
        dateOfBirth: '1990-01-01',
      });
      const alternatives = await takenWithAlternatives(await api.book(other), slot.start);
      const today = clinicToday(proxy.clinic.timezone, proxy.now());
      const free = new Set(
        (
          await api.slots(fixture.serviceId, fixture.practitionerId, today, addDaysToIsoDate(fixture.day, 14))
        ).map((s) => s.start),
      );
      for (const alternative of alternatives)
        assert.ok(free.has(alternative.start), `${alternative.start} is free`);
    },
  },
  {
    name: 'refuses a time someone else took between the re-check and the create, keeping only theirs',
    async run(clinic) {
      const { api, records, fixture } = clinic;
      const slot = await firstSlot(clinic);
      const minutes = (Date.parse(slot.end) - Date.parse(slot.start)) / 60_000;
      records.bookElsewhereBeforeNextCreate(
        fixture.practitionerId,
        fixture.serviceId,
        new Date(slot.start),
        minutes,
      );
      await takenWithAlternatives(await api.book(api.request(slot, fixture.serviceId)), slot.start);
      const live = await liveAt(clinic, fixture.practitionerId, slot.start);
      assert.equal(live.length, 1, 'one appointment at that time');
      const ours = new Set((await records.patientsWithEmail(DEMO_PATIENT.email)).map((p) => p.id));
      assert.ok(!ours.has(live[0]!.patientId), 'and it is not ours');
      for (const id of ours)
        assert.equal((await records.waiversOf(id)).length, 0, 'no waiver for a booking that failed');
    },
  },
  {
    name: 'lets exactly one of many simultaneous bookings for one time through, the others stopped before the practice system',
    async run(clinic) {
      const { api, records, fixture } = clinic;
      const slot = await firstSlot(clinic);
      const responses = await Promise.all(
        Array.from({ length: 10 }, (_, i) => api.book(api.request(slot, fixture.serviceId, racer(i)))),
      );
      assert.deepEqual(responses.map((r) => r.status).sort(), [201, ...Array<number>(9).fill(409)]);
      assert.equal((await liveAt(clinic, fixture.practitionerId, slot.start)).length, 1);
      assert.equal(records.appointmentCreates(), 1, 'the per-slot lock and the re-check stop the others');
    },
  },
];
