/**
 * A clinic's `capacity` settings in the clinics file: the owner's feed token, how long a
 * built answer is reused, and the "booked solid" alerts.
 *
 * ```json
 * "capacity": { "token": "env:HARBOUR_CAPACITY_TOKEN", "alerts": [{ "days": 14, "below": 0.1 }] }
 * ```
 */
import { z } from 'zod';

/** The shortest token accepted: long enough that guessing is hopeless at any request rate. */
export const MIN_TOKEN_LENGTH = 32;
/** How long a built answer is reused by default; a dashboard refreshing every minute rebuilds it this often. */
export const DEFAULT_REFRESH_SECONDS = 300;
/** How often alerts are checked by default. */
export const DEFAULT_CHECK_MINUTES = 60;
/** The most days one alert (or one feed request) looks ahead. */
export const MAX_CAPACITY_DAYS = 31;

/**
 * One threshold: when the free share of the next `days` days (free / (free + booked)
 * minutes) falls below `below`, `capacity.low`; when it is back at or above, `capacity.recovered`.
 */
export const capacityAlertSchema = z.object({
  days: z.number().int().min(1).max(MAX_CAPACITY_DAYS),
  below: z.number().gt(0).lt(1),
});

/** A feed's bearer token: random, long, and only characters a bearer token may carry. */
export const capacityTokenSchema = z
  .string()
  .min(MIN_TOKEN_LENGTH, `Use a random token of at least ${MIN_TOKEN_LENGTH} characters.`)
  .max(512)
  .regex(/^[A-Za-z0-9._~+/-]+=*$/, 'Use letters, digits and . _ ~ + / - only (base64 or hex).');

export const capacityConfigSchema = z
  .object({
    /** The bearer token of `GET /api/clinics/:id/capacity`; without it the feed answers 404. */
    token: capacityTokenSchema.optional(),
    /** Seconds a built answer is reused before the practice system is asked again. */
    refreshSeconds: z.number().int().min(30).max(3600).default(DEFAULT_REFRESH_SECONDS),
    alerts: z
      .array(capacityAlertSchema)
      .max(10)
      .default([])
      .refine(
        (alerts) => new Set(alerts.map(alertKey)).size === alerts.length,
        'Each alert must differ in its days or threshold.',
      ),
    /** Minutes between alert checks. */
    checkEveryMinutes: z.number().int().min(5).max(1440).default(DEFAULT_CHECK_MINUTES),
  })
  .strict();

export type CapacityAlert = z.output<typeof capacityAlertSchema>;
export type CapacityConfig = z.output<typeof capacityConfigSchema>;

/** A name for an alert that stays the same when the list is reordered: `14d<0.1`. */
export function alertKey(alert: CapacityAlert): string {
  return `${alert.days}d<${alert.below}`;
}
