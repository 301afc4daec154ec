/**
 * Booking into Cliniko through the real proxy app, against the fake Cliniko (msw): what a
 * patient sees, what lands in the practice system, and how many requests it costs.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { testServer } from '../../../test/helpers/msw-server.ts';
import { createMemoryStore } from '../../store/memory-store.ts';
import {
  bookingResponseSchema,
  errorResponseSchema,
  type BookingRequest,
  type Slot,
} from '../../../shared/contract.ts';
import { DRAWN_SIGNATURE } from '../../../test/fixtures/signature.ts';
import { BUSINESS_ID, PATIENTS, PRACTITIONERS, TYPES } from '../../../test/fakes/cliniko/cliniko-seed.ts';
import { clinicApi, signedBooking } from '../../../test/helpers/clinic-api.ts';
import {
  createClinikoProxy,
  type ClinikoProxy,
  type ClinikoProxyOptions,
} from '../../../test/helpers/cliniko-proxy.ts';

const server = testServer();

/** Tuesday 24 November 2026, the day after the fixed clock; the seed's diary is on it. */
const TUESDAY = '2026-11-24';

function setup(options: ClinikoProxyOptions = {}): ClinikoProxy {
  const proxy = createClinikoProxy(options);
  server.use(...proxy.fake.handlers());
  return proxy;
}

const slots = (proxy: ClinikoProxy, serviceId: string, practitionerId: string, from = TUESDAY) =>
  clinicApi(proxy).slots(serviceId, practitionerId, from);
const book = (proxy: ClinikoProxy, body: BookingRequest, key?: string) => clinicApi(proxy).book(body, key);
const request = (
  slot: Slot,
  serviceId: string,
  patient?: Partial<BookingRequest['patient']>,
  practitionerId?: string,
) => signedBooking(slot, serviceId, '3', patient, practitionerId);

/** The operations the fake saw since `from` (an index into its requests). */
function opsSince(proxy: ClinikoProxy, from: number): string[] {
  return proxy.fake.requests.slice(from).map((r) => r.operation);
}

const ALEX = {
  firstName: 'Alex',
  lastName: 'Nguyen',
  email: 'Alex.Nguyen+physio@example.com',
  phone: '0412 000 001',
  dateOfBirth: '1985-06-30',
};
const CASEY = {
  firstName: 'Casey',
  lastName: 'Brown',
  email: 'casey.brown@example.com',
  phone: '0412 000 003',
  dateOfBirth: '1990-01-01',
};

