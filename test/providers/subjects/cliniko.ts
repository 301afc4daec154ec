/**
 * Cliniko as a conformance subject: the real proxy app on a Cliniko clinic, the fake
 * Cliniko behind it, and how to read the fake's records (patients, individual appointments,
 * completed patient forms) and make it fail.
 */
import type { ClinikoFake, FakeOperation } from '../../fakes/cliniko/cliniko-fake.ts';
import { PATIENTS, PRACTITIONERS, TYPES } from '../../fakes/cliniko/cliniko-seed.ts';
import { createClinikoProxy } from '../../helpers/cliniko-proxy.ts';
import { practiceSubject } from './practice-subject.ts';
import type { BookingStep, HeldPatient, PracticeRecords } from '../conformance.ts';

const WRITES: Record<BookingStep, FakeOperation> = {
  patient: 'patients.create',
  appointment: 'appointments.create',
  waiver: 'patient_forms.create',
  move: 'appointments.update',
  cancel: 'appointments.cancel',
};

/** How the waiver form says who signed (see `proxy/providers/cliniko/waiver-form.ts`). */
const SIGNED_BY: Record<string, string> = {
  'Drawn by the patient': 'drawn',
  'Name typed by the patient': 'typed',
};

interface FormContent {
  sections: Array<{ questions: Array<{ name: string; answer?: string; signature_id?: string }> }>;
}

export function clinikoRecords(fake: ClinikoFake): PracticeRecords {
  const patient = (p: ClinikoFake['patients'][number]): HeldPatient => ({
    id: p.id,
    firstName: p.first_name,
    lastName: p.last_name,
    email: p.email ?? '',
    dateOfBirth: p.date_of_birth ?? '',
  });
  return {
    patientsWithEmail: async (email) =>
      fake.patients.filter((p) => p.email?.toLowerCase() === email.toLowerCase()).map(patient),
    liveAppointments: async () =>
      fake.appointments
        .filter((a) => a.cancelledAt === null)
        .map((a) => ({
          id: a.id,
          patientId: a.patientId,
          practitionerId: a.practitionerId,
          serviceId: a.typeId,
          start: a.startsAt,
          end: a.endsAt,
          note: a.notes ?? '',
        })),
    waiversOf: async (patientId) =>
      fake.forms
        .filter((f) => f.patientId === patientId && f.completedAt !== null)
        .map((form) => {
          const questions = (form.content as unknown as FormContent).sections[0]!.questions;
          const answer = (name: string) => questions.find((q) => q.name === name);
          const signatureId = answer('Signature')?.signature_id;
          return {
            version: /\(version (.+)\)$/.exec(form.name)?.[1] ?? '',
            signedBy: SIGNED_BY[answer('Signed by')?.answer ?? ''] ?? String(answer('Signed by')?.answer),
            signatureSvg: fake.signatures.find((s) => s.id === signatureId)?.image ?? '',
          };
        }),
    appointmentCreates: () => fake.requestsFor('appointments.create').length,
    appointment: async (id) => {
      const a = fake.appointments.find((x) => x.id === id);
      return a
        ? {
            start: a.startsAt,
            end: a.endsAt,
            practitionerId: a.practitionerId,
            cancelled: a.cancelledAt !== null,
            note: [a.notes, a.cancellationNote].filter(Boolean).join('\n'),
          }
        : null;
    },
    changeWrites: (kind) => fake.requestsFor(WRITES[kind]).length,
    patientOnFile: async () => patient(fake.patients.find((p) => p.id === PATIENTS.alex)!),
    bookElsewhere: async (practitionerId, serviceId, start, minutes) => {
      fake.bookDirectly(practitionerId, serviceId, start.getTime(), minutes);
    },
    bookElsewhereBeforeNextCreate: (practitionerId, serviceId, start, minutes) =>
      fake.beforeNext('appointments.create', () =>
        fake.bookDirectly(practitionerId, serviceId, start.getTime(), minutes),
      ),
    loseNextAnswer: (step) => fake.failNext(WRITES[step], { kind: 'lose-response' }),
    refuseNext: (step) => fake.failNext(WRITES[step], { kind: 'refuse', status: 503 }),
  };
}

export const clinikoSubject = practiceSubject('Cliniko', createClinikoProxy, clinikoRecords, {
  day: '2026-11-24',
  serviceId: TYPES.physioFollowUp,
  practitionerId: PRACTITIONERS.tomWalker,
  practitionerName: 'Tom Walker',
  appointmentId: /^\d{19}$/,
});
