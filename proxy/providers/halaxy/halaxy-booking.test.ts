/**
 * Booking into Halaxy through the real proxy app, against the fake Halaxy (msw): what a
 * patient sees, and what lands in the practice system.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { testServer } from '../../../test/helpers/msw-server.ts';
import {
  bookingResponseSchema,
  bootstrapResponseSchema,
  errorResponseSchema,
  type BookingRequest,
  type Slot,
} from '../../../shared/contract.ts';
import { svgDataUri } from '../../../test/fixtures/signature.ts';
import { FAKE_CLIENT, HALAXY_PUBLIC_BASE } from '../../../test/fakes/halaxy/halaxy-fake.ts';
import { MEDICARE_FUNDER_ID, ROLES, SERVICES } from '../../../test/fakes/halaxy/halaxy-seed.ts';
import { clinicApi, signedBooking } from '../../../test/helpers/clinic-api.ts';
import { newKey } from '../../../test/helpers/demo-proxy.ts';
import {
  createHalaxyProxy,
  HALAXY_CLINIC_ID,
  HALAXY_USER_AGENT,
  type HalaxyProxy,
} from '../../../test/helpers/halaxy-proxy.ts';
import { readPdf } from '../../../test/helpers/pdf-text.ts';

const server = testServer();

/** Tuesday 24 November 2026, the day after the fixed clock; the seed's diary is on it. */
const TUESDAY = '2026-11-24';

function setup(options: Parameters<typeof createHalaxyProxy>[0] = {}): HalaxyProxy {
  const proxy = createHalaxyProxy(options);
  server.use(...proxy.fake.handlers());
  return proxy;
}

const slots = (proxy: HalaxyProxy, serviceId: string, practitionerId: string, from = TUESDAY, to = from) =>
  clinicApi(proxy).slots(serviceId, practitionerId, from, to);
const book = (proxy: HalaxyProxy, body: BookingRequest, key?: string) => clinicApi(proxy).book(body, key);
const request = (
  slot: Slot,
  serviceId: string,
  patient?: Partial<BookingRequest['patient']>,
  practitionerId?: string,
) => signedBooking(slot, serviceId, '4', patient, practitionerId);

const ALEX = {
  firstName: 'Alex',
  lastName: 'NGUYỄN',
  email: 'Alex.Nguyen+physio@example.com',
  phone: '0412 000 001',
  dateOfBirth: '1985-06-30',
};

