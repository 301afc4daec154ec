/**
 * Booking one appointment, the same way for every practice system:
 *
 * 1. resolve the service and the practitioners who may take it;
 * 2. refuse a time outside the clinic's policy;
 * 3. find or create the patient;
 * 4. if an earlier attempt already made this appointment (its response was lost), use it;
 * 5. otherwise, per free practitioner and under a per-slot lock, re-check the slot and create;
 * 6. store the signed waiver (at most once per appointment).
 *
 * A retry after a failure at any step repeats the steps, and the lookups in 3, 4 and 6 make
 * that repeat complete the booking instead of duplicating it.
 */
import type { Booking, ValidBookingRequest } from '../../shared/contract.ts';
import type { Clinic } from '../clinic.ts';
import { ApiError } from '../http/api-error.ts';
import type { Logger } from '../logger.ts';
import type { AppointmentRecord, CataloguePractitioner } from '../providers/provider.ts';
import { localDateOf, toClinicIso } from '../time/clinic-time.ts';
import { nearestAlternatives, policyFilter, searchSlots } from './availability-service.ts';
import { candidatePractitioners, findService } from './catalogue-lookup.ts';
import type { KeyedLock } from './keyed-lock.ts';

export interface BookingDeps {
  now: () => Date;
  locks: KeyedLock;
  logger: Logger;
  requestId: string;
}

export async function bookAppointment(clinic: Clinic, request: ValidBookingRequest, deps: BookingDeps): Promise<Booking> {
  const { provider, config } = clinic;
  const log = (step: string, fields: Record<string, string | boolean> = {}) =>
    deps.logger.log('info', 'booking.step', { clinicId: config.id, requestId: deps.requestId, step, ...fields });

  const catalogue = await provider.getCatalogue();
  const service = findService(catalogue, request.serviceId);
  const candidates = candidatePractitioners(catalogue, service.id, request.practitionerId);
  const start = new Date(request.start);
  const end = new Date(start.getTime() + service.durationMinutes * 60_000);
  const slotGone = async (code: 'slot_taken' | 'slot_unavailable', message: string) =>
    new ApiError(409, code, message, {
      alternatives: await nearestAlternatives(clinic, { service, practitioners: candidates }, start, deps.now()),
    });

  if (!policyFilter(clinic, deps.now())(start)) {
    throw await slotGone('slot_unavailable', 'That time can no longer be booked online. Please choose another time.');
  }

  const patient = await runStep('patient', () => provider.findOrCreatePatient(request.patient));
  log('patient', { patientCreated: patient.created });

  let appointment = await findExisting(candidates);
  if (appointment) {
    log('appointment.recovered', { appointmentId: appointment.id });
  } else {
    appointment = await createOnFirstFree();
    log('appointment.created', { appointmentId: appointment.id });
  }

  const booked = appointment;
  await runStep('waiver', () =>
    provider.storeWaiver({
      patientId: patient.id,
      appointment: booked,
      patient: request.patient,
      waiver: { ...config.waiver, version: request.waiver.version },
      signatureSvg: request.waiver.signatureSvg,
      signatureMethod: request.waiver.signatureMethod,
      signedAt: deps.now(),
      clinicName: config.name,
      timezone: config.timezone,
    }),
  );
  log('waiver.stored', { appointmentId: booked.id });

  const practitioner = catalogue.practitioners.find((p) => p.id === booked.practitionerId);
  return {
    id: booked.id,
    start: toClinicIso(booked.start, config.timezone),
    end: toClinicIso(booked.end, config.timezone),
    serviceId: service.id,
    serviceName: service.name,
    practitionerId: booked.practitionerId,
    practitionerName: practitioner?.name ?? '',
    timezone: config.timezone,
  };

  async function findExisting(practitioners: CataloguePractitioner[]): Promise<AppointmentRecord | null> {
    for (const p of practitioners) {
      const found = await runStep('appointment.lookup', () =>
        provider.findAppointment({ patientId: patient.id, practitionerId: p.id, start }),
      );
      if (found) return found;
    }
    return null;
  }

  async function createOnFirstFree(): Promise<AppointmentRecord> {
    for (const practitioner of candidates) {
      const created = await deps.locks.run(`${config.id}|${practitioner.id}|${start.getTime()}`, async () => {
        const day = dateOf(start);
        const free = await searchSlots(clinic, { service, practitioners: [practitioner], fromDate: day, toDate: day, fresh: true }, deps.now());
        if (!free.some((slot) => slot.start.getTime() === start.getTime())) return null;
        try {
          return await runStep('appointment.create', () =>
            provider.createAppointment({
              patientId: patient.id,
              practitionerId: practitioner.id,
              serviceId: service.id,
              start,
              end,
              ...(request.patient.note ? { note: request.patient.note } : {}),
            }),
          );
        } catch (error) {
          if (error instanceof ApiError && error.code === 'slot_taken') return null;
          throw error;
        }
      });
      if (created) return created;
    }
    throw await slotGone('slot_taken', 'Sorry, that time has just been booked by someone else. Here are the nearest free times.');
  }

  function dateOf(instant: Date): string {
    return localDateOf(instant, config.timezone);
  }

  /** Runs one step, logging which step failed (with no patient data) before rethrowing. */
  async function runStep<T>(step: string, task: () => Promise<T>): Promise<T> {
    try {
      return await task();
    } catch (error) {
      const code = error instanceof ApiError ? error.code : 'internal_error';
      deps.logger.log('warn', 'booking.step_failed', { clinicId: config.id, requestId: deps.requestId, step, code });
      throw error;
    }
  }
}
