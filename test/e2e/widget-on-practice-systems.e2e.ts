/**
 * The widget, in Chromium, booking into Cliniko and into Halaxy: the real proxy process
 * configured for each, pointed at its fake served over HTTP. The same five steps a patient
 * takes on the demo clinic end with a patient, an appointment and the signed waiver in the
 * practice system.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { ClinikoFake } from '../fakes/cliniko/cliniko-fake.ts';
import { HalaxyFake } from '../fakes/halaxy/halaxy-fake.ts';
import { serveHandlers, type FakeHttpServer } from '../fakes/msw-http-server.ts';
import { OTHER_BUSINESS_ID } from '../fakes/cliniko/cliniko-seed.ts';
import { CLINIKO_PRACTICE_ID, clinikoPracticeClinicsFile } from '../helpers/cliniko-practice.ts';
import { CLINIKO_CLINIC_ID, CLINIKO_ENV, clinikoClinicsFile } from '../helpers/cliniko-proxy.ts';
import { HALAXY_CLINIC_ID, HALAXY_ENV, halaxyClinicsFile } from '../helpers/halaxy-proxy.ts';
import { launchBrowser } from './browser.ts';
import { drawSignature, fillPatientDetails } from './demo-session.ts';
import { startProxyWithClinics, type ProxyProcess } from './proxy-process.ts';

/** A clinic's page on the proxy's own origin, embedding the widget as a clinic would. */
async function openClinicPage(
  page: Page,
  proxy: ProxyProcess,
  clinicId: string,
  attribute: 'clinic' | 'practice' = 'clinic',
): Promise<void> {
  const url = `${proxy.url}/clinic-page.html`;
  await page.route(url, (route) =>
    route.fulfill({
      contentType: 'text/html',
      body: `<!doctype html><html lang="en-AU"><head><meta charset="utf-8"><title>Book</title>
        <script type="module" src="/widget.js"></script></head>
        <body><main><clinic-booking ${attribute}="${clinicId}"></clinic-booking></main></body></html>`,
    }),
  );
  await page.goto(url);
}

/** Books the first service of the first category with any practitioner at the first free time. */
async function bookFirstFreeTime(page: Page, email: string): Promise<string> {
  const widget = page.locator('clinic-booking');
  const first = widget.getByRole('heading', { name: /What would you like to book\?|Choose a service/ });
  await first.waitFor();
  // The heading says its step first ("Step 2 of 5 Choose a service").
  if (!(await first.textContent())?.includes('Choose a service'))
    await widget.locator('cb-step-category button').first().click();
  await widget.getByRole('heading', { name: 'Choose a service' }).waitFor();
  await widget.locator('[part="service-list"] button').first().click();
  await widget.getByRole('button', { name: /^Any available practitioner/ }).click();
  await widget.getByRole('heading', { name: 'Choose a time' }).waitFor();
  await widget
    .getByRole('button', { name: /^\d{1,2}:\d\d [ap]m/ })
    .first()
    .click();
  await widget.getByRole('heading', { name: 'Your details' }).waitFor();
  await fillPatientDetails(widget, {
    firstName: 'Robin',
    lastName: 'Hale',
    email,
    mobile: '0412 555 010',
    dateOfBirth: '1979-03-08',
  });
  await widget.getByLabel(/A note for your practitioner/).fill('Tight calves');
  await drawSignature(page, widget);
  await widget.getByRole('button', { name: 'Review booking' }).click();
  await widget.getByRole('heading', { name: 'Check and book' }).waitFor();
  await widget.getByRole('button', { name: 'Book appointment' }).click();
  await widget.getByRole('heading', { name: 'You’re booked' }).waitFor();
  return (await widget.locator('[part="booking-reference"] strong').textContent()) ?? '';
}

