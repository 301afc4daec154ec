import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  availabilityResponseSchema,
  clinicResponseSchema,
  errorResponseSchema,
} from '../../shared/contract.ts';
import { bookingFor, createDemoProxy, postBooking, type DemoProxy } from '../../test/helpers/demo-proxy.ts';
import { buildClinics } from '../clinic.ts';
import { ConfigError, loadClinicsConfig } from '../config/load-config.ts';
import { silentLogger } from '../logger.ts';
import { DEMO_SERVICE_IDS } from '../providers/demo/demo-data.ts';

const intake = [
  { id: 'child', label: 'Is this appointment for a child?', type: 'yes-no', required: true },
  {
    id: 'guardian-name',
    label: 'Parent or guardian’s name',
    type: 'text',
    required: true,
    showWhen: { questionId: 'child', equals: ['yes'] },
  },
  {
    id: 'goals',
    label: 'What would you like to work on?',
    type: 'long-text',
    appliesTo: { categoryIds: ['psychology'] },
  },
];

async function firstSlot(proxy: DemoProxy, serviceId: string) {
  const res = await proxy.app.request(
    `/api/clinics/demo/availability?serviceId=${serviceId}&practitionerId=any&from=2026-11-24&to=2026-11-30`,
  );
  return availabilityResponseSchema.parse(await res.json()).slots[0]!;
}

describe('intake answers on a booking', () => {
  it('publishes the clinic’s questions in its profile', async () => {
    const res = await createDemoProxy({}, { intake }).app.request('/api/clinics/demo');
    const { clinic } = clinicResponseSchema.parse(await res.json());
    assert.deepEqual(
      clinic.intake.map((q) => q.id),
      ['child', 'guardian-name', 'goals'],
    );
  });

  it('refuses missing required answers with a 422 per question, and books nothing', async () => {
    const proxy = createDemoProxy({}, { intake });
    const slot = await firstSlot(proxy, DEMO_SERVICE_IDS.physioInitial);
    const res = await postBooking(
      proxy.app,
      bookingFor(slot, DEMO_SERVICE_IDS.physioInitial, { practitionerId: 'any', answers: { child: 'yes' } }),
    );
    assert.equal(res.status, 422);
    const { error } = errorResponseSchema.parse(await res.json());
    assert.deepEqual(error.fields, { 'answers.guardian-name': 'Please answer this question.' });
    assert.equal((await proxy.provider.records()).patients.length, 0);
  });

  it('keeps visible answers with the booking and drops answers to hidden or unknown questions', async () => {
    const proxy = createDemoProxy({}, { intake });
    const slot = await firstSlot(proxy, DEMO_SERVICE_IDS.physioInitial);
    const answers = {
      child: 'no',
      'guardian-name': 'Should be dropped',
      goals: 'Not asked for physio',
      extra: 'x',
    };
    const res = await postBooking(
      proxy.app,
      bookingFor(slot, DEMO_SERVICE_IDS.physioInitial, { practitionerId: 'any', answers }),
    );
    assert.equal(res.status, 201);
    assert.deepEqual((await proxy.provider.records()).waivers[0]?.intake, [
      { question: 'Is this appointment for a child?', answer: 'No' },
    ]);
  });
});

describe('intake and rules in the clinics file', () => {
  const clinic = { id: 'acme', name: 'Acme', timezone: 'Australia/Sydney', provider: { type: 'demo' } };
  const load = (extra: Record<string, unknown>) =>
    loadClinicsConfig(JSON.stringify({ clinics: [{ ...clinic, ...extra }] }), {});

  for (const [name, extra, message] of [
    [
      'a duplicate question id',
      { intake: [intake[0], intake[0]] },
      /clinics\[0\]\.intake\[1\]\.id: Duplicate question id "child"/,
    ],
    [
      'a condition on a later question',
      { intake: [intake[1], intake[0]] },
      /clinics\[0\]\.intake\[0\]\.showWhen\.questionId: showWhen must name an earlier question/,
    ],
    [
      'a condition on an impossible answer',
      { intake: [intake[0], { ...intake[1], showWhen: { questionId: 'child', equals: ['perhaps'] } }] },
      /"perhaps" is not an answer "child" can have/,
    ],
    [
      'a choice question without options',
      { intake: [{ id: 'x', label: 'X', type: 'single-choice' }] },
      /A choice question needs options/,
    ],
    ['an unknown rule', { rules: [{ type: 'no-mondays' }] }, /clinics\[0\]\.rules\[0\]\.type/],
    [
      'hours the wrong way round',
      { rules: [{ type: 'service-hours', serviceIds: ['1'], hours: { mon: [['17:00', '09:00']] } }] },
      /The end must be after the start/,
    ],
    [
      'a bad weekday',
      { rules: [{ type: 'new-patient-days', practitionerIds: ['1'], weekdays: ['monday'] }] },
      /clinics\[0\]\.rules\[0\]\.weekdays\[0\]/,
    ],
  ] as const) {
    it(`stops at start-up on ${name}, naming the field`, () => {
      assert.throws(
        () => load(extra),
        (error: unknown) => error instanceof ConfigError && message.test(error.message),
      );
    });
  }

  it('refuses a cap for a practice system the proxy cannot count appointments in', () => {
    const halaxy = {
      type: 'halaxy',
      clientId: 'id',
      clientSecret: 'secret',
      userAgent: 'Acme (it@acme.example)',
      organizationId: 'CL-1',
    };
    const configs = load({
      provider: halaxy,
      rules: [{ type: 'cap', serviceIds: ['1'], max: 3, per: 'day' }],
    });
    assert.throws(
      () => buildClinics(configs, { fetch, now: () => new Date(), logger: silentLogger }),
      (error: unknown) =>
        error instanceof ConfigError &&
        /clinics\[0\]\.rules\[0\]: booking caps need .* the halaxy provider cannot yet/.test(error.message),
    );
    const demo = load({ rules: [{ type: 'cap', serviceIds: ['1'], max: 3, per: 'day' }] });
    assert.equal(buildClinics(demo, { fetch, now: () => new Date(), logger: silentLogger }).length, 1);
  });
});
