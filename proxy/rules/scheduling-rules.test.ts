import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  availabilityResponseSchema,
  clinicResponseSchema,
  errorResponseSchema,
  practitionersResponseSchema,
  servicesResponseSchema,
  type BookingRequest,
  type Slot,
} from '../../shared/contract.ts';
import {
  bookingFor,
  createDemoProxy,
  DEMO_PATIENT,
  postBooking,
  type DemoProxy,
} from '../../test/helpers/demo-proxy.ts';
import { DEMO_PRACTITIONERS, DEMO_SERVICE_IDS } from '../providers/demo/demo-data.ts';
import type { SchedulingRule } from './rules-config.ts';
import { longestNoticeMinutes } from './scheduling-rules.ts';

const [aisha, tom, , liam, sarah] = DEMO_PRACTITIONERS.map((p) => p.id) as [
  string,
  string,
  string,
  string,
  string,
];
const s = DEMO_SERVICE_IDS;

function proxyWith(rules: SchedulingRule[], extra: Record<string, unknown> = {}): DemoProxy {
  return createDemoProxy({}, { rules, ...extra });
}

async function slots(
  proxy: DemoProxy,
  serviceId: string,
  practitionerId: string,
  from: string,
  to: string,
  returning?: 'yes' | 'no',
): Promise<Slot[]> {
  const query = new URLSearchParams({
    serviceId,
    practitionerId,
    from,
    to,
    ...(returning ? { returningPatient: returning } : {}),
  });
  const res = await proxy.app.request(`/api/clinics/demo/availability?${query}`);
  assert.equal(res.status, 200, await res.clone().text());
  return availabilityResponseSchema.parse(await res.json()).slots;
}

async function refusedByRule(proxy: DemoProxy, body: BookingRequest, message: RegExp) {
  const res = await postBooking(proxy.app, body);
  assert.equal(res.status, 422, await res.clone().text());
  const { error } = errorResponseSchema.parse(await res.json());
  assert.equal(error.code, 'rule_not_met');
  assert.match(error.message, message);
  assert.equal(error.fields?.start, error.message);
  assert.equal((await proxy.provider.records()).appointments.length, 0);
}

const weekday = (slot: Slot) => new Date(`${slot.start.slice(0, 10)}T00:00:00Z`).getUTCDay();
const localTime = (iso: string) => iso.slice(11, 16);

