/**
 * Finding or creating the patient in Halaxy, safely repeatable after a lost response:
 *
 * - search `Patient?email=` (Halaxy's string search may match by prefix, so the email is
 *   compared again here), then match date of birth and family name, case-insensitively;
 * - create when no one matches (Halaxy drops our own identifiers, so the search is the
 *   only way a retry recognises a patient it created);
 * - with a Medicare card, a `Coverage` against the Medicare funder (configured, or found
 *   once in the account's Organizations: `medicare-funder.ts`), looked up first. Medicare
 *   is a convenience: a failure there is logged and does not stop the booking.
 */
import type { PatientDetails } from '../../../shared/contract.ts';
import type { Logger } from '../../logger.ts';
import type { PatientRecord } from '../provider.ts';
import { medicareCoverage, PAGE_SIZE } from './assumptions.ts';
import type { FhirClient } from './fhir-client.ts';
import { coverageSchema, patientSchema, type FhirPatient } from './fhir-types.ts';
import { searchReference } from './references.ts';

export interface PatientContext {
  fhir: FhirClient;
  clinicId: string;
  logger: Logger;
  /** The Medicare funder's id, or null when the account has none (`medicare-funder.ts`). */
  medicareFunder: () => Promise<string | null>;
}

export async function findOrCreatePatient(
  context: PatientContext,
  details: PatientDetails,
): Promise<PatientRecord> {
  const { fhir } = context;
  const candidates = await fhir.search(
    'Patient',
    { email: details.email, _count: String(PAGE_SIZE) },
    {
      operation: 'patients.search',
      resourceTypes: ['Patient'],
      schema: patientSchema,
    },
  );
  const matches = candidates.filter((p) => isSamePatient(p, details));
  const match = matches.find((p) => p.active !== false) ?? matches[0];
  const record = match
    ? { id: match.id, created: false }
    : { id: (await createPatient(fhir, details)).id, created: true };
  if (details.medicareNumber)
    await saveMedicare(context, record.id, details.medicareNumber, details.medicareIrn);
  return record;
}

/** Same email, date of birth and family name (any of the patient's names). */
export function isSamePatient(candidate: FhirPatient, details: PatientDetails): boolean {
  const email = fold(details.email);
  const family = fold(details.lastName);
  return (
    candidate.birthDate === details.dateOfBirth &&
    (candidate.telecom ?? []).some((t) => t.system === 'email' && fold(t.value ?? '') === email) &&
    (candidate.name ?? []).some((n) => fold(n.family ?? '') === family)
  );
}

function fold(value: string): string {
  return value.normalize('NFC').trim().replace(/\s+/g, ' ').toLocaleLowerCase('en-AU');
}

function createPatient(fhir: FhirClient, details: PatientDetails): Promise<FhirPatient> {
  return fhir.post(
    'Patient',
    {
      resourceType: 'Patient',
      name: [{ use: 'official', given: [details.firstName], family: details.lastName }],
      telecom: [
        { system: 'email', value: details.email, use: 'home' },
        { system: 'sms', value: details.phone, use: 'mobile' },
      ],
      birthDate: details.dateOfBirth,
    },
    { operation: 'patients.create', schema: patientSchema },
  );
}

async function saveMedicare(
  context: PatientContext,
  patientId: string,
  number: string,
  irn: string | undefined,
): Promise<void> {
  const { fhir } = context;
  let medicareFunderId: string | null;
  try {
    medicareFunderId = await context.medicareFunder();
  } catch {
    context.logger.log('warn', 'halaxy.medicare_not_saved', {
      clinicId: context.clinicId,
      reason: 'funder_lookup_failed',
      hint: 'Set provider.medicareFunderId, or check the key may read Organizations.',
    });
    return;
  }
  // None in the account: said once, when the lookup found none.
  if (!medicareFunderId) return;
  try {
    const existing = await fhir.search(
      'Coverage',
      { beneficiary: searchReference('Patient', patientId), _count: String(PAGE_SIZE) },
      {
        operation: 'coverages.search',
        resourceTypes: ['Coverage'],
        schema: coverageSchema,
      },
    );
    if (existing.some((c) => c.status !== 'cancelled' && c.subscriberID?.replace(/\s/g, '') === number))
      return;
    await fhir.post('Coverage', medicareCoverage(fhir.baseUrl, patientId, medicareFunderId, number, irn), {
      operation: 'coverages.create',
      schema: coverageSchema,
    });
  } catch {
    context.logger.log('warn', 'halaxy.medicare_not_saved', {
      clinicId: context.clinicId,
      reason: 'upstream_refused',
      hint: 'Switch on Claims & Referrals → Retrieve Claim and Create & Update Claim on the API key.',
    });
  }
}
