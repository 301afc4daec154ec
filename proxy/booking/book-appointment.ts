/**
 * Booking one appointment, the same way for every practice system:
 *
 * 1. resolve the service and the practitioners who may take it, and check the intake answers;
 * 2. refuse a time outside the clinic's policy;
 * 3. find or create the patient;
 * 4. if an earlier attempt already made this appointment (its response was lost), use it;
 * 5. otherwise refuse what the clinic's scheduling rules forbid (422), then, per free
 *    practitioner and under a per-slot lock, re-check the slot and create;
 * 6. store the signed waiver, with the intake answers (at most once per appointment).
 *
 * A retry after a failure at any step repeats the steps, and the lookups in 3, 4 and 6 make
 * that repeat complete the booking instead of duplicating it. Rules are judged after step 4
 * so that a retry of a booking that itself filled a cap is recovered, not refused.
 */
import type { Booking, ValidBookingRequest } from '../../shared/contract.ts';
import { checkIntake, describeIntake, RETURNING_PATIENT_QUESTION } from '../../shared/intake.ts';
import type { Clinic } from '../clinic.ts';
import { ApiError } from '../http/api-error.ts';
import type { Logger } from '../logger.ts';
import type { AppointmentRecord, CataloguePractitioner } from '../providers/provider.ts';
import { localDateOf, toClinicIso } from '../time/clinic-time.ts';
import { nearestAlternatives, policyFilter, searchSlots } from './availability-service.ts';
import { candidatePractitioners, findService } from './catalogue-lookup.ts';
import { categoryOf } from './clinic-catalogue.ts';
import { rulesJudge } from './rules-check.ts';
import { fingerprintOf } from './run-once.ts';
import { withLock } from '../store/leased-lock.ts';
import type { Store } from '../store/store.ts';

/** What booking keeps in the store: locks, and the records of writes in flight. */
export interface BookingStoreDeps {
  store: Store;
}

export interface BookingDeps extends BookingStoreDeps {
  now: () => Date;
  logger: Logger;
  requestId: string;
  /** `<clinic id>|<Idempotency-Key>`: names this booking's records. */
  idempotencyKey: string;
  /** An earlier attempt with this key died while holding it. */
  resumed: boolean;
}

export async function bookAppointment(
  clinic: Clinic,
  request: ValidBookingRequest,
  deps: BookingDeps,
): Promise<Booking> {
  const { provider, config } = clinic;
  const log = (step: string, fields: Record<string, string | boolean> = {}) =>
    deps.logger.log('info', 'booking.step', {
      clinicId: config.id,
      requestId: deps.requestId,
      step,
      ...fields,
    });

  // The practice system's own catalogue: the scheduling rules are judged below, so a request
  // for something the rules forbid gets a 422 that says which rule, not a bare 404.
  const catalogue = await provider.getCatalogue();
  const service = findService(catalogue, request.serviceId);
  const candidates = candidatePractitioners(catalogue, service.id, request.practitionerId);
  const intake = checkIntake(
    config.intake,
    { serviceId: service.id, categoryId: categoryOf(catalogue, service.id) },
    request.answers,
  );
  if (Object.keys(intake.errors).length > 0) {
    const fields = Object.fromEntries(
      Object.entries(intake.errors).map(([id, message]) => [`answers.${id}`, message]),
    );
    throw new ApiError(422, 'validation_failed', 'Some answers need fixing before we can book.', { fields });
  }
  const start = new Date(request.start);
  const end = new Date(start.getTime() + service.durationMinutes * 60_000);
  let newPatient = request.answers[RETURNING_PATIENT_QUESTION] !== 'yes';
  const slotGone = async (
    code: 'slot_taken' | 'slot_unavailable',
    message: string,
    practitioners = candidates,
  ) =>
    new ApiError(409, code, message, {
      alternatives: await nearestAlternatives(
        clinic,
        { catalogue, service, practitioners, newPatient },
        start,
        deps.now(),
      ),
    });

  if (!policyFilter(clinic, deps.now())(start)) {
    throw await slotGone(
      'slot_unavailable',
      'That time can no longer be booked online. Please choose another time.',
    );
  }

  // One patient identity at a time, on every instance: two first bookings at once must not
  // both find no record and both create one. The key is a hash: no patient data in the store.
  const identity = await fingerprintOf([
    request.patient.email.toLowerCase(),
    request.patient.dateOfBirth,
    request.patient.lastName.toLowerCase(),
  ]);
  const patient = await withLock(deps.store.locks, `patient|${config.id}|${identity}`, () =>
    runStep('patient', () => provider.findOrCreatePatient(request.patient)),
  );
  log('patient', { patientCreated: patient.created });

  let appointment = await findExisting(candidates);
  if (appointment) {
    log('appointment.recovered', { appointmentId: appointment.id });
  } else {
    // Whether the practice system knew this patient decides the new-patient rules.
    newPatient = patient.created;
    appointment = await createOnFirstFree(await allowedByRules());
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
      intake: describeIntake(config.intake, intake.answers),
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

  /** The candidates the scheduling rules allow at this time; a 422 naming the rule when none. */
  async function allowedByRules(): Promise<CataloguePractitioner[]> {
    const day = dateOf(start);
    const judge = await rulesJudge(clinic, {
      catalogue,
      service,
      fromDate: day,
      toDate: day,
      now: deps.now(),
      newPatient,
    });
    const problems = candidates.map((p) => judge({ start, end, practitionerId: p.id }));
    const allowed = candidates.filter((_, i) => problems[i] === null);
    if (allowed.length > 0) return allowed;
    const message = problems.find((p) => p !== null) ?? 'That time cannot be booked online.';
    log('rules.refused');
    throw new ApiError(422, 'rule_not_met', message, { fields: { start: message } });
  }

  async function createOnFirstFree(practitioners: CataloguePractitioner[]): Promise<AppointmentRecord> {
    for (const practitioner of practitioners) {
      const slot = `slot|${config.id}|${practitioner.id}|${start.getTime()}`;
      const created = await withLock(deps.store.locks, slot, async () => {
        const day = dateOf(start);
        const free = await searchSlots(
          clinic,
          {
            catalogue,
            service,
            practitioners: [practitioner],
            fromDate: day,
            toDate: day,
            fresh: true,
            newPatient,
          },
          deps.now(),
        );
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
    throw await slotGone(
      'slot_taken',
      'Sorry, that time has just been booked by someone else. Here are the nearest free times.',
      practitioners,
    );
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
      deps.logger.log('warn', 'booking.step_failed', {
        clinicId: config.id,
        requestId: deps.requestId,
        step,
        code,
      });
      throw error;
    }
  }
}
