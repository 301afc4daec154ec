/**
 * The reconciliation sweep: bookings whose writes may have landed unseen (a timeout, a 5xx,
 * a crash mid-booking) are looked at again until they are settled. For each pending record
 * that is due and that no live request holds:
 *
 * - the appointments carrying its reference are found; the one the patient was told about
 *   (the finished idempotency record) or else the oldest is kept, the others cancelled;
 * - the kept appointment's waiver is stored when missing (at most once per appointment);
 * - when its request never recorded an answer (its process died, or the patient was told of
 *   an error and the write landed late), its `booking.created` webhook event is written, in
 *   one step with the record saying so, under the id the request would have used (a late
 *   retry of the patient's writes no second one), and the contact it needed is dropped;
 * - while the watch for a late commit lasts, the record is looked at again, less and less
 *   often; then it is removed, with the patient details it held.
 *
 * Patients' moves and cancels left open are settled here too (`manage/change-reconciler.ts`).
 *
 * Every instance may run it: a store lock per record keeps two from settling one at once.
 */
import type { Clinic } from '../clinic.ts';
import type { Logger } from '../logger.ts';
import { isChangeRecord } from '../manage/change-intent.ts';
import { reconcileChange, type ChangeSweepOutcome } from '../manage/change-reconciler.ts';
import type { PendingWrite, Store } from '../store/store.ts';
import { contactFrom, createdWriteFor } from '../webhooks/webhook-events.ts';
import { bookingView } from './booking-view.ts';
import { keepOneByReference } from './duplicates.ts';
import { fromPendingData, nextLookGap, toPendingData, waiverFor } from './pending-booking.ts';

export interface ReconcileDeps {
  clinics: Clinic[];
  store: Store;
  logger: Logger;
}

/** How many records one sweep looks at, at most. */
const BATCH = 20;
/** After a failed look, the next. */
const RETRY_MS = 30_000;

/** Looks at every due record once; resolves with how many were settled and removed. */
export async function reconcileDue(deps: ReconcileDeps): Promise<{ checked: number; removed: number }> {
  const { store, logger } = deps;
  const clinics = new Map(deps.clinics.map((c) => [c.config.id, c]));
  let checked = 0;
  let removed = 0;
  for (let write of await store.pendingWrites.due(store.now(), BATCH)) {
    if (isChangeRecord(write)) {
      const outcome = await settleChange(clinics.get(write.clinicId), write, deps);
      if (outcome !== 'busy') checked += 1;
      if (outcome === 'closed' || outcome === 'forgotten') removed += 1;
      continue;
    }
    const lockKey = `reconcile|${write.id}`;
    const token = await store.locks.acquire(lockKey, 30_000);
    if (!token) continue;
    try {
      const claim = await store.idempotency.read(write.id);
      // A request is working on it right now: it settles its own booking.
      if (claim?.state === 'running' && claim.leaseUntil > store.now()) {
        await store.pendingWrites.put({ ...write, checkAt: claim.leaseUntil + 1_000 });
        continue;
      }
      const clinic = clinics.get(write.clinicId);
      let booking = fromPendingData(write.data);
      if (!clinic) {
        await store.pendingWrites.remove(write.id);
        removed += 1;
        continue;
      }
      checked += 1;
      const told = claim?.state === 'done' ? (claim.result as { id?: unknown }).id : undefined;
      const kept = await keepOneByReference(
        clinic.provider,
        {
          practitionerIds: booking.practitionerIds,
          start: new Date(booking.start),
          reference: booking.reference,
        },
        {
          clinicId: clinic.config.id,
          logger,
          preferId: typeof told === 'string' ? told : booking.appointmentId,
        },
      );
      if (kept) await clinic.provider.storeWaiver(waiverFor(booking, kept));
      // A booking its request never finished (the process died, or the patient was told of an
      // error and the write landed late): nothing recorded its created event, so the sweep does.
      if (kept && claim?.state !== 'done' && booking.contact && !booking.announced) {
        const { contact, ...rest } = booking;
        booking = { ...rest, appointmentId: kept.id, announced: true };
        const outbox = await createdWriteFor(
          clinic,
          contactFrom(contact),
          bookingView(clinic.config, kept, await clinic.provider.getCatalogue()),
          write.id,
          new Date(store.now()),
        );
        write = { ...write, data: toPendingData(booking) };
        await store.pendingWrites.put(write, outbox);
        logger.log('info', 'booking.announced', { clinicId: clinic.config.id, appointmentId: kept.id });
      }
      const now = store.now();
      const gapMs = nextLookGap(booking, write.createdAt, now);
      if (gapMs !== null) {
        await store.pendingWrites.put({
          ...write,
          data: toPendingData({ ...booking, gapMs, ...(kept ? { appointmentId: kept.id } : {}) }),
          checkAt: now + gapMs,
        });
      } else {
        await store.pendingWrites.remove(write.id);
        removed += 1;
        logger.log('info', 'booking.reconciled', {
          clinicId: clinic.config.id,
          ...(kept ? { appointmentId: kept.id } : { outcome: 'nothing_booked' }),
        });
      }
    } catch (error) {
      logger.log('warn', 'booking.reconcile_failed', {
        clinicId: write.clinicId,
        error: error instanceof Error ? error.name : typeof error,
      });
      await store.pendingWrites.put({ ...write, checkAt: store.now() + RETRY_MS }).catch(() => undefined);
    } finally {
      await store.locks.release(lockKey, token).catch(() => undefined);
    }
  }
  return { checked, removed };
}

/** A patient's move or cancel left open (`manage/change-reconciler.ts`); failures retried later. */
async function settleChange(
  clinic: Clinic | undefined,
  write: PendingWrite,
  { store, logger }: ReconcileDeps,
): Promise<ChangeSweepOutcome | 'failed'> {
  if (!clinic) {
    await store.pendingWrites.remove(write.id);
    return 'forgotten';
  }
  try {
    return await reconcileChange(clinic, write, { store, logger, now: () => new Date(store.now()) });
  } catch (error) {
    logger.log('warn', 'manage.change_reconcile_failed', {
      clinicId: write.clinicId,
      error: error instanceof Error ? error.name : typeof error,
    });
    await store.pendingWrites.put({ ...write, checkAt: store.now() + RETRY_MS }).catch(() => undefined);
    return 'failed';
  }
}

export interface Reconciler {
  stop(): Promise<void>;
}

/** Runs the sweep every `intervalMs`, and purges expired store entries every hour. */
export function startReconciler(deps: ReconcileDeps & { intervalMs: number }): Reconciler {
  let running: Promise<unknown> = Promise.resolve();
  let lastPurge = 0;
  const tick = () => {
    running = (async () => {
      await reconcileDue(deps);
      if (Date.now() - lastPurge > 60 * 60_000) {
        lastPurge = Date.now();
        await deps.store.purgeExpired();
      }
    })().catch((error: unknown) =>
      deps.logger.log('warn', 'booking.reconcile_failed', {
        error: error instanceof Error ? error.name : typeof error,
      }),
    );
  };
  const timer = setInterval(() => {
    void running.then(tick);
  }, deps.intervalMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
