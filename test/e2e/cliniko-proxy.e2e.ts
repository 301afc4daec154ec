/**
 * The real proxy process (`proxy/node.ts`, as `npm start` runs it) configured with a
 * Cliniko clinic through `CLINICS_CONFIG`, pointed at the fake Cliniko served over HTTP:
 * the widget's API answers from Cliniko's data, and a booking lands in Cliniko, with its
 * waiver form, exactly once even when the widget retries.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  availabilityResponseSchema,
  bookingResponseSchema,
  bootstrapResponseSchema,
  type BookingRequest,
} from '../../shared/contract.ts';
import { ClinikoFake, FAKE_API_KEY } from '../fakes/cliniko/cliniko-fake.ts';
import { PRACTITIONERS, TYPES } from '../fakes/cliniko/cliniko-seed.ts';
import { serveHandlers, type FakeHttpServer } from '../fakes/msw-http-server.ts';
import { DRAWN_SIGNATURE } from '../fixtures/signature.ts';
import {
  CLINIKO_CLINIC_ID,
  CLINIKO_ENV,
  CLINIKO_USER_AGENT,
  clinikoClinicsFile,
} from '../helpers/cliniko-proxy.ts';
import { startProxyWithClinics, type ProxyProcess } from './proxy-process.ts';

describe('the proxy process with a clinic on Cliniko', () => {
  const fake = new ClinikoFake();
  let cliniko: FakeHttpServer;
  let proxy: ProxyProcess;

  before(async () => {
    cliniko = await serveHandlers(fake.handlers(), 'https://api.au2.cliniko.com');
    proxy = await startProxyWithClinics(clinikoClinicsFile({ baseUrl: `${cliniko.origin}/v1` }), CLINIKO_ENV);
  });
  after(async () => {
    await proxy?.stop();
    await cliniko?.close();
  });

  it('serves the catalogue and free times from Cliniko, and books into it once, retry included', async () => {
    assert.match(proxy.output(), new RegExp(`${CLINIKO_CLINIC_ID} \\(Harbour Allied Health, cliniko\\)`));
    const bootstrap = bootstrapResponseSchema.parse(
      await (await fetch(`${proxy.url}/api/clinics/${CLINIKO_CLINIC_ID}/bootstrap`)).json(),
    );
    assert.deepEqual(
      bootstrap.categories.map((c) => c.id),
      ['physiotherapy', 'psychology', 'appointments'],
    );
    assert.deepEqual(
      bootstrap.practitioners.map((p) => p.id),
      [PRACTITIONERS.meiChen, PRACTITIONERS.tomWalker, PRACTITIONERS.priyaNair],
    );

    // The fake's clock is the real one here: the next week from today.
    const today = new Date().toISOString().slice(0, 10);
    const week = new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10);
    const res = await fetch(
      `${proxy.url}/api/clinics/${CLINIKO_CLINIC_ID}/availability?serviceId=${TYPES.physioFollowUp}&practitionerId=any&from=${today}&to=${week}`,
    );
    assert.equal(res.status, 200, await res.clone().text());
    const { slots } = availabilityResponseSchema.parse(await res.json());
    const slot = slots[0];
    assert.ok(slot, 'free times in the next week');

    const body: BookingRequest = {
      serviceId: TYPES.physioFollowUp,
      practitionerId: 'any',
      start: slot.start,
      patient: {
        firstName: 'Robin',
        lastName: 'Hale',
        email: 'robin+e2e@example.com',
        phone: '0412 555 010',
        dateOfBirth: '1979-03-08',
        note: 'Tight calves',
      },
      waiver: { version: '3', accepted: true, signatureSvg: DRAWN_SIGNATURE },
    };
    const post = () =>
      fetch(`${proxy.url}/api/clinics/${CLINIKO_CLINIC_ID}/bookings`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'Idempotency-Key': 'e2e-cliniko-1' },
        body: JSON.stringify(body),
      });
    // The create's answer is lost after Cliniko committed it; the widget retries.
    fake.failNext('appointments.create', { kind: 'lose-response' });
    const lost = await post();
    assert.equal(lost.status, 503, await lost.clone().text());
    assert.ok(lost.headers.get('Retry-After'));
    const booked = await post();
    assert.equal(booked.status, 201, await booked.clone().text());
    const { booking } = bookingResponseSchema.parse(await booked.json());
    assert.equal(booking.start, slot.start);

    const patients = fake.patients.filter((p) => p.email === 'robin+e2e@example.com');
    assert.equal(patients.length, 1, 'one patient in Cliniko');
    const appointments = fake.liveAppointmentsOf(patients[0]!.id);
    assert.equal(appointments.length, 1, 'one appointment');
    assert.equal(appointments[0]!.id, booking.id);
    assert.equal(appointments[0]!.practitionerId, booking.practitionerId);
    assert.match(
      appointments[0]!.notes ?? '',
      /^Booked online\. Patient’s note: Tight calves\nOnline booking ref: bk-[0-9a-f]{16}$/,
    );
    const forms = fake.forms.filter((f) => f.patientId === patients[0]!.id);
    assert.equal(forms.length, 1, 'one waiver form');
    assert.equal(forms[0]!.attendeeId, appointments[0]!.attendeeId);
    assert.equal(fake.signatures.find((s) => s.id === forms[0]!.signatureIds[0])!.image, DRAWN_SIGNATURE);

    // Over real HTTP too, every request carried the key, the User-Agent and JSON Accept, and `+` went as %2B.
    for (const r of fake.requests) {
      assert.equal(r.headers.userAgent, CLINIKO_USER_AGENT);
      assert.equal(r.headers.accept, 'application/json');
      assert.equal(r.headers.authorization, `Basic ${btoa(`${FAKE_API_KEY}:`)}`);
    }
    assert.match(fake.requestsFor('patients.search')[0]!.rawQuery, /email%3A%3Drobin%2Be2e%40example\.com/);

    // Nothing secret or personal in the proxy's output.
    for (const secret of [FAKE_API_KEY, 'robin+e2e@example.com', '1979-03-08', 'Tight calves'])
      assert.ok(!proxy.output().includes(secret), secret);
  });
});
