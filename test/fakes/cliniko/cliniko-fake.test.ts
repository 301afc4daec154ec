/**
 * The fake Cliniko keeps Cliniko's rules (per shared/reference/cliniko-api.md), so tests
 * against it mean something. Driven over real HTTP with `serveHandlers`.
 */
import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { svgDataUri } from '../../fixtures/signature.ts';
import { serveHandlers, type FakeHttpServer } from '../msw-http-server.ts';
import { ClinikoFake, FAKE_API_KEY, RATE_LIMIT_PER_MINUTE } from './cliniko-fake.ts';
import { BUSINESS_ID, PATIENTS, PRACTITIONERS, TYPES } from './cliniko-seed.ts';

const UA = 'FakeTests (t@example.test)';
const AUTH = `Basic ${btoa(`${FAKE_API_KEY}:`)}`;
const clock = Date.parse('2026-11-22T22:00:00Z');
let rateClock = 1_900_000_000_000;
const fake = new ClinikoFake({ now: () => clock, rateNow: () => rateClock });
let server: FakeHttpServer;
let base: string;

before(async () => {
  server = await serveHandlers(fake.handlers(), 'https://api.au2.cliniko.com');
  base = `${server.origin}/v1`;
});
after(() => server.close());

function call(
  path: string,
  init: { method?: string; body?: unknown; headers?: Record<string, string> } = {},
) {
  return fetch(`${base}${path}`, {
    method: init.method ?? 'GET',
    headers: {
      'User-Agent': UA,
      Accept: 'application/json',
      Authorization: AUTH,
      ...(init.body !== undefined ? { 'Content-Type': 'application/json' } : {}),
      ...init.headers,
    },
    ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
  });
}

async function json(
  path: string,
  init: Parameters<typeof call>[1] = {},
): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await call(path, init);
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

const times = (
  from: string,
  to: string,
  practitioner: string = PRACTITIONERS.tomWalker,
  type: string = TYPES.physioFollowUp,
) =>
  `/businesses/${BUSINESS_ID}/practitioners/${practitioner}/appointment_types/${type}/available_times?from=${from}&to=${to}`;

