/**
 * The proxy on the built-in demo clinic, as `npm start` runs it (logs at warn), but with
 * rate limits off: the bench hammers it from one address, which is what they exist to stop.
 */
import { createApp } from '../../proxy/app.ts';
import { buildClinics } from '../../proxy/clinic.ts';
import { loadClinicsConfig } from '../../proxy/config/load-config.ts';
import { createJsonLogger } from '../../proxy/logger.ts';
import { listen } from './listen.ts';

const logger = createJsonLogger({ minLevel: 'warn' });
const clinics = buildClinics(loadClinicsConfig(undefined, {}), {
  fetch: globalThis.fetch,
  now: () => new Date(),
  logger,
});
listen(createApp({ clinics, logger, rateLimits: false }).fetch);
