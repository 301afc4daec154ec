/**
 * A practice system's appointment as the proxy answers it (`Booking`): times in the clinic's
 * zone, the service's and practitioner's names from the catalogue. One place, so a booking's
 * answer, a move's answer and the events the reconciliation sweep writes read the same.
 */
import type { Booking } from '../../shared/contract.ts';
import type { ClinicConfig } from '../config/clinic-config.ts';
import type { AppointmentRecord, Catalogue } from '../providers/provider.ts';
import { toClinicIso } from '../time/clinic-time.ts';

/** The booking `appointment` is, without its change-or-cancel link. */
export function bookingView(
  config: Pick<ClinicConfig, 'timezone'>,
  appointment: Pick<AppointmentRecord, 'id' | 'start' | 'end' | 'serviceId' | 'practitionerId'>,
  catalogue: Catalogue,
): Booking {
  const service = catalogue.categories.flatMap((c) => c.services).find((s) => s.id === appointment.serviceId);
  const practitioner = catalogue.practitioners.find((p) => p.id === appointment.practitionerId);
  return {
    id: appointment.id,
    start: toClinicIso(appointment.start, config.timezone),
    end: toClinicIso(appointment.end, config.timezone),
    serviceId: appointment.serviceId,
    serviceName: service?.name ?? 'Appointment',
    practitionerId: appointment.practitionerId,
    practitionerName: practitioner?.name ?? '',
    timezone: config.timezone,
  };
}
