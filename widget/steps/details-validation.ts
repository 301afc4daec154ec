/**
 * Step 4's checks, for feedback before anything is sent. The same rules as the proxy's
 * (`shared/contract.ts`), from the same shared functions where they exist; the proxy
 * still has the last word and its messages are shown by the same fields.
 */
import { dateOfBirthProblem } from '../../shared/dates.ts';
import { isValidMedicareIrn, isValidMedicareNumber } from '../../shared/medicare.ts';
import { normalisePhone } from '../../shared/phone.ts';
import type { PatientForm } from '../flow/booking-flow.ts';

export type PatientField = keyof PatientForm;

const REQUIRED: Array<[PatientField, string]> = [
  ['firstName', 'Enter your first name.'],
  ['lastName', 'Enter your last name.'],
  ['email', 'Enter your email address.'],
  ['phone', 'Enter your mobile number.'],
  ['dateOfBirth', 'Enter your date of birth.'],
];

/** A message per field that needs fixing; empty when the details can be sent. */
export function patientProblems(patient: PatientForm, today: string): Partial<Record<PatientField, string>> {
  const problems: Partial<Record<PatientField, string>> = {};
  for (const [field, message] of REQUIRED) if (!patient[field].trim()) problems[field] = message;
  if (!problems.email && !/^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/.test(patient.email.trim())) {
    problems.email = 'Enter an email address like name@example.com.';
  }
  if (!problems.phone && normalisePhone(patient.phone) === null) {
    problems.phone = 'Enter a mobile number like 0412 345 678 or +44 7700 900123.';
  }
  if (!problems.dateOfBirth) {
    const problem = dateOfBirthProblem(patient.dateOfBirth, today);
    if (problem) problems.dateOfBirth = problem;
  }
  if (patient.medicareNumber.trim() && !isValidMedicareNumber(patient.medicareNumber)) {
    problems.medicareNumber =
      'Check your Medicare card number: it is 10 digits and the check digit does not match.';
  }
  if (patient.medicareIrn.trim() && !isValidMedicareIrn(patient.medicareIrn)) {
    problems.medicareIrn = 'The reference number is the single digit beside your name.';
  }
  if (patient.medicareIrn.trim() && !patient.medicareNumber.trim()) {
    problems.medicareNumber = 'Enter the card number that goes with the reference number.';
  }
  if (patient.note.length > 1000) problems.note = 'Keep the note under 1000 characters.';
  return problems;
}
