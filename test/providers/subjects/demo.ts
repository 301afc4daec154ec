/**
 * The demo clinic as a conformance subject. It has no network, so what a fake does at the
 * HTTP boundary happens here between the demo provider and the proxy's cache: a wrapper
 * that counts creates, runs "reception books it" just before one, and turns a write's
 * answer into the error a lost or refused answer gives (after doing the write, for a lost
 * one). The records are the demo clinic's own.
 */
import { ApiError } from '../../../proxy/http/api-error.ts';
import type { DemoProvider } from '../../../proxy/providers/demo/demo-provider.ts';
import { DEMO_PRACTITIONERS, DEMO_SERVICE_IDS } from '../../../proxy/providers/demo/demo-data.ts';
import type {
  AppointmentCancellation,
  AppointmentInput,
  AppointmentMove,
  AppointmentLookup,
  AppointmentRecord,
  AvailabilityRequest,
  BookingProvider,
  Catalogue,
  ManagedAppointment,
  PatientRecord,
  ProviderSlot,
  SignedWaiver,
} from '../../../proxy/providers/provider.ts';
import type { PatientDetails } from '../../../shared/contract.ts';
import { clinicApi } from '../../helpers/clinic-api.ts';
import { createDemoProxy } from '../../helpers/demo-proxy.ts';
import type { BookingStep, ConformanceSubject, PracticeRecords } from '../conformance.ts';

/** Someone booking in the clinic's own screens. */
const RECEPTION_PATIENT: PatientDetails = {
  firstName: 'Walk',
  lastName: 'In',
  email: 'reception@harbourside.example',
  phone: '0400 000 000',
  dateOfBirth: '1970-01-01',
};

/** What a practice system's network would do to the demo clinic's writes. */
class DemoNetwork implements BookingProvider {
  creates = 0;
  readonly changes = { move: 0, cancel: 0 };
  readonly #demo: DemoProvider;
  readonly #lost = new Set<BookingStep>();
  readonly #refused = new Set<BookingStep>();
  #beforeCreate: (() => Promise<void>) | null = null;

  constructor(demo: DemoProvider) {
    this.#demo = demo;
  }

  lose(step: BookingStep): void {
    this.#lost.add(step);
  }

  refuse(step: BookingStep): void {
    this.#refused.add(step);
  }

  beforeNextCreate(run: () => Promise<void>): void {
    this.#beforeCreate = run;
  }

  getCatalogue(): Promise<Catalogue> {
    return this.#demo.getCatalogue();
  }

  getAvailability(request: AvailabilityRequest): Promise<ProviderSlot[]> {
    return this.#demo.getAvailability(request);
  }

  findOrCreatePatient(patient: PatientDetails): Promise<PatientRecord> {
    return this.#write('patient', () => this.#demo.findOrCreatePatient(patient));
  }

  findAppointment(lookup: AppointmentLookup): Promise<AppointmentRecord | null> {
    return this.#demo.findAppointment(lookup);
  }

  async createAppointment(input: AppointmentInput): Promise<AppointmentRecord> {
    this.creates += 1;
    const before = this.#beforeCreate;
    this.#beforeCreate = null;
    await before?.();
    return this.#write('appointment', () => this.#demo.createAppointment(input));
  }

  storeWaiver(signed: SignedWaiver): Promise<void> {
    return this.#write('waiver', () => this.#demo.storeWaiver(signed));
  }

  getAppointment(id: string): Promise<ManagedAppointment | null> {
    return this.#demo.getAppointment(id);
  }

