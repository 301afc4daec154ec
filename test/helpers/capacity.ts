/**
 * Reading the capacity feed in tests, and the checks every practice system's feed must pass:
 * its free slots are the availability route's, its totals add up, and no patient string
 * appears in it.
 */
import assert from 'node:assert/strict';
import { capacityResponseSchema, type CapacityResponse } from '../../shared/capacity-contract.ts';
import { availabilityResponseSchema } from '../../shared/contract.ts';
import { coveredMinutes } from '../../proxy/capacity/capacity-metrics.ts';

interface RequestingApp {
  request: (path: string, init?: RequestInit) => Response | Promise<Response>;
}

/** A token long enough for the config's rule, for tests. */
export const TEST_CAPACITY_TOKEN = 'test-capacity-token-0123456789abcdef';

/** GETs the clinic's feed with the token; asserts a 200 and a body the contract accepts. */
export async function readCapacity(
  app: RequestingApp,
  clinicId: string,
  token: string,
  query = '',
): Promise<{ body: CapacityResponse; text: string }> {
  const res = await app.request(`/api/clinics/${clinicId}/capacity${query}`, {
    headers: { Authorization: `Bearer ${token}` },
  });
  const text = await res.text();
  assert.equal(res.status, 200, text);
  return { body: capacityResponseSchema.parse(JSON.parse(text)), text };
}

/**
 * Every practitioner × service × day cell of the feed has exactly the free slots the
 * availability route offers a returning patient for that service, practitioner and day, and
 * free minutes equal to the time those slots cover; cells missing from the feed have no slots.
 */
export async function assertAgreesWithAvailability(
  app: RequestingApp,
  clinicId: string,
  feed: CapacityResponse,
): Promise<number> {
  let compared = 0;
  for (const practitioner of feed.practitioners) {
    for (const service of feed.services) {
      const res = await app.request(
        `/api/clinics/${clinicId}/availability?serviceId=${service.id}&practitionerId=${practitioner.id}&from=${feed.from}&to=${feed.to}&returningPatient=yes`,
      );
      // A practitioner who does not offer the service: 404, and the feed has no cell for it.
      if (res.status === 404) {
        for (const day of feed.days) {
          const row = day.practitioners.find((p) => p.practitionerId === practitioner.id);
          assert.equal(row?.services.find((s) => s.serviceId === service.id)?.freeSlots ?? 0, 0);
        }
        continue;
      }
      assert.equal(res.status, 200, await res.clone().text());
      const { slots } = availabilityResponseSchema.parse(await res.json());
      for (const day of feed.days) {
        const offered = slots.filter((s) => s.start.slice(0, 10) === day.date);
        const cell = day.practitioners
          .find((p) => p.practitionerId === practitioner.id)
          ?.services.find((s) => s.serviceId === service.id);
        const where = `${practitioner.name}, ${service.name}, ${day.date}`;
        assert.equal(cell?.freeSlots ?? 0, offered.length, `free slots: ${where}`);
        assert.equal(
          cell?.freeMinutes ?? 0,
          coveredMinutes(offered.map((s) => ({ start: Date.parse(s.start), end: Date.parse(s.end) }))),
          `free minutes: ${where}`,
        );
        compared += offered.length;
      }
    }
  }
  return compared;
}

/** The day totals are the sums of their practitioners, the range totals the sums of the days, and so on. */
export function assertTotalsAddUp(feed: CapacityResponse) {
  const sum = (items: Array<{ freeMinutes: number; bookedMinutes: number; freeSlots: number }>) => ({
    freeMinutes: items.reduce((n, i) => n + i.freeMinutes, 0),
    bookedMinutes: items.reduce((n, i) => n + i.bookedMinutes, 0),
    freeSlots: items.reduce((n, i) => n + i.freeSlots, 0),
  });
  const raw = (m: { freeMinutes: number; bookedMinutes: number; freeSlots: number }) => ({
    freeMinutes: m.freeMinutes,
    bookedMinutes: m.bookedMinutes,
    freeSlots: m.freeSlots,
  });
  const all = [
    feed.totals,
    ...feed.days.flatMap((d) => [d.totals, ...d.practitioners.flatMap((p) => [p.totals, ...p.services])]),
  ];
  for (const m of all) {
    const total = m.freeMinutes + m.bookedMinutes;
    assert.equal(m.utilisation, total === 0 ? null : Math.round((m.bookedMinutes / total) * 10_000) / 10_000);
  }
  for (const day of feed.days) {
    assert.deepEqual(raw(day.totals), sum(day.practitioners.map((p) => p.totals)), day.date);
    for (const p of day.practitioners)
      assert.equal(p.totals.freeSlots, sum(p.services).freeSlots, `${day.date} ${p.practitionerId}`);
  }
  assert.deepEqual(raw(feed.totals), sum(feed.days.map((d) => d.totals)));
  assert.deepEqual(raw(feed.totals), sum(feed.locations.map((l) => l.totals)));
  assert.deepEqual(raw(feed.totals), sum(feed.practitioners.map((p) => p.totals)));
  for (const practitioner of feed.practitioners) {
    const rows = feed.days.flatMap((d) =>
      d.practitioners.filter(
        (p) => p.practitionerId === practitioner.id && p.locationId === practitioner.locationId,
      ),
    );
    assert.deepEqual(raw(practitioner.totals), sum(rows.map((r) => r.totals)), practitioner.name);
  }
  for (const service of feed.services) {
    const cells = feed.days.flatMap((d) =>
      d.practitioners.flatMap((p) => p.services.filter((s) => s.serviceId === service.id)),
    );
    assert.deepEqual(raw(service.totals), sum(cells), service.name);
  }
}

/** Fails when any of `strings` (compared without case) appears in `text`. */
export function assertNoneIn(text: string, strings: Iterable<string | null | undefined>, what: string) {
  const haystack = text.toLowerCase();
  let checked = 0;
  for (const value of strings) {
    if (!value || value.trim().length < 3) continue;
    checked += 1;
    assert.ok(!haystack.includes(value.toLowerCase()), `${what} "${value}" appears in the feed`);
  }
  assert.ok(checked > 0, `no ${what} to look for`);
}
