/**
 * Phone number sanity for patient contact details: Australian numbers as people write
 * them (0412 345 678, (02) 9876 5432, +61 412 345 678) and international numbers in
 * E.164 form. Not a full numbering-plan check; enough to catch typos and junk.
 */

/**
 * Returns the number in E.164 form (`+61412345678`), or `null` when it cannot be a phone
 * number. Spaces, dots, dashes and brackets are ignored.
 */
export function normalisePhone(input: string): string | null {
  const compact = input.trim().replace(/[\s.()-]/g, '');
  if (/^0[2-478]\d{8}$/.test(compact)) return `+61${compact.slice(1)}`;
  if (/^\+61[2-478]\d{8}$/.test(compact)) return compact;
  if (/^\+61/.test(compact)) return null;
  if (/^\+[1-9]\d{7,14}$/.test(compact)) return compact;
  return null;
}
