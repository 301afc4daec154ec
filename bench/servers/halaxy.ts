/**
 * The proxy on a Halaxy clinic, talking to the fake Halaxy (msw, in this process) with
 * added latency on every upstream request, on the real clock, so caches expire as in
 * production. Rate limits on, behind a trusted reverse proxy (see `behind-cdn.ts`).
 *
 * HALAXY_LATENCY_MS (default 150) is the added latency per request: an assumed round trip
 * from a proxy in Sydney to Halaxy's AU API plus its processing, not a measurement.
 */
import { delay, http } from 'msw';
import { setupServer } from 'msw/node';
import { createApp } from '../../proxy/app.ts';
import { buildClinics } from '../../proxy/clinic.ts';
import { loadClinicsConfig } from '../../proxy/config/load-config.ts';
import { createJsonLogger } from '../../proxy/logger.ts';
import { HalaxyFake, HALAXY_PUBLIC_BASE } from '../../test/fakes/halaxy/halaxy-fake.ts';
import { HALAXY_ENV, halaxyClinicsFile } from '../../test/helpers/halaxy-proxy.ts';
import { BENCH_TRUSTED_PROXY, withClinicLimitsRaised } from './behind-cdn.ts';
import { benchCompression } from './compression.ts';
import { listen } from './listen.ts';

const latencyMs = Number(process.env.HALAXY_LATENCY_MS ?? 150);
const fake = new HalaxyFake({ now: Date.now });
// A handler that returns nothing passes the request on to the next: the fake.
const server = setupServer(
  http.all(`${HALAXY_PUBLIC_BASE}/*`, async () => {
    await delay(latencyMs);
  }),
  ...fake.handlers(),
);
server.listen({ onUnhandledRequest: 'error' });

const logger = createJsonLogger({ minLevel: 'warn' });
const clinics = buildClinics(
  loadClinicsConfig(halaxyClinicsFile(HALAXY_PUBLIC_BASE), HALAXY_ENV).map(withClinicLimitsRaised),
  {
    fetch: (input, init) => fetch(input, init),
    now: () => new Date(),
    logger,
  },
);
listen(createApp({ clinics, logger, trustedProxy: BENCH_TRUSTED_PROXY, ...benchCompression() }).fetch);
