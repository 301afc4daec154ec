/**
 * A practice system's fake as a conformance subject: a fresh proxy on it for each scenario,
 * its handlers on the suite's msw server, and its adapter over the fake's records.
 */
import type { RequestHandler } from 'msw';
import { clinicApi } from '../../helpers/clinic-api.ts';
import type { PracticeProxy } from '../../helpers/practice-proxy.ts';
import type {
  ConformanceFixture,
  ConformanceSubject,
  PracticeRecords,
  StartOptions,
} from '../conformance.ts';

export function practiceSubject<Fake extends { handlers(): RequestHandler[] }>(
  name: string,
  createProxy: (options: StartOptions) => PracticeProxy<Fake>,
  recordsOf: (fake: Fake) => PracticeRecords,
  fixture: ConformanceFixture,
): ConformanceSubject {
  return {
    name,
    start(server, options = {}) {
      const proxy = createProxy(options);
      server.use(...proxy.fake.handlers());
      return { proxy, api: clinicApi(proxy), records: recordsOf(proxy.fake), fixture };
    },
  };
}
