/**
 * Steps 4 and 5 and the success screen, with the signature pad: loaded when the patient
 * reaches step 3.
 */
import { safeDefine } from '../internal/safe-define.ts';
import { SignaturePad } from '../signature/signature-pad.ts';
import { StepConfirm } from './step-confirm.ts';
import { StepDetails } from './step-details.ts';
import { StepDone } from './step-done.ts';

safeDefine('cb-signature-pad', SignaturePad);
safeDefine('cb-step-details', StepDetails);
safeDefine('cb-step-confirm', StepConfirm);
safeDefine('cb-step-done', StepDone);
