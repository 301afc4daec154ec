/**
 * Free slots as the widget sees them: the provider's availability, clipped to the
 * clinic's booking policy (minimum notice, how far ahead) and written in the clinic's zone.
 *
 * Each slot's clinic-local times are written once, and the policy, the rules and the answer
 * all read them. A search also says how long its result holds: until the cached data it
 * came from changes, the clinic's midnight (the bookable dates move), or the moment its
 * earliest slot falls inside the longest notice that applies.
 */
import type { AvailabilityResponse, Service, Slot } from '../../shared/contract.ts';
import { bookableDates as bookableDatesFrom, type BookableDates } from '../../shared/bookable-dates.ts';
import { addDaysToIsoDate, daysBetweenIsoDates } from '../../shared/dates.ts';
import type { ClinicSchedule } from '../clinic.ts';
import { ApiError } from '../http/api-error.ts';
import { readAvailability, type CacheReading } from '../providers/caching-provider.ts';
import type { Catalogue, CataloguePractitioner, ProviderSlot } from '../providers/provider.ts';
import { longestNoticeMinutes } from '../rules/scheduling-rules.ts';
import { clinicToday, localDateOf, startOfLocalDay, toClinicIso } from '../time/clinic-time.ts';
import { categoryOf } from './clinic-catalogue.ts';
import { prepareRules } from './rules-check.ts';

/** The widest window one availability request may cover. */
export const MAX_WINDOW_DAYS = 31;

export interface SlotSearch {
  /** The clinic's catalogue (rules applied), which the scheduling rules consult. */
  catalogue: Catalogue;
  service: Service;
  practitioners: CataloguePractitioner[];
  fromDate: string;
  toDate: string;
  /** Bypass caches and ask the practice system (the re-check before booking). */
  fresh?: boolean;
  /** False only when the patient said they have been to the clinic before. */
  newPatient: boolean;
}

/** A free slot, with its start and end in the clinic's zone as the answer writes them. */
export interface FreeSlot extends ProviderSlot {
  local: Slot;
}

/** What a search found, and how long that holds. */
export interface SlotSearchResult {
  slots: FreeSlot[];
  /** Readings of the cached provider data the slots were found in. */
  readings: CacheReading[];
  /** The first instant (ms) at which the passing of time alone can change `slots`. */
  changesAt: number;
}

/** The dates a clinic currently takes bookings for: today to today + maxDaysAhead. */
export function bookableDates(clinic: ClinicSchedule, now: Date): BookableDates {
  return bookableDatesFrom(clinicToday(clinic.config.timezone, now), clinic.config.policy);
}

/** A test for slot starts the clinic's policy allows right now (minimum notice, horizon). */
export function policyFilter(clinic: ClinicSchedule, now: Date): (start: Date) => boolean {
  const earliest = now.getTime() + clinic.config.policy.minNoticeMinutes * 60_000;
  const { last } = bookableDates(clinic, now);
  return (start) => start.getTime() >= earliest && clinicDate(clinic, start) <= last;
}

function clinicDate(clinic: ClinicSchedule, instant: Date): string {
  return localDateOf(instant, clinic.config.timezone);
}

/** Free slots within the policy, sorted by start; the window is clipped to bookable dates. */
export async function searchSlots(
  clinic: ClinicSchedule,
  search: SlotSearch,
  now: Date,
  signal?: AbortSignal,
): Promise<FreeSlot[]> {
  return (await findFreeSlots(clinic, search, now, signal)).slots;
}

