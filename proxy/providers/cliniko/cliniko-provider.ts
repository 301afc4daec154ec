/**
 * Cliniko (REST API v1) as a `BookingProvider`. Each part lives in its own module:
 * `cliniko-client.ts` (URLs, paging, refusals), `catalogue.ts`, `availability.ts`,
 * `patients.ts`, `appointments.ts`, `waiver-form.ts`; what the reference leaves open is in
 * `assumptions.ts`.
 *
 * Every request goes through the shared upstream client: HTTP Basic with the API key,
 * `Accept: application/json`, the configured `User-Agent`, a timeout, read retries, 429
 * waits until `X-RateLimit-Reset`, and the key's budget of 200 requests a minute (shared
 * by every clinic configured with the same key).
 */
import type { PatientDetails } from '../../../shared/contract.ts';
import type { ClinicConfig } from '../../config/clinic-config.ts';
import { ApiError } from '../../http/api-error.ts';
import { UpstreamClient } from '../../upstream/upstream-client.ts';
import type {
  AppointmentCountQuery,
  AppointmentInput,
  AppointmentLookup,
  AppointmentRecord,
  AvailabilityRequest,
  BookingProvider,
  Catalogue,
  PatientRecord,
  ProviderSlot,
  SignedWaiver,
} from '../provider.ts';
import type { ProviderDeps } from '../registry.ts';
import { SharedLookups } from '../shared-lookups.ts';
import {
  appointmentsOfPatientAt,
  countAppointments,
  createAppointment,
  settleConflicts,
  type AppointmentContext,
} from './appointments.ts';
import { accountTimezone } from './assumptions.ts';
import { findFreeSlots } from './availability.ts';
import { loadBusiness, loadCatalogue, type CatalogueContext } from './catalogue.ts';
import { ClinikoClient } from './cliniko-client.ts';
import type { Business, IndividualAppointment } from './cliniko-types.ts';
import { clinikoBaseUrl, type ClinikoProviderConfig } from './config.ts';
import { findOrCreatePatient } from './patients.ts';
import { WaiverForms } from './waiver-form.ts';

/** Cliniko's documented rate limit per API key. */
export const CLINIKO_REQUESTS_PER_MINUTE = 200;
/** Appointments remembered as having had their conflicts settled; oldest forgotten first. */
const SETTLED_LEDGER_SIZE = 10_000;

type Found = AppointmentRecord & { raw: IndividualAppointment };

export class ClinikoProvider implements BookingProvider {
  readonly #clinic: ClinicConfig;
  readonly #deps: ProviderDeps;
  readonly #client: ClinikoClient;
  readonly #catalogueContext: CatalogueContext;
  #business: Promise<Business> | null = null;
  #waivers: WaiverForms | null = null;
  /** Lookups in flight or just made, by patient and start: "any" asks once, not per practitioner. */
  readonly #lookups: SharedLookups<Found[]>;
  /** Appointments whose conflicts this process has settled (created here, or recovered and checked). */
  readonly #settled = new Set<string>();

