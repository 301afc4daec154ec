/**
 * Steps 4 and 5 and the success screen, with the signature pad, loaded together when the
 * patient reaches step 3. Each step module defines its own element.
 */
import './step-details.ts';
import './step-confirm.ts';
import './step-done.ts';
