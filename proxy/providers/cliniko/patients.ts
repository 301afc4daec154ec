/**
 * Finding or creating the patient in Cliniko, safely repeatable after a lost response:
 *
 * - search `q[]=email:=` and match date of birth and last name (case-insensitively), and
 *   the Medicare number when both the patient and the record have one; when no one matches,
 *   search by date of birth too, since the email filter may be case-sensitive (C4);
 * - create when no one matches: a retry finds the patient a lost response created;
 * - a matched record without a Medicare number gets the one given (`PATCH`, repeatable).
 */
import type { PatientDetails } from '../../../shared/contract.ts';
import type { Logger } from '../../logger.ts';
import type { PatientRecord } from '../provider.ts';
import { EMAIL_FILTER_MAY_BE_CASE_SENSITIVE } from './assumptions.ts';
import { filter, type ClinikoClient, type FieldMap } from './cliniko-client.ts';
import { patientSchema, type ClinikoPatient } from './cliniko-types.ts';

/** Cliniko's patient fields → the booking request's, for a 422 the patient can fix. */
export const PATIENT_FIELDS: FieldMap = {
  first_name: 'patient.firstName',
  last_name: 'patient.lastName',
  email: 'patient.email',
  date_of_birth: 'patient.dateOfBirth',
  patient_phone_numbers: 'patient.phone',
  medicare: 'patient.medicareNumber',
  medicare_reference_number: 'patient.medicareIrn',
};

export interface PatientContext {
  client: ClinikoClient;
  clinicId: string;
  logger: Logger;
}

export async function findOrCreatePatient(
  context: PatientContext,
  details: PatientDetails,
): Promise<PatientRecord> {
  const match =
    (await search(context, [filter('email', '=', details.email)], details)) ??
    (EMAIL_FILTER_MAY_BE_CASE_SENSITIVE
      ? await search(context, [filter('date_of_birth', '=', details.dateOfBirth)], details)
      : null);
  if (!match) return { id: (await createPatient(context.client, details)).id, created: true };
  if (details.medicareNumber && !digits(match.medicare)) {
    await context.client.write(
      'PATCH',
      `patients/${match.id}`,
      {
        medicare: details.medicareNumber,
        ...(details.medicareIrn ? { medicare_reference_number: details.medicareIrn } : {}),
      },
      'patients.update',
      patientSchema,
      PATIENT_FIELDS,
    );
  }
  return { id: match.id, created: false };
}

async function search(
  context: PatientContext,
  query: Array<[string, string]>,
  details: PatientDetails,
): Promise<ClinikoPatient | null> {
  const found = await context.client.list('patients', query, {
    operation: 'patients.search',
    key: 'patients',
    schema: patientSchema,
  });
  const matches = found.filter((p) => !p.archived_at && isSamePatient(p, details));
  // Two records that both match: the oldest (Cliniko lists by created_at) is the one the clinic uses.
  return matches[0] ?? null;
}

/** Same email, date of birth and last name, and the same Medicare number when both have one. */
export function isSamePatient(candidate: ClinikoPatient, details: PatientDetails): boolean {
  if (candidate.date_of_birth !== details.dateOfBirth) return false;
  if (fold(candidate.email ?? '') !== fold(details.email)) return false;
  if (fold(candidate.last_name ?? '') !== fold(details.lastName)) return false;
  const known = digits(candidate.medicare);
  return !details.medicareNumber || !known || known === details.medicareNumber;
}

/** For comparing names and emails: case, spacing and accents ignored (Nguyễn typed as Nguyen is the same person). */
function fold(value: string): string {
  return value
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .trim()
    .replace(/\s+/g, ' ')
    .toLocaleLowerCase('en-AU');
}

function digits(value: string | null | undefined): string {
  return (value ?? '').replace(/\D/g, '');
}

function createPatient(client: ClinikoClient, details: PatientDetails): Promise<ClinikoPatient> {
  return client.write(
    'POST',
    'patients',
    {
      first_name: details.firstName,
      last_name: details.lastName,
      email: details.email,
      date_of_birth: details.dateOfBirth,
      patient_phone_numbers: [{ phone_type: 'Mobile', number: details.phone }],
      ...(details.medicareNumber ? { medicare: details.medicareNumber } : {}),
      ...(details.medicareNumber && details.medicareIrn
        ? { medicare_reference_number: details.medicareIrn }
        : {}),
    },
    'patients.create',
    patientSchema,
    PATIENT_FIELDS,
  );
}