  constructor(config: ClinikoProviderConfig, clinic: ClinicConfig, deps: ProviderDeps) {
    this.#clinic = clinic;
    this.#deps = deps;
    this.#lookups = new SharedLookups(() => deps.now().getTime());
    const baseUrl = clinikoBaseUrl(config);
    const upstream = new UpstreamClient({
      system: 'cliniko',
      clinicId: clinic.id,
      fetch: deps.fetch,
      logger: deps.logger,
      // The key is the user name and the password is empty; the shard suffix may stay on.
      auth: { headers: async () => ({ Authorization: `Basic ${btoa(`${config.apiKey}:`)}` }) },
      headers: { Accept: 'application/json', 'User-Agent': config.userAgent },
      budget: deps.budgets.get(`cliniko|${baseUrl}|${config.apiKey}`, CLINIKO_REQUESTS_PER_MINUTE),
      timeoutMs: clinic.upstream.timeoutMs,
      readRetries: clinic.upstream.readRetries,
      maxRateLimitWaitMs: clinic.upstream.maxRateLimitWaitMs,
      // Rate-limit waits are real waits: measured on the real clock, as the shared budget is.
    });
    this.#client = new ClinikoClient({ upstream, baseUrl, logger: deps.logger, clinicId: clinic.id });
    this.#catalogueContext = {
      client: this.#client,
      businessId: config.businessId,
      clinicId: clinic.id,
      logger: deps.logger,
    };
  }

  async getCatalogue(): Promise<Catalogue> {
    // The catalogue is cached by the caller for minutes; the business is re-read with it.
    const business = this.#loadBusiness(true);
    return loadCatalogue(this.#catalogueContext, await business);
  }

  async getAvailability(request: AvailabilityRequest, signal?: AbortSignal): Promise<ProviderSlot[]> {
    const business = await this.#loadBusiness(false);
    return findFreeSlots(
      {
        client: this.#client,
        businessId: business.id,
        accountTimezone: accountTimezone(business, this.#clinic.timezone),
        now: this.#deps.now(),
      },
      request,
      signal,
    );
  }

  findOrCreatePatient(patient: PatientDetails): Promise<PatientRecord> {
    return findOrCreatePatient(
      { client: this.#client, clinicId: this.#clinic.id, logger: this.#deps.logger },
      patient,
    );
  }

  /**
   * An appointment an earlier attempt made. For "any practitioner" the booking service asks
   * once per practitioner; one search by patient and start answers them all, so it is
   * shared for a few seconds. An appointment recovered this way never had its conflicts
   * checked (its response was lost), so they are settled now: one that gives the time up is
   * cancelled and not returned, and the booking goes on to find the time taken.
   */
  async findAppointment(lookup: AppointmentLookup): Promise<AppointmentRecord | null> {
    const context = await this.#appointmentContext();
    const all = await this.#lookups.get(lookup.patientId, lookup.start, () =>
      appointmentsOfPatientAt(context, lookup.patientId, lookup.start),
    );
    const found = all.find((a) => a.practitionerId === lookup.practitionerId);
    if (!found) return null;
    if (!this.#settled.has(found.id)) {
      try {
        await settleConflicts(context, found.raw);
      } catch (error) {
        this.#lookups.forget(lookup.patientId, lookup.start);
        if (error instanceof ApiError && error.code === 'slot_taken') return null;
        throw error;
      }
      this.#markSettled(found.id);
    }
    const { raw: _raw, ...record } = found;
    return record;
  }

  async createAppointment(input: AppointmentInput): Promise<AppointmentRecord> {
    this.#lookups.forgetPatient(input.patientId);
    const context = await this.#appointmentContext();
    const created = await createAppointment(context, input);
    // Not settled until the check below passes: a retry after a failure here settles it.
    await settleConflicts(context, created);
    this.#markSettled(created.id);
    (await this.#waiverForms()).created(created.id);
    return { ...input, id: created.id };
  }

  async storeWaiver(signed: SignedWaiver): Promise<void> {
    return (await this.#waiverForms()).store(signed);
  }

  async countAppointments(
    query: AppointmentCountQuery,
    signal?: AbortSignal,
  ): Promise<Record<string, number>> {
    return countAppointments(await this.#appointmentContext(), query, signal);
  }

  /** The business, read once and again with every catalogue load; a failed read is retried next time. */
  #loadBusiness(refresh: boolean): Promise<Business> {
    if (refresh || !this.#business) {
      const loading = loadBusiness(this.#catalogueContext);
      loading.catch(() => {
        if (this.#business === loading) this.#business = null;
      });
      // Keep the last good business while a refresh is in flight; switch when it lands.
      if (!this.#business) this.#business = loading;
      else
        loading.then(
          () => (this.#business = loading),
          () => undefined,
        );
      return loading;
    }
    return this.#business;
  }

  async #appointmentContext(): Promise<AppointmentContext> {
    const business = await this.#loadBusiness(false);
    return {
      client: this.#client,
      businessId: business.id,
      clinicId: this.#clinic.id,
      logger: this.#deps.logger,
    };
  }

  async #waiverForms(): Promise<WaiverForms> {
    if (!this.#waivers) {
      const business = await this.#loadBusiness(false);
      this.#waivers ??= new WaiverForms({
        client: this.#client,
        businessId: business.id,
        clinicId: this.#clinic.id,
        logger: this.#deps.logger,
      });
    }
    return this.#waivers;
  }

  #markSettled(id: string) {
    this.#settled.add(id);
    while (this.#settled.size > SETTLED_LEDGER_SIZE)
      this.#settled.delete(this.#settled.values().next().value!);
  }
}
