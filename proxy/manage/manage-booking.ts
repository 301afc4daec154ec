/**
 * A patient managing their own booking from its link: reading it, moving it, cancelling it,
 * within the clinic's policy, on whichever practice system the clinic runs.
 *
 * - Online changes close `policy.changeNoticeHours` before the appointment (unset: the
 *   practice system's own setting, Cliniko's notice for patient cancellations, else 24);
 *   after that the answer is 422 `too_late_to_change`, with the clinic's phone.
 * - A move gets the checks a booking gets: the new time within the booking policy, the
 *   scheduling rules, and a fresh re-check with the practice system under the slot lock
 *   every booking takes, so a move and a booking cannot land in one time.
 * - Both run under a lock on the appointment, on every instance, and both are safe to
 *   repeat: a move whose answer was lost finds the appointment already at its new time and
 *   answers it, changing nothing; a cancel finds it cancelled and answers the same.
 * - Each is recorded in the store before the practice system is asked (`change-intent.ts`)
 *   and closed with its webhook events in one step, by the request or, when the request
 *   died or its outcome was unknown, by the sweep: each change's events are written once.
 */
import { ANY_PRACTITIONER } from '../../shared/any-practitioner.ts';
import type { Booking, CancelResponse, ManageResponse } from '../../shared/contract.ts';
import type { Clinic } from '../clinic.ts';
import { ApiError } from '../http/api-error.ts';
import type { Logger } from '../logger.ts';
import type { Catalogue, ManagedAppointment } from '../providers/provider.ts';
import { withLock } from '../store/leased-lock.ts';
import type { Store } from '../store/store.ts';
import { localDateOf, toClinicIso } from '../time/clinic-time.ts';
import { nearestAlternatives, policyFilter } from '../booking/availability-service.ts';
import { writeOnFirstFree } from '../booking/first-free-practitioner.ts';
import { candidatePractitioners, findService } from '../booking/catalogue-lookup.ts';
import { clinicTimesOf, rulesJudge } from '../booking/rules-check.ts';
import { bookingView } from '../booking/booking-view.ts';
import { changeOutbox } from '../webhooks/change-events.ts';
import { ChangeRecord, changeFrom, changeLockKey, type ChangeTarget } from './change-intent.ts';
import type { ManageTokens } from './manage-token.ts';

/** When the clinic sets nothing and its practice system says nothing. */
export const DEFAULT_CHANGE_NOTICE_HOURS = 24;

export interface ManageDeps {
  now: () => Date;
  logger: Logger;
  store: Store;
  tokens: ManageTokens;
  requestId: string;
  /**
   * Called after a move or cancel reached the practice system, once its webhook events are in
   * the outbox (for caches and the like; not called for a change the sweep finds landed).
   */
  onChanged?: (change: BookingChange) => void | Promise<void>;
}

/** What a move or cancel changed, for whoever listens (see `routes/manage.ts`). */
export interface BookingChange {
  type: 'booking.rescheduled' | 'booking.cancelled';
  /**
   * The same for every attempt at one change (a retry after a lost answer reports it again):
   * listeners that must act once, such as webhooks, deduplicate on it.
   */
  changeId: string;
  clinicId: string;
  booking: Booking;
  /** For a move: where it was. */
  previous?: { start: string; end: string; practitionerId: string };
}

/** The same 404 for every token that names nothing this clinic may show. */
export function bookingNotFound(): ApiError {
  return new ApiError(
    404,
    'booking_not_found',
    'We could not find this booking. The link may be mistyped, or the appointment has passed. Please call the clinic if you need help.',
  );
}

/** The appointment a verified token names, while it has not passed; 404 otherwise. */
export async function loadManaged(
  clinic: Clinic,
  appointmentId: string,
  now: Date,
): Promise<ManagedAppointment> {
  const appointment = await clinic.provider.getAppointment(appointmentId);
  if (!appointment || appointment.end.getTime() <= now.getTime()) throw bookingNotFound();
  return appointment;
}

/** The hours before an appointment that online changes close. */
export async function changeNoticeHours(clinic: Clinic): Promise<number> {
  const configured = clinic.config.policy.changeNoticeHours;
  if (configured !== undefined) return configured;
  const fromSystem = await clinic.provider.patientChangeNoticeHours?.();
  return fromSystem ?? DEFAULT_CHANGE_NOTICE_HOURS;
}

/** `GET …/manage/:token`. */
export async function describeManaged(
  clinic: Clinic,
  appointment: ManagedAppointment,
  deps: Pick<ManageDeps, 'now' | 'tokens'>,
): Promise<ManageResponse> {
  const deadline = await changeDeadline(clinic, appointment);
  const open = allowsChanges(clinic) && !appointment.cancelled && deps.now() < deadline;
  return {
    booking: await bookingOf(clinic, appointment, await clinic.provider.getCatalogue(), deps.tokens),
    status: appointment.cancelled ? 'cancelled' : 'booked',
    canChange: open,
    changeDeadline: toClinicIso(deadline, clinic.config.timezone),
  };
}

