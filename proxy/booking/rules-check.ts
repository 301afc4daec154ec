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
import { capPeriod, capsFor, inScope, ruleProblem, type RuleSlot } from '../rules/scheduling-rules.ts';
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

/** A judge of slots: the patient-facing reason a rule refuses one, or `null`. */
export type SlotJudge = (slot: ProviderSlot) => string | null;

export async function rulesJudge(
  clinic: ClinicSchedule,
  input: RulesInput,
  signal?: AbortSignal,
): Promise<SlotJudge> {
  const { rules, timezone } = clinic.config;
  if (rules.length === 0) return () => null;
  const categoryId = categoryOf(input.catalogue, input.service.id);
  const capCounts = new Map<CapRule, Map<string, number>>();
  for (const cap of capsFor(rules, input.service.id, categoryId)) {
    capCounts.set(cap, await countPerPeriod(clinic, cap, input, signal));
  }
  const names = new Map(input.catalogue.practitioners.map((p) => [p.id, p.name]));
  return (slot) => {
    const start = toClinicIso(slot.start, timezone);
    const end = toClinicIso(slot.end, timezone);
    const ruleSlot: RuleSlot = {
      serviceId: input.service.id,
      categoryId,
      practitionerId: slot.practitionerId,
      start: slot.start,
      end: slot.end,
      localDate: start.slice(0, 10),
      startMinutes: minutesOfIso(start),
      // An appointment ending at midnight ends at minute 1440 of its start day.
      endMinutes: end.slice(0, 10) === start.slice(0, 10) ? minutesOfIso(end) : 24 * 60 + minutesOfIso(end),
    };
    return ruleProblem(rules, ruleSlot, {
      clinicId: clinic.config.id,
      now: input.now,
      newPatient: input.newPatient,
      capCounts,
      practitionerName: (id) => names.get(id) ?? 'This practitioner',
    });
  };
}

function minutesOfIso(iso: string): number {
  return Number(iso.slice(11, 13)) * 60 + Number(iso.slice(14, 16));
}

/** Booked appointments in the cap's services, summed per cap period over the search window. */
async function countPerPeriod(
  clinic: ClinicSchedule,
  cap: CapRule,
  input: RulesInput,
  signal?: AbortSignal,
): Promise<Map<string, number>> {
  const serviceIds = new Set(cap.serviceIds ?? []);
  for (const category of input.catalogue.categories) {
    for (const service of category.services)
      if (inScope(cap, service.id, category.id)) serviceIds.add(service.id);
  }
  const fromDate = capPeriod(cap, input.fromDate);
  const toDate = cap.per === 'week' ? addDaysToIsoDate(capPeriod(cap, input.toDate), 6) : input.toDate;
  const counts = await clinic.provider.countAppointments!(
    { serviceIds: [...serviceIds], fromDate, toDate, timezone: clinic.config.timezone },
    signal,
  );
  const perPeriod = new Map<string, number>();
  for (const [date, count] of Object.entries(counts)) {
    const period = capPeriod(cap, date);
    perPeriod.set(period, (perPeriod.get(period) ?? 0) + count);
  }
  return perPeriod;
}
