/**
 * Halaxy as a conformance subject: the real proxy app on a Halaxy clinic, the fake Halaxy
 * behind it, and how to read the fake's records (FHIR patients, appointments, waiver notes)
 * and make it fail.
 */
import type { FakeOperation, HalaxyFake } from '../../fakes/halaxy/halaxy-fake.ts';
import type { Json } from '../../fakes/halaxy/halaxy-fhir.ts';
import { ROLES, SERVICES } from '../../fakes/halaxy/halaxy-seed.ts';
import { createHalaxyProxy } from '../../helpers/halaxy-proxy.ts';
import { practiceSubject } from './practice-subject.ts';
import type { BookingStep, HeldPatient, PracticeRecords } from '../conformance.ts';

const WRITES: Record<BookingStep, FakeOperation> = {
  patient: 'patients.create',
  appointment: 'appointments.book',
  waiver: 'documents.create',
  move: 'appointments.update',
  cancel: 'appointments.update',
};

interface FhirPatient {
  id: string;
  name?: Array<{ given?: string[]; family?: string }>;
  telecom?: Array<{ system?: string; value?: string }>;
  birthDate?: string;
}

function emailOf(p: FhirPatient): string {
  return p.telecom?.find((t) => t.system === 'email')?.value ?? '';
}

function heldPatient(p: FhirPatient): HeldPatient {
  return {
    id: p.id,
    firstName: p.name?.[0]?.given?.[0] ?? '',
    lastName: p.name?.[0]?.family ?? '',
    email: emailOf(p),
    dateOfBirth: p.birthDate ?? '',
  };
}

export function halaxyRecords(fake: HalaxyFake): PracticeRecords {
  const patients = () => fake.patients as unknown as FhirPatient[];
  return {
    patientsWithEmail: async (email) =>
      patients()
        .filter((p) => emailOf(p).toLowerCase() === email.toLowerCase())
        .map(heldPatient),
    liveAppointments: async () =>
      fake.appointments
        .filter((a) => a.status !== 'cancelled')
        .map((a) => ({
          id: a.id,
          patientId: a.patientId ?? '',
          practitionerId: a.roleId,
          serviceId: a.serviceId,
          start: a.start,
          end: a.end,
          note: a.description,
        })),
    // A note names its patient as `subject`; its HTML says the version and how it was signed.
    waiversOf: async (patientId) =>
      fake.documents
        .filter((d) =>
          String((d.body.subject as Json | undefined)?.reference).endsWith(`/Patient/${patientId}`),
        )
        .map((d) => ({
          version: /\(version ([^)]+)\)/.exec(d.html)?.[1] ?? '',
          signedBy: /\((\w+) signature\)/.exec(d.html)?.[1] ?? '',
        })),
    appointmentCreates: () => fake.requestsFor('appointments.book').length,
    appointment: async (id) => {
      const a = fake.appointments.find((x) => x.id === id);
      return a
        ? {
            start: a.start,
            end: a.end,
            practitionerId: a.roleId,
            cancelled: a.status === 'cancelled',
            note: a.description,
          }
        : null;
    },
    // Both are merge patches of the appointment: told apart by what they changed.
    changeWrites: (kind) =>
      fake
        .requestsFor('appointments.update')
        .filter((r) => (kind === 'move') === Object.hasOwn(r.patch ?? {}, 'start')).length,
    patientOnFile: async () => heldPatient(patients().find((p) => p.id === '30000001')!),
    bookElsewhere: async (practitionerId, _serviceId, start, minutes) =>
      fake.bookDirectly(practitionerId, start, minutes),
    bookElsewhereBeforeNextCreate: (practitionerId, _serviceId, start, minutes) =>
      fake.beforeNext('appointments.book', () => fake.bookDirectly(practitionerId, start, minutes)),
    loseNextAnswer: (step) => fake.failNext(WRITES[step], { kind: 'lose-response' }),
    refuseNext: (step) => fake.failNext(WRITES[step], { kind: 'refuse', status: 503 }),
  };
}

export const halaxySubject = practiceSubject('Halaxy', createHalaxyProxy, halaxyRecords, {
  day: '2026-11-24',
  serviceId: SERVICES.physioFollowUp,
  practitionerId: ROLES.tomWalker,
  practitionerName: 'Tom Walker',
  appointmentId: /^\d+$/,
});
