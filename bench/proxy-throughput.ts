/**
 * Section 1 of the bench: proxy throughput and latency with a warm cache, measured with
 * autocannon against separate server processes.
 */
import autocannon from 'autocannon';
import { startServer } from './processes.ts';

export interface ThroughputRow {
  target: string;
  route: string;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  non2xx: number;
}

export interface ThroughputOptions {
  durationSeconds: number;
  connections: number;
}

async function measure(
  url: string,
  options: ThroughputOptions,
): Promise<Omit<ThroughputRow, 'target' | 'route'>> {
  // Warm the caches (and the JIT) before measuring.
  for (let i = 0; i < 20; i++) await (await fetch(url)).arrayBuffer();
  const result = await autocannon({
    url,
    connections: options.connections,
    duration: options.durationSeconds,
  });
  return {
    requestsPerSecond: Math.round(result.requests.average),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    non2xx: result.non2xx,
  };
}

/** A `YYYY-MM-DD` date `days` from today (UTC; the demo clips to its own zone). */
function dateFromToday(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

export interface ThroughputTarget {
  name: string;
  script: string;
  env?: Record<string, string>;
  clinicId: string;
  serviceId: string;
}

export async function benchThroughput(
  targets: ThroughputTarget[],
  options: ThroughputOptions,
): Promise<ThroughputRow[]> {
  const rows: ThroughputRow[] = [];
  const ceiling = await startServer('bench/servers/constant.ts');
  try {
    rows.push({
      target: 'Hono constant (ceiling)',
      route: 'GET /anything',
      ...(await measure(`${ceiling.origin}/anything`, options)),
    });
  } finally {
    await ceiling.stop();
  }
  for (const target of targets) {
    const server = await startServer(target.script, target.env);
    try {
      const base = `${server.origin}/api/clinics/${target.clinicId}`;
      rows.push({
        target: target.name,
        route: 'GET services',
        ...(await measure(`${base}/services`, options)),
      });
      const query = new URLSearchParams({
        serviceId: target.serviceId,
        practitionerId: 'any',
        from: dateFromToday(1),
        to: dateFromToday(7),
      });
      rows.push({
        target: target.name,
        route: 'GET availability (7 days, any)',
        ...(await measure(`${base}/availability?${query}`, options)),
      });
    } finally {
      await server.stop();
    }
  }
  return rows;
}
