/**
 * Practices in the clinics file: a group of clinics, each one location, shown together by
 * one widget (`<clinic-booking practice="…">`, issue #16).
 *
 * ```json
 * "practices": [{ "id": "harbourside-group", "name": "Harbourside Health", "clinicIds": ["demo", "demo-bondi"] }]
 * ```
 *
 * Each practice is checked against the clinics in the same file (`clinic-config.ts`): every
 * id it names must be a clinic there, and practice ids are unique.
 */
import { z } from 'zod';
import { capacityTokenSchema } from '../capacity/capacity-config.ts';

/** The id rule shared by clinics and practices: what a page's attribute names. */
export const configIdSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'Use lower-case letters, digits and dashes.');

export const practiceConfigSchema = z
  .object({
    id: configIdSchema,
    name: z.string().trim().min(1).max(120),
    /** The practice's locations, in the order the widget lists them. */
    clinicIds: z
      .array(configIdSchema)
      .min(1, 'List at least one clinic.')
      .max(50)
      .refine((ids) => new Set(ids).size === ids.length, 'Name each clinic once.'),
    /**
     * The owner's capacity feed across the practice's locations
     * (`GET /api/practices/:id/capacity`); without a token it answers 404.
     */
    capacity: z.object({ token: capacityTokenSchema }).strict().optional(),
  })
  .strict();

export type PracticeConfig = z.output<typeof practiceConfigSchema>;

/** A clinic's `address`: one line, as a patient would type it into a map. */
export const addressSchema = z
  .string()
  .trim()
  .min(1)
  .max(200)
  .refine((value) => !/[\r\n]/.test(value), 'Write the address on one line.');

/** A clinic's `mapUrl`: an https link to the location on a map. */
export const mapUrlSchema = z
  .string()
  .max(2000)
  .refine((value) => {
    try {
      return new URL(value).protocol === 'https:';
    } catch {
      return false;
    }
  }, 'Use an https:// link, e.g. "https://maps.google.com/?q=…".');
