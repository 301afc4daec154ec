/** The dates a capacity request covers: `from` and `to` as asked, today and 13 days on by default. */
import { addDaysToIsoDate, daysBetweenIsoDates } from '../../shared/dates.ts';
import { ApiError } from '../http/api-error.ts';
import { MAX_CAPACITY_DAYS } from './capacity-config.ts';
import type { CapacityWindow } from './location-capacity.ts';

/** Days a request covers when it names no end. */
export const DEFAULT_CAPACITY_DAYS = 14;

/** The window for a query, given the clinic's today; a 400 when it is backwards or too long. */
export function capacityWindow(query: { from?: string; to?: string }, today: string): CapacityWindow {
  const fromDate = query.from ?? today;
  const toDate = query.to ?? addDaysToIsoDate(fromDate, DEFAULT_CAPACITY_DAYS - 1);
  if (toDate < fromDate) {
    throw new ApiError(400, 'invalid_query', 'The request had missing or invalid parameters.', {
      fields: { to: '`to` must not be before `from`.' },
    });
  }
  if (daysBetweenIsoDates(fromDate, toDate) > MAX_CAPACITY_DAYS - 1) {
    throw new ApiError(400, 'invalid_query', `Ask for at most ${MAX_CAPACITY_DAYS} days at a time.`, {
      fields: { to: `At most ${MAX_CAPACITY_DAYS} days after from.` },
    });
  }
  return { fromDate, toDate };
}
