/**
 * A practice as the proxy runs it: its config and its clinics (locations), resolved once
 * at start-up from the clinics the app serves.
 */
import type { Clinic } from './clinic.ts';
import type { PracticeConfig } from './config/practice-config.ts';

export interface Practice {
  config: PracticeConfig;
  /** In the order the practice lists them. */
  clinics: Clinic[];
}

/**
 * Pairs each practice with its clinics. Throws when one names a clinic that is not served:
 * the clinics file's check (`clinic-config.ts`) refuses that first, so only code that builds
 * an app by hand can get here.
 */
export function resolvePractices(
  configs: readonly PracticeConfig[],
  clinics: ReadonlyMap<string, Clinic>,
): Map<string, Practice> {
  const practices = new Map<string, Practice>();
  for (const config of configs) {
    if (practices.has(config.id)) throw new Error(`Duplicate practice id "${config.id}".`);
    const members = config.clinicIds.map((id) => {
      const clinic = clinics.get(id);
      if (!clinic) throw new Error(`Practice "${config.id}" names clinic "${id}", which is not served.`);
      return clinic;
    });
    practices.set(config.id, { config, clinics: members });
  }
  return practices;
}

/** Every origin any of the practice's clinics allows: a practice page may sit on any of their sites. */
export function practiceOrigins(practice: Practice): Set<string> {
  return new Set(practice.clinics.flatMap((clinic) => clinic.config.allowedOrigins));
}
