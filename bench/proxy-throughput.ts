/**
 * Section 1 of the bench: proxy throughput and latency, measured with autocannon against
 * separate server processes, side by side with the same Hono server answering a constant
 * (the ceiling) under the same load generator.
 *
 * Side by side means interleaved: each route's time is cut into slices that alternate with
 * slices of the ceiling, and its share is its requests over the ceiling's in those same
 * slices. On a machine shared with other work, whose load drifts over a run, both see the
 * same load.
 *
 * Every request comes from its own patient: a rotating client address in the trusted
 * proxy's header, with the default per-client rate limits on, and `Accept-Encoding` as a
 * browser sends it. Besides times, each route's answer is downloaded once to count the
 * bytes a patient receives.
 */
import autocannon from 'autocannon';
import { request as httpRequest } from 'node:http';
import { BENCH_CLIENT_HEADER } from './servers/behind-cdn.ts';
import { startServer } from './processes.ts';

export interface ThroughputRow {
  target: string;
  route: string;
  requestsPerSecond: number;
  /** Medians over the route's slices. */
  p50Ms: number;
  p99Ms: number;
  /** The constant server's req/s in the slices interleaved with this route's. */
  ceiling: number;
  /** The constant server's p99 in those slices: the load generator's and machine's own tail. */
  ceilingP99Ms: number;
  /** p99 at the steady rate (`ThroughputOptions.steadyRate`), the route's and the ceiling's. */
  steadyP99Ms: number;
  ceilingSteadyP99Ms: number;
  /** req/s as a share of {@link ceiling}. */
  share: number;
  non2xx: number;
  /** Bytes of the body as sent with a browser's `Accept-Encoding`, and its encoding. */
  sentBytes: number;
  encoding: string;
  /** Bytes of the body uncompressed. */
  rawBytes: number;
}

export interface ThroughputOptions {
  durationSeconds: number;
  connections: number;
  /** Slices each route's time is cut into, alternating with the ceiling's. */
  slices: number;
  /** The steady load's req/s, for the latency of an answer when the server is not saturated. */
  steadyRate: number;
  steadySeconds: number;
}

/** What browsers send; the proxy picks brotli from it. */
const BROWSER_ACCEPT_ENCODING = 'gzip, deflate, br, zstd';
/** Distinct patients the load rotates through: each sends a handful of requests a run, well inside the per-client limits. */
const PATIENTS = 20_000;

let patient = 0;
function nextPatientAddress(): string {
  patient = (patient + 1) % PATIENTS;
  return `10.${(patient >> 16) & 255}.${(patient >> 8) & 255}.${patient & 255}`;
}

interface Slice {
  requests: number;
  seconds: number;
  p50Ms: number;
  p99Ms: number;
  non2xx: number;
}

interface Load {
  url: string;
  headers: Record<string, string>;
}

function loadOf(url: string, headers: Record<string, string> = {}): Load {
  return { url, headers: { 'accept-encoding': BROWSER_ACCEPT_ENCODING, ...headers } };
}

async function warm(load: Load) {
  // The caches (and the JIT) first.
  for (let i = 0; i < 50; i++) {
    const res = await fetch(load.url, {
      headers: { ...load.headers, [BENCH_CLIENT_HEADER]: nextPatientAddress() },
    });
    await res.arrayBuffer();
  }
}

