/**
 * Scheduling rules a clinic declares in its config: validated at start-up, applied to the
 * catalogue and to availability, and checked again when booking.
 */
import { z } from 'zod';

export const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

const ids = z.array(z.string().min(1).max(64)).min(1);
const time = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Use 24-hour HH:mm.');

/** Which services a rule is about: listed services and/or whole categories; all when neither. */
const scope = {
  serviceIds: ids.optional(),
  categoryIds: ids.optional(),
};

export const schedulingRuleSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('minimum-notice'),
    ...scope,
    minNoticeMinutes: z
      .number()
      .int()
      .positive()
      .max(60 * 24 * 90),
  }),
  z.object({
    type: z.literal('new-patient-days'),
    practitionerIds: ids,
    weekdays: z.array(z.enum(WEEKDAYS)).min(1),
  }),
  z.object({
    type: z.literal('service-hours'),
    ...scope,
    practitionerIds: ids.optional(),
    hours: z
      .partialRecord(
        z.enum(WEEKDAYS),
        z.array(z.tuple([time, time]).refine(([a, b]) => a < b, 'The end must be after the start.')),
      )
      .refine((h) => Object.keys(h).length > 0, 'Give the hours for at least one day.'),
  }),
  z.object({
    type: z.literal('service-practitioners'),
    ...scope,
    practitionerIds: ids,
  }),
  z.object({
    type: z.literal('service-locations'),
    ...scope,
    /** Ids (in this proxy's config) of the clinics (locations) that offer the services. */
    locations: ids,
  }),
  z.object({
    type: z.literal('cap'),
    ...scope,
    max: z.number().int().min(0).max(1000),
    per: z.enum(['day', 'week']),
  }),
]);

export type SchedulingRule = z.output<typeof schedulingRuleSchema>;
export type CapRule = Extract<SchedulingRule, { type: 'cap' }>;
