/**
 * The parts of Halaxy's FHIR resources the provider reads, as lenient zod schemas: unknown
 * fields pass through, optional fields stay optional, so a field Halaxy adds or omits
 * never breaks a booking. Every upstream answer is parsed through one of these.
 */
import { z } from 'zod';

export const referenceSchema = z.looseObject({
  reference: z.string().optional(),
  type: z.string().optional(),
});

export const quantitySchema = z.looseObject({
  value: z.number().optional(),
  unit: z.string().optional(),
  code: z.string().optional(),
});

export const codingSchema = z.looseObject({
  system: z.string().optional(),
  code: z.string().optional(),
  display: z.string().optional(),
});

export const extensionSchema = z.looseObject({
  url: z.string(),
  valueString: z.string().optional(),
  valueCode: z.string().optional(),
  valueBoolean: z.boolean().optional(),
  valueQuantity: quantitySchema.optional(),
  valueReference: referenceSchema.optional(),
  valueCoding: codingSchema.optional(),
});

const extensions = z.array(extensionSchema).optional();

export const humanNameSchema = z.looseObject({
  use: z.string().optional(),
  given: z.array(z.string()).optional(),
  family: z.string().optional(),
  prefix: z.array(z.string()).optional(),
  text: z.string().optional(),
});

export const contactPointSchema = z.looseObject({
  system: z.string().optional(),
  value: z.string().optional(),
  use: z.string().optional(),
});

export const codeableConceptSchema = z.looseObject({
  coding: z.array(codingSchema).optional(),
  text: z.string().optional(),
});

export const outcomeIssueSchema = z.looseObject({
  severity: z.string().optional(),
  code: z.string().optional(),
  diagnostics: z.string().optional(),
  details: z.looseObject({ text: z.string().optional() }).optional(),
});

export const operationOutcomeSchema = z.looseObject({
  resourceType: z.literal('OperationOutcome'),
  issue: z.array(outcomeIssueSchema).default([]),
});

export const bundleSchema = z.looseObject({
  resourceType: z.literal('Bundle'),
  entry: z.array(z.looseObject({ resource: z.unknown().optional() })).optional(),
  link: z.array(z.looseObject({ relation: z.string(), url: z.string() })).optional(),
});

export const healthcareServiceSchema = z.looseObject({
  resourceType: z.literal('HealthcareService'),
  id: z.string(),
  active: z.boolean().optional(),
  name: z.string().optional(),
  comment: z.string().optional(),
  providedBy: referenceSchema.optional(),
  extension: extensions,
});

export const practitionerRoleSchema = z.looseObject({
  resourceType: z.literal('PractitionerRole'),
  id: z.string(),
  active: z.boolean().optional(),
  practitioner: referenceSchema.optional(),
  organization: referenceSchema.optional(),
  healthcareService: z.array(referenceSchema).optional(),
});

export const practitionerSchema = z.looseObject({
  resourceType: z.literal('Practitioner'),
  id: z.string(),
  active: z.boolean().optional(),
  name: z.array(humanNameSchema).optional(),
  qualification: z.array(z.looseObject({ code: codeableConceptSchema.optional() })).optional(),
});

export const moneySchema = z.looseObject({ value: z.number().optional(), currency: z.string().optional() });

export const chargeItemDefinitionSchema = z.looseObject({
  resourceType: z.literal('ChargeItemDefinition'),
  id: z.string(),
  status: z.string().optional(),
  propertyGroup: z
    .array(
      z.looseObject({
        priceComponent: z
          .array(z.looseObject({ type: z.string().optional(), amount: moneySchema.optional() }))
          .optional(),
      }),
    )
    .optional(),
});

export const patientSchema = z.looseObject({
  resourceType: z.literal('Patient'),
  id: z.string(),
  active: z.boolean().optional(),
  name: z.array(humanNameSchema).optional(),
  telecom: z.array(contactPointSchema).optional(),
  birthDate: z.string().optional(),
});

export const coverageSchema = z.looseObject({
  resourceType: z.literal('Coverage'),
  id: z.string(),
  status: z.string().optional(),
  subscriberID: z.string().optional(),
  beneficiary: referenceSchema.optional(),
  payor: z.array(referenceSchema).optional(),
});

export const organizationSchema = z.looseObject({
  resourceType: z.literal('Organization'),
  id: z.string(),
  active: z.boolean().optional(),
  name: z.string().optional(),
});

export const appointmentParticipantSchema = z.looseObject({
  actor: referenceSchema.optional(),
  modifierExtension: extensions,
  extension: extensions,
});

export const appointmentSchema = z.looseObject({
  resourceType: z.literal('Appointment'),
  id: z.string().optional(),
  start: z.string().optional(),
  end: z.string().optional(),
  minutesDuration: z.number().optional(),
  description: z.string().optional(),
  participant: z.array(appointmentParticipantSchema).optional(),
  supportingInformation: z.array(referenceSchema).optional(),
});

export const slotSchema = z.looseObject({
  resourceType: z.literal('Slot'),
  start: z.string().optional(),
  end: z.string().optional(),
  schedule: referenceSchema.optional(),
  status: z.string().optional(),
});

export const documentReferenceSchema = z.looseObject({
  resourceType: z.literal('DocumentReference'),
  id: z.string().optional(),
});

export type FhirReference = z.infer<typeof referenceSchema>;
export type FhirExtension = z.infer<typeof extensionSchema>;
export type FhirHumanName = z.infer<typeof humanNameSchema>;
export type OperationOutcome = z.infer<typeof operationOutcomeSchema>;
export type Bundle = z.infer<typeof bundleSchema>;
export type HealthcareService = z.infer<typeof healthcareServiceSchema>;
export type PractitionerRole = z.infer<typeof practitionerRoleSchema>;
export type FhirPractitioner = z.infer<typeof practitionerSchema>;
export type ChargeItemDefinition = z.infer<typeof chargeItemDefinitionSchema>;
export type FhirPatient = z.infer<typeof patientSchema>;
export type Coverage = z.infer<typeof coverageSchema>;
export type FhirOrganization = z.infer<typeof organizationSchema>;
export type FhirAppointment = z.infer<typeof appointmentSchema>;
export type FhirSlot = z.infer<typeof slotSchema>;
