/**
 * The capacity feed on every provider: its free slots are the widget's availability, a
 * booking moves its time from free to booked, and nothing the practice system holds about
 * the patient (record, note, ids) reaches it.
 */
import assert from 'node:assert/strict';
import type { CapacityResponse } from '../../../shared/capacity-contract.ts';
import type { Slot } from '../../../shared/contract.ts';
import {
  assertAgreesWithAvailability,
  assertNoneIn,
  assertTotalsAddUp,
  readCapacity,
  TEST_CAPACITY_TOKEN,
} from '../../helpers/capacity.ts';
import { DEMO_PATIENT } from '../../helpers/demo-proxy.ts';
import type { ConformanceClinic, Scenario, StartOptions } from '../conformance.ts';
import { booked } from './booking.ts';

const REFRESH_SECONDS = 30;
const options: StartOptions = {
  clinic: { capacity: { token: TEST_CAPACITY_TOKEN, refreshSeconds: REFRESH_SECONDS } },
};

function read({ proxy }: ConformanceClinic) {
  return readCapacity(proxy.app, proxy.clinic.id, TEST_CAPACITY_TOKEN);
}

/** A free time of the fixture's practitioner with free times of the same length just before and after it. */
async function slotWithFreeNeighbours({ api, fixture }: ConformanceClinic): Promise<Slot> {
  const slots = await api.slots(fixture.serviceId, fixture.practitionerId, fixture.day);
  const starts = new Set(slots.map((s) => Date.parse(s.start)));
  const slot = slots.find((s) => {
    const length = Date.parse(s.end) - Date.parse(s.start);
    return starts.has(Date.parse(s.start) - length) && starts.has(Date.parse(s.end));
  });
  assert.ok(slot, 'a free time between two free times');
  return slot;
}

function row(feed: CapacityResponse, date: string, practitionerId: string) {
  const day = feed.days.find((d) => d.date === date);
  assert.ok(day, `${date} is in the feed`);
  const found = day.practitioners.find((p) => p.practitionerId === practitionerId);
  assert.ok(found, `${practitionerId} works on ${date}`);
  return found;
}

export const capacityScenarios: Scenario[] = [
  {
    name: 'capacity: the feed’s free slots are the times availability offers, and its totals add up',
    options,
    async run(clinic) {
      const { body } = await read(clinic);
      const compared = await assertAgreesWithAvailability(clinic.proxy.app, clinic.proxy.clinic.id, body);
      assert.ok(compared > 0, 'some free slots compared');
      assertTotalsAddUp(body);
    },
  },
  {
    name: 'capacity: a booking moves its time from free to booked, and the feed shows nothing about the patient',
    options,
    async run(clinic) {
      const { api, fixture, proxy, records } = clinic;
      const before = (await read(clinic)).body;
      const slot = await slotWithFreeNeighbours(clinic);
      const minutes = (Date.parse(slot.end) - Date.parse(slot.start)) / 60_000;
      const note = 'Capacity scenario: twinge in the left hamstring';
      const booking = await booked(await api.book(api.request(slot, fixture.serviceId, { note })));
      proxy.advance((REFRESH_SECONDS + 1) * 1000);
      const after = await read(clinic);

      const cell = (feed: CapacityResponse) =>
        row(feed, fixture.day, fixture.practitionerId).services.find(
          (s) => s.serviceId === fixture.serviceId,
        );
      const [was, now] = [cell(before), cell(after.body)];
      assert.ok(was);
      assert.equal(now?.bookedMinutes ?? 0, was.bookedMinutes + minutes);
      assert.equal(now?.freeMinutes ?? 0, was.freeMinutes - minutes);
      assert.ok((now?.freeSlots ?? 0) < was.freeSlots);
      const totals = (feed: CapacityResponse) => row(feed, fixture.day, fixture.practitionerId).totals;
      assert.equal(totals(after.body).bookedMinutes, totals(before).bookedMinutes + minutes);
      assert.equal(totals(after.body).freeMinutes, totals(before).freeMinutes - minutes);

      const [patient] = await records.patientsWithEmail(DEMO_PATIENT.email);
      assert.ok(patient);
      assertNoneIn(
        after.text,
        [
          patient.id,
          patient.firstName,
          patient.lastName,
          `${patient.firstName} ${patient.lastName}`,
          patient.email,
          patient.dateOfBirth,
          DEMO_PATIENT.phone,
          note,
          booking.id,
          ...(await records.liveAppointments()).flatMap((a) => [a.id, a.patientId, a.note]),
        ],
        'patient detail',
      );
    },
  },
];
