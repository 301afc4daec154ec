/**
 * The catalogue a clinic offers online: the provider's, with the clinic's scheduling rules
 * applied (services not offered at this location removed, practitioners limited per service).
 * Every route and the booking service read the catalogue through this one door.
 */
import type { ClinicSchedule } from '../clinic.ts';
import type { ClinicConfig } from '../config/clinic-config.ts';
import { readCatalogue, type Read } from '../providers/caching-provider.ts';
import type { Catalogue } from '../providers/provider.ts';
import { applyCatalogueRules } from '../rules/scheduling-rules.ts';

export async function clinicCatalogue(clinic: ClinicSchedule, signal?: AbortSignal): Promise<Catalogue> {
  return readClinicCatalogue(clinic, signal).value;
}

/** The clinic's catalogue, and the reading that says how long it holds. */
export function readClinicCatalogue(clinic: ClinicSchedule, signal?: AbortSignal): Read<Catalogue> {
  const read = readCatalogue(clinic.provider, signal);
  if (clinic.config.rules.length === 0) return read;
  return {
    value: read.value.then((catalogue) => withRules(catalogue, clinic.config)),
    reading: read.reading,
  };
}

/** The rules applied once per cached catalogue, not once per request. */
const applied = new WeakMap<Catalogue, WeakMap<ClinicConfig, Catalogue>>();

function withRules(catalogue: Catalogue, config: ClinicConfig): Catalogue {
  let byConfig = applied.get(catalogue);
  if (!byConfig) {
    byConfig = new WeakMap();
    applied.set(catalogue, byConfig);
  }
  let result = byConfig.get(config);
  if (!result) {
    result = applyCatalogueRules(catalogue, config.rules, config.id);
    byConfig.set(config, result);
  }
  return result;
}

/** The id of the category a service belongs to ('' when it is in none). */
export function categoryOf(catalogue: Catalogue, serviceId: string): string {
  return catalogue.categories.find((c) => c.services.some((s) => s.id === serviceId))?.id ?? '';
}
