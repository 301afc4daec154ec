/**
 * Every behaviour a `BookingProvider` must show, in the order a patient meets them. A new
 * provider method (cancel, move) adds its scenarios here and the adapter methods they need
 * to `PracticeRecords` (see `../conformance.ts`).
 */
import type { Scenario } from '../conformance.ts';
import { bookingScenarios } from './booking.ts';
import { catalogueScenarios } from './catalogue.ts';
import { manageScenarios } from './manage.ts';
import { retryScenarios } from './retries.ts';
import { takenSlotScenarios } from './taken-slot.ts';

export const SCENARIOS: Scenario[] = [
  ...catalogueScenarios,
  ...bookingScenarios,
  ...takenSlotScenarios,
  ...retryScenarios,
  ...manageScenarios,
];
