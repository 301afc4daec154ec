/**
 * Booking one appointment, the same way for every practice system:
 *
 * 1. resolve the service and the practitioners who may take it, and check the intake answers;
 * 2. on a retry whose earlier attempt may have written something (a pending record in the
 *    store, or a claim whose holder died), look for the appointment it made by the reference
 *    written with it, keeping one and cancelling any duplicate: recovery comes before the
 *    notice window and the rules, so a booking that was made is not refused;
 * 3. otherwise refuse a time outside the clinic's policy, before anything is written;
 * 4. record the booking as pending in the store, then find or create the patient (under a
 *    lock on the patient's identity, shared by every instance);
 * 5. if an earlier attempt already made this appointment for the patient, use it;
 * 6. otherwise refuse what the clinic's scheduling rules forbid (422), then, per free
 *    practitioner and under a per-slot lock shared by every instance, re-check the slot and
 *    create, tagged with the reference;
 * 7. store the signed waiver, with the intake answers (at most once per appointment), and
 *    forget the pending record, unless a write's outcome was unknown: then the
 *    reconciliation sweep (`reconciler.ts`) watches for a late commit and settles it.
 *
 * A retry after a failure at any step repeats the steps, and the lookups in 2, 4, 5 and 7
 * make that repeat complete the booking instead of duplicating it. Rules are judged after
 * step 5 so that a retry of a booking that itself filled a cap is recovered, not refused.
 */