describe('Cliniko: booking', () => {
  it('books a new patient: the patient, the appointment with the note, the signed waiver form; 9 requests', async () => {
    const proxy = setup();
    const [slot] = await slots(proxy, TYPES.physioInitial, PRACTITIONERS.priyaNair);
    const before = proxy.fake.requests.length;
    const res = await book(
      proxy,
      request(slot!, TYPES.physioInitial, {
        note: 'Sore left knee',
        medicareNumber: '2123 45670 1',
        medicareIrn: '2',
      }),
    );
    assert.equal(res.status, 201, await res.clone().text());
    const { booking } = bookingResponseSchema.parse(await res.json());
    assert.equal(booking.practitionerName, 'Priya N.');
    assert.equal(booking.start, slot!.start);
    assert.equal(booking.end, slot!.start.replace('T09:00', 'T09:45'));

    // Exactly these upstream requests, in this order: 9 for a new patient.
    assert.deepEqual(opsSince(proxy, before), [
      'patients.search', // by email
      'patients.search', // by date of birth (the email filter may be case-sensitive)
      'patients.create',
      'appointments.search', // an appointment a lost response made?
      'available_times.list', // the slot re-checked
      'appointments.create',
      'appointments.conflicts',
      'attendees.list',
      'patient_forms.create',
    ]);

    const patient = proxy.fake.patients.find((p) => p.email === 'jordan.taylor@example.com')!;
    assert.deepEqual(proxy.fake.requestsFor('patients.create')[0]!.body, {
      first_name: 'Jordan',
      last_name: 'Taylor',
      email: 'jordan.taylor@example.com',
      date_of_birth: '1988-04-12',
      patient_phone_numbers: [{ phone_type: 'Mobile', number: '+61412345678' }],
      medicare: '2123456701',
      medicare_reference_number: '2',
    });
    const [appointment] = proxy.fake.liveAppointmentsOf(patient.id);
    assert.equal(appointment!.id, booking.id, 'the id Cliniko gave, as a string');
    assert.match(booking.id, /^\d{19}$/);
    assert.equal(appointment!.practitionerId, PRACTITIONERS.priyaNair);
    assert.equal(appointment!.typeId, TYPES.physioInitial);
    assert.equal(appointment!.businessId, BUSINESS_ID);
    assert.equal(appointment!.endsAt - appointment!.startsAt, 45 * 60_000);
    assert.match(
      appointment!.notes ?? '',
      /^Booked online\. Patient’s note: Sore left knee\nOnline booking ref: bk-[0-9a-f]{16}$/,
    );
    const sent = proxy.fake.requestsFor('appointments.create')[0]!.body as Record<string, unknown>;
    assert.equal(sent.starts_at, '2026-11-23T22:00:00Z', 'UTC, as Cliniko wants');

    // The waiver: one completed form on the patient, tied to the appointment's attendee.
    assert.equal(proxy.fake.forms.length, 1);
    const form = proxy.fake.forms[0]!;
    assert.equal(form.patientId, patient.id);
    assert.equal(form.attendeeId, appointment!.attendeeId);
    assert.equal(form.appointmentId, appointment!.id);
    assert.equal(form.name, 'Consent to assessment and treatment (version 3)');
    assert.ok(form.completedAt !== null);
    const [section] = (
      form.content as {
        sections: Array<{ name: string; description: string; questions: Array<Record<string, unknown>> }>;
      }
    ).sections;
    assert.equal(section!.name, 'Consent to assessment and treatment');
    assert.equal(
      section!.description,
      '<p>I consent to an assessment and to the treatment my practitioner explains.</p><p>I understand I can ask questions or stop at any time, and that my information is kept confidential.</p>',
    );
    const answers: Record<string, unknown> = Object.fromEntries(
      section!.questions.map((q): [string, unknown] => [
        String(q.name),
        q.answer ?? q.answers ?? q.signature_id,
      ]),
    );
    assert.deepEqual(answers.Waiver, 'harbour-consent, version 3');
    assert.deepEqual(answers.Agreement, [{ value: 'I have read and agree to this waiver.', selected: true }]);
    assert.equal(answers['Signed at'], '2026-11-23T09:00:00+11:00 (Australia/Sydney), when booking online');
    assert.equal(answers['Signed by'], 'Drawn by the patient');
    assert.equal(proxy.fake.signatures.find((s) => s.id === answers.Signature)!.image, DRAWN_SIGNATURE);

    // The booked time is gone.
    assert.ok(
      !(await slots(proxy, TYPES.physioInitial, PRACTITIONERS.priyaNair)).some(
        (s) => s.start === slot!.start,
      ),
    );
  });

  it('recognises a returning patient by email, date of birth and last name; 7 requests', async () => {
    const proxy = setup();
    const [slot] = await slots(proxy, TYPES.physioFollowUp, PRACTITIONERS.tomWalker);
    const patientsBefore = proxy.fake.patients.length;
    const before = proxy.fake.requests.length;
    const res = await book(proxy, request(slot!, TYPES.physioFollowUp, { ...ALEX, lastName: 'Nguyễn' }));
    assert.equal(res.status, 201, await res.clone().text());
    assert.equal(proxy.fake.patients.length, patientsBefore, 'no new patient');
    assert.equal(proxy.fake.liveAppointmentsOf(PATIENTS.alex).length, 1);
    assert.equal(
      proxy.fake.liveAppointmentsOf(PATIENTS.samNguyen).length,
      0,
      'the relative who shares the email is not booked',
    );
    assert.deepEqual(opsSince(proxy, before), [
      'patients.search',
      'appointments.search',
      'available_times.list',
      'appointments.create',
      'appointments.conflicts',
      'attendees.list',
      'patient_forms.create',
    ]);
    assert.deepEqual(proxy.fake.requestsFor('patients.search')[0]!.query, [
      ['q[]', 'email:=Alex.Nguyen+physio@example.com'],
      ['per_page', '100'],
    ]);
    assert.match(
      proxy.fake.requestsFor('patients.search')[0]!.rawQuery,
      /q%5B%5D=email%3A%3DAlex\.Nguyen%2Bphysio%40example\.com/,
    );
  });

  it('still recognises them when the email’s capitals differ, through the date of birth', async () => {
    const proxy = setup();
    const [slot] = await slots(proxy, TYPES.physioFollowUp, PRACTITIONERS.tomWalker);
    const res = await book(
      proxy,
      request(slot!, TYPES.physioFollowUp, { ...ALEX, email: 'alex.nguyen+PHYSIO@example.com' }),
    );
    assert.equal(res.status, 201);
    assert.equal(proxy.fake.requestsFor('patients.create').length, 0);
    assert.deepEqual(proxy.fake.requestsFor('patients.search')[1]!.query[0], [
      'q[]',
      'date_of_birth:=1985-06-30',
    ]);
    assert.equal(proxy.fake.liveAppointmentsOf(PATIENTS.alex).length, 1);
  });

  it('matches on the Medicare number too: the same card is the same patient, another card another patient', async () => {
    const proxy = setup();
    // 08:00 and 08:30: the 30-minute slots between them overlap the first booking.
    const [first, , second] = await slots(proxy, TYPES.physioFollowUp, PRACTITIONERS.tomWalker);
    const r1 = await book(
      proxy,
      request(first!, TYPES.physioFollowUp, { ...CASEY, medicareNumber: '2123 45670 1' }),
    );
    assert.equal(r1.status, 201, await r1.clone().text());
    assert.equal(proxy.fake.requestsFor('patients.create').length, 0);
    assert.equal(
      proxy.fake.liveAppointmentsOf(PATIENTS.casey).filter((a) => a.startsAt === Date.parse(first!.start))
        .length,
      1,
    );
    assert.equal(
      (
        await book(
          proxy,
          request(second!, TYPES.physioFollowUp, { ...CASEY, medicareNumber: '3123 45671 1' }),
        )
      ).status,
      201,
    );
    assert.equal(
      proxy.fake.requestsFor('patients.create').length,
      1,
      'a different Medicare card is someone else',
    );
  });

  it('adds the Medicare card to a returning patient’s record that has none', async () => {
    const proxy = setup();
    const [slot] = await slots(proxy, TYPES.physioFollowUp, PRACTITIONERS.tomWalker);
    assert.equal(
      (
        await book(
          proxy,
          request(slot!, TYPES.physioFollowUp, { ...ALEX, medicareNumber: '2123 45670 1', medicareIrn: '3' }),
        )
      ).status,
      201,
    );
    assert.deepEqual(proxy.fake.requestsFor('patients.update')[0]!.body, {
      medicare: '2123456701',
      medicare_reference_number: '3',
    });
    const alex = proxy.fake.patients.find((p) => p.id === PATIENTS.alex)!;
    assert.equal(alex.medicare, '2123456701');
  });

  it('stores the intake answers as a section of the same patient form, escaped', async () => {
    const intake = [
      { id: 'goals', label: 'What would you like to work on?', type: 'long-text', required: true },
      {
        id: 'areas',
        label: 'Which areas are bothering you?',
        type: 'multi-choice',
        options: ['Knee', 'Back'],
      },
    ];
    const proxy = setup({ clinic: { intake } });
    const [slot] = await slots(proxy, TYPES.physioInitial, PRACTITIONERS.priyaNair);
    const res = await book(proxy, {
      ...request(slot!, TYPES.physioInitial),
      answers: { goals: 'Run 10 km <again>\nwithout pain', areas: ['Knee', 'Back'] },
    });
    assert.equal(res.status, 201, await res.clone().text());
    assert.equal(proxy.fake.forms.length, 1);
    const sections = (
      proxy.fake.forms[0]!.content as {
        sections: Array<{ name: string; questions: Array<Record<string, unknown>> }>;
      }
    ).sections;
    assert.equal(sections.length, 2);
    assert.deepEqual(sections[1], {
      name: 'Intake answers',
      questions: [
        {
          name: 'What would you like to work on?',
          type: 'paragraph',
          answer: 'Run 10 km &lt;again&gt;<br>without pain',
        },
        { name: 'Which areas are bothering you?', type: 'paragraph', answer: 'Knee, Back' },
      ],
    });
  });

  it('books "any practitioner" with whoever is free, looking up the patient’s appointments once', async () => {
    const proxy = setup();
    const [slot] = await slots(proxy, TYPES.physioInitial, 'any');
    const res = await book(proxy, request(slot!, TYPES.physioInitial, {}, 'any'));
    assert.equal(res.status, 201);
    assert.equal(bookingResponseSchema.parse(await res.json()).booking.practitionerId, slot!.practitionerId);
    assert.equal(
      proxy.fake.requests.filter(
        (r) => r.operation === 'appointments.search' && r.query.some(([, v]) => v.startsWith('patient_id:')),
      ).length,
      1,
    );
  });

  it('turns a 422 on the patient’s details into field errors, naming no upstream detail', async () => {
    const proxy = setup();
    const [slot] = await slots(proxy, TYPES.physioFollowUp, PRACTITIONERS.tomWalker);
    proxy.fake.failNext('patients.create', {
      kind: 'refuse',
      status: 422,
      body: JSON.stringify({
        message: 'Validation Failed',
        errors: { email: 'is invalid', date_of_birth: 'is invalid' },
      }),
    });
    const res = await book(proxy, request(slot!, TYPES.physioFollowUp));
    assert.equal(res.status, 422);
    const { error } = errorResponseSchema.parse(await res.json());
    assert.equal(error.code, 'validation_failed');
    assert.deepEqual(Object.keys(error.fields ?? {}).sort(), ['patient.dateOfBirth', 'patient.email']);
    assert.ok(
      proxy.logs.some((l) => l.includes('"cliniko.refused"') && l.includes('"fields":"email,date_of_birth"')),
    );
    assert.equal(proxy.fake.requestsFor('appointments.create').length, 0);
  });
});