describe('Halaxy: catalogue and availability', () => {
  it('lists the active, online-bookable appointment types of this clinic, with prices, and who offers them', async () => {
    const proxy = setup();
    const res = await proxy.app.request(`/api/clinics/${HALAXY_CLINIC_ID}/bootstrap`);
    assert.equal(res.status, 200);
    const body = bootstrapResponseSchema.parse(await res.json());
    assert.deepEqual(
      body.categories.flatMap((c) =>
        c.services.map((s) => [s.id, s.name, s.durationMinutes, s.price?.amountCents ?? null]),
      ),
      [
        [SERVICES.physioInitial, 'Initial physiotherapy consultation', 45, 12000],
        [SERVICES.physioFollowUp, 'Physiotherapy follow-up', 30, null],
        [SERVICES.psychology, 'Psychology session', 50, 22550],
      ],
    );
    assert.deepEqual(
      body.practitioners.map((p) => [p.id, p.name, p.title, p.serviceIds]),
      [
        [ROLES.meiChen, 'Mei Chen', 'Psychologist', [SERVICES.psychology]],
        [ROLES.tomWalker, 'Tom Walker', 'Physiotherapist', [SERVICES.physioInitial, SERVICES.physioFollowUp]],
        [ROLES.priyaNair, 'Priya Nair', 'Physiotherapist', [SERVICES.physioInitial, SERVICES.physioFollowUp]],
      ],
    );
    // The type with no online-booking flag is hidden, and the operator is told.
    assert.ok(
      proxy.logs.some((l) => l.includes('"halaxy.services_hidden"') && l.includes('"withoutOnlineFlag":1')),
    );
  });

  it('answers free times from $find in the clinic’s zone, without the booked ones, merged for "any"', async () => {
    const proxy = setup();
    const tom = await slots(proxy, SERVICES.physioFollowUp, ROLES.tomWalker);
    const starts = tom.map((s) => s.start.slice(11, 16));
    assert.deepEqual(starts.slice(0, 6), ['08:00', '08:30', '09:30', '11:00', '11:30', '13:00']);
    assert.ok(starts.includes('14:00'), 'a cancelled appointment does not block its time');
    assert.ok(tom.every((s) => s.start.endsWith('+11:00') && s.practitionerId === ROLES.tomWalker));
    assert.equal(tom[0]!.end, `${TUESDAY}T08:30:00+11:00`);

    const any = await slots(proxy, SERVICES.physioFollowUp, 'any');
    assert.deepEqual(new Set(any.map((s) => s.practitionerId)), new Set([ROLES.tomWalker, ROLES.priyaNair]));
    assert.deepEqual(
      any.map((s) => s.start),
      [...any.map((s) => s.start)].sort(),
    );
    // One $find per practitioner role, the service's duration, the window with its offset encoded.
    const finds = proxy.fake.requestsFor('appointments.find');
    const last = finds.at(-1)!.rawQuery;
    assert.match(
      last,
      /start=2026-11-24T00%3A00%3A00%2B11%3A00&end=2026-11-25T00%3A00%3A00%2B11%3A00&duration=30&practitioner-role=PR-\d+/,
    );
  });
});

