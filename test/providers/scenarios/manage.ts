/**
 * The patient's own changes from their link: the booking behind it, a move to another free
 * time (the waiver kept, the record saying what changed), a cancel (repeated, answered the
 * same), a move into a taken time refused, and a lost answer on a move and on a cancel,
 * retried, changing nothing twice.
 */
import assert from 'node:assert/strict';
import {
  bookingResponseSchema,
  cancelResponseSchema,
  errorResponseSchema,
  manageResponseSchema,
  type Booking,
  type Slot,
} from '../../../shared/contract.ts';
import { DEMO_PATIENT, newKey } from '../../helpers/demo-proxy.ts';
import type { ConformanceClinic, Scenario } from '../conformance.ts';
import { addDaysToIsoDate } from '../../../shared/dates.ts';
import { booked } from './booking.ts';

/**
 * The practitioner's free times on their first working day after the fixture's: far enough
 * ahead that online changes are open (they close a day before), with times to move to.
 */
async function laterDaySlots({ api, fixture }: ConformanceClinic): Promise<Slot[]> {
  const slots = await api.slots(
    fixture.serviceId,
    fixture.practitionerId,
    addDaysToIsoDate(fixture.day, 1),
    addDaysToIsoDate(fixture.day, 7),
  );
  const day = slots[0]?.start.slice(0, 10);
  assert.ok(day, 'free times after the fixture day');
  return slots.filter((s) => s.start.startsWith(day));
}

/** Books the first of those times; the booking with its link token. */
async function bookWithLink(
  clinic: ConformanceClinic,
): Promise<{ booking: Booking; token: string; slot: Slot }> {
  const [slot] = await laterDaySlots(clinic);
  assert.ok(slot);
  const booking = await booked(await clinic.api.book(clinic.api.request(slot, clinic.fixture.serviceId)));
  assert.ok(booking.manageToken, 'the booking answer carries its change-or-cancel token');
  return { booking, token: booking.manageToken, slot };
}

/** A later free time of the same practitioner that day, clear of the booked one. */
async function laterSlot(clinic: ConformanceClinic, after: Slot): Promise<Slot> {
  const later = (await laterDaySlots(clinic)).filter((s) => Date.parse(s.start) >= Date.parse(after.end));
  const slot = later.at(-1);
  assert.ok(slot, 'a later free time to move to');
  return slot;
}

async function okJson(response: Response): Promise<unknown> {
  assert.equal(response.status, 200, await response.clone().text());
  return response.json();
}

async function patientLive({ records }: ConformanceClinic) {
  const ids = new Set((await records.patientsWithEmail(DEMO_PATIENT.email)).map((p) => p.id));
  return (await records.liveAppointments()).filter((a) => ids.has(a.patientId));
}

async function waiverCount({ records }: ConformanceClinic): Promise<number> {
  const patients = await records.patientsWithEmail(DEMO_PATIENT.email);
  return (await Promise.all(patients.map((p) => records.waiversOf(p.id)))).flat().length;
}

