/**
 * The Medicare funder's id (`FD-…`) a patient's Medicare card is saved against: the
 * clinic's `medicareFunderId` when configured, else found in the account's Organizations
 * once (A13) and kept for as long as the process runs, so the clinic need not look it up.
 *
 * A failed lookup (the practice system down, a key without the scope) is not kept: the next
 * booking with a card asks again. A lookup that finds none is kept, and logged once.
 */
import type { Logger } from '../../logger.ts';
import { isMedicareFunder, MEDICARE_FUNDER_SEARCH, PAGE_SIZE } from './assumptions.ts';
import type { FhirClient } from './fhir-client.ts';
import { organizationSchema } from './fhir-types.ts';

export interface MedicareFunderOptions {
  fhir: Pick<FhirClient, 'search'>;
  /** The clinic's `medicareFunderId`, when set. */
  configured: string | undefined;
  clinicId: string;
  logger: Logger;
}

export class MedicareFunder {
  readonly #o: MedicareFunderOptions;
  #found: Promise<string | null> | null = null;

  constructor(options: MedicareFunderOptions) {
    this.#o = options;
  }

  /** The funder's id, or null when the account has none; throws when the lookup failed. */
  id(): Promise<string | null> {
    if (this.#o.configured) return Promise.resolve(this.#o.configured);
    if (!this.#found) {
      const lookup = this.#lookUp();
      this.#found = lookup;
      // Forget a failure, so the next card tries again; bookings at once share one lookup.
      lookup.catch(() => {
        if (this.#found === lookup) this.#found = null;
      });
    }
    return this.#found;
  }

  async #lookUp(): Promise<string | null> {
    const organizations = await this.#o.fhir.search(
      'Organization',
      { ...MEDICARE_FUNDER_SEARCH, _count: String(PAGE_SIZE) },
      { operation: 'organizations.search', resourceTypes: ['Organization'], schema: organizationSchema },
    );
    const funder = organizations.find(isMedicareFunder);
    if (!funder) {
      this.#o.logger.log('warn', 'halaxy.medicare_funder_not_found', {
        clinicId: this.#o.clinicId,
        hint: 'No active FD- organisation named Medicare: set provider.medicareFunderId to save Medicare cards.',
      });
      return null;
    }
    this.#o.logger.log('info', 'halaxy.medicare_funder_found', {
      clinicId: this.#o.clinicId,
      funderId: funder.id,
    });
    return funder.id;
  }
}