async function slice(load: Load, connections: number, seconds: number, rate?: number): Promise<Slice> {
  const { pathname, search } = new URL(load.url);
  const result = await autocannon({
    url: load.url,
    connections,
    duration: seconds,
    ...(rate ? { overallRate: rate } : {}),
    requests: [
      {
        method: 'GET',
        path: `${pathname}${search}`,
        setupRequest: (request) => ({
          ...request,
          headers: { ...load.headers, [BENCH_CLIENT_HEADER]: nextPatientAddress() },
        }),
      },
    ],
  });
  return {
    requests: result.requests.total,
    seconds: result.duration,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    non2xx: result.non2xx,
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function summary(slices: Slice[]) {
  const requests = slices.reduce((sum, s) => sum + s.requests, 0);
  const seconds = slices.reduce((sum, s) => sum + s.seconds, 0);
  return {
    requestsPerSecond: Math.round(requests / seconds),
    p50Ms: median(slices.map((s) => s.p50Ms)),
    p99Ms: median(slices.map((s) => s.p99Ms)),
    non2xx: slices.reduce((sum, s) => sum + s.non2xx, 0),
  };
}

/** The route and the ceiling, in alternating slices over the route's duration. */
async function sideBySide(route: Load, ceiling: Load, options: ThroughputOptions) {
  await warm(route);
  await warm(ceiling);
  const seconds = Math.max(1, Math.round(options.durationSeconds / options.slices));
  const routeSlices: Slice[] = [];
  const ceilingSlices: Slice[] = [];
  for (let i = 0; i < options.slices; i++) {
    ceilingSlices.push(await slice(ceiling, options.connections, seconds));
    routeSlices.push(await slice(route, options.connections, seconds));
  }
  // At a steady rate well below saturation, latency is the time an answer takes, not the
  // queue 50 connections build when every core is busy (theirs and the load generator's).
  const atRate = async (load: Load) =>
    (await slice(load, 10, options.steadySeconds, options.steadyRate)).p99Ms;
  return {
    route: { ...summary(routeSlices), steadyP99Ms: await atRate(route) },
    ceiling: { ...summary(ceilingSlices), steadyP99Ms: await atRate(ceiling) },
  };
}

/** The body's size on the wire for one request, read from the socket (no decompression). */
function bodyBytes(url: string, acceptEncoding: string | null, headers: Record<string, string> = {}) {
  return new Promise<{ bytes: number; encoding: string }>((resolve, reject) => {
    const req = httpRequest(
      url,
      {
        headers: {
          ...(acceptEncoding ? { 'accept-encoding': acceptEncoding } : {}),
          [BENCH_CLIENT_HEADER]: nextPatientAddress(),
          ...headers,
        },
      },
      (res) => {
        let bytes = 0;
        res.on('data', (chunk: Buffer) => (bytes += chunk.length));
        res.on('end', () =>
          resolve({ bytes, encoding: String(res.headers['content-encoding'] ?? 'identity') }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end();
  });
}

/** A `YYYY-MM-DD` date `days` from today (UTC; the proxy clips to its own zone). */
function dateFromToday(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

export interface ThroughputTarget {
  name: string;
  script: string;
  env?: Record<string, string>;
  clinicId: string;
  serviceId: string;
  /** A practitioner who offers the service, for the one-practitioner row; omitted when absent. */
  practitionerId?: string;
  /** Include the bootstrap and a revalidation of it (the widget's first request). */
  bootstrap?: boolean;
  /** Measure only a week of availability, under this name (for the uncached server). */
  availabilityOnly?: string;
}

interface Route {
  route: string;
  path: string;
  headers?: Record<string, string>;
}

function routesOf(target: ThroughputTarget, base: string): Route[] {
  const week = (practitionerId: string) =>
    `${base}/availability?${new URLSearchParams({
      serviceId: target.serviceId,
      practitionerId,
      from: dateFromToday(1),
      to: dateFromToday(7),
    })}`;
  if (target.availabilityOnly) return [{ route: target.availabilityOnly, path: week('any') }];
  return [
    ...(target.bootstrap ? [{ route: 'GET bootstrap', path: `${base}/bootstrap` }] : []),
    { route: 'GET services', path: `${base}/services` },
    { route: 'GET availability (7 days, any)', path: week('any') },
    ...(target.practitionerId
      ? [{ route: 'GET availability (7 days, one practitioner)', path: week(target.practitionerId) }]
      : []),
  ];
}

async function measureTarget(target: ThroughputTarget, options: ThroughputOptions, ceiling: Load) {
  const server = await startServer(target.script, target.env);
  const rows: ThroughputRow[] = [];
  try {
    const base = `${server.origin}/api/clinics/${target.clinicId}`;
    const routes = routesOf(target, base);
    if (target.bootstrap) {
      const first = await fetch(`${base}/bootstrap`, {
        headers: { [BENCH_CLIENT_HEADER]: nextPatientAddress(), 'accept-encoding': BROWSER_ACCEPT_ENCODING },
      });
      await first.arrayBuffer();
      const etag = first.headers.get('etag');
      if (etag) {
        routes.splice(1, 0, {
          route: 'GET bootstrap, revalidated (304)',
          path: `${base}/bootstrap`,
          headers: { 'if-none-match': etag },
        });
      }
    }
    for (const route of routes) {
      const measured = await sideBySide(loadOf(route.path, route.headers), ceiling, options);
      const sent = await bodyBytes(route.path, BROWSER_ACCEPT_ENCODING, route.headers);
      const raw = await bodyBytes(route.path, null, route.headers);
      rows.push({
        target: target.name,
        route: route.route,
        ...measured.route,
        ceiling: measured.ceiling.requestsPerSecond,
        ceilingP99Ms: measured.ceiling.p99Ms,
        ceilingSteadyP99Ms: measured.ceiling.steadyP99Ms,
        share:
          Math.round((measured.route.requestsPerSecond / measured.ceiling.requestsPerSecond) * 100) / 100,
        sentBytes: sent.bytes,
        encoding: sent.encoding,
        rawBytes: raw.bytes,
      });
    }
  } finally {
    await server.stop();
  }
  return rows;
}

/**
 * Measures every target's routes side by side with the constant server, which stays up (and
 * idle between its slices) in its own process for the whole run.
 */
export async function benchThroughput(
  targets: ThroughputTarget[],
  options: ThroughputOptions,
): Promise<ThroughputRow[]> {
  const constant = await startServer('bench/servers/constant.ts');
  try {
    const ceiling = loadOf(`${constant.origin}/anything`);
    const rows: ThroughputRow[] = [];
    for (const target of targets) rows.push(...(await measureTarget(target, options, ceiling)));
    return rows;
  } finally {
    await constant.stop();
  }
}