export const manageScenarios: Scenario[] = [
  {
    name: 'manage link: shows the booking, moves it to a free time keeping its waiver, cancels it; a repeat cancel answers the same',
    async run(clinic) {
      const { api, records } = clinic;
      const { booking, token, slot } = await bookWithLink(clinic);

      const shown = manageResponseSchema.parse(await okJson(await api.manage(token)));
      assert.equal(shown.status, 'booked');
      assert.equal(shown.canChange, true);
      assert.deepEqual(
        { ...shown.booking, manageToken: undefined },
        { ...booking, manageToken: undefined },
        'the same booking',
      );
      assert.ok(Date.parse(shown.changeDeadline) < Date.parse(booking.start));

      const target = await laterSlot(clinic, slot);
      const moved = bookingResponseSchema.parse(
        await okJson(
          await api.reschedule(token, { start: target.start, practitionerId: target.practitionerId }),
        ),
      ).booking;
      assert.equal(moved.id, booking.id, 'the same appointment, moved');
      assert.equal(moved.start, target.start);
      assert.equal(moved.end, target.end);
      const held = await records.appointment(booking.id);
      assert.equal(held?.start, Date.parse(target.start));
      assert.equal(held?.cancelled, false);
      assert.match(held?.note ?? '', /Moved online by the patient/);
      assert.equal((await patientLive(clinic)).length, 1, 'one live appointment, at the new time');
      assert.equal(await waiverCount(clinic), 1, 'the signed waiver is kept, not signed again');
      assert.equal(records.changeWrites('move'), 1);
      const freed = await laterDaySlots(clinic);
      assert.ok(
        freed.some((s) => s.start === slot.start),
        'the old time is free again',
      );

      const after = manageResponseSchema.parse(await okJson(await api.manage(token)));
      assert.equal(after.booking.start, target.start, 'the same link shows the new time');

      const cancelled = cancelResponseSchema.parse(
        await okJson(await api.cancel(token, { reason: 'Feeling better' })),
      );
      assert.equal(cancelled.status, 'cancelled');
      assert.equal(cancelled.booking.id, booking.id);
      assert.equal((await records.appointment(booking.id))?.cancelled, true);
      assert.equal((await patientLive(clinic)).length, 0);
      const again = cancelResponseSchema.parse(await okJson(await api.cancel(token)));
      assert.deepEqual(again, cancelled, 'a repeat answers the same');
      assert.equal(records.changeWrites('cancel'), 1, 'cancelled once');

      const gone = manageResponseSchema.parse(await okJson(await api.manage(token)));
      assert.deepEqual([gone.status, gone.canChange], ['cancelled', false]);
      const refused = await api.reschedule(token, { start: slot.start, practitionerId: slot.practitionerId });
      assert.equal(refused.status, 409);
      assert.equal(errorResponseSchema.parse(await refused.json()).error.code, 'booking_cancelled');
    },
  },
  {
    name: 'manage link: a move into a time just taken is refused with alternatives; the booking stays where it was',
    async run(clinic) {
      const { api, records, fixture } = clinic;
      const { booking, token, slot } = await bookWithLink(clinic);
      const target = await laterSlot(clinic, slot);
      const minutes = (Date.parse(target.end) - Date.parse(target.start)) / 60_000;
      await records.bookElsewhere(fixture.practitionerId, fixture.serviceId, new Date(target.start), minutes);
      const response = await api.reschedule(token, {
        start: target.start,
        practitionerId: target.practitionerId,
      });
      assert.equal(response.status, 409, await response.clone().text());
      const { error } = errorResponseSchema.parse(await response.json());
      assert.equal(error.code, 'slot_taken');
      assert.ok((error.alternatives ?? []).length > 0, 'nearest free times offered');
      assert.equal((await records.appointment(booking.id))?.start, Date.parse(slot.start));
      assert.equal(records.changeWrites('move'), 0, 'nothing written');
    },
  },
  {
    name: 'manage link: a move whose answer was lost, retried with its key, moves once',
    async run(clinic) {
      const { api, records } = clinic;
      const { booking, token, slot } = await bookWithLink(clinic);
      const target = await laterSlot(clinic, slot);
      const body = { start: target.start, practitionerId: target.practitionerId };
      const key = newKey();
      records.loseNextAnswer('move');
      const lost = await api.reschedule(token, body, key);
      assert.equal(lost.status, 503, await lost.clone().text());
      assert.equal(errorResponseSchema.parse(await lost.json()).error.code, 'upstream_unavailable');
      assert.equal((await records.appointment(booking.id))?.start, Date.parse(target.start), 'it moved');

      const retried = bookingResponseSchema.parse(
        await okJson(await api.reschedule(token, body, key)),
      ).booking;
      assert.equal(retried.start, target.start);
      assert.equal(records.changeWrites('move'), 1, 'moved once');
      assert.equal((await patientLive(clinic)).length, 1);
      assert.equal(await waiverCount(clinic), 1);
      const again = bookingResponseSchema.parse(await okJson(await api.reschedule(token, body, key))).booking;
      assert.deepEqual(again, retried, 'the same key answers the same');
      assert.equal(records.changeWrites('move'), 1);
    },
  },
  {
    name: 'manage link: a cancel whose answer was lost, retried, cancels once',
    async run(clinic) {
      const { api, records } = clinic;
      const { booking, token } = await bookWithLink(clinic);
      records.loseNextAnswer('cancel');
      const lost = await api.cancel(token, {});
      assert.equal(lost.status, 503, await lost.clone().text());
      assert.equal((await records.appointment(booking.id))?.cancelled, true, 'it was cancelled');
      const retried = cancelResponseSchema.parse(await okJson(await api.cancel(token, {})));
      assert.equal(retried.status, 'cancelled');
      assert.equal(records.changeWrites('cancel'), 1, 'cancelled once');
      assert.equal((await patientLive(clinic)).length, 0);
    },
  },
];