  moveAppointment(appointment: ManagedAppointment, move: AppointmentMove): Promise<ManagedAppointment> {
    return this.#write('move', () => {
      // What reaches the practice system: a repeat of a move already made writes nothing.
      const already =
        appointment.start.getTime() === move.start.getTime() &&
        appointment.practitionerId === move.practitionerId;
      if (!already) this.changes.move += 1;
      return this.#demo.moveAppointment(appointment, move);
    });
  }

  cancelAppointment(appointment: ManagedAppointment, cancellation: AppointmentCancellation): Promise<void> {
    return this.#write('cancel', () => {
      this.changes.cancel += 1;
      return this.#demo.cancelAppointment(appointment, cancellation);
    });
  }

  async #write<T>(step: BookingStep, write: () => Promise<T>): Promise<T> {
    if (this.#refused.delete(step)) throw unanswered();
    const result = await write();
    if (this.#lost.delete(step)) throw unanswered();
    return result;
  }
}

/** What the upstream client answers for a write whose outcome it cannot know. */
function unanswered(): ApiError {
  return new ApiError(503, 'upstream_unavailable', 'The demo clinic did not answer (injected by a test).', {
    headers: { 'Retry-After': '5' },
  });
}

export const demoSubject: ConformanceSubject = {
  name: 'demo',
  start(_server, options = {}) {
    let network: DemoNetwork | null = null;
    const proxy = createDemoProxy(options.app, options.clinic, {
      wrap: (demo) => (network = new DemoNetwork(demo)),
    });
    const net = network!;
    const demo = proxy.provider;
    const reception = async (practitionerId: string, serviceId: string, start: Date, minutes: number) => {
      const patient = await demo.findOrCreatePatient(RECEPTION_PATIENT);
      await demo.createAppointment({
        patientId: patient.id,
        practitionerId,
        serviceId,
        start,
        end: new Date(start.getTime() + minutes * 60_000),
      });
    };
    const records: PracticeRecords = {
      patientsWithEmail: async (email) =>
        (await demo.records()).patients
          .filter((p) => p.email.toLowerCase() === email.toLowerCase())
          .map(({ id, firstName, lastName, email: held, dateOfBirth }) => ({
            id,
            firstName,
            lastName,
            email: held,
            dateOfBirth,
          })),
      liveAppointments: async () =>
        (await demo.records()).appointments.map((a) => ({
          id: a.id,
          patientId: a.patientId,
          practitionerId: a.practitionerId,
          serviceId: a.serviceId,
          start: a.start.getTime(),
          end: a.end.getTime(),
          note: a.note ?? '',
        })),
      waiversOf: async (patientId) =>
        (await demo.records()).waivers
          .filter((w) => w.patientId === patientId)
          .map((w) => ({
            version: w.waiver.version,
            signedBy: w.signatureMethod,
            signatureSvg: w.signatureSvg,
          })),
      appointmentCreates: () => net.creates,
      appointment: async (id) => {
        const a = await demo.getAppointment(id);
        return a
          ? {
              start: a.start.getTime(),
              end: a.end.getTime(),
              practitionerId: a.practitionerId,
              cancelled: a.cancelled,
              note: [a.note, a.notes].filter(Boolean).join('\n'),
            }
          : null;
      },
      changeWrites: (kind) => net.changes[kind],
      patientOnFile: async () => {
        const details: PatientDetails = {
          firstName: 'Alex',
          lastName: 'Nguyễn',
          email: 'Alex.Nguyen+physio@example.com',
          phone: '0412 000 001',
          dateOfBirth: '1985-06-30',
        };
        const { id } = await demo.findOrCreatePatient(details);
        return { id, ...details };
      },
      bookElsewhere: reception,
      bookElsewhereBeforeNextCreate: (...args) => net.beforeNextCreate(() => reception(...args)),
      loseNextAnswer: (step) => net.lose(step),
      refuseNext: (step) => net.refuse(step),
    };
    const aisha = DEMO_PRACTITIONERS[0]!;
    return {
      proxy,
      api: clinicApi(proxy),
      records,
      fixture: {
        // A Friday: Aisha and Tom both work, so "any" has two to merge.
        day: '2026-11-27',
        serviceId: DEMO_SERVICE_IDS.physioInitial,
        practitionerId: aisha.id,
        practitionerName: 'Aisha Rahman',
        appointmentId: /^\d{19}$/,
      },
    };
  },
};