describe('the fake Cliniko', () => {
  it('needs HTTP Basic with the key (suffix optional) and an empty password: 401 otherwise', async () => {
    assert.equal((await call('/user', { headers: { Authorization: '' } })).status, 401);
    const denied = await call('/user', { headers: { Authorization: `Basic ${btoa('wrong-key-au2:')}` } });
    assert.equal(denied.status, 401);
    assert.equal(await denied.text(), 'HTTP Basic: Access denied.\n');
    assert.equal(
      (await call('/user', { headers: { Authorization: `Basic ${btoa(`${FAKE_API_KEY}:password`)}` } }))
        .status,
      401,
    );
    assert.equal(
      (
        await call('/user', {
          headers: { Authorization: `Basic ${btoa(`${FAKE_API_KEY.replace(/-au2$/, '')}:`)}` },
        })
      ).status,
      200,
    );
    assert.equal((await call('/user')).status, 200);
  });

  it('refuses a request without a User-Agent, or one with no contact email', async () => {
    // fetch always adds a User-Agent, so this request is made with node:http.
    const status = await new Promise<number>((resolve, reject) => {
      httpRequest(`${base}/user`, { headers: { Authorization: AUTH } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      })
        .on('error', reject)
        .end();
    });
    assert.equal(status, 403);
    assert.equal((await call('/user', { headers: { 'User-Agent': 'node' } })).status, 403);
  });

  it('pages lists with per_page (at most 100) and absolute links.next on Cliniko’s host; ids are strings past 2^53', async () => {
    const first = await json('/appointment_types?per_page=3');
    assert.equal(first.status, 200);
    assert.equal((first.body.appointment_types as unknown[]).length, 3);
    assert.equal(first.body.total_entries, 7, 'archived types are not listed');
    const links = first.body.links as Record<string, string>;
    assert.match(links.next!, /^https:\/\/api\.au2\.cliniko\.com\/v1\/appointment_types\?per_page=3&page=2$/);
    assert.equal(links.previous, undefined);
    const id = (first.body.appointment_types as Array<{ id: unknown }>)[0]!.id;
    assert.equal(typeof id, 'string');
    assert.ok(BigInt(id as string) > BigInt(Number.MAX_SAFE_INTEGER));
    const last = await json('/appointment_types?per_page=3&page=3');
    assert.equal((last.body.appointment_types as unknown[]).length, 1);
    assert.equal((last.body.links as Record<string, string>).next, undefined);
    assert.equal((await json('/appointment_types')).body.links !== undefined, true);
    assert.equal((await call('/appointment_types?per_page=101')).status, 400);
  });

  it('filters with q[], refusing unknown fields and date-times not in UTC', async () => {
    const online = await json('/appointment_types?q[]=show_in_online_bookings:=false');
    assert.deepEqual(
      (online.body.appointment_types as Array<{ id: string }>).map((t) => t.id),
      [TYPES.staffMeeting],
    );
    assert.equal((await call('/patients?q[]=shoe_size:=9')).status, 400);
    assert.equal(
      (await call('/individual_appointments?q[]=starts_at:>=2026-11-24T09:00:00%2B11:00')).status,
      400,
    );
    assert.equal(
      (await call('/individual_appointments?q[]=starts_at:=2026-11-23T22:00:00Z')).status,
      400,
      'no = on date-times',
    );
  });

  it('matches emails exactly, capitals included (the unconfirmed case sensitivity, on its unfavourable side)', async () => {
    const exact = await json(`/patients?q[]=${encodeURIComponent('email:=Alex.Nguyen+physio@example.com')}`);
    assert.equal((exact.body.patients as unknown[]).length, 2);
    const lower = await json(`/patients?q[]=${encodeURIComponent('email:=alex.nguyen+physio@example.com')}`);
    assert.equal((lower.body.patients as unknown[]).length, 0);
  });

  it('answers available_times in windows of at most 7 days from today in the account’s zone, 400 otherwise', async () => {
    const week = await json(times('2026-11-23', '2026-11-30'));
    assert.equal(week.status, 200);
    assert.equal((week.body.available_times as unknown[]).length, 50, 'default page of 50');
    // Monday 09:00 in Sydney, in UTC: the 08:00 to 08:45 times have passed.
    assert.equal(
      (week.body.available_times as Array<{ appointment_start: string }>)[0]!.appointment_start,
      '2026-11-22T22:00:00Z',
    );
    for (const [from, to] of [
      ['2026-11-23', '2026-12-01'],
      ['2026-11-22', '2026-11-24'],
      ['2026-11-25', '2026-11-24'],
      ['2026-11-23', ''],
    ]) {
      const res = await json(times(from!, to!));
      assert.equal(res.status, 400, `${from}..${to}`);
      assert.equal(
        res.body.message,
        'Invalid time frame definition. Please check from/to param limitations.',
      );
    }
  });

  it('answers 404 with an empty body for a practitioner or type not bookable online', async () => {
    const hidden = await call(times('2026-11-24', '2026-11-24', PRACTITIONERS.samLocum));
    assert.equal(hidden.status, 404);
    assert.equal(await hidden.text(), '');
    assert.equal(
      (await call(times('2026-11-24', '2026-11-24', PRACTITIONERS.tomWalker, TYPES.staffMeeting))).status,
      404,
    );
    assert.equal(
      (await call(times('2026-11-24', '2026-11-24', PRACTITIONERS.tomWalker, TYPES.psychology))).status,
      404,
      'Tom does not offer it',
    );
  });

  it('accepts a double booking, as Cliniko does, and reports it under conflicts; cancelling needs a reason', async () => {
    const body = {
      starts_at: '2026-11-24T05:00:00Z',
      patient_id: PATIENTS.alex,
      practitioner_id: PRACTITIONERS.tomWalker,
      appointment_type_id: TYPES.physioFollowUp,
      business_id: BUSINESS_ID,
    };
    const first = await json('/individual_appointments', { method: 'POST', body });
    const second = await json('/individual_appointments', { method: 'POST', body });
    assert.equal(first.status, 201);
    assert.equal(second.status, 201);
    assert.equal(second.body.ends_at, '2026-11-24T05:30:00Z', 'ends_at from the type’s duration');
    assert.equal(second.body.patient_id, undefined, 'related records are links, not ids');
    assert.match(
      String((second.body.patient as { links: { self: string } }).links.self),
      new RegExp(`/patients/${PATIENTS.alex}$`),
    );
    const conflicts = await json(`/individual_appointments/${String(second.body.id)}/conflicts`);
    assert.deepEqual(conflicts.body, { conflicts: { exist: true } });

    assert.equal(
      (await call(`/individual_appointments/${String(second.body.id)}/cancel`, { method: 'PATCH', body: {} }))
        .status,
      422,
    );
    const cancelled = await call(`/individual_appointments/${String(second.body.id)}/cancel`, {
      method: 'PATCH',
      body: { cancellation_reason: 50 },
    });
    assert.equal(cancelled.status, 204);
    assert.deepEqual((await json(`/individual_appointments/${String(first.body.id)}/conflicts`)).body, {
      conflicts: { exist: false },
    });
    const q = `q[]=patient_id:=${PATIENTS.alex}&q[]=starts_at:>=2026-11-24T05:00:00Z&q[]=starts_at:<=2026-11-24T05:00:00Z`;
    assert.equal(
      ((await json(`/individual_appointments?${q}`)).body.individual_appointments as unknown[]).length,
      1,
      'cancelled ones hidden',
    );
    assert.equal(
      (
        (await json(`/individual_appointments?${q}&q[]=cancelled_at:*`)).body
          .individual_appointments as unknown[]
      ).length,
      2,
    );
  });

  it('refuses invalid writes with 422 Validation Failed and the fields', async () => {
    const res = await json('/patients', { method: 'POST', body: { email: 'not-an-email' } });
    assert.equal(res.status, 422);
    assert.deepEqual(res.body, {
      message: 'Validation Failed',
      errors: { first_name: "can't be blank", last_name: "can't be blank", email: 'is invalid' },
    });
    const form = await json('/patient_forms', { method: 'POST', body: { content: null } });
    assert.deepEqual(form.body.errors, { patient: "can't be blank", name: "can't be blank" });
  });

  it('stores a form’s signature (an SVG data URI up to 500×500) apart, and checks the content as Cliniko does', async () => {
    const svg = (w: number) =>
      svgDataUri(
        `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="100"><path d="M0 0 L10 10"/></svg>`,
      );
    const form = (question: Record<string, unknown>, completed = true) => ({
      patient_id: PATIENTS.alex,
      name: 'Consent',
      completed,
      content: { sections: [{ name: 'Consent', questions: [question] }] },
    });
    const signed = await json('/patient_forms', {
      method: 'POST',
      body: form({ name: 'Signature', type: 'signature', required: true, signature: svg(400) }),
    });
    assert.equal(signed.status, 201, JSON.stringify(signed.body));
    const question = (
      signed.body.content as { sections: Array<{ questions: Array<Record<string, unknown>> }> }
    ).sections[0]!.questions[0]!;
    assert.equal(question.signature, undefined);
    assert.match(String(question.signature_id), /^\d{19}$/);
    const signatureLink = (signed.body.signatures as { links: { self: string } }).links.self;
    const stored = await json(new URL(signatureLink).pathname.replace(/^\/v1/, ''));
    assert.equal(stored.body.image, svg(400));

    const refused = async (question: Record<string, unknown>, completed = true) =>
      (await json('/patient_forms', { method: 'POST', body: form(question, completed) })).status;
    assert.equal(
      await refused({ name: 'Signature', type: 'signature', signature: svg(600) }),
      422,
      'wider than 500',
    );
    assert.equal(
      await refused({ name: 'Signature', type: 'signature', signature: 'data:image/png;base64,AAAA' }),
      422,
      'not SVG',
    );
    assert.equal(
      await refused({ name: 'Note', type: 'paragraph', answer: 'I <3 physio' }),
      422,
      'a literal <',
    );
    assert.equal(await refused({ name: 'Note', type: 'paragraph', answer: 'I &lt;3 <b>physio</b>' }), 201);
    assert.equal(
      await refused({ name: 'Agree', type: 'checkboxes', required: true, answers: [{ value: 'Yes' }] }),
      422,
      'required, unanswered',
    );
    assert.equal(
      await refused(
        { name: 'Agree', type: 'checkboxes', required: true, answers: [{ value: 'Yes' }] },
        false,
      ),
      201,
      'not completed',
    );
    assert.equal(
      await refused({ name: 'Agree', type: 'checkboxes', answers: [{ value: 'Yes', selected: false }] }),
      422,
      'selected only when true',
    );
    assert.equal(
      await refused({ name: 'Q', type: 'text', required: null, answer: 'x' }),
      422,
      'null is not false',
    );
  });

  it('answers 429 with X-RateLimit-Reset (epoch seconds) past 200 requests a minute', async () => {
    rateClock += 120_000;
    const started = rateClock;
    fake.spendRateLimit(RATE_LIMIT_PER_MINUTE - 1);
    assert.equal((await call('/user')).status, 200);
    const limited = await call('/user');
    assert.equal(limited.status, 429);
    assert.equal(limited.headers.get('X-RateLimit-Reset'), String(Math.ceil((started + 60_000) / 1000)));
    rateClock += 60_001;
    assert.equal((await call('/user')).status, 200);
  });
});