import type { Booking, ValidBookingRequest } from '../../shared/contract.ts';
import { checkIntake, describeIntake, RETURNING_PATIENT_QUESTION } from '../../shared/intake.ts';
import type { Clinic } from '../clinic.ts';
import { ApiError } from '../http/api-error.ts';
import type { Logger } from '../logger.ts';
import type { AppointmentRecord, CataloguePractitioner } from '../providers/provider.ts';
import { localDateOf } from '../time/clinic-time.ts';
import { bookingView } from './booking-view.ts';
import { nearestAlternatives, policyFilter } from './availability-service.ts';
import { writeOnFirstFree } from './first-free-practitioner.ts';
import { candidatePractitioners, findService } from './catalogue-lookup.ts';
import { categoryOf } from './clinic-catalogue.ts';
import { clinicTimesOf, rulesJudge } from './rules-check.ts';
import { fingerprintOf } from './run-once.ts';
import { keepOneByReference } from './duplicates.ts';
import { outcomeUnknown, PendingBookingRecord, type PendingWaiver } from './pending-booking.ts';
import { bookingReference } from '../providers/booking-reference.ts';
import { withLock } from '../store/leased-lock.ts';
import type { Store } from '../store/store.ts';
import { pendingContactOf } from '../webhooks/webhook-events.ts';

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

  const refuseOutsidePolicy = async () => {
    if (!policyFilter(clinic, deps.now())(start)) {
      throw await slotGone(
        'slot_unavailable',
        'That time can no longer be booked online. Please choose another time.',
      );
    }
  };

  // What an earlier attempt with this key left: a pending record (its writes may have
  // landed, or may land late), or a claim whose holder died. Then what it made is looked for
  // first, by the reference written with it, before the notice window or the rules are
  // judged again: a booking that was made is recovered, not refused because time moved on.
  const reference = await bookingReference(deps.idempotencyKey);
  const pending = await PendingBookingRecord.open(deps.store, deps.idempotencyKey, config.id);
  const retrying = pending.existed || deps.resumed;
  const lookup = { practitionerIds: candidates.map((p) => p.id), start, reference };
  let appointment: AppointmentRecord | null = retrying
    ? await runStep('appointment.lookup', () =>
        keepOneByReference(provider, lookup, { clinicId: config.id, logger: deps.logger }),
      )
    : null;
  if (!retrying) await refuseOutsidePolicy();

  const signedWaiver: PendingWaiver = {
    patient: request.patient,
    waiver: { ...config.waiver, version: request.waiver.version },
    signatureSvg: request.waiver.signatureSvg,
    signatureMethod: request.waiver.signatureMethod,
    signedAt: deps.now(),
    clinicName: config.name,
    timezone: config.timezone,
    intake: describeIntake(config.intake, intake.answers),
  };
  // Recorded before the first write, so a crash or an unknown outcome is settled later.
  const contact = pendingContactOf(clinic, request);
  await pending.begin({
    ...lookup,
    start: start.getTime(),
    waiver: signedWaiver,
    ...(contact ? { contact } : {}),
  });

  let patientId = appointment?.patientId ?? '';
  if (!patientId) {
    // One patient identity at a time, on every instance: two first bookings at once must not
    // both find no record and both create one. The key is a hash: no patient data in the store.
    const identity = await fingerprintOf([
      request.patient.email.toLowerCase(),
      request.patient.dateOfBirth,
      request.patient.lastName.toLowerCase(),
    ]);
    const patient = await writeStep(() =>
      withLock(deps.store.locks, `patient|${config.id}|${identity}`, () =>
        runStep('patient', () => provider.findOrCreatePatient(request.patient)),
      ),
    );
    log('patient', { patientCreated: patient.created });
    patientId = patient.id;
    appointment ??= await findExisting(candidates, patientId);
    // Whether the practice system knew this patient decides the new-patient rules.
    if (!appointment) newPatient = patient.created;
  }

  if (appointment) {
    log('appointment.recovered', { appointmentId: appointment.id });
  } else {
    appointment = await writeStep(async () => {
      if (retrying) await refuseOutsidePolicy();
      return createOnFirstFree(await allowedByRules(), patientId);
    });
    log('appointment.created', { appointmentId: appointment.id });
  }
  await pending.noteAppointment(appointment.id);

  const booked = appointment;
  await writeStep(() =>
    runStep('waiver', () => provider.storeWaiver({ ...signedWaiver, patientId, appointment: booked })),
  );
  log('waiver.stored', { appointmentId: booked.id });
  await pending.finish();

  return bookingView(config, { ...booked, serviceId: service.id }, catalogue);

  async function findExisting(
    practitioners: CataloguePractitioner[],
    patientId: string,
  ): Promise<AppointmentRecord | null> {
    for (const p of practitioners) {
      const found = await runStep('appointment.lookup', () =>
        provider.findAppointment({ patientId, practitionerId: p.id, start }),
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
    // The same times for every candidate: the clinic's clock read once.
    const local = clinicTimesOf({ start, end }, clinic.config.timezone);
    const problems = candidates.map((p) => judge({ start, end, practitionerId: p.id }, local));
    const allowed = candidates.filter((_, i) => problems[i] === null);
    if (allowed.length > 0) return allowed;
    const message = problems.find((p) => p !== null) ?? 'That time cannot be booked online.';
    log('rules.refused');
    throw new ApiError(422, 'rule_not_met', message, { fields: { start: message } });
  }

  /**
   * Runs a write step; when it fails, the pending record says whether to watch for a late
   * commit (the outcome is unknown: a timeout, a 5xx) or to forget the booking (refused).
   */
  async function writeStep<T>(task: () => Promise<T>): Promise<T> {
    try {
      return await task();
    } catch (error) {
      if (outcomeUnknown(error)) await pending.markUncertain().catch(() => undefined);
      else if (!pending.uncertain)
        await deps.store.pendingWrites.remove(deps.idempotencyKey).catch(() => undefined);
      throw error;
    }
  }

  async function createOnFirstFree(
    practitioners: CataloguePractitioner[],
    patientId: string,
  ): Promise<AppointmentRecord> {
    const created = await writeOnFirstFree(
      clinic,
      deps.store.locks,
      practitioners,
      { catalogue, service, start, newPatient },
      deps.now,
      (practitioner) =>
        runStep('appointment.create', () =>
          provider.createAppointment({
            patientId,
            reference,
            practitionerId: practitioner.id,
            serviceId: service.id,
            start,
            end,
            ...(request.patient.note ? { note: request.patient.note } : {}),
          }),
        ),
    );
    if (created) return created;
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
