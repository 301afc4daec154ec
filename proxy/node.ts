/**
 * The Node entry: reads the clinics file, opens the store, builds the app and serves it,
 * with the widget bundle from `dist/` and the demo pages from `demo/`.
 *
 * Environment: `CLINICS_CONFIG` (path to the clinics JSON; without it the demo clinic
 * serves), `DATABASE_URL` (a PostgreSQL server that several instances share; without it an
 * embedded PostgreSQL in `DATA_DIR`, default `.data/`), `PORT` (default 8787), `HOST`
 * (default 0.0.0.0), `LOG_LEVEL` (debug, info, warn, error; default info),
 * `TRUSTED_PROXY_HEADER` and `TRUSTED_PROXY_HOPS` (only when a reverse proxy sits in front;
 * see docs/security.md), `SHUTDOWN_GRACE_MS` (how long in-flight requests may finish after
 * SIGTERM; default 25000), `RECONCILE_INTERVAL_MS` (how often unsettled writes are checked;
 * default 15000), `MANAGE_LINK_SECRET` (signs patients' change-or-cancel links; see
 * `manage/link-secret.ts`), `CAPACITY_TICK_MS` (how often capacity alerts look for a due
 * check; default 60000; each clinic's own interval is `capacity.checkEveryMinutes`),
 * `WEBHOOKS_TICK_MS` (how often the webhooks outbox is looked at; default 2000),
 * `WEBHOOKS_FIRST_RETRY_MS` (the first retry's wait, doubling after; default 30000),
 * `WEBHOOKS_ALLOW_LOOPBACK=1` (development only: webhooks to localhost), and whatever `env:NAME` references the clinics file makes.
 * See docs/operations.md.
 */
import { serve, type HttpBindings } from '@hono/node-server';
import { serveStatic } from '@hono/node-server/serve-static';
import { readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createApp } from './app.ts';
import { startReconciler } from './booking/reconciler.ts';
import { CapacityAlertMonitor } from './capacity/alert-monitor.ts';
import { loggingSignalSink } from './capacity/capacity-events.ts';
import { CapacitySnapshots } from './capacity/capacity-snapshots.ts';
import { buildClinics } from './clinic.ts';
import { ConfigError, loadClinicsFile } from './config/load-config.ts';
import { nodeCompression } from './http/node-compression.ts';
import { createJsonLogger, isLogLevel } from './logger.ts';
import { resolveLinkSecret } from './manage/link-secret.ts';
import { trustedProxyFromEnv } from './security/client-address.ts';
import { describeStore, openStore } from './store/open-store.ts';
import { loadWidgetFiles } from './widget-files.ts';
import { webhookSignalSink } from './webhooks/capacity-sink.ts';
import { webhookProblems } from './webhooks/webhook-config.ts';
import { WebhookDeliveryWorker } from './webhooks/delivery-worker.ts';

const root = fileURLToPath(new URL('..', import.meta.url));

/** Server timeouts, set deliberately: a slow client cannot hold a connection for ever. */
export const SERVER_TIMEOUTS = { headersTimeoutMs: 10_000, requestTimeoutMs: 30_000, keepAliveMs: 5_000 };

/** Runs a start-up step; a problem in the clinics file stops the proxy with a message naming it. */
function orExit<T>(step: () => T): T {
  const path = process.env.CLINICS_CONFIG;
  try {
    return step();
  } catch (error) {
    if (error instanceof ConfigError || (error as NodeJS.ErrnoException).code === 'ENOENT') {
      console.error(
        `Cannot start: the clinics file ${path ?? ''} has problems:\n${(error as Error).message}`,
      );
      process.exit(1);
    }
    throw error;
  }
}

function readTrustedProxy() {
  try {
    return trustedProxyFromEnv(process.env);
  } catch (error) {
    console.error(`Cannot start: ${(error as Error).message}`);
    process.exit(1);
  }
}

function positiveNumber(name: string, fallback: number): number {
  const value = Number(process.env[name] ?? fallback);
  return Number.isFinite(value) && value > 0 ? value : fallback;
}

const { configs, practices, secrets } = orExit(() =>
  loadClinicsFile(
    process.env.CLINICS_CONFIG ? readFileSync(process.env.CLINICS_CONFIG, 'utf8') : undefined,
    process.env,
  ),
);
const trustedProxy = readTrustedProxy();
const allowLoopbackWebhooks = process.env.WEBHOOKS_ALLOW_LOOPBACK === '1';
const badWebhooks = webhookProblems(configs, allowLoopbackWebhooks);
if (badWebhooks.length > 0) {
  console.error(`Cannot start: the clinics file's webhooks have problems:\n${badWebhooks.join('\n')}`);
  process.exit(1);
}
const storeOptions = {
  databaseUrl: process.env.DATABASE_URL || undefined,
  dataDir: process.env.DATA_DIR || join(root, '.data'),
};
const linkSecret = (() => {
  try {
    return resolveLinkSecret({
      env: process.env,
      ...(storeOptions.databaseUrl
        ? { databaseUrl: storeOptions.databaseUrl }
        : { dataDir: storeOptions.dataDir }),
      anyClinicTakesChanges: configs.some((c) => c.policy.allowPatientChanges !== false),
    });
  } catch (error) {
    console.error(`Cannot start: ${(error as Error).message}`);
    process.exit(1);
  }
})();
const logLevel = process.env.LOG_LEVEL;
const logger = createJsonLogger({
  minLevel: isLogLevel(logLevel) ? logLevel : 'info',
  secrets: [...secrets, linkSecret.secret],
});
const { version } = JSON.parse(readFileSync(`${root}package.json`, 'utf8')) as { version: string };