/** {@link searchSlots}, with how long its result holds. */
export async function findFreeSlots(
  clinic: ClinicSchedule,
  search: SlotSearch,
  now: Date,
  signal?: AbortSignal,
): Promise<SlotSearchResult> {
  if (daysBetweenIsoDates(search.fromDate, search.toDate) > MAX_WINDOW_DAYS - 1) {
    throw new ApiError(400, 'invalid_query', `Ask for at most ${MAX_WINDOW_DAYS} days at a time.`, {
      fields: { to: `At most ${MAX_WINDOW_DAYS} days after from.` },
    });
  }
  const { timezone, policy, rules } = clinic.config;
  const { first, last } = bookableDates(clinic, now);
  // Tomorrow the bookable dates move by a day.
  const midnight = startOfLocalDay(addDaysToIsoDate(first, 1), timezone).getTime();
  const fromDate = search.fromDate < first ? first : search.fromDate;
  const toDate = search.toDate > last ? last : search.toDate;
  if (fromDate > toDate || search.practitioners.length === 0) {
    return { slots: [], readings: [], changesAt: midnight };
  }
  const provided = readAvailability(
    clinic.provider,
    {
      serviceId: search.service.id,
      durationMinutes: search.service.durationMinutes,
      practitionerIds: search.practitioners.map((p) => p.id),
      fromDate,
      toDate,
      timezone,
      ...(search.fresh ? { fresh: true } : {}),
    },
    signal,
  );
  const slots = await provided.value;
  const rulesFor = await prepareRules(clinic, { ...search, fromDate, toDate, now }, signal);
  const earliest = now.getTime() + policy.minNoticeMinutes * 60_000;
  const free: FreeSlot[] = [];
  for (const slot of slots) {
    if (slot.start.getTime() < earliest) continue;
    const start = toClinicIso(slot.start, timezone);
    if (start.slice(0, 10) > last) continue;
    const local: Slot = { start, end: toClinicIso(slot.end, timezone), practitionerId: slot.practitionerId };
    if (rulesFor.judge(slot, local) !== null) continue;
    free.push({ start: slot.start, end: slot.end, practitionerId: slot.practitionerId, local });
  }
  let changesAt = midnight;
  if (free.length > 0) {
    const notice = longestNoticeMinutes(
      rules,
      policy.minNoticeMinutes,
      search.service.id,
      categoryOf(search.catalogue, search.service.id),
    );
    let firstStart = Infinity;
    for (const slot of free) firstStart = Math.min(firstStart, slot.start.getTime());
    // Shown while start >= now + notice: the first instant it is not is one millisecond later.
    changesAt = Math.min(changesAt, firstStart - notice * 60_000 + 1);
  }
  return { slots: free, readings: [provided.reading, ...rulesFor.readings], changesAt };
}

/** The availability answer for a search, and how long it holds. */
export async function availabilityAnswer(
  clinic: ClinicSchedule,
  search: SlotSearch,
  now: Date,
  signal?: AbortSignal,
): Promise<{ body: AvailabilityResponse; readings: CacheReading[]; changesAt: number }> {
  const { slots, readings, changesAt } = await findFreeSlots(clinic, search, now, signal);
  const body: AvailabilityResponse = {
    timezone: clinic.config.timezone,
    from: search.fromDate,
    to: search.toDate,
    slots: slots.map((s) => s.local),
  };
  return { body, readings, changesAt };
}

/**
 * Up to `count` free slots nearest to `around` (the week either side), for a patient whose
 * chosen time was just taken.
 */
export async function nearestAlternatives(
  clinic: ClinicSchedule,
  search: Omit<SlotSearch, 'fromDate' | 'toDate'>,
  around: Date,
  now: Date,
  count = 4,
): Promise<Slot[]> {
  const day = clinicDate(clinic, around);
  const slots = await searchSlots(
    clinic,
    { ...search, fromDate: addDaysToIsoDate(day, -7), toDate: addDaysToIsoDate(day, 7) },
    now,
  );
  return slots
    .filter((s) => s.start.getTime() !== around.getTime())
    .sort(
      (a, b) =>
        Math.abs(a.start.getTime() - around.getTime()) - Math.abs(b.start.getTime() - around.getTime()),
    )
    .slice(0, count)
    .sort((a, b) => a.start.getTime() - b.start.getTime())
    .map((s) => s.local);
}
