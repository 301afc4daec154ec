/**
 * Free times from Cliniko's `available_times`, per practitioner and appointment type, in
 * windows of at most 7 days (assumption C2) that never start before today in the account's
 * zone (Cliniko answers 400 otherwise), every page followed. "Any practitioner" searches each
 * and merges. Cliniko answers instants in UTC; the window asked for is clinic-local days, so
 * times are kept when they start on one of those days in the clinic's zone: a daylight-saving
 * change neither shifts nor duplicates a slot.
 */
import { addDaysToIsoDate } from '../../../shared/dates.ts';
import { clinicToday, startOfLocalDay } from '../../time/clinic-time.ts';
import type { AvailabilityRequest, ProviderSlot } from '../provider.ts';
import { availabilityWindows } from './assumptions.ts';
import type { ClinikoClient } from './cliniko-client.ts';
import { availableTimeSchema } from './cliniko-types.ts';

/** Windows fetched at once, so "any" at a big clinic does not burst the rate limit. */
const CONCURRENT_WINDOWS = 4;

export interface AvailabilityContext {
  client: ClinikoClient;
  businessId: string;
  /** The account's zone (assumption C3): "today" for Cliniko. */
  accountTimezone: string;
  now: Date;
}

export async function findFreeSlots(
  context: AvailabilityContext,
  request: AvailabilityRequest,
  signal?: AbortSignal,
): Promise<ProviderSlot[]> {
  const { client, businessId } = context;
  const accountToday = clinicToday(context.accountTimezone, context.now);
  const fromDate = request.fromDate < accountToday ? accountToday : request.fromDate;
  if (fromDate > request.toDate) return [];
  const windowStart = startOfLocalDay(request.fromDate, request.timezone).getTime();
  const windowEnd = startOfLocalDay(addDaysToIsoDate(request.toDate, 1), request.timezone).getTime();
  const durationMs = request.durationMinutes * 60_000;
  const slots = new Map<string, ProviderSlot>();

  const jobs = [...new Set(request.practitionerIds)].flatMap((practitionerId) =>
    availabilityWindows(fromDate, request.toDate).map((window) => ({ practitionerId, window })),
  );
  const search = async ({ practitionerId, window }: (typeof jobs)[number]) => {
    const times = await client.list(
      `businesses/${businessId}/practitioners/${practitionerId}/appointment_types/${request.serviceId}/available_times`,
      [
        ['from', window.from],
        ['to', window.to],
      ],
      {
        operation: 'available_times.list',
        key: 'available_times',
        schema: availableTimeSchema,
        emptyOn404: true,
        ...(signal ? { signal } : {}),
      },
    );
    for (const time of times) {
      const start = Date.parse(time.appointment_start);
      if (!Number.isFinite(start) || start < windowStart || start >= windowEnd) continue;
      slots.set(`${practitionerId}|${start}`, {
        start: new Date(start),
        end: new Date(start + durationMs),
        practitionerId,
      });
    }
  };
  await Promise.all(
    Array.from({ length: Math.min(CONCURRENT_WINDOWS, jobs.length) }, async () => {
      for (let job = jobs.shift(); job !== undefined; job = jobs.shift()) await search(job);
    }),
  );
  return [...slots.values()].sort(
    (a, b) => a.start.getTime() - b.start.getTime() || a.practitionerId.localeCompare(b.practitionerId),
  );
}