describe('scheduling rules', () => {
  it('minimum notice per service: no telehealth within 24 hours, other services unaffected', async () => {
    const plain = await slots(proxyWith([]), s.psychTelehealth, liam, '2026-11-23', '2026-11-25');
    const soon = plain.find((x) => Date.parse(x.start) < Date.parse('2026-11-23T22:00:00Z'));
    assert.ok(soon, 'a telehealth slot within 24 hours exists without the rule');
    const proxy = proxyWith([
      { type: 'minimum-notice', serviceIds: [s.psychTelehealth], minNoticeMinutes: 24 * 60 },
    ]);
    const ruled = await slots(proxy, s.psychTelehealth, liam, '2026-11-23', '2026-11-25');
    assert.ok(
      ruled.length > 0 && ruled.every((x) => Date.parse(x.start) >= Date.parse('2026-11-23T22:00:00Z')),
    );
    assert.ok((await slots(proxy, s.psychInitial, liam, '2026-11-23', '2026-11-23')).length > 0);
    await refusedByRule(proxy, bookingFor(soon, s.psychTelehealth), /24 hours’ notice/);
  });

  it('new patients only on given weekdays: Aisha takes new patients on Mondays', async () => {
    const proxy = proxyWith([{ type: 'new-patient-days', practitionerIds: [aisha], weekdays: ['mon'] }]);
    const forNew = await slots(proxy, s.physioInitial, aisha, '2026-11-23', '2026-12-06', 'no');
    assert.ok(forNew.length > 0 && forNew.every((x) => weekday(x) === 1));
    const unknownCountsAsNew = await slots(proxy, s.physioInitial, aisha, '2026-11-23', '2026-12-06');
    assert.deepEqual(unknownCountsAsNew, forNew);
    const forReturning = await slots(proxy, s.physioInitial, aisha, '2026-11-23', '2026-12-06', 'yes');
    assert.ok(forReturning.some((x) => weekday(x) === 2));
    // Tom has no such rule.
    assert.ok(
      (await slots(proxy, s.physioInitial, tom, '2026-11-23', '2026-12-06', 'no')).some(
        (x) => weekday(x) === 3,
      ),
    );

    const tuesday = forReturning.find((x) => weekday(x) === 2)!;
    // Claiming to be returning does not help someone the practice system has never seen.
    await refusedByRule(
      proxy,
      bookingFor(tuesday, s.physioInitial, { answers: { 'returning-patient': 'yes' } }),
      /Aisha Rahman sees new patients on Mondays only/,
    );
    // Once known (first visit on a Monday), a Tuesday is fine.
    assert.equal(
      (
        await postBooking(
          proxy.app,
          bookingFor(forNew[0]!, s.physioInitial, { answers: { 'returning-patient': 'no' } }),
        )
      ).status,
      201,
    );
    assert.equal(
      (
        await postBooking(
          proxy.app,
          bookingFor(tuesday, s.physioInitial, { answers: { 'returning-patient': 'yes' } }),
        )
      ).status,
      201,
    );
  });

  it('adds the built-in returning-patient question to the profile when a rule needs it', async () => {
    const res = await proxyWith([{ type: 'new-patient-days', practitionerIds: [aisha], weekdays: ['mon'] }], {
      intake: [],
    }).app.request('/api/clinics/demo');
    const { clinic } = clinicResponseSchema.parse(await res.json());
    assert.deepEqual(
      clinic.intake.map((q) => [q.id, q.type, q.required]),
      [['returning-patient', 'yes-no', true]],
    );
  });

  it('a service only within given hours, per practitioner: Sarah’s telehealth 17:00 to 20:00', async () => {
    const proxy = proxyWith([
      {
        type: 'service-hours',
        serviceIds: [s.psychTelehealth],
        practitionerIds: [sarah],
        hours: { thu: [['17:00', '20:00']], fri: [['17:00', '20:00']] },
      },
    ]);
    const evening = await slots(proxy, s.psychTelehealth, sarah, '2026-11-26', '2026-11-27');
    assert.ok(
      evening.length > 0 &&
        evening.every((x) => localTime(x.start) >= '17:00' && localTime(x.end) <= '20:00'),
    );
    assert.ok(
      (await slots(proxy, s.psychInitial, sarah, '2026-11-26', '2026-11-27')).some(
        (x) => localTime(x.start) < '17:00',
      ),
    );
    assert.ok(
      (await slots(proxy, s.psychTelehealth, liam, '2026-11-23', '2026-11-24')).some(
        (x) => localTime(x.start) < '17:00',
      ),
    );
    const afternoon = (await slots(proxyWith([]), s.psychTelehealth, sarah, '2026-11-26', '2026-11-27')).find(
      (x) => localTime(x.start) < '17:00',
    )!;
    await refusedByRule(proxy, bookingFor(afternoon, s.psychTelehealth), /not offered at that time/);
  });

  it('a service only with given practitioners: sports assessments with Tom only', async () => {
    const proxy = proxyWith([
      { type: 'service-practitioners', serviceIds: [s.sportsAssessment], practitionerIds: [tom] },
    ]);
    const res = await proxy.app.request(`/api/clinics/demo/practitioners?serviceId=${s.sportsAssessment}`);
    assert.deepEqual(
      practitionersResponseSchema.parse(await res.json()).practitioners.map((p) => p.name),
      ['Tom Nguyen'],
    );
    const any = await slots(proxy, s.sportsAssessment, 'any', '2026-11-23', '2026-11-29');
    assert.ok(any.length > 0 && any.every((x) => x.practitionerId === tom));
    const withAisha = (await slots(proxyWith([]), s.sportsAssessment, aisha, '2026-11-24', '2026-11-24'))[0]!;
    await refusedByRule(proxy, bookingFor(withAisha, s.sportsAssessment), /does not offer this service/);
  });

  it('a service only at given locations: massage is offered at another location', async () => {
    const proxy = proxyWith([
      { type: 'service-locations', categoryIds: ['remedial-massage'], locations: ['harbourside-cbd'] },
    ]);
    const { categories } = servicesResponseSchema.parse(
      await (await proxy.app.request('/api/clinics/demo/services')).json(),
    );
    assert.ok(!categories.some((c) => c.id === 'remedial-massage'));
    const massage = (await slots(proxyWith([]), s.massage30, 'any', '2026-11-24', '2026-11-24'))[0]!;
    await refusedByRule(proxy, bookingFor(massage, s.massage30), /not offered at this location/);
  });

  it('a cap per day: at most one telehealth session a day, counted across practitioners', async () => {
    const proxy = proxyWith([{ type: 'cap', serviceIds: [s.psychTelehealth], max: 1, per: 'day' }]);
    const tuesday = await slots(proxy, s.psychTelehealth, 'any', '2026-11-24', '2026-11-24');
    assert.ok(tuesday.length > 1);
    assert.equal(
      (await postBooking(proxy.app, bookingFor(tuesday[0]!, s.psychTelehealth, { practitionerId: 'any' })))
        .status,
      201,
    );
    assert.deepEqual(await slots(proxy, s.psychTelehealth, 'any', '2026-11-24', '2026-11-24'), []);
    assert.ok((await slots(proxy, s.psychTelehealth, 'any', '2026-11-25', '2026-11-25')).length > 0);
    assert.ok((await slots(proxy, s.psychInitial, 'any', '2026-11-24', '2026-11-24')).length > 0);
    const other = { ...DEMO_PATIENT, email: 'second@example.com', lastName: 'Second' };
    const res = await postBooking(proxy.app, bookingFor(tuesday[1]!, s.psychTelehealth, { patient: other }));
    assert.equal(res.status, 422);
    assert.match(
      errorResponseSchema.parse(await res.json()).error.message,
      /fully booked online for that day/,
    );
  });

  it('a cap per week counts Monday to Sunday', async () => {
    const proxy = proxyWith([{ type: 'cap', categoryIds: ['podiatry'], max: 1, per: 'week' }]);
    const thisWeek = await slots(proxy, s.podiatryGeneral, 'any', '2026-11-23', '2026-11-29');
    assert.equal((await postBooking(proxy.app, bookingFor(thisWeek[0]!, s.podiatryGeneral))).status, 201);
    assert.deepEqual(await slots(proxy, s.podiatryOrthotics, 'any', '2026-11-23', '2026-11-29'), []);
    assert.ok((await slots(proxy, s.podiatryOrthotics, 'any', '2026-11-30', '2026-12-06')).length > 0);
  });

  it('recovers a retried booking that itself filled the cap, instead of refusing it', async () => {
    const proxy = proxyWith([{ type: 'cap', serviceIds: [s.psychTelehealth], max: 1, per: 'day' }]);
    const [slot] = await slots(proxy, s.psychTelehealth, liam, '2026-11-24', '2026-11-24');
    const body = bookingFor(slot!, s.psychTelehealth);
    const first = await postBooking(proxy.app, body, 'cap-retry-key-1');
    const retry = await postBooking(proxy.app, body, 'cap-retry-key-2');
    assert.equal(first.status, 201);
    assert.equal(retry.status, 201);
    assert.equal((await proxy.provider.records()).appointments.length, 1);
  });
});

describe('longestNoticeMinutes', () => {
  it('is the longest of the policy and the minimum-notice rules in scope for the service', () => {
    const rules: SchedulingRule[] = [
      { type: 'minimum-notice', categoryIds: ['psychology'], minNoticeMinutes: 1440 },
      { type: 'minimum-notice', serviceIds: ['s1'], minNoticeMinutes: 300 },
      { type: 'minimum-notice', serviceIds: ['s1'], minNoticeMinutes: 60 },
      { type: 'cap', max: 1, per: 'day' },
    ];
    assert.equal(longestNoticeMinutes(rules, 120, 's1', 'physio'), 300);
    assert.equal(longestNoticeMinutes(rules, 120, 's2', 'psychology'), 1440);
    assert.equal(longestNoticeMinutes(rules, 120, 's3', 'physio'), 120);
    assert.equal(longestNoticeMinutes([], 0, 's3', 'physio'), 0);
  });
});
