/**
 * A JSON value as the text a practice system would compare or store: strings as they are,
 * numbers and booleans in their JSON spelling, anything else (objects, arrays, null) as ''.
 * The fakes read untyped request bodies and records; a real API never treats an object as
 * the string "[object Object]", so neither do they.
 */
export function jsonText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint')
    return String(value);
  return '';
}
