/**
 * Halaxy (FHIR R4) as a `BookingProvider`. Each part lives in its own module:
 * `token-manager.ts` (OAuth), `fhir-client.ts` (headers, encoding, paging, errors),
 * `catalogue.ts`, `availability.ts`, `patients.ts`, `appointments.ts`, `waivers.ts`;
 * the unconfirmed details of Halaxy's API are all in `assumptions.ts`.
 *
 * Every request goes through the shared upstream client (timeouts, read retries, 429
 * waits, one token refresh on 401) and spends the API key's budget of 500 a minute.
 */
import type { PatientDetails } from '../../../shared/contract.ts';
import type { ClinicConfig } from '../../config/clinic-config.ts';
import { UpstreamClient, type UpstreamClientOptions } from '../../upstream/upstream-client.ts';
import type {
  AppointmentCancellation,
  AppointmentInput,
  AppointmentMove,
  AppointmentLookup,
  AppointmentRecord,
  AvailabilityRequest,
  BookedTime,
  BookedTimesQuery,
  BookingProvider,
  Catalogue,
  PatientRecord,
  ManagedAppointment,
  ProviderSlot,
  ReferenceLookup,
  SignedWaiver,
} from '../provider.ts';
import type { ProviderDeps } from '../registry.ts';
import { SharedLookups } from '../shared-lookups.ts';
import {
  appointmentsOfPatientAt,
  appointmentsWithReference,
  bookedTimes,
  createAppointment,
} from './appointments.ts';
import { findFreeSlots } from './availability.ts';
import { cancelAppointment, moveAppointment, readManaged } from './changes.ts';
import { loadCatalogue } from './catalogue.ts';
import type { HalaxyProviderConfig } from './config.ts';
import { FhirClient } from './fhir-client.ts';
import { MedicareFunder } from './medicare-funder.ts';
import { findOrCreatePatient } from './patients.ts';
import { HalaxyTokenManager } from './token-manager.ts';
import { WaiverStore } from './waivers.ts';

/** Halaxy's documented rate limit per OAuth client. */
export const HALAXY_REQUESTS_PER_MINUTE = 500;

export class HalaxyProvider implements BookingProvider {
  readonly #config: HalaxyProviderConfig;
  readonly #clinic: ClinicConfig;
  readonly #deps: ProviderDeps;
  readonly #fhir: FhirClient;
  readonly #waivers: WaiverStore;
  readonly #medicareFunder: MedicareFunder;
  /** Lookups in flight or just made, by patient and start: "any" asks once, not per practitioner. */
  readonly #lookups: SharedLookups<AppointmentRecord[]>;

