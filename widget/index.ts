/**
 * Side-effect-free exports for bundlers: the element classes and the API types.
 * Importing this registers nothing; import `./define.ts` (or load `/widget.js`) for that.
 */
export { ClinicBooking } from './clinic-booking/clinic-booking.ts';
export { BookingApi, BookingApiError } from './api/booking-api.ts';
export type * from '../shared/contract.ts';
