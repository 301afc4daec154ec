/**
 * Free slots as the widget sees them: the provider's availability, clipped to the
 * clinic's booking policy (minimum notice, how far ahead) and written in the clinic's zone.
 */
import type { AvailabilityResponse, Service, Slot } from '../../shared/contract.ts';
import { addDaysToIsoDate, daysBetweenIsoDates } from '../../shared/dates.ts';
import type { ClinicSchedule } from '../clinic.ts';
import { ApiError } from '../http/api-error.ts';
import type { Catalogue, CataloguePractitioner, ProviderSlot } from '../providers/provider.ts';
import { clinicToday, localDateOf, toClinicIso } from '../time/clinic-time.ts';
import { rulesJudge } from './rules-check.ts';

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

/** The dates a clinic currently takes bookings for: today to today + maxDaysAhead. */
export function bookableDates(clinic: ClinicSchedule, now: Date): { first: string; last: string } {
  const first = clinicToday(clinic.config.timezone, now);
  return { first, last: addDaysToIsoDate(first, clinic.config.policy.maxDaysAhead) };
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
): Promise<ProviderSlot[]> {
  if (daysBetweenIsoDates(search.fromDate, search.toDate) > MAX_WINDOW_DAYS - 1) {
    throw new ApiError(400, 'invalid_query', `Ask for at most ${MAX_WINDOW_DAYS} days at a time.`, {
      fields: { to: `At most ${MAX_WINDOW_DAYS} days after from.` },
    });
  }
  const { first, last } = bookableDates(clinic, now);
  const fromDate = search.fromDate < first ? first : search.fromDate;
  const toDate = search.toDate > last ? last : search.toDate;
  if (fromDate > toDate || search.practitioners.length === 0) return [];
  const slots = await clinic.provider.getAvailability(
    {
      serviceId: search.service.id,
      durationMinutes: search.service.durationMinutes,
      practitionerIds: search.practitioners.map((p) => p.id),
      fromDate,
      toDate,
      timezone: clinic.config.timezone,
      ...(search.fresh ? { fresh: true } : {}),
    },
    signal,
  );
  const allowed = policyFilter(clinic, now);
  const judge = await rulesJudge(clinic, { ...search, fromDate, toDate, now }, signal);
  return slots.filter((slot) => allowed(slot.start) && judge(slot) === null);
}

/** A provider slot in the contract's shape, in the clinic's zone. */
export function toContractSlot(slot: ProviderSlot, timezone: string): Slot {
  return {
    start: toClinicIso(slot.start, timezone),
    end: toClinicIso(slot.end, timezone),
    practitionerId: slot.practitionerId,
  };
}

/** The availability answer for a search. */
export async function availabilityAnswer(
  clinic: ClinicSchedule,
  search: SlotSearch,
  now: Date,
  signal?: AbortSignal,
): Promise<AvailabilityResponse> {
  const slots = await searchSlots(clinic, search, now, signal);
  const { timezone } = clinic.config;
  return {
    timezone,
    from: search.fromDate,
    to: search.toDate,
    slots: slots.map((s) => toContractSlot(s, timezone)),
  };
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
    .map((s) => toContractSlot(s, clinic.config.timezone));
}
