/**
 * The real proxy process (`proxy/node.ts`, as `npm start` runs it) configured with a Halaxy
 * clinic through `CLINICS_CONFIG`, pointed at the fake Halaxy served over HTTP: the widget's
 * API answers from Halaxy's data, and a booking lands in Halaxy.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  availabilityResponseSchema,
  bookingResponseSchema,
  bootstrapResponseSchema,
  type BookingRequest,
} from '../../shared/contract.ts';
import { FAKE_CLIENT, HalaxyFake } from '../fakes/halaxy/halaxy-fake.ts';
import { ROLES, SERVICES } from '../fakes/halaxy/halaxy-seed.ts';
import { serveHandlers, type FakeHttpServer } from '../fakes/msw-http-server.ts';
import { DRAWN_SIGNATURE } from '../fixtures/signature.ts';
import {
  HALAXY_CLINIC_ID,
  HALAXY_ENV,
  HALAXY_USER_AGENT,
  halaxyClinicsFile,
} from '../helpers/halaxy-proxy.ts';
import { readPdf } from '../helpers/pdf-text.ts';
import { startProxyWithClinics, type ProxyProcess } from './proxy-process.ts';

describe('the proxy process with a clinic on Halaxy', () => {
  const fake = new HalaxyFake();
  let halaxy: FakeHttpServer;
  let proxy: ProxyProcess;

  before(async () => {
    halaxy = await serveHandlers(fake.handlers(), 'https://au-api.halaxy.com');
    proxy = await startProxyWithClinics(halaxyClinicsFile(`${halaxy.origin}/main`), HALAXY_ENV);
  });
  after(async () => {
    await proxy?.stop();
    await halaxy?.close();
  });

  it('serves the catalogue and free times from Halaxy, and books into it', async () => {
    assert.match(proxy.output(), new RegExp(`${HALAXY_CLINIC_ID} \\(Northside Allied Health, halaxy\\)`));
    const bootstrap = bootstrapResponseSchema.parse(
      await (await fetch(`${proxy.url}/api/clinics/${HALAXY_CLINIC_ID}/bootstrap`)).json(),
    );
    assert.deepEqual(
      bootstrap.categories[0]!.services.map((s) => s.id),
      [SERVICES.physioInitial, SERVICES.physioFollowUp, SERVICES.psychology],
    );
    assert.deepEqual(
      bootstrap.practitioners.map((p) => p.id),
      [ROLES.meiChen, ROLES.tomWalker, ROLES.priyaNair],
    );

    const today = new Date().toISOString().slice(0, 10);
    const week = new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10);
    const res = await fetch(
      `${proxy.url}/api/clinics/${HALAXY_CLINIC_ID}/availability?serviceId=${SERVICES.physioFollowUp}&practitionerId=any&from=${today}&to=${week}`,
    );
    assert.equal(res.status, 200);
    const { slots } = availabilityResponseSchema.parse(await res.json());
    const slot = slots[0];
    assert.ok(slot, 'free times in the next week');

    const body: BookingRequest = {
      serviceId: SERVICES.physioFollowUp,
      practitionerId: 'any',
      start: slot.start,
      patient: {
        firstName: 'Robin',
        lastName: 'Hale',
        email: 'robin+e2e@example.com',
        phone: '0412 555 010',
        dateOfBirth: '1979-03-08',
      },
      waiver: { version: '4', accepted: true, signatureSvg: DRAWN_SIGNATURE },
    };
    const booked = await fetch(`${proxy.url}/api/clinics/${HALAXY_CLINIC_ID}/bookings`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Idempotency-Key': `e2e-halaxy-${Date.now()}` },
      body: JSON.stringify(body),
    });
    assert.equal(booked.status, 201, await booked.clone().text());
    const { booking } = bookingResponseSchema.parse(await booked.json());
    assert.equal(booking.start, slot.start);

    const patient = fake.patients.find((p) => JSON.stringify(p.telecom).includes('robin+e2e@example.com'));
    assert.ok(patient, 'the patient is in Halaxy');
    const [appointment] = fake.liveAppointmentsOf(String(patient.id));
    assert.equal(appointment?.id, booking.id);
    assert.equal(appointment?.roleId, booking.practitionerId);
    const document = fake.documents.find((d) =>
      JSON.stringify(d.body.subject).includes(`/Patient/${String(patient.id)}`),
    );
    assert.ok(document, 'the signed waiver is a note on the patient');
    assert.match((await readPdf(document.pdf)).text, /Patient: Robin Hale/);

    // Over real HTTP too, every request carried the clinic's User-Agent and a `+` went as %2B.
    assert.ok(fake.requests.every((r) => r.headers.userAgent === HALAXY_USER_AGENT));
    assert.match(fake.requestsFor('patients.search')[0]!.rawQuery, /email=robin%2Be2e%40example\.com/);

    // Nothing secret or personal in the proxy's output.
    for (const secret of [FAKE_CLIENT.secret, 'robin+e2e@example.com', '1979-03-08'])
      assert.ok(!proxy.output().includes(secret), secret);
  });
});
