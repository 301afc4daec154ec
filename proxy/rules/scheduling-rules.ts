/**
 * What a clinic's scheduling rules allow. Pure functions over plain data, so each rule is
 * tested on its own; `booking/` applies them to availability and to each booking.
 */
import { addDaysToIsoDate } from '../../shared/dates.ts';
import type { Catalogue } from '../providers/provider.ts';
import { WEEKDAYS, type CapRule, type SchedulingRule } from './rules-config.ts';

/** A candidate slot as the rules see it. */
export interface RuleSlot {
  serviceId: string;
  categoryId: string;
  practitionerId: string;
  start: Date;
  end: Date;
  /** Clinic-local date and minutes after midnight of the start and end. */
  localDate: string;
  startMinutes: number;
  endMinutes: number;
}

export interface RuleContext {
  /** This clinic's (location's) id in the proxy's config. */
  clinicId: string;
  now: Date;
  /** True unless the patient said they have been to the clinic before. */
  newPatient: boolean;
  /** Bookings already made per cap rule and clinic-local period key. */
  capCounts: Map<CapRule, Map<string, number>>;
  practitionerName: (id: string) => string;
}

type Scoped = { serviceIds?: string[] | undefined; categoryIds?: string[] | undefined };

/** True when a rule's scope covers this service. */
export function inScope(rule: Scoped, serviceId: string, categoryId: string): boolean {
  if (!rule.serviceIds && !rule.categoryIds) return true;
  return Boolean(rule.serviceIds?.includes(serviceId) || rule.categoryIds?.includes(categoryId));
}

/**
 * The catalogue as this clinic (location) lists it: services offered elsewhere removed,
 * practitioners limited per service. Booking does not rely on this: `ruleProblem` refuses
 * the same things, so a hand-made request gets a 422 naming the rule.
 */
export function applyCatalogueRules(
  catalogue: Catalogue,
  rules: SchedulingRule[],
  clinicId: string,
): Catalogue {
  const categoryOf = new Map(
    catalogue.categories.flatMap((c) => c.services.map((s) => [s.id, c.id] as const)),
  );
  const hidden = (serviceId: string) =>
    rules.some(
      (r) =>
        r.type === 'service-locations' &&
        inScope(r, serviceId, categoryOf.get(serviceId) ?? '') &&
        !r.locations.includes(clinicId),
    );
  const allowed = (practitionerId: string, serviceId: string) =>
    rules.every(
      (r) =>
        r.type !== 'service-practitioners' ||
        !inScope(r, serviceId, categoryOf.get(serviceId) ?? '') ||
        r.practitionerIds.includes(practitionerId),
    );
  return {
    categories: catalogue.categories.map((c) => ({
      ...c,
      services: c.services.filter((s) => !hidden(s.id)),
    })),
    practitioners: catalogue.practitioners.map((p) => ({
      ...p,
      serviceIds: p.serviceIds.filter((serviceId) => !hidden(serviceId) && allowed(p.id, serviceId)),
    })),
  };
}

const DAY_NAMES: Record<string, string> = {
  sun: 'Sundays',
  mon: 'Mondays',
  tue: 'Tuesdays',
  wed: 'Wednesdays',
  thu: 'Thursdays',
  fri: 'Fridays',
  sat: 'Saturdays',
};

function listOf(words: string[]): string {
  return words.length < 2 ? (words[0] ?? '') : `${words.slice(0, -1).join(', ')} and ${words.at(-1)}`;
}

function minutesOf(time: string): number {
  return Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));
}

/** The key of the period a cap counts in: the date, or the Monday starting its week. */
export function capPeriod(rule: CapRule, localDate: string): string {
  if (rule.per === 'day') return localDate;
  const weekday = new Date(`${localDate}T00:00:00Z`).getUTCDay();
  return addDaysToIsoDate(localDate, -((weekday + 6) % 7));
}

/**
 * Why the rules refuse this slot (a message for the patient), or `null` when they allow it.
 * Minimum notice and horizon of the clinic's `policy` are checked elsewhere.
 */
export function ruleProblem(rules: SchedulingRule[], slot: RuleSlot, context: RuleContext): string | null {
  const weekday = WEEKDAYS[new Date(`${slot.localDate}T00:00:00Z`).getUTCDay()]!;
  for (const rule of rules) {
    switch (rule.type) {
      case 'minimum-notice':
        if (
          inScope(rule, slot.serviceId, slot.categoryId) &&
          slot.start.getTime() < context.now.getTime() + rule.minNoticeMinutes * 60_000
        ) {
          const hours = Math.round(rule.minNoticeMinutes / 60);
          return `This service needs at least ${hours} hours’ notice online. Please choose a later time, or call the clinic.`;
        }
        break;
      case 'new-patient-days':
        if (
          context.newPatient &&
          rule.practitionerIds.includes(slot.practitionerId) &&
          !rule.weekdays.includes(weekday)
        ) {
          const days = WEEKDAYS.filter((d) => rule.weekdays.includes(d)).map((d) => DAY_NAMES[d]!);
          return `${context.practitionerName(slot.practitionerId)} sees new patients on ${listOf(days)} only.`;
        }
        break;
      case 'service-hours': {
        if (!inScope(rule, slot.serviceId, slot.categoryId)) break;
        if (rule.practitionerIds && !rule.practitionerIds.includes(slot.practitionerId)) break;
        const within = (rule.hours[weekday] ?? []).some(
          ([from, to]) => slot.startMinutes >= minutesOf(from) && slot.endMinutes <= minutesOf(to),
        );
        if (!within) return 'This service is not offered at that time. Please choose one of the times shown.';
        break;
      }
      case 'service-practitioners':
        if (
          inScope(rule, slot.serviceId, slot.categoryId) &&
          !rule.practitionerIds.includes(slot.practitionerId)
        ) {
          return 'That practitioner does not offer this service online. Please choose another.';
        }
        break;
      case 'cap': {
        if (!inScope(rule, slot.serviceId, slot.categoryId)) break;
        const booked = context.capCounts.get(rule)?.get(capPeriod(rule, slot.localDate)) ?? 0;
        if (booked >= rule.max) {
          return `This service is fully booked online for that ${rule.per}. Please choose another ${rule.per}, or call the clinic.`;
        }
        break;
      }
      case 'service-locations':
        if (inScope(rule, slot.serviceId, slot.categoryId) && !rule.locations.includes(context.clinicId)) {
          return 'This service is not offered at this location. Please choose another service, or call the clinic.';
        }
        break;
    }
  }
  return null;
}

/** The cap rules that concern a service. */
export function capsFor(rules: SchedulingRule[], serviceId: string, categoryId: string): CapRule[] {
  return rules.filter((r): r is CapRule => r.type === 'cap' && inScope(r, serviceId, categoryId));
}

/**
 * The longest minimum notice that applies to a service: the clinic's policy or a
 * `minimum-notice` rule in scope. A slot stays bookable online until this long before it
 * starts, so the earliest slot shown is the first that time alone takes away.
 */
export function longestNoticeMinutes(
  rules: SchedulingRule[],
  policyMinutes: number,
  serviceId: string,
  categoryId: string,
): number {
  let longest = policyMinutes;
  for (const rule of rules) {
    if (rule.type === 'minimum-notice' && inScope(rule, serviceId, categoryId))
      longest = Math.max(longest, rule.minNoticeMinutes);
  }
  return longest;
}
