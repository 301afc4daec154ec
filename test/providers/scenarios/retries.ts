/**
 * Lost answers and retries: whatever fails between the proxy and the practice system, the
 * patient's retry books once, with one patient record and one waiver.
 */
import assert from 'node:assert/strict';
import { errorResponseSchema } from '../../../shared/contract.ts';
import { DEMO_PATIENT, newKey } from '../../helpers/demo-proxy.ts';
import type { ConformanceClinic, Scenario } from '../conformance.ts';
import { booked, firstSlot } from './booking.ts';

/**
 * What the practice system holds for the test patient (new to every clinic, so anything
 * more than one of each is a double): their records, live appointments and waivers.
 */
async function heldForPatient({ records }: ConformanceClinic) {
  const patients = await records.patientsWithEmail(DEMO_PATIENT.email);
  const ids = new Set(patients.map((p) => p.id));
  const appointments = (await records.liveAppointments()).filter((a) => ids.has(a.patientId));
  const waivers = (await Promise.all(patients.map((p) => records.waiversOf(p.id)))).flat();
  return { patients: patients.length, appointments, waivers: waivers.length };
}

/** A 503 the patient can act on: try again, after `Retry-After`. */
async function assertTryAgain(response: Response): Promise<void> {
  assert.equal(response.status, 503, await response.clone().text());
  assert.ok(Number(response.headers.get('Retry-After')) > 0, 'Retry-After');
  assert.equal(errorResponseSchema.parse(await response.json()).error.code, 'upstream_unavailable');
}

export const retryScenarios: Scenario[] = [
  {
    name: 'answers the same booking for the same Idempotency-Key, at once and later, booking once',
    async run(clinic) {
      const { api, fixture } = clinic;
      const slot = await firstSlot(clinic);
      const body = api.request(slot, fixture.serviceId);
      const key = newKey();
      const [first, second] = await Promise.all([api.book(body, key), api.book(body, key)]);
      const third = await api.book(body, key);
      const ids = [];
      for (const res of [first, second, third]) ids.push((await booked(res)).id);
      assert.equal(new Set(ids).size, 1);
      const held = await heldForPatient(clinic);
      assert.deepEqual([held.patients, held.appointments.length, held.waivers], [1, 1, 1]);
    },
  },
  {
    name: 'completes a booking whose appointment answer was lost after it was made: one patient, one appointment, one waiver',
    async run(clinic) {
      const { api, records, fixture } = clinic;
      const slot = await firstSlot(clinic);
      const body = api.request(slot, fixture.serviceId);
      const key = newKey();
      records.loseNextAnswer('appointment');
      await assertTryAgain(await api.book(body, key));
      assert.equal((await heldForPatient(clinic)).appointments.length, 1, 'the practice system made it');
      assert.equal((await heldForPatient(clinic)).waivers, 0);

      const booking = await booked(await api.book(body, key));
      const held = await heldForPatient(clinic);
      assert.deepEqual([held.patients, held.appointments.length, held.waivers], [1, 1, 1]);
      assert.equal(held.appointments[0]!.id, booking.id);
      assert.equal(held.appointments[0]!.start, Date.parse(slot.start));
      assert.equal(records.appointmentCreates(), 1, 'never created twice');
    },
  },
  {
    name: 'recognises the patient whose record a lost answer created',
    async run(clinic) {
      const { api, records, fixture } = clinic;
      const slot = await firstSlot(clinic);
      const body = api.request(slot, fixture.serviceId);
      records.loseNextAnswer('patient');
      await assertTryAgain(await api.book(body));
      assert.equal((await heldForPatient(clinic)).patients, 1, 'the practice system made it');
      await booked(await api.book(body));
      const held = await heldForPatient(clinic);
      assert.deepEqual([held.patients, held.appointments.length, held.waivers], [1, 1, 1]);
    },
  },
  {
    name: 'stores the waiver on retry when only the waiver was refused, booking nothing twice',
    async run(clinic) {
      const { api, records, fixture, proxy } = clinic;
      const slot = await firstSlot(clinic);
      const body = api.request(slot, fixture.serviceId);
      records.refuseNext('waiver');
      await assertTryAgain(await api.book(body));
      assert.ok(proxy.logs.some((l) => l.includes('"booking.step_failed"') && l.includes('"step":"waiver"')));
      assert.equal((await heldForPatient(clinic)).waivers, 0);
      await booked(await api.book(body));
      const held = await heldForPatient(clinic);
      assert.deepEqual([held.patients, held.appointments.length, held.waivers], [1, 1, 1]);
      assert.equal(records.appointmentCreates(), 1);
    },
  },
  {
    name: 'does not book or store the waiver twice when the same patient books the same time with a new key',
    async run(clinic) {
      const { api, records, fixture } = clinic;
      const slot = await firstSlot(clinic);
      const first = await booked(await api.book(api.request(slot, fixture.serviceId)));
      const again = await booked(await api.book(api.request(slot, fixture.serviceId)));
      assert.equal(again.id, first.id);
      assert.equal(records.appointmentCreates(), 1);
      const held = await heldForPatient(clinic);
      assert.deepEqual([held.patients, held.appointments.length, held.waivers], [1, 1, 1]);
    },
  },
];
