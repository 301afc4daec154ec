import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { availabilityResponseSchema, errorResponseSchema, type Slot } from '../../shared/contract.ts';
import { svgDataUri } from '../../test/fixtures/signature.ts';
import {
  bookingFor,
  createDemoProxy,
  newKey,
  postBooking,
  type DemoProxy,
} from '../../test/helpers/demo-proxy.ts';
import { MAX_BODY_BYTES } from '../app.ts';
import { DEMO_PRACTITIONERS, DEMO_SERVICE_IDS } from '../providers/demo/demo-data.ts';

const service = DEMO_SERVICE_IDS.physioInitial;
const aisha = DEMO_PRACTITIONERS[0]!.id;

async function freeSlots(proxy: DemoProxy, practitionerId = aisha): Promise<Slot[]> {
  const res = await proxy.app.request(
    `/api/clinics/demo/availability?serviceId=${service}&practitionerId=${practitionerId}&from=2026-11-24&to=2026-11-30`,
  );
  return availabilityResponseSchema.parse(await res.json()).slots;
}

describe('POST /api/clinics/:clinicId/bookings', () => {
  it('refuses a slot in the past or inside the minimum notice with 409 slot_unavailable', async () => {
    const proxy = createDemoProxy();
    const [slot] = await freeSlots(proxy);
    proxy.setNow(new Date(Date.parse(slot!.start) - 30 * 60_000));
    const res = await postBooking(proxy.app, bookingFor(slot!, service));
    assert.equal(res.status, 409);
    assert.equal(errorResponseSchema.parse(await res.json()).error.code, 'slot_unavailable');
    assert.equal((await proxy.provider.records()).appointments.length, 0);
  });

  it('refuses a time that is not a free slot', async () => {
    const proxy = createDemoProxy();
    const res = await postBooking(
      proxy.app,
      bookingFor({ start: '2026-11-25T10:00:00+11:00', end: '', practitionerId: aisha }, service),
    );
    assert.equal(res.status, 409);
    assert.equal(errorResponseSchema.parse(await res.json()).error.code, 'slot_taken');
  });

  it('answers 422 idempotency_key_reused for the same key with a different body', async () => {
    const proxy = createDemoProxy();
    const [a, b] = await freeSlots(proxy);
    const key = newKey();
    assert.equal((await postBooking(proxy.app, bookingFor(a!, service), key)).status, 201);
    const res = await postBooking(proxy.app, bookingFor(b!, service), key);
    assert.equal(res.status, 422);
    assert.equal(errorResponseSchema.parse(await res.json()).error.code, 'idempotency_key_reused');
  });

  it('answers 400 idempotency_key_required without the header', async () => {
    const proxy = createDemoProxy();
    const [slot] = await freeSlots(proxy);
    const res = await proxy.app.request('/api/clinics/demo/bookings', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(bookingFor(slot!, service)),
    });
    assert.equal(res.status, 400);
    assert.equal(errorResponseSchema.parse(await res.json()).error.code, 'idempotency_key_required');
  });

  it('answers 400 invalid_json for a malformed body', async () => {
    const res = await postBooking(createDemoProxy().app, '{"serviceId": ');
    assert.equal(res.status, 400);
    assert.equal(errorResponseSchema.parse(await res.json()).error.code, 'invalid_json');
  });

  it('answers 413 payload_too_large for an oversized body', async () => {
    const res = await postBooking(
      createDemoProxy().app,
      JSON.stringify({ padding: 'x'.repeat(MAX_BODY_BYTES) }),
    );
    assert.equal(res.status, 413);
    assert.equal(errorResponseSchema.parse(await res.json()).error.code, 'payload_too_large');
  });

  it('answers 422 with a message per field, and books nothing', async () => {
    const proxy = createDemoProxy();
    const [slot] = await freeSlots(proxy);
    const body = bookingFor(slot!, service, {
      patient: {
        firstName: '  ',
        lastName: 'Taylor',
        email: 'not-an-email',
        phone: '12',
        dateOfBirth: '2999-01-01',
        medicareNumber: '2123 45671 1',
      },
      waiver: {
        version: '1',
        accepted: false as true,
        signatureSvg: svgDataUri(
          '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script></svg>',
        ),
      },
    });
    const res = await postBooking(proxy.app, body);
    assert.equal(res.status, 422);
    const { error } = errorResponseSchema.parse(await res.json());
    assert.equal(error.code, 'validation_failed');
    assert.deepEqual(Object.keys(error.fields ?? {}).sort(), [
      'patient.dateOfBirth',
      'patient.email',
      'patient.firstName',
      'patient.medicareNumber',
      'patient.phone',
      'waiver.accepted',
      'waiver.signatureSvg',
    ]);
    assert.equal((await proxy.provider.records()).patients.length, 0);
  });

  it('answers 404 for an unknown service in a booking', async () => {
    const proxy = createDemoProxy();
    const [slot] = await freeSlots(proxy);
    const res = await postBooking(proxy.app, bookingFor(slot!, '424242'));
    assert.equal(res.status, 404);
    assert.equal(errorResponseSchema.parse(await res.json()).error.code, 'service_not_found');
  });

  it('keeps the note with the appointment and the waiver with its signature', async () => {
    const proxy = createDemoProxy();
    const [slot] = await freeSlots(proxy);
    const body = bookingFor(slot!, service, {
      patient: { ...bookingFor(slot!, service).patient, note: 'Left knee, since March.' },
    });
    assert.equal((await postBooking(proxy.app, body)).status, 201);
    const { appointments, waivers } = await proxy.provider.records();
    assert.equal(appointments[0]?.note, 'Left knee, since March.');
    assert.equal(waivers[0]?.waiver.version, '1');
    assert.equal(waivers[0]?.signatureSvg, body.waiver.signatureSvg);
  });
});
