/**
 * The proxy on a Cliniko clinic, talking to the fake Cliniko (msw, in this process) with
 * added latency on every upstream request, on the real clock, so caches expire as in
 * production. Rate limits on, behind a trusted reverse proxy (see `behind-cdn.ts`).
 *
 * CLINIKO_LATENCY_MS (default 150) is the added latency per request: an assumed round trip
 * from a proxy in Sydney to Cliniko's AU shard plus its processing, not a measurement.
 */
import { delay, http } from 'msw';
import { setupServer } from 'msw/node';
import { createApp } from '../../proxy/app.ts';
import { buildClinics } from '../../proxy/clinic.ts';
import { loadClinicsConfig } from '../../proxy/config/load-config.ts';
import { createJsonLogger } from '../../proxy/logger.ts';
import { ClinikoFake, CLINIKO_PUBLIC_BASE } from '../../test/fakes/cliniko/cliniko-fake.ts';
import { CLINIKO_ENV, clinikoClinicsFile } from '../../test/helpers/cliniko-proxy.ts';
import { BENCH_TRUSTED_PROXY, withClinicLimitsRaised } from './behind-cdn.ts';
import { benchCompression } from './compression.ts';
import { listen } from './listen.ts';

const latencyMs = Number(process.env.CLINIKO_LATENCY_MS ?? 150);
const fake = new ClinikoFake({ now: Date.now });
// A handler that returns nothing passes the request on to the next: the fake.
const server = setupServer(
  http.all(`${CLINIKO_PUBLIC_BASE}/*`, async () => {
    await delay(latencyMs);
  }),
  ...fake.handlers(),
);
server.listen({ onUnhandledRequest: 'error' });

const logger = createJsonLogger({ minLevel: 'warn' });
const clinics = buildClinics(
  loadClinicsConfig(clinikoClinicsFile(), CLINIKO_ENV).map(withClinicLimitsRaised),
  {
    fetch: (input, init) => fetch(input, init),
    now: () => new Date(),
    logger,
  },
);
listen(createApp({ clinics, logger, trustedProxy: BENCH_TRUSTED_PROXY, ...benchCompression() }).fetch);
