/**
 * The clinic's catalogue from Halaxy: the appointment types (`HealthcareService`) that are
 * active and bookable online, with their durations and (where linked) fees, and the
 * practitioners at this clinic (`PractitionerRole`, named from `Practitioner`) who offer
 * them. A practitioner's id in the widget is their PractitionerRole id: that is what
 * `$find` and `$book` take.
 *
 * Upstream calls: HealthcareService and PractitionerRole searches, one Practitioner search
 * (per 50 practitioners), and a ChargeItemDefinition search when a type links a fee.
 */
import type { Category, Service } from '../../../shared/contract.ts';
import type { Logger } from '../../logger.ts';
import type { Catalogue, CataloguePractitioner } from '../provider.ts';
import {
  allowsOnlineBooking,
  feePrice,
  PAGE_SIZE,
  roleOffersService,
  serviceBelongsToClinic,
  serviceDurationMinutes,
  serviceFeeId,
} from './assumptions.ts';
import type { FhirClient } from './fhir-client.ts';
import {
  chargeItemDefinitionSchema,
  healthcareServiceSchema,
  practitionerRoleSchema,
  practitionerSchema,
  type FhirHumanName,
  type FhirPractitioner,
  type HealthcareService,
  type PractitionerRole,
} from './fhir-types.ts';
import { referencedId } from './references.ts';

/** Halaxy has no service categories: every appointment type is listed under this one. */
export const HALAXY_CATEGORY = { id: 'appointments', name: 'Appointments' } as const;

const ID_BATCH = 50;

export interface CatalogueContext {
  fhir: FhirClient;
  organizationId: string;
  clinicId: string;
  logger: Logger;
}

export async function loadCatalogue(context: CatalogueContext): Promise<Catalogue> {
  const { fhir, organizationId } = context;
  const count = String(PAGE_SIZE);
  const [allServices, allRoles] = await Promise.all([
    fhir.search(
      'HealthcareService',
      { active: 'true', _count: count },
      {
        operation: 'services.search',
        resourceTypes: ['HealthcareService'],
        schema: healthcareServiceSchema,
      },
    ),
    fhir.search(
      'PractitionerRole',
      { _count: count },
      {
        operation: 'practitioner_roles.search',
        resourceTypes: ['PractitionerRole'],
        schema: practitionerRoleSchema,
      },
    ),
  ]);

  const services = bookableServices(context, allServices);
  const roles = allRoles.filter(
    (role) => role.active !== false && referencedId(role.organization, 'Organization') === organizationId,
  );
  const practitioners = await loadPractitioners(fhir, roles);
  const prices = await loadPrices(
    context,
    services.map((s) => s.resource),
  );

  const offered = new Set<string>();
  const catalogued: CataloguePractitioner[] = [];
  for (const role of roles) {
    const person = practitioners.get(referencedId(role.practitioner, 'Practitioner') ?? '');
    if (!person || person.active === false) continue;
    const serviceIds = services.filter((s) => roleOffersService(role, s.service.id)).map((s) => s.service.id);
    if (serviceIds.length === 0) continue;
    serviceIds.forEach((id) => offered.add(id));
    const title = professionOf(person);
    catalogued.push({ id: role.id, name: displayName(person.name), ...(title ? { title } : {}), serviceIds });
  }

  const listed: Service[] = services
    .filter((s) => offered.has(s.service.id))
    .map(({ service, resource }) => {
      const feeId = serviceFeeId(resource);
      const price = feeId ? prices.get(feeId) : undefined;
      return price ? { ...service, price } : service;
    });
  const categories: Category[] = listed.length > 0 ? [{ ...HALAXY_CATEGORY, services: listed }] : [];
  return { categories, practitioners: catalogued };
}

