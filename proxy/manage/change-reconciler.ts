/**
 * The sweep's part for patients' moves and cancels (`change-intent.ts`): a change whose
 * record is still open after its request (the process died, the answer was lost, the
 * practice system timed out and may commit later) is looked at under the appointment's
 * lock, so never while a request for it runs:
 *
 * - the appointment shows the change: the record is closed with the change's webhook events
 *   in one step, under the id the request would have used;
 * - it does not yet: looked at again, less and less often, until the watch for a late commit
 *   ends; then the record is forgotten (nothing changed, so nothing is reported).
 */
import type { Clinic } from '../clinic.ts';
import type { Logger } from '../logger.ts';
import type { PendingWrite, Store } from '../store/store.ts';
import { nextLookGap } from '../booking/pending-booking.ts';
import { bookingView } from '../booking/booking-view.ts';
import { changeOutbox } from '../webhooks/change-events.ts';
import { ChangeRecord, changeFrom, changeLanded, changeLockKey, intentOf } from './change-intent.ts';

/** How long the sweep holds an appointment's lock while it looks. */
const SWEEP_LEASE_MS = 30_000;
/** When a request holds the appointment: look after its lease could have ended. */
const BUSY_RETRY_MS = 15_000;

/** What the look did with the record. */
export type ChangeSweepOutcome = 'closed' | 'watching' | 'forgotten' | 'busy';

/** Settles one open change record that is due; see the module comment. */
export async function reconcileChange(
  clinic: Clinic,
  write: PendingWrite,
  deps: { store: Store; logger: Logger; now: () => Date },
): Promise<ChangeSweepOutcome> {
  const { store, logger } = deps;
  const intent = intentOf(write);
  const record = ChangeRecord.of(store, write);
  const lockKey = changeLockKey(clinic.config.id, intent.appointmentId);
  const token = await store.locks.acquire(lockKey, SWEEP_LEASE_MS);
  if (!token) {
    await store.pendingWrites.put({ ...write, checkAt: store.now() + BUSY_RETRY_MS });
    return 'busy';
  }
  try {
    const appointment = await clinic.provider.getAppointment(intent.appointmentId);
    if (changeLanded(intent, appointment)) {
      const booking = bookingView(clinic.config, appointment, await clinic.provider.getCatalogue());
      const change = changeFrom(clinic.config.id, intent, booking);
      await record.close(await changeOutbox(clinic, store, change, deps.now()));
      logger.log('info', 'manage.change_settled', { clinicId: clinic.config.id, type: change.type });
      return 'closed';
    }
    const gapMs = nextLookGap(intent, write.createdAt, store.now());
    if (gapMs !== null) {
      await record.lookAgain(gapMs);
      return 'watching';
    }
    await record.forget();
    logger.log('info', 'manage.change_not_made', { clinicId: clinic.config.id, type: intent.target.type });
    return 'forgotten';
  } finally {
    await store.locks.release(lockKey, token).catch(() => undefined);
  }
}