describe('Halaxy: booking', () => {
  it('books a new patient: creates them, books with $book, stores the signed waiver as a PDF note', async () => {
    const proxy = setup();
    const [slot] = await slots(proxy, SERVICES.physioInitial, ROLES.priyaNair);
    const res = await book(proxy, request(slot!, SERVICES.physioInitial, { note: 'Sore left knee' }));
    assert.equal(res.status, 201, await res.clone().text());
    const { booking } = bookingResponseSchema.parse(await res.json());
    assert.equal(booking.practitionerName, 'Priya Nair');
    assert.equal(booking.start, slot!.start);

    const patient = proxy.fake.patients.find((p) =>
      JSON.stringify(p.telecom).includes('jordan.taylor@example.com'),
    )!;
    assert.deepEqual(patient.name, [{ use: 'official', given: ['Jordan'], family: 'Taylor' }]);
    assert.equal(patient.birthDate, '1988-04-12');
    assert.ok(JSON.stringify(patient.telecom).includes('"+61412345678"'));
    const [appointment] = proxy.fake.liveAppointmentsOf(String(patient.id));
    assert.equal(appointment!.id, booking.id);
    assert.equal(appointment!.roleId, ROLES.priyaNair);
    assert.equal(appointment!.serviceId, SERVICES.physioInitial);
    assert.equal(appointment!.end - appointment!.start, 45 * 60_000);
    assert.match(appointment!.description, /Sore left knee/);

    const [document] = proxy.fake.documents;
    assert.equal(proxy.fake.documents.length, 1);
    assert.equal(document!.body.docStatus, 'final');
    assert.match(
      String((document!.body.subject as { reference: string }).reference),
      new RegExp(`/Patient/${String(patient.id)}$`),
    );
    assert.match(JSON.stringify(document!.body.author), new RegExp(`PractitionerRole/${ROLES.priyaNair}`));
    assert.equal(document!.pdfTitle, 'waiver-northside-consent-v4-signed.pdf');
    assert.match(
      document!.html,
      /Consent to assessment and treatment \(version 4\) signed electronically by Jordan Taylor/,
    );

    // The booked time is gone.
    assert.ok(
      !(await slots(proxy, SERVICES.physioInitial, ROLES.priyaNair)).some((s) => s.start === slot!.start),
    );
  });

  it('puts the intake answers in the waiver note and its PDF, where the practitioner reads them', async () => {
    const intake = [
      { id: 'goals', label: 'What would you like to work on?', type: 'long-text', required: true },
    ];
    const proxy = setup({ clinic: { intake } });
    const [slot] = await slots(proxy, SERVICES.physioInitial, ROLES.priyaNair);
    const res = await book(proxy, {
      ...request(slot!, SERVICES.physioInitial),
      answers: { goals: 'Run 10 km <again>' },
    });
    assert.equal(res.status, 201, await res.clone().text());
    const [document] = proxy.fake.documents;
    assert.match(document!.html, /<b>What would you like to work on\?<\/b><br>Run 10 km &lt;again&gt;/);
    const { text } = await readPdf(document!.pdf);
    assert.match(
      text.replace(/\s+/g, ' '),
      /Intake answers What would you like to work on\? Run 10 km <again>/,
    );
  });

  it('recognises a returning patient by email (with a "+"), date of birth and family name', async () => {
    const proxy = setup();
    const [slot] = await slots(proxy, SERVICES.physioFollowUp, ROLES.tomWalker);
    const patientsBefore = proxy.fake.patients.length;
    const res = await book(proxy, request(slot!, SERVICES.physioFollowUp, ALEX));
    assert.equal(res.status, 201, await res.clone().text());
    assert.equal(proxy.fake.patients.length, patientsBefore, 'no new patient');
    assert.equal(proxy.fake.liveAppointmentsOf('30000001').length, 1);
    assert.equal(
      proxy.fake.liveAppointmentsOf('30000002').length,
      1,
      'the relative who shares the email keeps only her own',
    );
    assert.match(
      proxy.fake.requestsFor('patients.search')[0]!.rawQuery,
      /email=Alex\.Nguyen%2Bphysio%40example\.com/,
    );
  });

  it('saves a Medicare card as a Coverage once, however often the patient books', async () => {
    const proxy = setup();
    const [first, second] = await slots(proxy, SERVICES.physioFollowUp, ROLES.tomWalker);
    const medicare = { ...ALEX, medicareNumber: '2123 45670 1', medicareIrn: '2' };
    assert.equal((await book(proxy, request(first!, SERVICES.physioFollowUp, medicare))).status, 201);
    assert.equal((await book(proxy, request(second!, SERVICES.physioFollowUp, medicare))).status, 201);
    assert.equal(proxy.fake.coverages.length, 1);
    const coverage = proxy.fake.coverages[0]!;
    assert.equal(coverage.subscriberID, '2123456701');
    assert.equal(coverage.dependent, '2');
    assert.match(JSON.stringify(coverage.payor), new RegExp(`Organization/${MEDICARE_FUNDER_ID}`));
    assert.match(JSON.stringify(coverage.beneficiary), /Patient\/30000001/);
  });

  it('finds the Medicare funder once when none is configured, and saves each card against it', async () => {
    const proxy = setup({ provider: { medicareFunderId: undefined } });
    const [first, second] = await slots(proxy, SERVICES.physioFollowUp, ROLES.tomWalker);
    const medicare = { medicareNumber: '2123 45670 1', medicareIrn: '1' };
    assert.equal((await book(proxy, request(first!, SERVICES.physioFollowUp, medicare))).status, 201);
    assert.equal(
      (
        await book(
          proxy,
          request(second!, SERVICES.physioFollowUp, {
            firstName: 'Casey',
            lastName: 'Brown',
            email: 'casey.brown@example.com',
            medicareNumber: '2123 45670 1',
            medicareIrn: '3',
          }),
        )
      ).status,
      201,
    );
    const searches = proxy.fake.requestsFor('organizations.search');
    assert.equal(searches.length, 1, 'looked up once, then kept');
    assert.match(searches[0]!.rawQuery, /name=Medicare/);
    assert.equal(proxy.fake.coverages.length, 2);
    for (const coverage of proxy.fake.coverages)
      assert.match(JSON.stringify(coverage.payor), new RegExp(`Organization/${MEDICARE_FUNDER_ID}"`));
    const found = proxy.logs.filter((l) => l.includes('"halaxy.medicare_funder_found"'));
    assert.equal(found.length, 1);
    assert.match(found[0]!, new RegExp(`"funderId":"${MEDICARE_FUNDER_ID}"`));
  });

  it('books without Medicare details when the account has no Medicare funder, and says so once', async () => {
    const proxy = setup({ provider: { medicareFunderId: undefined } });
    const organizations = proxy.fake.seed.organizations;
    organizations.splice(
      organizations.findIndex((o) => o.id === MEDICARE_FUNDER_ID),
      1,
    );
    const [first, second] = await slots(proxy, SERVICES.physioFollowUp, ROLES.tomWalker);
    const medicare = { medicareNumber: '2123 45670 1' };
    assert.equal((await book(proxy, request(first!, SERVICES.physioFollowUp, medicare))).status, 201);
    assert.equal((await book(proxy, request(second!, SERVICES.physioFollowUp, medicare))).status, 201);
    assert.equal(proxy.fake.requestsFor('coverages.create').length, 0);
    assert.equal(proxy.fake.requestsFor('organizations.search').length, 1);
    const said = proxy.logs.filter((l) => l.includes('"halaxy.medicare_funder_not_found"'));
    assert.equal(said.length, 1, 'logged once, not per booking');
    // Nothing about the patient in it.
    for (const text of ['2123', 'Alex', 'Nguyen', 'example.com', '1985'])
      assert.ok(!said[0]!.includes(text), text);
  });

  it('asks again at the next card when the funder lookup failed, and books meanwhile', async () => {
    const proxy = setup({ provider: { medicareFunderId: undefined } });
    const [first, second] = await slots(proxy, SERVICES.physioFollowUp, ROLES.tomWalker);
    proxy.fake.failNext('organizations.search', { kind: 'refuse', status: 403 });
    const medicare = { medicareNumber: '2123 45670 1' };
    assert.equal((await book(proxy, request(first!, SERVICES.physioFollowUp, medicare))).status, 201);
    assert.equal(proxy.fake.coverages.length, 0);
    assert.ok(proxy.logs.some((l) => l.includes('funder_lookup_failed')));
    assert.equal((await book(proxy, request(second!, SERVICES.physioFollowUp, medicare))).status, 201);
    assert.equal(proxy.fake.coverages.length, 1, 'found at the second booking');
  });

  it('never looks the funder up when the clinic configured it', async () => {
    const proxy = setup();
    const [slot] = await slots(proxy, SERVICES.physioFollowUp, ROLES.tomWalker);
    await book(proxy, request(slot!, SERVICES.physioFollowUp, { medicareNumber: '2123 45670 1' }));
    assert.equal(proxy.fake.requestsFor('organizations.search').length, 0);
    assert.equal(proxy.fake.coverages.length, 1);
  });

  it('books "any practitioner" with whoever is free, looking up the patient’s day once', async () => {
    const proxy = setup();
    const [slot] = await slots(proxy, SERVICES.physioInitial, 'any');
    const res = await book(proxy, request(slot!, SERVICES.physioInitial, {}, 'any'));
    assert.equal(res.status, 201);
    assert.equal(bookingResponseSchema.parse(await res.json()).booking.practitionerId, slot!.practitionerId);
    assert.equal(
      proxy.fake.requests.filter(
        (r) => r.operation === 'appointments.search' && r.rawQuery.includes('patient='),
      ).length,
      1,
    );
  });
});