describe('the widget booking into a practice system', () => {
  let browser: Browser;
  const cleanups: Array<() => Promise<unknown>> = [];

  before(async () => {
    browser = await launchBrowser();
  });
  after(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
    await browser?.close();
  });

  async function proxyFor(clinicsFile: string, env: Record<string, string>): Promise<ProxyProcess> {
    const proxy = await startProxyWithClinics(clinicsFile, env);
    cleanups.push(() => proxy.stop());
    return proxy;
  }

  async function serve(
    handlers: Parameters<typeof serveHandlers>[0],
    origin: string,
  ): Promise<FakeHttpServer> {
    const server = await serveHandlers(handlers, origin);
    cleanups.push(() => server.close());
    return server;
  }

  it('Cliniko: one patient, one appointment with the note, one signed waiver form', async () => {
    const fake = new ClinikoFake();
    const cliniko = await serve(fake.handlers(), 'https://api.au2.cliniko.com');
    const proxy = await proxyFor(clinikoClinicsFile({ baseUrl: `${cliniko.origin}/v1` }), CLINIKO_ENV);
    const page = await browser.newPage();
    await openClinicPage(page, proxy, CLINIKO_CLINIC_ID);
    const reference = await bookFirstFreeTime(page, 'robin.widget@example.com');

    const patients = fake.patients.filter((p) => p.email === 'robin.widget@example.com');
    assert.equal(patients.length, 1);
    const appointments = fake.liveAppointmentsOf(patients[0]!.id);
    assert.deepEqual(
      appointments.map((a) => a.id),
      [reference],
    );
    assert.match(appointments[0]!.notes ?? '', /Tight calves/);
    const forms = fake.forms.filter((f) => f.patientId === patients[0]!.id);
    assert.equal(forms.length, 1, 'the signed waiver is a patient form');
    const signature = fake.signatures.find((s) => s.id === forms[0]!.signatureIds[0]);
    assert.match(signature?.image ?? '', /^data:image\/svg\+xml;base64,/);
    await page.close();
  });

  it('Cliniko, a practice of two businesses: a booking at the second location lands in its business', async () => {
    const fake = new ClinikoFake();
    const cliniko = await serve(fake.handlers(), 'https://api.au2.cliniko.com');
    const proxy = await proxyFor(
      clinikoPracticeClinicsFile({ baseUrl: `${cliniko.origin}/v1` }),
      CLINIKO_ENV,
    );
    const page = await browser.newPage();
    await openClinicPage(page, proxy, CLINIKO_PRACTICE_ID, 'practice');
    const widget = page.locator('clinic-booking');
    await widget.getByRole('heading', { name: 'Where would you like to be seen?' }).waitFor();
    await widget.getByRole('button', { name: /^Harbour Allied Health Pool/ }).click();
    const reference = await bookFirstFreeTime(page, 'robin.pool@example.com');

    const appointment = fake.appointments.find((a) => a.id === reference);
    assert.equal(appointment?.businessId, OTHER_BUSINESS_ID, 'booked into the second business');
    const patients = fake.patients.filter((p) => p.email === 'robin.pool@example.com');
    assert.equal(patients.length, 1);
    assert.equal(fake.forms.filter((f) => f.patientId === patients[0]!.id).length, 1, 'the signed waiver');
    await page.close();
  });

  it('Halaxy: one patient, one appointment, the waiver as a document', async () => {
    const fake = new HalaxyFake();
    const halaxy = await serve(fake.handlers(), 'https://au-api.halaxy.com');
    const proxy = await proxyFor(halaxyClinicsFile(`${halaxy.origin}/main`), HALAXY_ENV);
    const page = await browser.newPage();
    await openClinicPage(page, proxy, HALAXY_CLINIC_ID);
    const reference = await bookFirstFreeTime(page, 'robin.widget@example.com');

    const patients = fake.patients.filter((p) =>
      JSON.stringify(p.telecom).includes('robin.widget@example.com'),
    );
    assert.equal(patients.length, 1);
    const appointments = fake.liveAppointmentsOf(String(patients[0]!.id));
    assert.deepEqual(
      appointments.map((a) => a.id),
      [reference],
    );
    const documents = fake.documents.filter((d) =>
      JSON.stringify(d.body.subject).includes(`/Patient/${String(patients[0]!.id)}`),
    );
    assert.equal(documents.length, 1, 'the signed waiver is a document on the patient');
    await page.close();
  });
});
