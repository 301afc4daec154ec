/**
 * The capacity feed's HTTP contract (`GET /api/clinics/:clinicId/capacity`), as zod
 * schemas. Every object is strict: the schema is the allow-list of what the feed may say,
 * and the proxy parses each answer through it before sending, so a field that could carry
 * a patient's details cannot slip in. The dashboard imports only the types.
 */
import { z } from 'zod';
import { idSchema, isoDateSchema, isoInstantSchema } from './contract.ts';

const minutes = z.number().int().nonnegative();

/**
 * Free and booked time in a cell, a day, a practitioner or the whole range.
 *
 * - `freeMinutes`: bookable time not yet booked: the span the free slots cover (a time
 *   free for two services counts once in a practitioner's total).
 * - `bookedMinutes`: the time its live appointments take (overlaps once), from now on.
 * - `freeSlots`: the start times a patient could book, summed over services.
 * - `utilisation`: booked / (booked + free), or null when there is neither (not working).
 */
export const capacityMetricsSchema = z
  .object({
    freeMinutes: minutes,
    bookedMinutes: minutes,
    freeSlots: z.number().int().nonnegative(),
    utilisation: z.number().min(0).max(1).nullable(),
  })
  .strict();

export const capacityServiceCellSchema = z
  .object({ serviceId: idSchema, ...capacityMetricsSchema.shape })
  .strict();

/** One practitioner at one location on one day, with the services that had free or booked time. */
export const capacityPractitionerDaySchema = z
  .object({
    practitionerId: idSchema,
    locationId: idSchema,
    totals: capacityMetricsSchema,
    services: z.array(capacityServiceCellSchema),
  })
  .strict();

export const capacityDaySchema = z
  .object({
    /** A clinic-local date. */
    date: isoDateSchema,
    totals: capacityMetricsSchema,
    practitioners: z.array(capacityPractitionerDaySchema),
  })
  .strict();

export const capacityLocationSchema = z
  .object({ id: idSchema, name: z.string(), timezone: z.string(), totals: capacityMetricsSchema })
  .strict();

export const capacityPractitionerSchema = z
  .object({ id: idSchema, name: z.string(), locationId: idSchema, totals: capacityMetricsSchema })
  .strict();

export const capacityServiceSchema = z
  .object({
    id: idSchema,
    name: z.string(),
    categoryId: z.string(),
    categoryName: z.string(),
    durationMinutes: z.number().int().positive(),
    totals: capacityMetricsSchema,
  })
  .strict();

export const capacityResponseSchema = z
  .object({
    /** The window asked for; `days` holds the dates in it the clinic takes online bookings for. */
    from: isoDateSchema,
    to: isoDateSchema,
    /** When these numbers were read from the practice system. */
    generatedAt: isoInstantSchema,
    /** Seconds until the proxy reads them again. */
    maxAgeSeconds: z.number().int().nonnegative(),
    totals: capacityMetricsSchema,
    locations: z.array(capacityLocationSchema),
    practitioners: z.array(capacityPractitionerSchema),
    services: z.array(capacityServiceSchema),
    days: z.array(capacityDaySchema),
  })
  .strict();

export const capacityQuerySchema = z
  .object({ from: isoDateSchema.optional(), to: isoDateSchema.optional() })
  .refine((q) => !q.from || !q.to || q.from <= q.to, {
    message: '`to` must not be before `from`.',
    path: ['to'],
  });

export type CapacityMetrics = z.infer<typeof capacityMetricsSchema>;
export type CapacityServiceCell = z.infer<typeof capacityServiceCellSchema>;
export type CapacityPractitionerDay = z.infer<typeof capacityPractitionerDaySchema>;
export type CapacityDay = z.infer<typeof capacityDaySchema>;
export type CapacityLocation = z.infer<typeof capacityLocationSchema>;
export type CapacityPractitioner = z.infer<typeof capacityPractitionerSchema>;
export type CapacityService = z.infer<typeof capacityServiceSchema>;
export type CapacityResponse = z.infer<typeof capacityResponseSchema>;