const store = await openStore(storeOptions).catch((error: unknown) => {
  console.error(
    `Cannot start: the store (${describeStore(storeOptions)}) did not open: ${(error as Error).message}`,
  );
  process.exit(1);
});
const widget = await loadWidgetFiles(join(root, 'dist'));
const clinicList = orExit(() =>
  buildClinics(configs, { fetch: globalThis.fetch, now: () => new Date(), logger, store }),
);
let draining = false;
const capacitySnapshots = new CapacitySnapshots({ now: () => new Date() });
const app = createApp({
  capacitySnapshots,
  logger,
  store,
  widgetVersion: version,
  clientAddress: (c) => (c.env as HttpBindings).incoming.socket.remoteAddress,
  ...(trustedProxy ? { trustedProxy } : {}),
  clinics: clinicList,
  practices,
  widget: widget.load,
  assets: serveStatic({ root: `${root}demo` }),
  compression: nodeCompression,
  draining: () => draining,
  manageLinkSecret: linkSecret.secret,
});
const reconciler = startReconciler({
  clinics: clinicList,
  store,
  logger,
  intervalMs: positiveNumber('RECONCILE_INTERVAL_MS', 15_000),
});

// "Booked solid" alerts: each clinic checked every capacity.checkEveryMinutes (hourly by
// default), on whichever instance takes the clinic's lease; see docs/capacity.md#alerts.
const alerts = new CapacityAlertMonitor({
  clinics: clinicList,
  snapshots: capacitySnapshots,
  store,
  sink: webhookSignalSink(clinicList, store, loggingSignalSink(logger)),
  now: () => new Date(),
  logger,
});
const stopAlerts = alerts.watching
  ? alerts.start(positiveNumber('CAPACITY_TICK_MS', 60_000))
  : async () => undefined;

// Webhooks: the outbox sent beside the server, on whichever instance claims each delivery;
// see docs/webhooks.md.
const webhooks = new WebhookDeliveryWorker({
  clinics: clinicList,
  store,
  logger,
  allowLoopback: allowLoopbackWebhooks,
  firstRetryMs: positiveNumber('WEBHOOKS_FIRST_RETRY_MS', 30_000),
});
// Without any webhook it still looks each minute: events queued for a webhook since removed
// are marked failed (`webhook_removed`) rather than left pending for ever.
const stopWebhooks = webhooks.start(webhooks.watching ? positiveNumber('WEBHOOKS_TICK_MS', 2_000) : 60_000);

const port = Number(process.env.PORT ?? 8787);
const hostname = process.env.HOST ?? '0.0.0.0';
const server = serve({ fetch: app.fetch, port, hostname }, (info) => {
  const names = configs.map((c) => `${c.id} (${c.name}, ${c.provider.type})`).join(', ');
  console.log(`State: ${describeStore(storeOptions)}`);
  console.log(`Clinic booking proxy on http://localhost:${info.port}/ serving ${names}`);
  for (const p of practices) console.log(`Practice ${p.id} (${p.name}): ${p.clinicIds.join(', ')}`);
}) as Server;
server.headersTimeout = SERVER_TIMEOUTS.headersTimeoutMs;
server.requestTimeout = SERVER_TIMEOUTS.requestTimeoutMs;
server.keepAliveTimeout = SERVER_TIMEOUTS.keepAliveMs;

/**
 * A deploy's SIGTERM: stop accepting, report not ready, let in-flight requests finish
 * (bounded by `SHUTDOWN_GRACE_MS`), then close the store and exit. Nothing in flight is reset.
 */
async function shutdown(signal: string) {
  if (draining) return;
  draining = true;
  const graceMs = positiveNumber('SHUTDOWN_GRACE_MS', 25_000);
  logger.log('info', 'process.draining', { signal, graceMs });
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  const timer = setTimeout(() => {
    logger.log('warn', 'process.grace_expired', { graceMs });
    server.closeAllConnections();
  }, graceMs);
  await closed;
  clearTimeout(timer);
  await reconciler.stop();
  await stopAlerts();
  await stopWebhooks();
  await store.close().catch(() => undefined);
  logger.log('info', 'process.stopped', { signal });
  process.exit(0);
}
process.once('SIGTERM', () => void shutdown('SIGTERM'));
process.once('SIGINT', () => void shutdown('SIGINT'));