describe('Halaxy: a taken slot', () => {
  it('still refuses, from the diary, when $find does not hide booked times', async () => {
    const proxy = setup({ fake: { findExcludesBooked: false } });
    const [slot] = await slots(proxy, SERVICES.physioFollowUp, ROLES.tomWalker);
    proxy.fake.bookDirectly(ROLES.tomWalker, new Date(slot!.start), 30);
    const res = await book(proxy, request(slot!, SERVICES.physioFollowUp));
    assert.equal(res.status, 409);
    assert.equal(errorResponseSchema.parse(await res.json()).error.code, 'slot_taken');
    assert.equal(proxy.fake.requestsFor('appointments.book').length, 0);
    assert.equal(
      proxy.fake.appointments.filter((a) => a.start === Date.parse(slot!.start) && a.status === 'booked')
        .length,
      1,
    );
  });

  it('maps a $book conflict to slot_taken, and any other refusal to a friendly upstream error', async () => {
    const proxy = setup();
    const [first, second] = await slots(proxy, SERVICES.physioFollowUp, ROLES.tomWalker);
    proxy.fake.failNext('appointments.book', { kind: 'refuse', status: 409, code: 'conflict' });
    const conflict = await book(proxy, request(first!, SERVICES.physioFollowUp));
    assert.equal(conflict.status, 409);
    assert.equal(errorResponseSchema.parse(await conflict.json()).error.code, 'slot_taken');

    proxy.fake.failNext('appointments.book', { kind: 'refuse', status: 422, code: 'required' });
    const refused = await book(proxy, request(second!, SERVICES.physioFollowUp));
    assert.equal(refused.status, 502);
    const { error } = errorResponseSchema.parse(await refused.json());
    assert.equal(error.code, 'upstream_error');
    assert.doesNotMatch(error.message, /Injected|required/);
  });
});

