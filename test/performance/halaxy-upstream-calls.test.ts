/**
 * What a widget session costs Halaxy, request by request, against the fake Halaxy: the
 * bootstrap, a week of availability, and the booking, with cold and warm caches. The counts
 * are docs/performance.md's ("Upstream calls per session"); a change here is a change there.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { testServer } from '../helpers/msw-server.ts';
import {
  availabilityResponseSchema,
  bootstrapResponseSchema,
  type BookingRequest,
  type Slot,
} from '../../shared/contract.ts';
import type { HalaxyFake } from '../fakes/halaxy/halaxy-fake.ts';
import { SERVICES, ROLES } from '../fakes/halaxy/halaxy-seed.ts';
import { simulatedBooking } from '../helpers/browsing-simulation.ts';
import { newKey, postBooking } from '../helpers/demo-proxy.ts';
import { createHalaxyProxy, HALAXY_CLINIC_ID, type HalaxyProxy } from '../helpers/halaxy-proxy.ts';

const server = testServer();

const BASE = `/api/clinics/${HALAXY_CLINIC_ID}`;
/** The week after the fixed clock's Monday: Tuesday to Monday. */
const WEEK = { from: '2026-11-24', to: '2026-11-30' };
const WAIVER_VERSION = '4';
const RETURNING = {
  firstName: 'Alex',
  lastName: 'Nguyễn',
  email: 'alex.nguyen+physio@example.com',
  phone: '0412 000 001',
  dateOfBirth: '1985-06-30',
};
const MEDICARE = { medicareNumber: '2953 51841 1', medicareIrn: '2' };

function setup(): HalaxyProxy {
  const proxy = createHalaxyProxy();
  server.use(...proxy.fake.handlers());
  return proxy;
}

/** The requests Halaxy received since the last call, by operation; and forgets them. */
function drain(fake: HalaxyFake): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const request of fake.requests.splice(0))
    counts[request.operation] = (counts[request.operation] ?? 0) + 1;
  return counts;
}

const total = (counts: Record<string, number>) => Object.values(counts).reduce((a, b) => a + b, 0);

async function bootstrap(proxy: HalaxyProxy) {
  const res = await proxy.app.request(`${BASE}/bootstrap`);
  assert.equal(res.status, 200);
  return bootstrapResponseSchema.parse(await res.json());
}

async function week(proxy: HalaxyProxy, serviceId: string, practitionerId: string): Promise<Slot[]> {
  const res = await proxy.app.request(
    `${BASE}/availability?${new URLSearchParams({ serviceId, practitionerId, ...WEEK })}`,
  );
  assert.equal(res.status, 200);
  return availabilityResponseSchema.parse(await res.json()).slots;
}

async function book(proxy: HalaxyProxy, body: BookingRequest): Promise<void> {
  const res = await postBooking(proxy.app, body, newKey(), HALAXY_CLINIC_ID);
  assert.equal(res.status, 201, await res.clone().text());
}

function newPatientBooking(
  slot: Slot,
  serviceId: string,
  practitionerId: string,
  n: number,
  patient: Partial<BookingRequest['patient']> = {},
): BookingRequest {
  const body = simulatedBooking(slot, serviceId, practitionerId, n, WAIVER_VERSION);
  return { ...body, patient: { ...body.patient, ...patient } };
}

