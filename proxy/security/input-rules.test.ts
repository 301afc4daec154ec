/**
 * Every input rule of the booking request, checked through the proxy as a patient's
 * browser (or an attacker) would hit it: one bad value at a time gets a 422 naming that
 * field and books nothing; good values are stored exactly, as text.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { errorResponseSchema, type BookingRequest, type Slot } from '../../shared/contract.ts';
import { svgDataUri } from '../../test/fixtures/signature.ts';
import { bookingFor, createDemoProxy, postBooking, type DemoProxy } from '../../test/helpers/demo-proxy.ts';
import { DEMO_SERVICE_IDS } from '../providers/demo/demo-data.ts';

const SERVICE = DEMO_SERVICE_IDS.physioInitial;

async function firstSlot(proxy: DemoProxy): Promise<Slot> {
  const res = await proxy.app.request(
    `/api/clinics/demo/availability?serviceId=${SERVICE}&practitionerId=any&from=2026-11-24&to=2026-11-24`,
  );
  return ((await res.json()) as { slots: Slot[] }).slots[0]!;
}

/** A date `years` years and `days` days from today (UTC), as YYYY-MM-DD. */
function dateFromToday(years: number, days = 0): string {
  const d = new Date();
  d.setUTCFullYear(d.getUTCFullYear() + years);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

const svg = (inner: string, attributes = 'width="100" height="50"') =>
  svgDataUri(`<svg xmlns="http://www.w3.org/2000/svg" ${attributes}>${inner}</svg>`);

type Change = (body: BookingRequest) => void;
const patient =
  (field: string, value: unknown): Change =>
  (b) => {
    (b.patient as Record<string, unknown>)[field] = value;
  };
const waiver =
  (field: string, value: unknown): Change =>
  (b) => {
    (b.waiver as Record<string, unknown>)[field] = value;
  };

const REFUSED: Array<[string, string, Change]> = [
  ['a first name over 50 characters', 'patient.firstName', patient('firstName', 'A'.repeat(51))],
  ['a blank last name', 'patient.lastName', patient('lastName', '   ')],
  [
    'a first name of only zero-width characters',
    'patient.firstName',
    patient('firstName', '\u200b\u200c\u200d\u2060\u00ad'),
  ],
  ['a control character in a name', 'patient.firstName', patient('firstName', 'Jo\u0000rdan')],
  ['an escape sequence in a name', 'patient.lastName', patient('lastName', 'Tay\u001b[31mlor')],
  ['a newline in a name', 'patient.firstName', patient('firstName', 'Jor\ndan')],
  ['a right-to-left override in a name', 'patient.lastName', patient('lastName', 'Tay\u202Erol')],
  ['a lone surrogate in a name', 'patient.firstName', patient('firstName', 'Jor\ud800dan')],
  ['a C1 control in the note', 'patient.note', patient('note', 'knee\u0085pain')],
  ['a note over 1000 characters', 'patient.note', patient('note', 'x'.repeat(1001))],
  ['an email without a domain', 'patient.email', patient('email', 'jordan@')],
  ['an email with markup', 'patient.email', patient('email', '<script>@example.com')],
  ['an email over 254 characters', 'patient.email', patient('email', `${'a'.repeat(250)}@example.com`)],
  ['a phone number that is too short', 'patient.phone', patient('phone', '0412 345')],
  ['an Australian number in the wrong range', 'patient.phone', patient('phone', '0112 345 678')],
  ['a phone number with letters', 'patient.phone', patient('phone', '0412 CALL ME')],
  ['a malformed international number', 'patient.phone', patient('phone', '+0 123 456 789')],
  ['a date of birth in the future', 'patient.dateOfBirth', patient('dateOfBirth', dateFromToday(0, 2))],
  [
    'a date of birth over 120 years ago',
    'patient.dateOfBirth',
    patient('dateOfBirth', dateFromToday(-120, -2)),
  ],
  ['an impossible date of birth', 'patient.dateOfBirth', patient('dateOfBirth', '1990-02-30')],
  ['a date of birth in another format', 'patient.dateOfBirth', patient('dateOfBirth', '12/04/1988')],
  [
    'a Medicare number with a wrong check digit',
    'patient.medicareNumber',
    patient('medicareNumber', '2123 45671 1'),
  ],
  ['a Medicare number of 9 digits', 'patient.medicareNumber', patient('medicareNumber', '2123 45670')],
  ['a Medicare reference number of 0', 'patient.medicareIrn', patient('medicareIrn', '0')],
  [
    'a signature with a script',
    'waiver.signatureSvg',
    waiver('signatureSvg', svg('<script>alert(1)</script><path d="M0 0"/>')),
  ],
  [
    'a signature with an event handler',
    'waiver.signatureSvg',
    waiver('signatureSvg', svg('<path d="M0 0" onclick="alert(1)"/>')),
  ],
  [
    'a signature with a link',
    'waiver.signatureSvg',
    waiver('signatureSvg', svg('<a href="https://evil.example"><path d="M0 0"/></a>')),
  ],
  [
    'a signature with an external image',
    'waiver.signatureSvg',
    waiver('signatureSvg', svg('<image href="https://evil.example/x.png"/>')),
  ],
  [
    'a signature with a foreign object',
    'waiver.signatureSvg',
    waiver('signatureSvg', svg('<foreignObject><div/></foreignObject><path d="M0 0"/>')),
  ],
  [
    'a signature with an external entity',
    'waiver.signatureSvg',
    waiver(
      'signatureSvg',
      svgDataUri(
        '<!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><text>&x;</text></svg>',
      ),
    ),
  ],
  [
    'a signature referring to a URL in a style value',
    'waiver.signatureSvg',
    waiver('signatureSvg', svg('<path d="M0 0" fill="url(https://evil.example/#a)"/>')),
  ],
  [
    'a signature larger than 500 pixels',
    'waiver.signatureSvg',
    waiver('signatureSvg', svg('<path d="M0 0"/>', 'width="5000" height="50"')),
  ],
  [
    'a signature over 100 KB',
    'waiver.signatureSvg',
    waiver('signatureSvg', svg('<path d="M0 0 L 1 1"/>'.repeat(6000))),
  ],
  [
    'a signature that is not SVG',
    'waiver.signatureSvg',
    waiver('signatureSvg', 'data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg=='),
  ],
  ['a malformed signature', 'waiver.signatureSvg', waiver('signatureSvg', svg('<path d="M0 0">'))],
  ['an empty signature', 'waiver.signatureSvg', waiver('signatureSvg', svg(''))],
  ['a waiver not accepted', 'waiver.accepted', waiver('accepted', false)],
  ['a waiver version with a control character', 'waiver.version', waiver('version', '1\u0007')],
  ['a start without an offset', 'start', (b) => void (b.start = '2026-11-24T09:00:00')],
  ['a service id that is not an id', 'serviceId', (b) => void (b.serviceId = '1; DROP TABLE patients')],
  [
    'a number for an id',
    'practitionerId',
    (b) => void ((b as Record<string, unknown>).practitionerId = 1790000000000000000),
  ],
  [
    'a Turnstile token over 2048 characters',
    'turnstileToken',
    (b) => void (b.turnstileToken = 'x'.repeat(2049)),
  ],
];

describe('booking input rules', () => {
  for (const [name, field, change] of REFUSED) {
    it(`refuses ${name} (422 on ${field}) and books nothing`, async () => {
      const proxy = createDemoProxy();
      const body = structuredClone(bookingFor(await firstSlot(proxy), SERVICE));
      change(body);
      const res = await postBooking(proxy.app, body);
      assert.equal(res.status, 422);
      const { error } = errorResponseSchema.parse(await res.json());
      assert.equal(error.code, 'validation_failed');
      assert.deepEqual(Object.keys(error.fields ?? {}), [field]);
      assert.equal((await proxy.provider.records()).patients.length, 0);
    });
  }

  it('accepts what real patients type: trimmed, E.164 phones, spaced Medicare numbers, accents, a date of birth of today', async () => {
    const proxy = createDemoProxy();
    const body = bookingFor(await firstSlot(proxy), SERVICE, {
      patient: {
        firstName: '  Zoë ',
        lastName: 'O’Brien-Nguyễn',
        email: ' zoe@example.com.au ',
        phone: '+44 7700 900123',
        dateOfBirth: dateFromToday(0),
        medicareNumber: '2123 45670 1',
        medicareIrn: ' 2 ',
        note: 'Left knee\nsince March.',
      },
    });
    const res = await postBooking(proxy.app, body);
    assert.equal(res.status, 201, await res.clone().text());
    const [stored] = (await proxy.provider.records()).patients;
    assert.equal(stored!.firstName, 'Zoë');
    assert.equal(stored!.lastName, 'O’Brien-Nguyễn');
    assert.equal(stored!.email, 'zoe@example.com.au');
    assert.equal(stored!.phone, '+447700900123');
    assert.equal(stored!.medicareNumber, '2123456701');
    assert.equal(stored!.medicareIrn, '2');
  });

  it('drops unknown fields, __proto__ included, at every level', async () => {
    const proxy = createDemoProxy();
    const valid = bookingFor(await firstSlot(proxy), SERVICE);
    const raw = JSON.stringify({
      ...valid,
      isAdmin: true,
      patient: { ...valid.patient, id: '1', role: 'staff' },
      waiver: { ...valid.waiver, signedBy: 'x' },
    }).replace(/^\{/, '{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}},');
    const res = await postBooking(proxy.app, raw);
    assert.equal(res.status, 201);
    const [stored] = (await proxy.provider.records()).patients;
    assert.deepEqual(Object.keys(stored!).sort(), [
      'dateOfBirth',
      'email',
      'firstName',
      'id',
      'lastName',
      'phone',
    ]);
    assert.notEqual(stored!.id, '1');
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
    const [waiverStored] = (await proxy.provider.records()).waivers;
    assert.equal((waiverStored as unknown as Record<string, unknown>).signedBy, undefined);
  });

  it('stores a name containing HTML exactly as typed, as text', async () => {
    const proxy = createDemoProxy();
    const name = '<img src=x onerror=alert(1)>';
    const body = bookingFor(await firstSlot(proxy), SERVICE, {
      patient: {
        ...bookingFor(await firstSlot(proxy), SERVICE).patient,
        firstName: name,
        lastName: '"Taylor" & <b>Sons</b>',
      },
    });
    const res = await postBooking(proxy.app, body);
    assert.equal(res.status, 201);
    assert.equal(res.headers.get('Content-Type'), 'application/json');
    const [stored] = (await proxy.provider.records()).patients;
    assert.equal(stored!.firstName, name);
    assert.equal(stored!.lastName, '"Taylor" & <b>Sons</b>');
  });
});