describe('Halaxy: tokens', () => {
  it('renews an expired token mid-flow once, and books', async () => {
    const proxy = setup();
    const [slot] = await slots(proxy, SERVICES.physioFollowUp, ROLES.tomWalker);
    assert.equal(proxy.fake.requestsFor('token').length, 1);
    proxy.fake.expireTokens();
    const res = await book(proxy, request(slot!, SERVICES.physioFollowUp));
    assert.equal(res.status, 201);
    assert.equal(proxy.fake.requestsFor('token').length, 2);
    assert.equal(proxy.fake.requests.filter((r) => r.status === 401).length, 1);
    assert.equal(proxy.fake.requestsFor('appointments.book').length, 1);
  });

  it('renews a token before its 15 minutes are up, whatever expires_in says', async () => {
    const proxy = setup();
    await slots(proxy, SERVICES.physioFollowUp, ROLES.tomWalker);
    proxy.advance(14 * 60_000 + 1_000);
    await slots(proxy, SERVICES.physioFollowUp, ROLES.priyaNair);
    assert.equal(proxy.fake.requestsFor('token').length, 2);
    assert.equal(proxy.fake.requests.filter((r) => r.status === 401).length, 0);
  });

  it('fetches one token for many concurrent first requests', async () => {
    const proxy = setup();
    await Promise.all(
      [SERVICES.physioFollowUp, SERVICES.physioInitial, SERVICES.psychology].map((s) =>
        slots(proxy, s, 'any'),
      ),
    );
    assert.equal(proxy.fake.requestsFor('token').length, 1);
  });

  it('answers 502 and tells the operator when the credentials are wrong, without leaking them', async () => {
    const proxy = setup({ fake: { clientSecret: 'another-secret' } });
    const res = await proxy.app.request(`/api/clinics/${HALAXY_CLINIC_ID}/services`);
    assert.equal(res.status, 502);
    const text = await res.text();
    assert.equal(errorResponseSchema.parse(JSON.parse(text)).error.code, 'upstream_error');
    assert.ok(
      proxy.logs.some((l) => l.includes('upstream.auth_failed') || l.includes('halaxy.token_refused')),
    );
    for (const out of [text, ...proxy.logs])
      assert.ok(!out.includes(FAKE_CLIENT.secret) && !out.includes(FAKE_CLIENT.id));
  });
});

