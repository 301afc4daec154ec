/**
 * The catalogue a clinic offers online: the provider's, with the clinic's scheduling rules
 * applied (services not offered at this location removed, practitioners limited per service).
 * Every route and the booking service read the catalogue through this one door.
 */
import type { ClinicSchedule } from '../clinic.ts';
import type { Catalogue } from '../providers/provider.ts';
import { applyCatalogueRules } from '../rules/scheduling-rules.ts';

export async function clinicCatalogue(clinic: ClinicSchedule, signal?: AbortSignal): Promise<Catalogue> {
  const catalogue = await clinic.provider.getCatalogue(signal);
  const { rules, id } = clinic.config;
  return rules.length === 0 ? catalogue : applyCatalogueRules(catalogue, rules, id);
}

/** The id of the category a service belongs to ('' when it is in none). */
export function categoryOf(catalogue: Catalogue, serviceId: string): string {
  return catalogue.categories.find((c) => c.services.some((s) => s.id === serviceId))?.id ?? '';
}
