/**
 * The Node entry: reads the clinics file, builds the app and serves it, with the widget
 * bundle from `dist/` and the demo pages from `demo/`.
 *
 * Environment: `CLINICS_CONFIG` (path to the clinics JSON; without it the demo clinic
 * serves), `PORT` (default 8787), `HOST` (default 0.0.0.0), `LOG_LEVEL` (debug, info,
 * warn, error; default info), `TRUSTED_PROXY_HEADER` and `TRUSTED_PROXY_HOPS` (only when a
 * reverse proxy sits in front; see docs/security.md), and whatever `env:NAME` references the clinics
 * file makes.
 */
import { serve } from '@hono/node-server';
import { getConnInfo } from '@hono/node-server/conninfo';
import { serveStatic } from '@hono/node-server/serve-static';
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { readFileSync } from 'node:fs';
import { createApp } from './app.ts';
import { buildClinics } from './clinic.ts';
import { ConfigError, loadClinicsFile } from './config/load-config.ts';
import { nodeCompression } from './http/node-compression.ts';
import { createJsonLogger, isLogLevel } from './logger.ts';
import type { WidgetAsset } from './routes/widget.ts';
import { trustedProxyFromEnv } from './security/client-address.ts';

const root = fileURLToPath(new URL('..', import.meta.url));

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

/** The built widget's files, read once each on first request and kept. */
function widgetFiles() {
  const files = new Map<string, Promise<WidgetAsset | null>>();
  return (file: string): Promise<WidgetAsset | null> => {
    let asset = files.get(file);
    if (!asset) {
      asset = readFile(`${root}dist/${file}`, 'utf8').then(
        (body) => ({ body, etag: createHash('sha256').update(body).digest('hex').slice(0, 16) }),
        () => null,
      );
      files.set(file, asset);
    }
    return asset;
  };
}

function readTrustedProxy() {
  try {
    return trustedProxyFromEnv(process.env);
  } catch (error) {
    console.error(`Cannot start: ${(error as Error).message}`);
    process.exit(1);
  }
}

const { configs, secrets } = orExit(() =>
  loadClinicsFile(
    process.env.CLINICS_CONFIG ? readFileSync(process.env.CLINICS_CONFIG, 'utf8') : undefined,
    process.env,
  ),
);
const trustedProxy = readTrustedProxy();
const widget = widgetFiles();
const logLevel = process.env.LOG_LEVEL;
const logger = createJsonLogger({ minLevel: isLogLevel(logLevel) ? logLevel : 'info', secrets });
const { version } = JSON.parse(readFileSync(`${root}package.json`, 'utf8')) as { version: string };
const app = createApp({
  logger,
  widgetVersion: version,
  clientAddress: (c) => getConnInfo(c).remote.address,
  ...(trustedProxy ? { trustedProxy } : {}),
  clinics: orExit(() => buildClinics(configs, { fetch: globalThis.fetch, now: () => new Date(), logger })),
  widget,
  assets: serveStatic({ root: `${root}demo` }),
  compression: nodeCompression,
});

const port = Number(process.env.PORT ?? 8787);
const hostname = process.env.HOST ?? '0.0.0.0';
serve({ fetch: app.fetch, port, hostname }, (info) => {
  const names = configs.map((c) => `${c.id} (${c.name}, ${c.provider.type})`).join(', ');
  console.log(`Clinic booking proxy on http://localhost:${info.port}/ serving ${names}`);
});