function bookableServices(
  context: CatalogueContext,
  all: HealthcareService[],
): Array<{ service: Service; resource: HealthcareService }> {
  const bookable: Array<{ service: Service; resource: HealthcareService }> = [];
  let unflagged = 0;
  let untimed = 0;
  for (const resource of all) {
    if (resource.active === false || !serviceBelongsToClinic(resource, context.organizationId)) continue;
    const online = allowsOnlineBooking(resource);
    if (online === null) unflagged += 1;
    if (!online) continue;
    const durationMinutes = serviceDurationMinutes(resource);
    if (!durationMinutes) {
      untimed += 1;
      continue;
    }
    bookable.push({
      resource,
      service: {
        id: resource.id,
        name: resource.name?.trim() || 'Appointment',
        description: resource.comment?.trim() ?? '',
        durationMinutes,
      },
    });
  }
  if (unflagged > 0 || untimed > 0) {
    context.logger.log('warn', 'halaxy.services_hidden', {
      clinicId: context.clinicId,
      withoutOnlineFlag: unflagged,
      withoutDuration: untimed,
    });
  }
  return bookable;
}

async function loadPractitioners(
  fhir: FhirClient,
  roles: PractitionerRole[],
): Promise<Map<string, FhirPractitioner>> {
  const ids = [
    ...new Set(
      roles
        .map((r) => referencedId(r.practitioner, 'Practitioner'))
        .filter((id): id is string => id !== null),
    ),
  ];
  const batches: string[][] = [];
  for (let i = 0; i < ids.length; i += ID_BATCH) batches.push(ids.slice(i, i + ID_BATCH));
  const found = await Promise.all(
    batches.map((batch) =>
      fhir.search(
        'Practitioner',
        { _id: batch.join(','), _count: String(PAGE_SIZE) },
        {
          operation: 'practitioners.search',
          resourceTypes: ['Practitioner'],
          schema: practitionerSchema,
        },
      ),
    ),
  );
  return new Map(found.flat().map((p) => [p.id, p]));
}

/** Prices of the linked fees; a failure here costs the prices, never the catalogue. */
async function loadPrices(
  context: CatalogueContext,
  services: HealthcareService[],
): Promise<Map<string, { amountCents: number; currency: string }>> {
  const prices = new Map<string, { amountCents: number; currency: string }>();
  const feeIds = [...new Set(services.map(serviceFeeId).filter((id): id is string => id !== null))];
  if (feeIds.length === 0) return prices;
  try {
    for (let i = 0; i < feeIds.length; i += ID_BATCH) {
      const fees = await context.fhir.search(
        'ChargeItemDefinition',
        { _id: feeIds.slice(i, i + ID_BATCH).join(','), _count: String(PAGE_SIZE) },
        {
          operation: 'fees.search',
          resourceTypes: ['ChargeItemDefinition'],
          schema: chargeItemDefinitionSchema,
        },
      );
      for (const fee of fees) {
        const price = feePrice(fee);
        if (price) prices.set(fee.id, price);
      }
    }
  } catch {
    context.logger.log('warn', 'halaxy.prices_unavailable', {
      clinicId: context.clinicId,
      hint: 'Switch on Invoices & Payments → Retrieve Fees on the API key to show prices.',
    });
  }
  return prices;
}

/** "Given Family" from the name a patient would know: usual, else official, else any. */
export function displayName(names: FhirHumanName[] | undefined): string {
  const name =
    names?.find((n) => n.use === 'usual') ?? names?.find((n) => n.use === 'official') ?? names?.[0];
  if (!name) return 'Practitioner';
  const parts = [...(name.given ?? []), name.family ?? ''].map((p) => p.trim()).filter(Boolean);
  return parts.length > 0 ? parts.join(' ') : name.text?.trim() || 'Practitioner';
}

function professionOf(practitioner: FhirPractitioner): string | undefined {
  const code = practitioner.qualification?.[0]?.code;
  return code?.text?.trim() || code?.coding?.find((c) => c.display)?.display?.trim() || undefined;
}
