/**
 * The clinics file (`CLINICS_CONFIG`): one entry per clinic this proxy serves, validated
 * at start-up so a mistake stops the proxy with the field named, instead of failing a
 * patient later.
 */
import { z } from 'zod';
import { bookingPolicySchema, waiverSchema } from '../../shared/contract.ts';
import { clinicThemeSchema } from '../../shared/theme-schema.ts';
import { capacityConfigSchema } from '../capacity/capacity-config.ts';
import { webhooksConfigSchema } from '../webhooks/webhook-config.ts';
import { providerConfigSchema } from '../providers/registry.ts';
import { schedulingRuleSchema } from '../rules/rules-config.ts';
import { intakeListSchema, withReturningPatientQuestion } from './intake-config.ts';
import { addressSchema, configIdSchema, mapUrlSchema, practiceConfigSchema } from './practice-config.ts';
import { isKnownTimezone } from '../time/clinic-time.ts';

const originSchema = z.string().refine((value) => {
  try {
    const url = new URL(value);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.origin === value;
  } catch {
    return false;
  }
}, 'Must be an origin such as "https://www.example.com.au" (scheme and host, no path or trailing slash).');

const themeSchema = clinicThemeSchema.default({});

export const DEFAULT_WAIVER = {
  id: 'general-consent',
  version: '1',
  title: 'Consent to assessment and treatment',
  text: [
    'I consent to an assessment and to treatment that my practitioner explains to me and that I agree to at the time.',
    'I understand that results are not guaranteed, that some treatments can cause temporary soreness, and that I can ask questions or stop treatment at any time.',
    'I confirm that the health information I give is accurate to the best of my knowledge, and I will tell my practitioner about any changes.',
    'I understand the clinic keeps my health information confidential under the Privacy Act 1988 and shares it only with my consent or as the law requires.',
  ].join('\n\n'),
};

/** `limit` requests per `windowSeconds` (see `security/rate-limiter.ts`). */
const rateLimitRuleSchema = z.object({
  limit: z.number().int().min(1).max(1_000_000),
  windowSeconds: z.number().int().min(1).max(86_400),
});

const clinicObjectSchema = z.object({
  id: configIdSchema,
  name: z.string().trim().min(1).max(120),
  /** The location's street address, one line; shown by a practice's location step. */
  address: addressSchema.optional(),
  /** An https link to the location on a map. */
  mapUrl: mapUrlSchema.optional(),
  timezone: z.string().refine(isKnownTimezone, 'Not an IANA time zone such as "Australia/Sydney".'),
  allowedOrigins: z.array(originSchema).default([]),
  provider: providerConfigSchema,
  theme: themeSchema,
  waiver: waiverSchema.default(DEFAULT_WAIVER),
  policy: bookingPolicySchema.default({ minNoticeMinutes: 120, maxDaysAhead: 60 }),
  contact: z.object({ phone: z.string().max(40).optional(), email: z.email().optional() }).optional(),
  /** How the proxy treats the practice system's API (ignored by the demo provider). */
  upstream: z
    .object({
      /** Per-attempt timeout of every upstream request. */
      timeoutMs: z.number().int().min(1000).max(60_000).default(10_000),
      /** Extra attempts for a failed read; writes are never blindly repeated. */
      readRetries: z.number().int().min(0).max(5).default(2),
      /** Longest a patient's request waits for the upstream rate limit before a 503. */
      maxRateLimitWaitMs: z.number().int().min(0).max(60_000).default(15_000),
    })
    .prefault({}),
  /**
   * Cloudflare Turnstile on the booking step. `secretKey` should be an `env:` reference;
   * the proxy verifies each booking's token with Cloudflare before any upstream write.
   */
  turnstile: z
    .object({
      enabled: z.boolean().default(true),
      siteKey: z.string().trim().min(1).max(100),
      secretKey: z.string().trim().min(1).max(200),
    })
    .optional(),
  /**
   * An unticked "Send me news and offers" box on the details step; the answer travels with
   * the booking (Spam Act 2003: no consent, no marketing). Off unless `enabled`.
   */
  marketingConsent: z
    .object({
      enabled: z.boolean().default(false),
      /** The box's words; by default "Send me news and offers from {name}". */
      label: z.string().trim().min(1).max(200).optional(),
    })
    .optional(),
  /** Per-clinic rate limits, overriding the proxy's defaults (`security/rate-limit.ts`). */
  rateLimits: z
    .object({ bookings: rateLimitRuleSchema.optional(), availability: rateLimitRuleSchema.optional() })
    .optional(),
  /** Intake questions asked in step 4 (see `shared/intake.ts`). */
  intake: intakeListSchema,
  /** Scheduling rules (see `rules/rules-config.ts`). */
  rules: z.array(schedulingRuleSchema).max(100).default([]),
  /** The owner's capacity feed and "booked solid" alerts (see `capacity/capacity-config.ts`). */
  capacity: capacityConfigSchema.optional(),
  /** Where the clinic's booking and capacity events are sent, signed (see `webhooks/webhook-config.ts`). */
  webhooks: webhooksConfigSchema,
});

export const clinicConfigSchema = clinicObjectSchema.transform((clinic) => ({
  ...clinic,
  intake: withReturningPatientQuestion(
    clinic.intake,
    clinic.rules.some((r) => r.type === 'new-patient-days'),
  ),
}));

/** Reports each repeated id in a list of the clinics file; returns the ids it holds. */
function uniqueIds(
  entries: ReadonlyArray<{ id: string }>,
  list: 'clinics' | 'practices',
  kind: 'clinic' | 'practice',
  ctx: z.RefinementCtx,
): Set<string> {
  const seen = new Set<string>();
  entries.forEach(({ id }, i) => {
    if (seen.has(id))
      ctx.addIssue({ code: 'custom', path: [list, i, 'id'], message: `Duplicate ${kind} id "${id}".` });
    seen.add(id);
  });
  return seen;
}

export const clinicsFileSchema = z
  .object({
    clinics: z.array(clinicConfigSchema).min(1, 'List at least one clinic.'),
    /** Groups of clinics shown by one widget, each clinic one location (`practice-config.ts`). */
    practices: z.array(practiceConfigSchema).max(100).default([]),
  })
  .superRefine((file, ctx) => {
    const seen = uniqueIds(file.clinics, 'clinics', 'clinic', ctx);
    uniqueIds(file.practices, 'practices', 'practice', ctx);
    file.practices.forEach((practice, i) => {
      practice.clinicIds.forEach((clinicId, j) => {
        if (!seen.has(clinicId))
          ctx.addIssue({
            code: 'custom',
            path: ['practices', i, 'clinicIds', j],
            message: `Practice "${practice.id}" names clinic "${clinicId}", which is not in "clinics".`,
          });
      });
    });
  });

export type ClinicConfig = z.output<typeof clinicConfigSchema>;

export type ClinicsFile = z.output<typeof clinicsFileSchema>;