describe('Halaxy: upstream requests per widget session', () => {
  it('a first session (cold caches), a new patient, any practitioner: 5 + 2 + 7 = 14', async () => {
    const proxy = setup();
    await bootstrap(proxy);
    const forBootstrap = drain(proxy.fake);
    assert.deepEqual(forBootstrap, {
      token: 1,
      'services.search': 1,
      'roles.search': 1,
      'practitioners.search': 1,
      'fees.search': 1,
    });

    // Two physiotherapists offer the service: one $find each for the week.
    const slots = await week(proxy, SERVICES.physioInitial, 'any');
    const forWeek = drain(proxy.fake);
    assert.deepEqual(forWeek, { 'appointments.find': 2 });

    // A time Tom (the first physiotherapist in the catalogue) has free: his re-check is the only one.
    const tomsSlot = slots.find((s) => s.practitionerId === ROLES.tomWalker);
    assert.ok(tomsSlot);
    await book(proxy, newPatientBooking(tomsSlot, SERVICES.physioInitial, 'any', 1));
    const forBooking = drain(proxy.fake);
    assert.deepEqual(forBooking, {
      'patients.search': 1,
      'patients.create': 1,
      // One lookup of the patient's appointments that day (shared by both practitioners), one double-booking guard.
      'appointments.search': 2,
      'appointments.find': 1,
      'appointments.book': 1,
      'documents.create': 1,
    });
    assert.equal(total(forBootstrap) + total(forWeek) + total(forBooking), 14);
  });

  it('a named practitioner costs one $find a week; a returning patient’s booking 6', async () => {
    const proxy = setup();
    await bootstrap(proxy);
    drain(proxy.fake);
    const slots = await week(proxy, SERVICES.physioFollowUp, ROLES.tomWalker);
    assert.deepEqual(drain(proxy.fake), { 'appointments.find': 1 });
    await book(proxy, newPatientBooking(slots[0]!, SERVICES.physioFollowUp, ROLES.tomWalker, 2, RETURNING));
    const forBooking = drain(proxy.fake);
    assert.deepEqual(forBooking, {
      'patients.search': 1,
      'appointments.search': 2,
      'appointments.find': 1,
      'appointments.book': 1,
      'documents.create': 1,
    });
    assert.equal(total(forBooking), 6);
  });

  it('a Medicare card adds a Coverage search, and a create when the card is not on file: 9 new, 7 on file', async () => {
    const proxy = setup();
    const slots = await week(proxy, SERVICES.physioInitial, ROLES.priyaNair);
    drain(proxy.fake);
    const patient = { email: 'medicare.first@example.com', ...MEDICARE };
    await book(proxy, newPatientBooking(slots[0]!, SERVICES.physioInitial, ROLES.priyaNair, 3, patient));
    const first = drain(proxy.fake);
    assert.equal(first['coverages.search'], 1);
    assert.equal(first['coverages.create'], 1);
    assert.equal(total(first), 9);

    // The same patient again: found by email, date of birth and name; the card is on file.
    await book(proxy, newPatientBooking(slots[4]!, SERVICES.physioInitial, ROLES.priyaNair, 3, patient));
    const again = drain(proxy.fake);
    assert.equal(again['patients.create'], undefined);
    assert.equal(again['coverages.search'], 1);
    assert.equal(again['coverages.create'], undefined);
    assert.equal(total(again), 7);
  });

  it('a second session soon after costs only its booking (one more $find per practitioner tried for "any"), and the booked week again', async () => {
    const proxy = setup();
    await bootstrap(proxy);
    await week(proxy, SERVICES.physioInitial, 'any');
    drain(proxy.fake);

    // Another patient, 10 seconds later: everything they browse is cached.
    proxy.advance(10_000);
    await bootstrap(proxy);
    const slots = await week(proxy, SERVICES.physioInitial, 'any');
    assert.deepEqual(drain(proxy.fake), {});

    // Their booking, for "any", of a time only Priya has free: Tom comes first in the catalogue,
    // so his re-check ($find) is one more request than the 7 of a first-choice booking. It drops
    // the cached week it touched, so the next patient to look at that week costs two $find again.
    const onlyPriya = slots.find(
      (s) =>
        s.practitionerId === ROLES.priyaNair &&
        !slots.some((t) => t.start === s.start && t.practitionerId === ROLES.tomWalker),
    );
    assert.ok(onlyPriya);
    await book(proxy, newPatientBooking(onlyPriya, SERVICES.physioInitial, 'any', 4));
    assert.deepEqual(drain(proxy.fake), {
      'patients.search': 1,
      'patients.create': 1,
      'appointments.search': 2,
      'appointments.find': 2,
      'appointments.book': 1,
      'documents.create': 1,
    });
    await week(proxy, SERVICES.physioInitial, 'any');
    assert.deepEqual(drain(proxy.fake), { 'appointments.find': 2 });
  });

  it('asks again only when a cache expires: availability after 30 seconds, the catalogue after 5 minutes', async () => {
    const proxy = setup();
    await bootstrap(proxy);
    await week(proxy, SERVICES.psychology, 'any');
    drain(proxy.fake);

    proxy.advance(29_000);
    await bootstrap(proxy);
    await week(proxy, SERVICES.psychology, 'any');
    assert.deepEqual(drain(proxy.fake), {});

    proxy.advance(2_000);
    await bootstrap(proxy);
    await week(proxy, SERVICES.psychology, 'any');
    assert.deepEqual(drain(proxy.fake), { 'appointments.find': 1 });

    proxy.advance(5 * 60_000);
    await bootstrap(proxy);
    // The token (14 minutes) is still good; the catalogue is read again.
    assert.deepEqual(drain(proxy.fake), {
      'services.search': 1,
      'roles.search': 1,
      'practitioners.search': 1,
      'fees.search': 1,
    });
  });
});
