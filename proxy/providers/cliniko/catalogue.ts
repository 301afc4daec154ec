/**
 * The clinic's catalogue from Cliniko: the business, its appointment types shown in online
 * bookings (grouped by their category), and its practitioners shown in online bookings with
 * the types each offers. Cliniko's `available_times` has been seen offering a type a
 * practitioner does not (issue #248), so who offers what is read and intersected here.
 *
 * Upstream calls: the business (1), appointment types (1 a page), the business's
 * practitioners (1 a page), then who offers what, from whichever side is smaller: each
 * practitioner's types, or each type's practitioners (1 a page each).
 */
import type { Category, Service } from '../../../shared/contract.ts';
import { ApiError } from '../../http/api-error.ts';
import type { Logger } from '../../logger.ts';
import type { Catalogue, CataloguePractitioner } from '../provider.ts';
import { businessOffersType, isIndividualType, practitionerName } from './assumptions.ts';
import { filter, type ClinikoClient } from './cliniko-client.ts';
import {
  appointmentTypeSchema,
  businessSchema,
  practitionerSchema,
  type AppointmentType,
  type Business,
  type ClinikoPractitioner,
} from './cliniko-types.ts';

/** Where types without a category are listed. */
export const UNCATEGORISED = { id: 'appointments', name: 'Appointments' } as const;
/** Lists fetched at once when asking who offers what. */
const CONCURRENT_LISTS = 4;

export interface CatalogueContext {
  client: ClinikoClient;
  businessId: string | undefined;
  clinicId: string;
  logger: Logger;
}

/** The configured business, or the account's only one. */
export async function loadBusiness(context: CatalogueContext): Promise<Business> {
  const { client } = context;
  if (context.businessId)
    return client.get(`businesses/${context.businessId}`, [], 'businesses.get', businessSchema);
  const all = (
    await client.list('businesses', [], {
      operation: 'businesses.list',
      key: 'businesses',
      schema: businessSchema,
    })
  ).filter((b) => !b.archived_at);
  if (all.length === 1) return all[0]!;
  context.logger.log('error', 'cliniko.business_ambiguous', {
    clinicId: context.clinicId,
    businesses: all.length,
    hint: 'Set provider.businessId to the business (location) to book into.',
  });
  throw new ApiError(
    502,
    'upstream_error',
    'Online booking is not available right now. Please call the clinic to book.',
  );
}

export async function loadCatalogue(context: CatalogueContext, business: Business): Promise<Catalogue> {
  const { client } = context;
  const online = filter('show_in_online_bookings', '=', 'true');
  const [allTypes, allPractitioners] = await Promise.all([
    client.list('appointment_types', [online], {
      operation: 'appointment_types.list',
      key: 'appointment_types',
      schema: appointmentTypeSchema,
    }),
    client.list(`businesses/${business.id}/practitioners`, [online], {
      operation: 'practitioners.list',
      key: 'practitioners',
      schema: practitionerSchema,
    }),
  ]);
  const types = allTypes.filter(
    (t) =>
      t.show_in_online_bookings === true &&
      !t.archived_at &&
      isIndividualType(t) &&
      businessOffersType(business, t.id),
  );
  const practitioners = allPractitioners.filter(
    (p) => p.show_in_online_bookings === true && p.active !== false,
  );
  const offers = await whoOffersWhat(client, types, practitioners);

  const offered = new Set<string>();
  const catalogued: CataloguePractitioner[] = [];
  for (const p of practitioners) {
    const serviceIds = types.filter((t) => offers.has(`${p.id}|${t.id}`)).map((t) => t.id);
    if (serviceIds.length === 0) continue;
    serviceIds.forEach((id) => offered.add(id));
    const title = p.designation?.trim();
    const bio = p.description?.trim();
    catalogued.push({
      id: p.id,
      name: practitionerName(p),
      ...(title ? { title } : {}),
      ...(bio ? { bio } : {}),
      serviceIds,
    });
  }
  return { categories: groupByCategory(types.filter((t) => offered.has(t.id))), practitioners: catalogued };
}

/** `practitionerId|typeId` for every pair where the practitioner offers the type. */
async function whoOffersWhat(
  client: ClinikoClient,
  types: AppointmentType[],
  practitioners: ClinikoPractitioner[],
): Promise<Set<string>> {
  const pairs = new Set<string>();
  if (types.length === 0 || practitioners.length === 0) return pairs;
  const byPractitioner = practitioners.length <= types.length;
  const owners = byPractitioner ? practitioners.map((p) => p.id) : types.map((t) => t.id);
  const queue = [...owners];
  await Promise.all(
    Array.from({ length: Math.min(CONCURRENT_LISTS, queue.length) }, async () => {
      for (let owner = queue.shift(); owner !== undefined; owner = queue.shift()) {
        if (byPractitioner) {
          const offered = await client.list(`practitioners/${owner}/appointment_types`, [], {
            operation: 'practitioner_appointment_types.list',
            key: 'appointment_types',
            schema: appointmentTypeSchema,
          });
          for (const t of offered) pairs.add(`${owner}|${t.id}`);
        } else {
          const offering = await client.list(`appointment_types/${owner}/practitioners`, [], {
            operation: 'appointment_type_practitioners.list',
            key: 'practitioners',
            schema: practitionerSchema,
          });
          for (const p of offering) pairs.add(`${p.id}|${owner}`);
        }
      }
    }),
  );
  return pairs;
}

/** Types grouped by their `category`, in the order Cliniko lists them; uncategorised ones under "Appointments". */
export function groupByCategory(types: AppointmentType[]): Category[] {
  const categories = new Map<string, Category>();
  for (const type of types) {
    const name = type.category?.trim() || UNCATEGORISED.name;
    const id = categoryId(name);
    let category = categories.get(id);
    if (!category) {
      category = { id, name, services: [] };
      categories.set(id, category);
    }
    const service: Service = {
      id: type.id,
      name: type.name.trim() || 'Appointment',
      description: type.description?.trim() ?? '',
      durationMinutes: type.duration_in_minutes,
    };
    category.services.push(service);
  }
  return [...categories.values()];
}

/**
 * A category's id: its name as a slug ("Sports & Exercise Physio" → `sports-exercise-physio`),
 * stable as long as the name is, and readable in a clinic's scheduling rules.
 */
export function categoryId(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
  return slug || UNCATEGORISED.id;
}
