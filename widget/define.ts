/**
 * The widget's entry point (what `/widget.js` is built from): registers
 * `<clinic-booking>` and the first step a clinic's page shows, once, however often the script
 * loads (a practice's location step loads with the practice, in the chunk of steps 2 and 3). The later steps define themselves when their chunk loads (`load` in
 * `widget/flow/step-registry.ts`).
 */
import { ClinicBooking } from './clinic-booking/clinic-booking.ts';
import { safeDefine } from './internal/safe-define.ts';
import './steps/step-category.ts';

safeDefine('clinic-booking', ClinicBooking);
