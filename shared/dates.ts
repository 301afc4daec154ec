/**
 * Calendar-date helpers on `YYYY-MM-DD` strings. A date of birth or a clinic-local day is
 * a calendar date, not an instant, so these never pass through a time zone.
 */

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True when `value` is a real `YYYY-MM-DD` calendar date (no 2025-02-30). */
export function isIsoDate(value: string): boolean {
  const match = ISO_DATE.exec(value);
  if (!match) return false;
  const [, y, m, d] = match.map(Number) as [number, number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/** Adds whole days to a `YYYY-MM-DD` date. */
export function addDaysToIsoDate(value: string, days: number): string {
  const [y, m, d] = value.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetweenIsoDates(from: string, to: string): number {
  const toUtc = (v: string) => {
    const [y, m, d] = v.split('-').map(Number) as [number, number, number];
    return Date.UTC(y, m - 1, d);
  };
  return Math.round((toUtc(to) - toUtc(from)) / 86_400_000);
}

/** Why a date of birth is unacceptable, or `null` when it is fine. `today` is `YYYY-MM-DD`. */
export function dateOfBirthProblem(value: string, today: string): string | null {
  if (!isIsoDate(value)) return 'Enter a real date, for example 31/01/1980.';
  if (value > today) return 'Date of birth cannot be in the future.';
  const [y, m, d] = today.split('-') as [string, string, string];
  const oldest = `${String(Number(y) - 120).padStart(4, '0')}-${m}-${d}`;
  if (value < oldest) return 'Check the year: that is more than 120 years ago.';
  return null;
}
