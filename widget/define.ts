/**
 * The widget's entry point (what `/widget.js` is built from): registers
 * `<clinic-booking>` and its internal elements, once, however often the script loads.
 */
import { ClinicBooking } from './clinic-booking/clinic-booking.ts';
import { safeDefine } from './internal/safe-define.ts';
import { StepCategory } from './steps/step-category.ts';

safeDefine('cb-step-category', StepCategory);
safeDefine('clinic-booking', ClinicBooking);