describe('Halaxy: lost responses and retries', () => {
  it('retries a read that failed with a 500, but never repeats a write whose outcome is unknown', async () => {
    const proxy = setup();
    proxy.fake.failNext('appointments.find', { kind: 'refuse', status: 500 });
    const [slot] = await slots(proxy, SERVICES.physioFollowUp, ROLES.tomWalker);
    assert.deepEqual(
      proxy.fake.requestsFor('appointments.find').map((r) => r.status),
      [500, 200],
    );
    proxy.fake.failNext('appointments.book', { kind: 'refuse', status: 500 });
    const res = await book(proxy, request(slot!, SERVICES.physioFollowUp));
    assert.equal(res.status, 503);
    assert.equal(errorResponseSchema.parse(await res.json()).error.code, 'upstream_unavailable');
    assert.equal(proxy.fake.requestsFor('appointments.book').length, 1);
  });

  it('completes a retry after the proxy restarted: one patient, one appointment, one waiver note', async () => {
    const first = setup();
    const [slot] = await slots(first, SERVICES.physioFollowUp, ROLES.tomWalker);
    const body = request(slot!, SERVICES.physioFollowUp);
    const key = newKey();
    const original = bookingResponseSchema.parse(await (await book(first, body, key)).json()).booking;
    // The answer never reached the patient; the proxy restarts and the widget retries.
    const restarted = createHalaxyProxy({ restartOf: first });
    const res = await book(restarted, body, key);
    assert.equal(res.status, 201);
    assert.equal(bookingResponseSchema.parse(await res.json()).booking.id, original.id);
    assert.equal(first.fake.requestsFor('appointments.book').length, 1);
    assert.equal(first.fake.requestsFor('patients.create').length, 1);
    // Halaxy notes cannot be read back; the store's waiver ledger outlives the restart.
    assert.equal(first.fake.documents.length, 1);
  });

  it('waits out a 429 and answers', async () => {
    const proxy = setup();
    proxy.fake.failNext('appointments.find', {
      kind: 'refuse',
      status: 429,
      code: 'throttled',
      retryAfterSeconds: 1,
    });
    assert.ok((await slots(proxy, SERVICES.physioFollowUp, ROLES.tomWalker)).length > 0);
    assert.equal(proxy.fake.requestsFor('appointments.find').filter((r) => r.status === 429).length, 1);
  });

  it('answers a friendly 502 when a permission is switched off on the API key', async () => {
    const proxy = setup();
    proxy.fake.failNext('appointments.find', { kind: 'refuse', status: 403, code: 'forbidden' });
    const res = await proxy.app.request(
      `/api/clinics/${HALAXY_CLINIC_ID}/availability?serviceId=${SERVICES.psychology}&practitionerId=${ROLES.meiChen}&from=${TUESDAY}&to=${TUESDAY}`,
    );
    assert.equal(res.status, 502);
    assert.equal(errorResponseSchema.parse(await res.json()).error.code, 'upstream_error');
    assert.ok(proxy.logs.some((l) => l.includes('"upstream.auth_failed"') && l.includes('permissions')));
  });
});

