/**
 * Checks on the shape of the proxy's answers, where a wrong one would break what the
 * patient sees (a blank step, a success screen without a time). Small hand-written guards
 * rather than the contract's zod schemas, which would cost the bundle about 17 KB gzip; they
 * check what the widget reads, not every field.
 */
import type {
  AvailabilityResponse,
  BookingResponse,
  BootstrapResponse,
  ErrorResponse,
  PracticeResponse,
  Slot,
} from '../../shared/contract.ts';

type Guard<T> = (value: unknown) => value is T;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const isString = (value: unknown): value is string => typeof value === 'string';

function hasStrings(value: unknown, keys: readonly string[]): value is Record<string, string> {
  return isObject(value) && keys.every((key) => isString(value[key]));
}

function isArrayOf<T>(value: unknown, item: Guard<T> | ((value: unknown) => boolean)): value is T[] {
  return Array.isArray(value) && value.every(item);
}

const isSlot = (value: unknown): value is Slot => hasStrings(value, ['start', 'end', 'practitionerId']);

const isCategory = (value: unknown) =>
  hasStrings(value, ['id', 'name']) &&
  isArrayOf((value as Record<string, unknown>).services, (s) => hasStrings(s, ['id', 'name']));

/** The profile and catalogue steps 1 to 5 read. */
export const isBootstrap: Guard<BootstrapResponse> = (value): value is BootstrapResponse => {
  if (!isObject(value)) return false;
  const clinic = value.clinic;
  return (
    hasStrings(clinic, ['id', 'name', 'timezone']) &&
    hasStrings((clinic as Record<string, unknown>).waiver, ['version', 'title', 'text']) &&
    isObject((clinic as Record<string, unknown>).policy) &&
    Array.isArray((clinic as Record<string, unknown>).intake) &&
    isArrayOf(value.categories, isCategory) &&
    isArrayOf(value.practitioners, (p) => hasStrings(p, ['id', 'name']) && Array.isArray(p.serviceIds))
  );
};

/** A practice's locations, each with what the location step and the clinic's loading need. */
export const isPractice: Guard<PracticeResponse> = (value): value is PracticeResponse =>
  isObject(value) &&
  hasStrings(value.practice, ['id', 'name']) &&
  isArrayOf((value.practice as Record<string, unknown>).clinics, (c) =>
    hasStrings(c, ['id', 'name', 'timezone']),
  );

export const isAvailability: Guard<AvailabilityResponse> = (value): value is AvailabilityResponse =>
  isObject(value) && isArrayOf(value.slots, isSlot);

/** A booking the success screen, the calendar links and the events can be made from. */
export const isBookingAnswer: Guard<BookingResponse> = (value): value is BookingResponse =>
  isObject(value) &&
  hasStrings(value.booking, [
    'id',
    'start',
    'end',
    'serviceId',
    'serviceName',
    'practitionerId',
    'practitionerName',
    'timezone',
  ]);

/** The proxy's own JSON error. */
export function errorOf(value: unknown): ErrorResponse['error'] | null {
  if (!isObject(value) || !hasStrings(value.error, ['code', 'message'])) return null;
  const error = value.error as unknown as ErrorResponse['error'];
  return {
    code: error.code,
    message: error.message,
    ...(isObject(error.fields) ? { fields: error.fields } : {}),
    ...(isArrayOf(error.alternatives, isSlot) ? { alternatives: error.alternatives } : {}),
  };
}

export type { Guard };
