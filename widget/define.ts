/**
 * The widget's entry point (what `/widget.js` is built from): registers
 * `<clinic-booking>` and the steps that can be first on screen, once, however often the
 * script loads. The later steps define themselves when their chunk loads (`load` in
 * `widget/flow/step-registry.ts`).
 */
import { ClinicBooking } from './clinic-booking/clinic-booking.ts';
import { safeDefine } from './internal/safe-define.ts';
import './steps/step-category.ts';
import './steps/step-location.ts';

safeDefine('clinic-booking', ClinicBooking);
