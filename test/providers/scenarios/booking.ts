/** Booking: new and returning patients, "any practitioner", and the signed waiver. */
import assert from 'node:assert/strict';
import { bookingResponseSchema, type Booking, type Slot } from '../../../shared/contract.ts';
import { svgDataUri } from '../../fixtures/signature.ts';
import { DEMO_PATIENT } from '../../helpers/demo-proxy.ts';
import type { ConformanceClinic, HeldAppointment, Scenario } from '../conformance.ts';

/** The first free time of the fixture's practitioner on the fixture's day. */
export async function firstSlot({ api, fixture }: ConformanceClinic): Promise<Slot> {
  const [slot] = await api.slots(fixture.serviceId, fixture.practitionerId, fixture.day);
  assert.ok(slot, 'a free time to book');
  return slot;
}

/** Books and expects 201; the booking as the patient is told it. */
export async function booked(response: Response): Promise<Booking> {
  assert.equal(response.status, 201, await response.clone().text());
  return bookingResponseSchema.parse(await response.json()).booking;
}

/** The appointment the practice system holds for a booking. */
export async function heldFor({ records }: ConformanceClinic, booking: Booking): Promise<HeldAppointment> {
  const held = (await records.liveAppointments()).find((a) => a.id === booking.id);
  assert.ok(held, `the practice system holds appointment ${booking.id}`);
  return held;
}

/** Upper case to lower and lower to upper: the same name as a patient might type it. */
function flipCase(text: string): string {
  return [...text].map((c) => (c === c.toLowerCase() ? c.toUpperCase() : c.toLowerCase())).join('');
}

export const bookingScenarios: Scenario[] = [
  {
    name: 'books a new patient: their record, the appointment with their note, the signed waiver; the time is then gone',
    async run(clinic) {
      const { api, records, fixture, proxy } = clinic;
      const slot = await firstSlot(clinic);
      const body = api.request(slot, fixture.serviceId, { note: 'Sore left knee' });
      const booking = await booked(await api.book(body));
      assert.equal(booking.start, slot.start);
      assert.equal(booking.end, slot.end);
      assert.equal(booking.serviceId, fixture.serviceId);
      assert.equal(booking.practitionerId, fixture.practitionerId);
      assert.equal(booking.practitionerName, fixture.practitionerName);
      assert.match(booking.id, fixture.appointmentId);

      const patients = await records.patientsWithEmail(DEMO_PATIENT.email);
      assert.equal(patients.length, 1, 'one new patient');
      const [patient] = patients;
      assert.deepEqual(
        [patient!.firstName, patient!.lastName, patient!.dateOfBirth],
        [DEMO_PATIENT.firstName, DEMO_PATIENT.lastName, DEMO_PATIENT.dateOfBirth],
      );
      const held = await heldFor(clinic, booking);
      assert.equal(held.patientId, patient!.id);
      assert.equal(held.practitionerId, fixture.practitionerId);
      assert.equal(held.serviceId, fixture.serviceId);
      assert.deepEqual([held.start, held.end], [Date.parse(slot.start), Date.parse(slot.end)]);
      assert.match(held.note, /Sore left knee/);

      const waivers = await records.waiversOf(patient!.id);
      assert.equal(waivers.length, 1, 'one signed waiver');
      assert.equal(waivers[0]!.version, proxy.clinic.waiver.version);
      assert.equal(waivers[0]!.signedBy, 'drawn');
      if (waivers[0]!.signatureSvg !== undefined)
        assert.equal(waivers[0]!.signatureSvg, body.waiver.signatureSvg);

      const after = await api.slots(fixture.serviceId, fixture.practitionerId, fixture.day);
      assert.ok(!after.some((s) => s.start === slot.start), 'the booked time is no longer offered');
    },
  },
  {
    name: 'keeps a typed signature as the patient made it, and says it was typed',
    async run(clinic) {
      const { api, records, fixture } = clinic;
      const typedSvg = svgDataUri(
        '<svg xmlns="http://www.w3.org/2000/svg" width="400" height="120"><text x="10" y="80" font-size="40">Jordan Taylor</text></svg>',
      );
      const body = api.request(await firstSlot(clinic), fixture.serviceId);
      body.waiver = { ...body.waiver, signatureSvg: typedSvg, signatureMethod: 'typed' };
      const booking = await booked(await api.book(body));
      const [waiver, ...others] = await records.waiversOf((await heldFor(clinic, booking)).patientId);
      assert.equal(others.length, 0);
      assert.equal(waiver!.signedBy, 'typed');
      if (waiver!.signatureSvg !== undefined) assert.equal(waiver!.signatureSvg, typedSvg);
    },
  },
  {
    name: 'recognises a returning patient by email, date of birth and last name, whatever their capitals',
    async run(clinic) {
      const { api, records, fixture } = clinic;
      const onFile = await records.patientOnFile();
      const sharing = (await records.patientsWithEmail(onFile.email)).length;
      const body = api.request(await firstSlot(clinic), fixture.serviceId, {
        firstName: onFile.firstName,
        lastName: flipCase(onFile.lastName),
        email: flipCase(onFile.email),
        dateOfBirth: onFile.dateOfBirth,
        phone: '0412 000 001',
      });
      const booking = await booked(await api.book(body));
      assert.equal((await records.patientsWithEmail(onFile.email)).length, sharing, 'no new patient');
      assert.equal((await heldFor(clinic, booking)).patientId, onFile.id);
    },
  },
  {
    name: 'creates a new patient when the email matches someone with another date of birth',
    async run(clinic) {
      const { api, records, fixture } = clinic;
      const onFile = await records.patientOnFile();
      const sharing = (await records.patientsWithEmail(onFile.email)).length;
      const body = api.request(await firstSlot(clinic), fixture.serviceId, {
        firstName: 'Kim',
        lastName: onFile.lastName,
        email: onFile.email,
        dateOfBirth: '2012-02-02',
      });
      const booking = await booked(await api.book(body));
      assert.equal((await records.patientsWithEmail(onFile.email)).length, sharing + 1, 'a new patient');
      assert.notEqual((await heldFor(clinic, booking)).patientId, onFile.id);
    },
  },
  {
    name: 'books "any practitioner" with whoever is free at that time',
    async run(clinic) {
      const { api, fixture } = clinic;
      const [slot] = await api.slots(fixture.serviceId, 'any', fixture.day);
      assert.ok(slot);
      const booking = await booked(await api.book(api.request(slot, fixture.serviceId, {}, 'any')));
      assert.equal(booking.practitionerId, slot.practitionerId);
      assert.equal(booking.start, slot.start);
      assert.equal((await heldFor(clinic, booking)).practitionerId, slot.practitionerId);
    },
  },
];