describe('Cliniko: booking caps', () => {
  it('counts booked, not cancelled, appointments of the capped types per day, and stops offering a full day', async () => {
    const cap = { type: 'cap', categoryIds: ['physiotherapy'], max: 3, per: 'day' };
    const proxy = setup({ clinic: { rules: [cap] } });
    // Tuesday already has two physiotherapy appointments (and a cancelled one, not counted).
    const [slot] = await slots(proxy, TYPES.physioFollowUp, PRACTITIONERS.priyaNair);
    assert.ok(slot);
    const counted = proxy.fake
      .requestsFor('appointments.search')
      .find((r) => r.query.some(([, v]) => v.startsWith('appointment_type_id:')))!;
    assert.deepEqual(counted.query, [
      ['q[]', `business_id:=${BUSINESS_ID}`],
      ['q[]', `appointment_type_id:=${TYPES.physioInitial},${TYPES.physioFollowUp}`],
      ['q[]', 'starts_at:>=2026-11-23T13:00:00Z'],
      ['q[]', 'starts_at:<2026-11-24T13:00:00Z'],
      ['per_page', '100'],
    ]);
    assert.equal((await book(proxy, request(slot, TYPES.physioFollowUp))).status, 201);
    // The third fills the day: no more physiotherapy on Tuesday, Wednesday still open.
    assert.deepEqual(await slots(proxy, TYPES.physioInitial, 'any'), []);
    assert.ok((await slots(proxy, TYPES.physioInitial, 'any', '2026-11-25')).length > 0);
    assert.ok(
      (await slots(proxy, TYPES.psychology, PRACTITIONERS.meiChen)).length > 0,
      'psychology is not capped',
    );
  });
});

