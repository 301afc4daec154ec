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
  AppointmentCancellation,
  AppointmentCountQuery,
  AppointmentInput,
  AppointmentMove,
  AppointmentLookup,
  AppointmentRecord,
  AvailabilityRequest,
  BookingProvider,
  Catalogue,
  PatientRecord,
  ProviderSlot,
  ManagedAppointment,
  ReferenceLookup,
  SignedWaiver,
} from '../provider.ts';
import { DAY_MS } from '../../store/tokens.ts';
import type { ProviderDeps } from '../registry.ts';
import { SharedLookups } from '../shared-lookups.ts';
import {
  appointmentsOfPatientAt,
  appointmentsWithReference,
  cancelDuplicate,
  countAppointments,
  createAppointment,
  settleConflicts,
  toRecord,
  type AppointmentContext,
} from './appointments.ts';
import { accountTimezone } from './assumptions.ts';
import { findFreeSlots } from './availability.ts';
import { loadBusiness, loadCatalogue, type CatalogueContext } from './catalogue.ts';
import { ClinikoClient } from './cliniko-client.ts';
import type { Business, IndividualAppointment } from './cliniko-types.ts';
import { clinikoBaseUrl, type ClinikoProviderConfig } from './config.ts';
import {
  cancelAppointment,
  moveAppointment,
  patientCancellationNoticeHours,
  readAppointment,
} from './changes.ts';
import { findOrCreatePatient } from './patients.ts';
import { WaiverForms } from './waiver-form.ts';

/** Cliniko's documented rate limit per API key. */
export const CLINIKO_REQUESTS_PER_MINUTE = 200;

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
    if (!(await this.#deps.store.settlements.has(this.#settledId(found.id)))) {
      try {
        await settleConflicts(context, found.raw);
      } catch (error) {
        this.#lookups.forget(lookup.patientId, lookup.start);
        if (error instanceof ApiError && error.code === 'slot_taken') return null;
        throw error;
      }
      await this.#markSettled(found);
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
    await this.#markSettled({ id: created.id, start: input.start });
    (await this.#waiverForms()).created(created.id);
    return { ...input, id: created.id };
  }

  async findByReference(lookup: ReferenceLookup): Promise<AppointmentRecord[]> {
    const context = await this.#appointmentContext();
    const found = await appointmentsWithReference(
      context,
      lookup.practitionerIds,
      lookup.start,
      lookup.reference,
    );
    const records = found.map(toRecord);
    // A patient's shared lookups may predate what was just found.
    for (const record of records) this.#lookups.forgetPatient(record.patientId);
    return records;
  }

  async cancelDuplicate(appointment: AppointmentRecord): Promise<void> {
    this.#lookups.forgetPatient(appointment.patientId);
    await cancelDuplicate(await this.#appointmentContext(), appointment.id);
  }

  async storeWaiver(signed: SignedWaiver): Promise<void> {
    return (await this.#waiverForms()).store(signed);
  }

  async getAppointment(id: string): Promise<ManagedAppointment | null> {
    if (!/^\d{1,20}$/.test(id)) return null;
    return readAppointment(await this.#appointmentContext(), id);
  }

  async moveAppointment(appointment: ManagedAppointment, move: AppointmentMove): Promise<ManagedAppointment> {
    this.#lookups.forgetPatient(appointment.patientId);
    return moveAppointment(await this.#appointmentContext(), appointment, move);
  }

  async cancelAppointment(
    appointment: ManagedAppointment,
    cancellation: AppointmentCancellation,
  ): Promise<void> {
    this.#lookups.forgetPatient(appointment.patientId);
    await cancelAppointment(await this.#appointmentContext(), appointment, cancellation);
  }

  /** The account's `online_bookings.min_hours_notice_for_patient_cancellation`. */
  async patientChangeNoticeHours(): Promise<number | null> {
    return patientCancellationNoticeHours(await this.#appointmentContext());
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

  /** Settled appointments are remembered in the store, on every instance, until a day after they start. */
  async #markSettled(appointment: { id: string; start: Date }) {
    const keepUntil = Math.max(this.#deps.store.now(), appointment.start.getTime()) + DAY_MS;
    await this.#deps.store.settlements.add(this.#settledId(appointment.id), keepUntil);
  }

  #settledId(appointmentId: string): string {
    return `${this.#clinic.id}|${appointmentId}`;
  }
}
