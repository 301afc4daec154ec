/**
 * The booking request the proxy takes (`POST /bookings`), from the flow's state. Empty
 * optional fields are left out rather than sent blank, so the proxy's rules for them
 * apply only to what the patient actually typed. `marketingConsent` is sent only when the
 * clinic showed its box, and `source` (the visit's, `visit-source.ts`) when there is one.
 */
import type { BookingRequest } from '../../shared/contract.ts';
import { HONEYPOT_FIELD } from '../../shared/bot-checks.ts';
import type { ClinicProfile } from '../../shared/contract.ts';
import type { BookingSource } from '../../shared/booking-source.ts';
import type { FlowState } from './booking-flow.ts';

export function toBookingRequest(
  state: FlowState,
  profile: ClinicProfile,
  turnstileToken?: string,
  source?: BookingSource,
): BookingRequest {
  const { slot, serviceId, details } = state;
  if (!slot || !serviceId || !details.signature) throw new Error('The booking is not complete.');
  const p = details.patient;
  const optional = (value: string) => (value.trim() ? value.trim() : undefined);
  const medicareNumber = optional(p.medicareNumber);
  const medicareIrn = optional(p.medicareIrn);
  const note = optional(p.note);
  return {
    serviceId,
    // "Any" was resolved to a practitioner when the patient picked a time.
    practitionerId: slot.practitionerId,
    start: slot.start,
    patient: {
      firstName: p.firstName.trim(),
      lastName: p.lastName.trim(),
      email: p.email.trim(),
      phone: p.phone.trim(),
      dateOfBirth: p.dateOfBirth,
      ...(medicareNumber ? { medicareNumber } : {}),
      ...(medicareIrn ? { medicareIrn } : {}),
      ...(note ? { note } : {}),
    },
    waiver: {
      version: profile.waiver.version,
      accepted: true,
      signatureSvg: details.signature.svg,
      signatureMethod: details.signature.method,
    },
    answers: details.answers,
    ...(turnstileToken ? { turnstileToken } : {}),
    ...(source && Object.keys(source).length ? { source } : {}),
    ...(profile.marketingConsent ? { marketingConsent: details.marketingConsent } : {}),
    // Typed as always empty; a bot that filled it is sent as is, so the proxy refuses it.
    [HONEYPOT_FIELD]: details.honeypot as '',
  };
}
