/**
 * The tag the proxy writes into every appointment it makes (Cliniko's notes, Halaxy's
 * comments, the demo clinic's record), derived from the booking request's Idempotency-Key,
 * so it recognises its own appointment later: after a lost response, a late commit or a
 * crash, before writing again, and in the reconciliation sweep. A hash, so the key itself
 * (which answers for the booking) is not written into the practice system.
 */
import { sha256Hex } from '../security/sha256.ts';
import type { AppointmentInput } from './provider.ts';

const LABEL = 'Online booking ref:';

/** `bk-` and 16 hex digits of the SHA-256 of the clinic-scoped Idempotency-Key. */
export async function bookingReference(idempotencyKey: string): Promise<string> {
  return `bk-${(await sha256Hex(idempotencyKey)).slice(0, 16)}`;
}

/** The appointment's notes: who booked, the patient's note, then the reference on its own line. */
export function appointmentNotes(input: Pick<AppointmentInput, 'note' | 'reference'>): string {
  const first = input.note ? `Booked online. Patient’s note: ${input.note}` : 'Booked online.';
  return input.reference ? `${first}\n${LABEL} ${input.reference}` : first;
}

/** True when notes written by {@link appointmentNotes} carry `reference`. */
export function carriesReference(notes: string | null | undefined, reference: string): boolean {
  return (notes ?? '').split('\n').some((line) => line.trim() === `${LABEL} ${reference}`);
}