/** `POST …/manage/:token/reschedule`: the booking at its new time. */
export async function rescheduleBooking(
  clinic: Clinic,
  appointmentId: string,
  target: { start: string; practitionerId: string },
  deps: ManageDeps,
): Promise<Booking> {
  const { config, provider } = clinic;
  return withLock(deps.store.locks, changeLockKey(config.id, appointmentId), async () => {
    const current = await loadManaged(clinic, appointmentId, deps.now());
    if (current.cancelled) throw cancelledAlready();
    const catalogue = await provider.getCatalogue();
    const start = new Date(target.start);
    const atTarget =
      current.start.getTime() === start.getTime() &&
      (target.practitionerId === ANY_PRACTITIONER || target.practitionerId === current.practitionerId);
    // A repeat of a move whose answer was lost: already done, nothing is written again. If
    // the lost attempt left its change open (its process died before closing it), it is
    // closed now, with its events under its one id.
    if (atTarget) {
      const booking = await bookingOf(clinic, current, catalogue, deps.tokens);
      const open = await ChangeRecord.find(deps.store, config.id, current.id, {
        type: 'booking.rescheduled',
        start: start.getTime(),
        practitionerIds: [current.practitionerId],
      });
      if (open) await settle(clinic, deps, open, changeFrom(config.id, open.intent, booking));
      return booking;
    }
    await refuseIfTooLate(clinic, current, deps.now());

    const service = findService(catalogue, current.serviceId);
    const candidates = candidatePractitioners(catalogue, service.id, target.practitionerId);
    const end = new Date(start.getTime() + service.durationMinutes * 60_000);
    const slotGone = async (code: 'slot_taken' | 'slot_unavailable', message: string) =>
      new ApiError(409, code, message, {
        alternatives: await nearestAlternatives(
          clinic,
          { catalogue, service, practitioners: candidates, newPatient: false },
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
    const day = localDateOf(start, config.timezone);
    const judge = await rulesJudge(clinic, {
      catalogue,
      service,
      fromDate: day,
      toDate: day,
      now: deps.now(),
      newPatient: false,
    });
    const local = clinicTimesOf({ start, end }, config.timezone);
    const problems = candidates.map((p) => judge({ start, end, practitionerId: p.id }, local));
    const allowed = candidates.filter((_, i) => problems[i] === null);
    if (allowed.length === 0) {
      const message = problems.find((p) => p !== null) ?? 'That time cannot be booked online.';
      throw new ApiError(422, 'rule_not_met', message, { fields: { start: message } });
    }

    const previousName = catalogue.practitioners.find((p) => p.id === current.practitionerId)?.name;
    const changeNote = `Moved online by the patient on ${readable(deps.now(), config.timezone)}; it was ${readable(current.start, config.timezone)}${previousName ? ` with ${previousName}` : ''}.`;
    const changeTo: ChangeTarget = {
      type: 'booking.rescheduled',
      start: start.getTime(),
      practitionerIds: allowed.map((p) => p.id),
    };
    // A retry of a move whose outcome was unknown is the same change, under the same id.
    const earlier = await ChangeRecord.find(deps.store, config.id, current.id, changeTo);
    const record = await ChangeRecord.begin(
      deps.store,
      config.id,
      {
        changeId:
          earlier?.intent.changeId ?? (await moveId(deps.store, config.id, { id: current.id, start, end })),
        appointmentId: current.id,
        target: changeTo,
        previous: {
          start: toClinicIso(current.start, config.timezone),
          end: toClinicIso(current.end, config.timezone),
          practitionerId: current.practitionerId,
        },
      },
      earlier,
    );
    let moved: ManagedAppointment | null;
    try {
      moved = await writeOnFirstFree(
        clinic,
        deps.store.locks,
        allowed,
        { catalogue, service, start, newPatient: false },
        deps.now,
        (practitioner) =>
          provider.moveAppointment(current, { practitionerId: practitioner.id, start, end, changeNote }),
      );
    } catch (error) {
      await record.failed(error).catch(() => undefined);
      throw error;
    }
    if (moved) {
      deps.logger.log('info', 'manage.moved', {
        clinicId: config.id,
        requestId: deps.requestId,
        appointmentId,
      });
      const booking = await bookingOf(clinic, moved, catalogue, deps.tokens);
      await settle(clinic, deps, record, changeFrom(config.id, record.intent, booking));
      return booking;
    }
    await record.abandon().catch(() => undefined);
    throw await slotGone(
      'slot_taken',
      'Sorry, that time has just been booked by someone else. Here are the nearest free times.',
    );
  });
}

/** `POST …/manage/:token/cancel`: the booking, cancelled; a repeat answers the same. */
export async function cancelBooking(
  clinic: Clinic,
  appointmentId: string,
  reason: string | undefined,
  deps: ManageDeps,
): Promise<CancelResponse> {
  const { config, provider } = clinic;
  return withLock(deps.store.locks, changeLockKey(config.id, appointmentId), async () => {
    const current = await loadManaged(clinic, appointmentId, deps.now());
    const catalogue = await provider.getCatalogue();
    const target: ChangeTarget = { type: 'booking.cancelled' };
    // Left open by an earlier attempt whose outcome was unknown, or whose process died.
    let record = await ChangeRecord.find(deps.store, config.id, current.id, target);
    if (!current.cancelled) {
      await refuseIfTooLate(clinic, current, deps.now());
      record = await ChangeRecord.begin(
        deps.store,
        config.id,
        { changeId: `${config.id}|cancel|${current.id}`, appointmentId: current.id, target },
        record,
      );
      try {
        await provider.cancelAppointment(current, {
          ...(reason ? { reason } : {}),
          changeNote: `Cancelled online by the patient on ${readable(deps.now(), config.timezone)}.`,
        });
      } catch (error) {
        await record.failed(error).catch(() => undefined);
        throw error;
      }
      deps.logger.log('info', 'manage.cancelled', {
        clinicId: config.id,
        requestId: deps.requestId,
        appointmentId,
      });
    }
    const booking = await bookingOf(clinic, current, catalogue, deps.tokens);
    if (record) await settle(clinic, deps, record, changeFrom(config.id, record.intent, booking));
    return { booking, status: 'cancelled' };
  });
}

/** Whether the clinic takes changes online at all (`policy.allowPatientChanges`, default yes). */
export function allowsChanges(clinic: Clinic): boolean {
  return clinic.config.policy.allowPatientChanges !== false;
}

async function changeDeadline(clinic: Clinic, appointment: ManagedAppointment): Promise<Date> {
  return new Date(appointment.start.getTime() - (await changeNoticeHours(clinic)) * 3_600_000);
}

async function refuseIfTooLate(clinic: Clinic, appointment: ManagedAppointment, now: Date): Promise<void> {
  const hours = await changeNoticeHours(clinic);
  if (allowsChanges(clinic) && now < (await changeDeadline(clinic, appointment))) return;
  const phone = clinic.config.contact?.phone;
  const call = phone
    ? `please call ${clinic.config.name} on ${phone}`
    : `please contact ${clinic.config.name}`;
  const message = allowsChanges(clinic)
    ? `Online changes close ${hours} ${hours === 1 ? 'hour' : 'hours'} before the appointment. To change or cancel it now, ${call}.`
    : `This clinic does not take changes online. To change or cancel, ${call}.`;
  throw new ApiError(422, 'too_late_to_change', message);
}

/**
 * A new move's change id: the appointment, the time it moved to, and which move to that time
 * it is (a patient may move back to a time it had before; that is a new change, not a repeat).
 */
async function moveId(
  store: Store,
  clinicId: string,
  to: { id: string; start: Date; end: Date },
): Promise<string> {
  const base = `${clinicId}|move|${to.id}|${to.start.getTime()}`;
  let n = 1;
  while (await store.changes.has(`${base}|${n}`)) n += 1;
  await store.changes.add(`${base}|${n}`, to.end.getTime() + 7 * 86_400_000);
  return `${base}|${n}`;
}

function cancelledAlready(): ApiError {
  return new ApiError(
    409,
    'booking_cancelled',
    'This booking has been cancelled, so it cannot be moved. Please make a new booking.',
  );
}

/**
 * The change landed: its record is closed with its webhook events in one step, then the
 * listeners hear of it. A store that fails here leaves the record open, for the sweep.
 */
async function settle(
  clinic: Clinic,
  deps: ManageDeps,
  record: ChangeRecord,
  change: BookingChange,
): Promise<void> {
  try {
    await record.close(await changeOutbox(clinic, deps.store, change, deps.now()));
  } catch {
    deps.logger.log('warn', 'manage.change_left_open', { clinicId: change.clinicId, type: change.type });
  }
  try {
    await deps.onChanged?.(change);
  } catch {
    // The change is made; a listener's failure must not turn it into an error for the patient.
    deps.logger.log('warn', 'manage.listener_failed', { clinicId: change.clinicId, type: change.type });
  }
}

/** The booking as the widget shows it, with its link token. */
export async function bookingOf(
  clinic: Clinic,
  appointment: ManagedAppointment,
  catalogue: Catalogue,
  tokens: ManageTokens,
): Promise<Booking> {
  const clinicId = clinic.config.id;
  return {
    ...bookingView(clinic.config, appointment, catalogue),
    ...(allowsChanges(clinic)
      ? { manageToken: await tokens.sign({ clinicId, appointmentId: appointment.id }) }
      : {}),
  };
}

/** `2026-11-24 10:00` in the clinic's zone: for the practice system's record. */
function readable(instant: Date, timezone: string): string {
  return toClinicIso(instant, timezone).slice(0, 16).replace('T', ' ');
}