describe('Cliniko: double bookings', () => {
  it('cancels its own appointment and answers 409 when Cliniko reports a conflict with an earlier booking', async () => {
    const proxy = setup();
    const [slot] = await slots(proxy, TYPES.physioFollowUp, PRACTITIONERS.tomWalker);
    const start = Date.parse(slot!.start);
    // Between the re-check and the create, reception books the same time.
    proxy.fake.beforeNext('appointments.create', () =>
      proxy.fake.bookDirectly(PRACTITIONERS.tomWalker, TYPES.physioFollowUp, start, 30),
    );
    const res = await book(proxy, request(slot!, TYPES.physioFollowUp));
    assert.equal(res.status, 409, await res.clone().text());
    const { error } = errorResponseSchema.parse(await res.json());
    assert.equal(error.code, 'slot_taken');
    assert.ok(error.alternatives!.length > 0);

    const ours = proxy.fake.appointments.find(
      (a) => a.startsAt === start && a.notes?.startsWith('Booked online'),
    )!;
    assert.ok(ours.cancelledAt !== null, 'the appointment we made is cancelled');
    assert.equal(ours.cancellationReason, 50);
    assert.deepEqual(
      proxy.fake.liveAt(PRACTITIONERS.tomWalker, start).map((a) => a.notes),
      ['Booked by reception'],
    );
    assert.equal(proxy.fake.forms.length, 0, 'no waiver for a cancelled appointment');
    assert.deepEqual(proxy.fake.requestsFor('appointments.cancel')[0]!.body, {
      cancellation_reason: 50,
      cancellation_note:
        'Cancelled automatically by online booking: another booking took this time at the same moment.',
      apply_to_repeats: false,
    });
  });

  it('keeps its appointment when the only conflict was booked after it (that booker sees the clash)', async () => {
    const proxy = setup();
    const [slot] = await slots(proxy, TYPES.physioFollowUp, PRACTITIONERS.tomWalker);
    const start = Date.parse(slot!.start);
    proxy.fake.beforeNext('appointments.conflicts', () =>
      proxy.fake.bookDirectly(PRACTITIONERS.tomWalker, TYPES.physioFollowUp, start, 30),
    );
    const res = await book(proxy, request(slot!, TYPES.physioFollowUp));
    assert.equal(res.status, 201);
    assert.equal(proxy.fake.liveAt(PRACTITIONERS.tomWalker, start).length, 2);
    assert.ok(proxy.logs.some((l) => l.includes('"cliniko.double_booked_later"')));
  });

  it('lets exactly one of two proxy instances racing for one slot keep it, even without a shared store', async () => {
    const a = setup();
    // Instances on one database share the slot lock; these two do not (as reception booking
    // in Cliniko's own screens does not), so only Cliniko's conflicts can tell.
    const b = createClinikoProxy({ restartOf: a, store: createMemoryStore() });
    const [slot] = await slots(a, TYPES.physioFollowUp, PRACTITIONERS.tomWalker);
    await slots(b, TYPES.physioFollowUp, PRACTITIONERS.tomWalker);
    // Each instance's re-check passes before either creates: only Cliniko's conflicts can tell.
    let waiting = 2;
    let release!: () => void;
    const bothChecked = new Promise<void>((resolve) => (release = resolve));
    const gate = async () => {
      if (--waiting === 0) release();
      await bothChecked;
    };
    const originalFetch = globalThis.fetch;
    globalThis.fetch = async (input, init) => {
      if (new Request(input).url.endsWith('/individual_appointments') && init?.method === 'POST')
        await gate();
      return originalFetch(input, init);
    };
    try {
      const responses = await Promise.all([
        book(a, request(slot!, TYPES.physioFollowUp, { lastName: 'First', email: 'first@example.com' })),
        book(b, request(slot!, TYPES.physioFollowUp, { lastName: 'Second', email: 'second@example.com' })),
      ]);
      assert.deepEqual(responses.map((r) => r.status).sort(), [201, 409]);
    } finally {
      globalThis.fetch = originalFetch;
    }
    assert.equal(a.fake.requestsFor('appointments.create').length, 2);
    assert.equal(a.fake.requestsFor('appointments.cancel').length, 1);
    assert.equal(a.fake.liveAt(PRACTITIONERS.tomWalker, Date.parse(slot!.start)).length, 1);
    assert.equal(a.fake.forms.length, 1);
  });
});
