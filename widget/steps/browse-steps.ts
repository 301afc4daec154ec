/**
 * Steps 2 and 3, loaded right after step 1 is on screen so they cost step 1 nothing.
 */
import { safeDefine } from '../internal/safe-define.ts';
import { DateGrid } from './date-grid.ts';
import { StepService } from './step-service.ts';
import { StepTime } from './step-time.ts';

safeDefine('cb-step-service', StepService);
safeDefine('cb-date-grid', DateGrid);
safeDefine('cb-step-time', StepTime);