  constructor(config: HalaxyProviderConfig, clinic: ClinicConfig, deps: ProviderDeps) {
    this.#config = config;
    this.#clinic = clinic;
    this.#deps = deps;
    this.#lookups = new SharedLookups(() => deps.now().getTime());
    const base: UpstreamClientOptions = {
      system: 'halaxy',
      clinicId: clinic.id,
      fetch: deps.fetch,
      logger: deps.logger,
      auth: { headers: async () => ({}) },
      headers: { Accept: 'application/fhir+json', 'User-Agent': config.userAgent },
      budget: deps.budgets.get(`halaxy|${config.baseUrl}|${config.clientId}`, HALAXY_REQUESTS_PER_MINUTE),
      timeoutMs: clinic.upstream.timeoutMs,
      readRetries: clinic.upstream.readRetries,
      maxRateLimitWaitMs: clinic.upstream.maxRateLimitWaitMs,
      // Rate-limit waits are real waits: measured on the real clock, as the shared budget is.
    };
    const tokens = new HalaxyTokenManager({
      upstream: new UpstreamClient(base),
      tokenUrl: `${config.baseUrl}/oauth/token`,
      clientId: config.clientId,
      clientSecret: config.clientSecret,
      clinicId: clinic.id,
      logger: deps.logger,
      now: () => deps.now().getTime(),
    });
    this.#fhir = new FhirClient({
      upstream: new UpstreamClient({ ...base, auth: tokens }),
      baseUrl: config.baseUrl,
      tokens,
      logger: deps.logger,
      clinicId: clinic.id,
    });
    this.#medicareFunder = new MedicareFunder({
      fhir: this.#fhir,
      configured: config.medicareFunderId,
      clinicId: clinic.id,
      logger: deps.logger,
    });
    this.#waivers = new WaiverStore({
      fhir: this.#fhir,
      clinicId: clinic.id,
      logger: deps.logger,
      docStatus: config.waiverNoteStatus,
      store: deps.store,
    });
  }

  getCatalogue(): Promise<Catalogue> {
    return loadCatalogue({
      fhir: this.#fhir,
      organizationId: this.#config.organizationId,
      clinicId: this.#clinic.id,
      logger: this.#deps.logger,
    });
  }

  getAvailability(request: AvailabilityRequest): Promise<ProviderSlot[]> {
    return findFreeSlots(this.#fhir, request);
  }

  findOrCreatePatient(patient: PatientDetails): Promise<PatientRecord> {
    return findOrCreatePatient(
      {
        fhir: this.#fhir,
        clinicId: this.#clinic.id,
        logger: this.#deps.logger,
        medicareFunder: () => this.#medicareFunder.id(),
      },
      patient,
    );
  }

  /**
   * For "any practitioner" the booking service asks once per practitioner; Halaxy answers
   * all of a patient's appointments that day in one search, so the search is shared for a
   * few seconds (and dropped whenever this provider books for the patient).
   */
  async findAppointment(lookup: AppointmentLookup): Promise<AppointmentRecord | null> {
    const all = await this.#lookups.get(lookup.patientId, lookup.start, () =>
      appointmentsOfPatientAt(
        { fhir: this.#fhir, timezone: this.#clinic.timezone },
        lookup.patientId,
        lookup.start,
      ),
    );
    return all.find((a) => a.practitionerId === lookup.practitionerId) ?? null;
  }

  async createAppointment(input: AppointmentInput): Promise<AppointmentRecord> {
    this.#lookups.forgetPatient(input.patientId);
    return createAppointment({ fhir: this.#fhir, timezone: this.#clinic.timezone }, input);
  }

  storeWaiver(signed: SignedWaiver): Promise<void> {
    return this.#waivers.store(signed);
  }

  bookedTimes(query: BookedTimesQuery): Promise<BookedTime[]> {
    return bookedTimes({ fhir: this.#fhir, timezone: this.#clinic.timezone }, query);
  }

  /**
   * What earlier attempts of one booking made, by the reference in their comments. There is
   * no `cancelDuplicate`: the proxy does not cancel in Halaxy yet, so a duplicate is reported
   * in the log for the clinic to cancel (docs/halaxy.md).
   */
  findByReference(lookup: ReferenceLookup): Promise<AppointmentRecord[]> {
    return appointmentsWithReference(
      { fhir: this.#fhir, timezone: this.#clinic.timezone },
      lookup.practitionerIds,
      lookup.start,
      lookup.reference,
    );
  }

  getAppointment(id: string): Promise<ManagedAppointment | null> {
    return readManaged(this.#appointmentContext(), id);
  }

  moveAppointment(appointment: ManagedAppointment, move: AppointmentMove): Promise<ManagedAppointment> {
    this.#lookups.forgetPatient(appointment.patientId);
    return moveAppointment(this.#appointmentContext(), appointment, move);
  }

  async cancelAppointment(
    appointment: ManagedAppointment,
    cancellation: AppointmentCancellation,
  ): Promise<void> {
    this.#lookups.forgetPatient(appointment.patientId);
    await cancelAppointment(this.#appointmentContext(), appointment, cancellation);
  }

  #appointmentContext() {
    return { fhir: this.#fhir, timezone: this.#clinic.timezone };
  }
}
