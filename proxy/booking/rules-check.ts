/**
 * Applies a clinic's scheduling rules to slots: fetches what the rules need (appointment
 * counts for caps) once per search, then judges each slot. Availability keeps the slots it
 * allows; the booking service turns a refusal into a 422.
 */
import { addDaysToIsoDate } from '../../shared/dates.ts';
import type { Service } from '../../shared/contract.ts';
import type { ClinicSchedule } from '../clinic.ts';
import type { Catalogue, ProviderSlot } from '../providers/provider.ts';
import type { CapRule } from '../rules/rules-config.ts';
import { readCounts, type CacheReading } from '../providers/caching-provider.ts';
import {
  capPeriod,
  capsFor,
  inScope,
  ruleProblem,
  type RuleContext,
  type RuleSlot,
} from '../rules/scheduling-rules.ts';
import { toClinicIso } from '../time/clinic-time.ts';
import { categoryOf } from './clinic-catalogue.ts';

export interface RulesInput {
  catalogue: Catalogue;
  service: Service;
  fromDate: string;
  toDate: string;
  now: Date;
  newPatient: boolean;
}

/** A slot's start and end in the clinic's zone, as the answer shows them (`toClinicIso`). */
export interface ClinicTimes {
  start: string;
  end: string;
}

/** `slot`'s {@link ClinicTimes}: work out once per slot and hand to the judge and the answer alike. */
export function clinicTimesOf(slot: { start: Date; end: Date }, timezone: string): ClinicTimes {
  return { start: toClinicIso(slot.start, timezone), end: toClinicIso(slot.end, timezone) };
}

/**
 * A judge of slots: the patient-facing reason a rule refuses one, or `null`. It reads the
 * slot's clinic-local day and minutes from `local`, worked out once by the caller (the
 * costliest part of judging a week is turning instants into clinic time), never again here.
 */
export type SlotJudge = (slot: ProviderSlot, local: ClinicTimes) => string | null;

/** A judge, with the readings of the cached data (appointment counts) it judges by. */
export interface PreparedRules {
  judge: SlotJudge;
  readings: CacheReading[];
}

const ALLOW_ALL: SlotJudge = () => null;

export async function rulesJudge(
  clinic: ClinicSchedule,
  input: RulesInput,
  signal?: AbortSignal,
): Promise<SlotJudge> {
  return (await prepareRules(clinic, input, signal)).judge;
}

/** Fetches what the rules need for this search once (counts for caps), and builds the judge. */
export async function prepareRules(
  clinic: ClinicSchedule,
  input: RulesInput,
  signal?: AbortSignal,
): Promise<PreparedRules> {
  const { rules } = clinic.config;
  if (rules.length === 0) return { judge: ALLOW_ALL, readings: [] };
  const categoryId = categoryOf(input.catalogue, input.service.id);
  const capCounts = new Map<CapRule, Map<string, number>>();
  const readings: CacheReading[] = [];
  for (const cap of capsFor(rules, input.service.id, categoryId)) {
    const counted = countPerPeriod(clinic, cap, input, signal);
    readings.push(counted.reading);
    capCounts.set(cap, await counted.value);
  }
  const names = new Map(input.catalogue.practitioners.map((p) => [p.id, p.name]));
  const context: RuleContext = {
    clinicId: clinic.config.id,
    now: input.now,
    newPatient: input.newPatient,
    capCounts,
    practitionerName: (id) => names.get(id) ?? 'This practitioner',
  };
  const serviceId = input.service.id;
  const judge: SlotJudge = (slot, { start, end }) => {
    const startMinutes = minutesOfIso(start);
    const ruleSlot: RuleSlot = {
      serviceId,
      categoryId,
      practitionerId: slot.practitionerId,
      start: slot.start,
      end: slot.end,
      localDate: start.slice(0, 10),
      startMinutes,
      // An appointment ending at midnight ends at minute 1440 of its start day.
      endMinutes: end.slice(0, 10) === start.slice(0, 10) ? minutesOfIso(end) : 24 * 60 + minutesOfIso(end),
    };
    return ruleProblem(rules, ruleSlot, context);
  };
  return { judge, readings };
}

function minutesOfIso(iso: string): number {
  return Number(iso.slice(11, 13)) * 60 + Number(iso.slice(14, 16));
}

/** Booked appointments in the cap's services, summed per cap period over the search window. */
function countPerPeriod(
  clinic: ClinicSchedule,
  cap: CapRule,
  input: RulesInput,
  signal?: AbortSignal,
): { value: Promise<Map<string, number>>; reading: CacheReading } {
  const serviceIds = new Set(cap.serviceIds ?? []);
  for (const category of input.catalogue.categories) {
    for (const service of category.services)
      if (inScope(cap, service.id, category.id)) serviceIds.add(service.id);
  }
  const fromDate = capPeriod(cap, input.fromDate);
  const toDate = cap.per === 'week' ? addDaysToIsoDate(capPeriod(cap, input.toDate), 6) : input.toDate;
  const counts = readCounts(
    clinic.provider,
    { serviceIds: [...serviceIds], fromDate, toDate, timezone: clinic.config.timezone },
    signal,
  );
  const value = counts.value.then((perDate) => {
    const perPeriod = new Map<string, number>();
    for (const [date, count] of Object.entries(perDate)) {
      const period = capPeriod(cap, date);
      perPeriod.set(period, (perPeriod.get(period) ?? 0) + count);
    }
    return perPeriod;
  });
  return { value, reading: counts.reading };
}
