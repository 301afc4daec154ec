/**
 * Australian Medicare card checks, shared by the widget (instant feedback) and the proxy
 * (the rule that counts). Pure functions, no dependencies, so they cost the bundle a few bytes.
 */

const WEIGHTS = [1, 3, 7, 9, 1, 3, 7, 9] as const;

/** Strips the spaces and dashes people type between the card's digit groups. */
export function normaliseMedicareNumber(input: string): string {
  return input.replace(/[\s-]/g, '');
}

/**
 * True when `input` is a plausible 10-digit Medicare card number: first digit 2-6, the
 * ninth digit is the weighted check digit of the first eight, and the tenth (the card's
 * issue number) is not 0. Spaces and dashes are ignored.
 */
export function isValidMedicareNumber(input: string): boolean {
  const digits = normaliseMedicareNumber(input);
  if (!/^[2-6]\d{8}[1-9]$/.test(digits)) return false;
  const sum = WEIGHTS.reduce((total, weight, i) => total + weight * Number(digits[i]), 0);
  return sum % 10 === Number(digits[8]);
}

/** True when `input` is a Medicare individual reference number (the 1-9 beside a name). */
export function isValidMedicareIrn(input: string): boolean {
  return /^[1-9]$/.test(input.trim());
}
