/**
 * The provider conformance suite: every scenario against every provider, through the real
 * proxy app: the demo clinic, and Cliniko and Halaxy on their fakes (msw).
 *
 * Run one provider or one scenario by name:
 * `npm run test:node -- test/providers/conformance.test.ts --test-name-pattern="Halaxy"`.
 */
import { after, afterEach, before, describe, it } from 'node:test';
import { setupServer } from 'msw/node';
import type { ConformanceSubject } from './conformance.ts';
import { SCENARIOS } from './scenarios/index.ts';
import { clinikoSubject } from './subjects/cliniko.ts';
import { demoSubject } from './subjects/demo.ts';
import { halaxySubject } from './subjects/halaxy.ts';

export const SUBJECTS: ConformanceSubject[] = [demoSubject, clinikoSubject, halaxySubject];

const server = setupServer();
before(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
after(() => server.close());

for (const subject of SUBJECTS) {
  describe(`${subject.name}: provider conformance`, () => {
    for (const scenario of SCENARIOS) it(scenario.name, () => scenario.run(subject.start(server)));
  });
}
