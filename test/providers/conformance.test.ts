/**
 * The provider conformance suite: every scenario against every provider, through the real
 * proxy app: the demo clinic, and Cliniko and Halaxy on their fakes (msw).
 *
 * Run one provider or one scenario by name:
 * `npm run test:node -- test/providers/conformance.test.ts --test-name-pattern="Halaxy"`.
 */
import { describe, it } from 'node:test';
import { testServer } from '../helpers/msw-server.ts';
import type { ConformanceSubject } from './conformance.ts';
import { SCENARIOS } from './scenarios/index.ts';
import { clinikoSubject } from './subjects/cliniko.ts';
import { demoSubject } from './subjects/demo.ts';
import { halaxySubject } from './subjects/halaxy.ts';

export const SUBJECTS: ConformanceSubject[] = [demoSubject, clinikoSubject, halaxySubject];

const server = testServer();

for (const subject of SUBJECTS) {
  describe(`${subject.name}: provider conformance`, () => {
    for (const scenario of SCENARIOS) it(scenario.name, () => scenario.run(subject.start(server)));
  });
}
