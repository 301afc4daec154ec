import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { availabilityResponseSchema, errorResponseSchema } from '../../shared/contract.ts';
import { createDemoProxy, FIXED_NOW } from '../../test/helpers/demo-proxy.ts';
import { DEMO_PRACTITIONERS, DEMO_SERVICE_IDS } from '../providers/demo/demo-data.ts';

const physio = DEMO_SERVICE_IDS.physioFollowUp;
const aisha = DEMO_PRACTITIONERS[0]!.id;
const tom = DEMO_PRACTITIONERS[1]!.id;

async function availability(query: string, proxy = createDemoProxy()) {
  const res = await proxy.app.request(`/api/clinics/demo/availability?${query}`);
  return { res, json: (await res.json()) as unknown };
}

describe('GET /api/clinics/:clinicId/availability', () => {
  it('lists free slots in the clinic zone with offsets, sorted, for one practitioner', async () => {
    const { res, json } = await availability(
      `serviceId=${physio}&practitionerId=${aisha}&from=2026-11-23&to=2026-11-29`,
    );
    assert.equal(res.status, 200);
    const body = availabilityResponseSchema.parse(json);
    assert.equal(body.timezone, 'Australia/Sydney');
    assert.ok(body.slots.length > 10);
    for (const slot of body.slots) {
      assert.match(slot.start, /^2026-11-\d\dT\d\d:\d\d:00\+11:00$/);
      assert.equal(slot.practitionerId, aisha);
      assert.equal(Date.parse(slot.end) - Date.parse(slot.start), 30 * 60_000);
    }
    const starts = body.slots.map((s) => Date.parse(s.start));
    assert.deepEqual(
      starts,
      [...starts].sort((a, b) => a - b),
    );
  });

  it('respects days off: Aisha does not work Wednesdays, weekends or Mondays before 08:00', async () => {
    const { json } = await availability(
      `serviceId=${physio}&practitionerId=${aisha}&from=2026-11-23&to=2026-11-29`,
    );
    const days = new Set(availabilityResponseSchema.parse(json).slots.map((s) => s.start.slice(0, 10)));
    assert.ok(!days.has('2026-11-25'));
    assert.ok(!days.has('2026-11-28'));
    assert.ok(!days.has('2026-11-29'));
  });

  it('leaves out slots inside the minimum notice and some already-booked ones', async () => {
    const { json } = await availability(
      `serviceId=${physio}&practitionerId=${aisha}&from=2026-11-23&to=2026-11-23`,
    );
    const slots = availabilityResponseSchema.parse(json).slots;
    const earliest = FIXED_NOW.getTime() + 120 * 60_000;
    assert.ok(slots.every((s) => Date.parse(s.start) >= earliest));
    // Monday 11:00 to 18:00 has 12 possible half-hour starts once the notice is applied; some are taken.
    assert.ok(slots.length > 0 && slots.length < 12);
  });

  it('merges every practitioner who offers the service for "any"', async () => {
    const { json } = await availability(
      `serviceId=${physio}&practitionerId=any&from=2026-11-23&to=2026-11-29`,
    );
    const ids = new Set(availabilityResponseSchema.parse(json).slots.map((s) => s.practitionerId));
    assert.deepEqual([...ids].sort(), [aisha, tom].sort());
  });

  it('clips the window to the booking horizon', async () => {
    const { json } = await availability(
      `serviceId=${physio}&practitionerId=any&from=2027-01-15&to=2027-02-10`,
    );
    const slots = availabilityResponseSchema.parse(json).slots;
    assert.ok(slots.length > 0);
    assert.ok(slots.every((s) => s.start.slice(0, 10) <= '2027-01-22'));
  });

  it('keeps wall-clock times across the daylight-saving change with no duplicates', async () => {
    const proxy = createDemoProxy();
    proxy.setNow(new Date('2026-09-28T00:00:00Z'));
    const { json } = await availability(
      `serviceId=${physio}&practitionerId=${tom}&from=2026-09-30&to=2026-10-09`,
      proxy,
    );
    const slots = availabilityResponseSchema.parse(json).slots;
    const before = slots.filter((s) => s.start < '2026-10-04');
    const after = slots.filter((s) => s.start > '2026-10-05');
    assert.ok(before.length > 0 && after.length > 0);
    assert.ok(before.every((s) => s.start.endsWith('+10:00')));
    assert.ok(after.every((s) => s.start.endsWith('+11:00')));
    // Tom starts at 07:00 local on Wednesdays, before and after the change.
    assert.ok(slots.every((s) => s.start.slice(11, 16) >= '07:00'));
    assert.equal(new Set(slots.map((s) => s.start)).size, slots.length);
  });

  for (const [name, query, field] of [
    ['a missing serviceId', `practitionerId=any&from=2026-11-23&to=2026-11-24`, 'serviceId'],
    ['a malformed date', `serviceId=${physio}&practitionerId=any&from=23/11/2026&to=2026-11-24`, 'from'],
    ['an impossible date', `serviceId=${physio}&practitionerId=any&from=2026-02-30&to=2026-03-02`, 'from'],
    ['to before from', `serviceId=${physio}&practitionerId=any&from=2026-11-24&to=2026-11-23`, 'to'],
    ['a window over 31 days', `serviceId=${physio}&practitionerId=any&from=2026-11-23&to=2026-12-24`, 'to'],
  ] as const) {
    it(`answers 400 invalid_query for ${name}`, async () => {
      const { res, json } = await availability(query);
      assert.equal(res.status, 400);
      const body = errorResponseSchema.parse(json);
      assert.equal(body.error.code, 'invalid_query');
      assert.ok(body.error.fields?.[field], JSON.stringify(body.error.fields));
    });
  }

  it('answers 404 for an unknown service or a practitioner who does not offer it', async () => {
    const unknownService = await availability(
      `serviceId=999&practitionerId=any&from=2026-11-23&to=2026-11-24`,
    );
    assert.equal(unknownService.res.status, 404);
    assert.equal(errorResponseSchema.parse(unknownService.json).error.code, 'service_not_found');
    const massageTherapist = DEMO_PRACTITIONERS[2]!.id;
    const wrong = await availability(
      `serviceId=${physio}&practitionerId=${massageTherapist}&from=2026-11-23&to=2026-11-24`,
    );
    assert.equal(wrong.res.status, 404);
    assert.equal(errorResponseSchema.parse(wrong.json).error.code, 'practitioner_not_found');
  });
});