describe('Halaxy: what every request looks like', () => {
  it('sends the User-Agent, FHIR Accept, JSON bodies and a bearer token; the token call has a JSON body', async () => {
    const proxy = setup();
    const [slot] = await slots(proxy, SERVICES.physioFollowUp, ROLES.tomWalker);
    assert.equal(
      (await book(proxy, request(slot!, SERVICES.physioFollowUp, { medicareNumber: '2123 45670 1' }))).status,
      201,
    );
    assert.ok(proxy.fake.requests.length > 8);
    for (const r of proxy.fake.requests) {
      assert.equal(r.headers.userAgent, HALAXY_USER_AGENT, r.path);
      assert.equal(r.headers.accept, 'application/fhir+json', r.path);
      if (r.method === 'POST') assert.equal(r.headers.contentType, 'application/json', r.path);
      if (r.operation === 'token') assert.equal(r.headers.authorization, null);
      else assert.match(r.headers.authorization ?? '', /^Bearer tok_/);
      assert.ok(r.status >= 200 && r.status < 300, `${r.method} ${r.path} answered ${r.status}`);
    }
    // Reference parameters in the Type/id form Halaxy needs, encoded.
    assert.ok(proxy.fake.requestsFor('coverages.search')[0]!.rawQuery.includes('beneficiary=Patient%2F'));
    assert.ok(proxy.fake.requests.some((r) => r.rawQuery.includes('actor=PractitionerRole%2FPR-1650722')));
  });

  it('writes no patient data or credentials to the logs', async () => {
    const proxy = setup();
    const [slot] = await slots(proxy, SERVICES.physioFollowUp, ROLES.tomWalker);
    await book(proxy, request(slot!, SERVICES.physioFollowUp, { ...ALEX, medicareNumber: '2123 45670 1' }));
    const logs = proxy.logs.join('\n');
    for (const secret of [
      FAKE_CLIENT.secret,
      'Alex.Nguyen',
      'nguyen+physio',
      'NGUYỄN',
      '1985-06-30',
      '2123456701',
      '+61412000001',
      HALAXY_PUBLIC_BASE,
    ]) {
      assert.ok(!logs.includes(secret), `logs contain ${secret}`);
    }
  });
});

describe('Halaxy: the signed waiver PDF', () => {
  it('holds the clinic, waiver title, version and text, the patient, the signed-at time and the drawn signature', async () => {
    const proxy = setup();
    const [slot] = await slots(proxy, SERVICES.physioFollowUp, ROLES.tomWalker);
    assert.equal((await book(proxy, request(slot!, SERVICES.physioFollowUp, ALEX))).status, 201);
    const pdf = proxy.fake.documents[0]!.pdf;
    assert.equal(new TextDecoder().decode(pdf.slice(0, 5)), '%PDF-');
    const content = await readPdf(pdf);
    const text = content.text.replace(/\s+/g, ' ');
    for (const expected of [
      'Northside Allied Health',
      'Consent to assessment and treatment',
      'Version 4',
      'I consent to an assessment and to the treatment my practitioner explains.',
      'I understand I can ask questions or stop at any time',
      // Outside the PDF fonts' Latin-1, a letter loses its accents; the note's HTML keeps it.
      'Patient: Alex NGUYEN',
      'Date of birth: 30 June 1985 (1985-06-30)',
      'Monday, 23 November 2026 at 9:00 am',
      '2026-11-23T09:00:00+11:00',
      'Signature (drawn by the patient)',
    ]) {
      assert.ok(text.includes(expected), `PDF lacks "${expected}" in: ${text}`);
    }
    assert.equal(content.title, 'Consent to assessment and treatment (version 4)');
    assert.match(proxy.fake.documents[0]!.html, /signed electronically by Alex NGUYỄN/);

    // A typed signature shows the typed name instead of strokes.
    const typedSvg = svgDataUri(
      '<svg xmlns="http://www.w3.org/2000/svg" width="400" height="120"><text x="10" y="80" font-size="40" font-style="italic">Alex Nguyen</text></svg>',
    );
    const [, second] = await slots(proxy, SERVICES.physioFollowUp, ROLES.tomWalker);
    const typed = request(second!, SERVICES.physioFollowUp, ALEX);
    typed.waiver = { ...typed.waiver, signatureSvg: typedSvg, signatureMethod: 'typed' };
    assert.equal((await book(proxy, typed)).status, 201);
    const typedContent = await readPdf(proxy.fake.documents[1]!.pdf);
    assert.match(typedContent.text, /Signature \(typed by the patient\)\nAlex Nguyen/);
    assert.ok(
      content.pathOperations[0]! > typedContent.pathOperations[0]!,
      'the drawn signature adds its strokes',
    );
  });
});
