/**
 * `npm run bench`: prints what the proxy and the widget cost. Reports only; the budgets that
 * can fail are byte counts and upstream call counts, asserted in `npm test`.
 *
 * Environment: BENCH_DURATION (seconds per autocannon run, default 10), BENCH_CONNECTIONS
 * (default 50), BENCH_SLICES (how many alternating slices of the route and the constant server
 * a route's time is cut into, default 5), BENCH_RUNS (page loads for time to step 1, default 10), BENCH_SESSIONS
 * (simulated widget sessions for the upstream count, default 100), HALAXY_LATENCY_MS (added to
 * each request to the fake Halaxy in the throughput run, default 150), CLINIKO_LATENCY_MS (the
 * same for the fake Cliniko, default 150), BENCH_SECTIONS (which sections to run, e.g. `1` or
 * `1,3`; default all), BENCH_BASELINE (the git commit whose proxy section 1 measures side by side
 * with today's, default the one before issue #17; `none` to skip), BENCH_STEADY_RATE and
 * BENCH_STEADY_SECONDS (the steady load each route's and the constant's latency is also measured
 * at, well below saturation: default 1000 req/s for 5 s).
 */
import { cpus, loadavg, totalmem } from 'node:os';
import { DEMO_PRACTITIONERS, DEMO_SERVICE_IDS } from '../proxy/providers/demo/demo-data.ts';
import { TYPES } from '../test/fakes/cliniko/cliniko-seed.ts';
import { SERVICES } from '../test/fakes/halaxy/halaxy-seed.ts';
import { CLINIKO_CLINIC_ID } from '../test/helpers/cliniko-proxy.ts';
import { HALAXY_CLINIC_ID } from '../test/helpers/halaxy-proxy.ts';
import { checkOutBaseline, DEFAULT_BASELINE } from './baseline.ts';
import { benchThroughput, type ThroughputRow, type ThroughputTarget } from './proxy-throughput.ts';
import { budgetRows, chunkRows, measureBundle } from './bundle-size.ts';
import { table } from './table.ts';
import { benchTimeToStepOne } from './time-to-step-one.ts';
import { benchUpstreamCalls } from './upstream-calls.ts';

const duration = Number(process.env.BENCH_DURATION ?? 10);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 50);
const slices = Number(process.env.BENCH_SLICES ?? 5);
const steadyRate = Number(process.env.BENCH_STEADY_RATE ?? 1000);
const steadySeconds = Number(process.env.BENCH_STEADY_SECONDS ?? 5);
const runs = Number(process.env.BENCH_RUNS ?? 10);
const sessions = Number(process.env.BENCH_SESSIONS ?? 100);
const halaxyLatencyMs = Number(process.env.HALAXY_LATENCY_MS ?? 150);
const clinikoLatencyMs = Number(process.env.CLINIKO_LATENCY_MS ?? 150);
/** The machine's 1-minute load average: other work on a shared machine shows in the figures. */
function loadAverage(): string {
  return loadavg()[0]!.toFixed(1);
}

const sections = new Set((process.env.BENCH_SECTIONS ?? '1,2,3').split(',').map((s) => s.trim()));

console.log(
  `Machine: ${cpus().length} x ${cpus()[0]?.model ?? 'unknown CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${new Date().toISOString().slice(0, 10)}, load average ${loadAverage()}`,
);
console.log(
  `autocannon: ${connections} connections, ${duration} s per route in ${slices} slices, each after one of the constant server\n`,
);

if (sections.has('1')) {
  console.log(
    '1. Proxy throughput and latency: rate limits on, every request from its own address, Accept-Encoding as a browser sends it\n',
  );
  const baselineRef = process.env.BENCH_BASELINE ?? DEFAULT_BASELINE;
  const baseline = baselineRef === 'none' ? null : checkOutBaseline(baselineRef);
  if (baseline && 'error' in baseline) console.log(`(no baseline: ${baseline.error})\n`);
  const before = baseline && 'dir' in baseline ? baseline : null;
  const demo = {
    clinicId: 'demo',
    serviceId: DEMO_SERVICE_IDS.physioFollowUp,
    practitionerId: DEMO_PRACTITIONERS[0]!.id,
    bootstrap: true,
  };
  const uncachedDemo = {
    clinicId: 'demo',
    serviceId: DEMO_SERVICE_IDS.physioFollowUp,
    availabilityOnly: 'GET availability (7 days, any), every request a miss',
  };
  const beforeName = (name: string) => `${name}, before #17 (${baselineRef})`;
  const targets: ThroughputTarget[] = [
    { name: 'demo clinic', script: 'bench/servers/demo.ts', ...demo },
    ...(before
      ? [
          {
            name: beforeName('demo clinic'),
            script: 'bench/servers/baseline-demo.ts',
            env: { BENCH_BASELINE_ROOT: before.dir },
            ...demo,
          },
        ]
      : []),
    {
      name: 'demo clinic, uncached',
      script: 'bench/servers/demo.ts',
      env: { BENCH_UNCACHED: '1' },
      ...uncachedDemo,
    },
    ...(before
      ? [
          {
            name: beforeName('demo clinic, uncached'),
            script: 'bench/servers/baseline-demo.ts',
            env: { BENCH_BASELINE_ROOT: before.dir, BENCH_UNCACHED: '1' },
            ...uncachedDemo,
          },
        ]
      : []),
    {
      name: `Halaxy fake, +${halaxyLatencyMs} ms a request`,
      script: 'bench/servers/halaxy.ts',
      env: { HALAXY_LATENCY_MS: String(halaxyLatencyMs) },
      clinicId: HALAXY_CLINIC_ID,
      serviceId: SERVICES.physioFollowUp,
    },
    {
      name: `Cliniko fake, +${clinikoLatencyMs} ms a request`,
      script: 'bench/servers/cliniko.ts',
      env: { CLINIKO_LATENCY_MS: String(clinikoLatencyMs) },
      clinicId: CLINIKO_CLINIC_ID,
      serviceId: TYPES.physioFollowUp,
    },
  ];
  let throughput: ThroughputRow[];
  try {
    throughput = await benchThroughput(targets, {
      durationSeconds: duration,
      connections,
      slices,
      steadyRate,
      steadySeconds,
    });
  } finally {
    before?.remove();
  }
  console.log(
    table(
      throughput.map((r) => ({
        target: r.target,
        route: r.route,
        'req/s': r.requestsPerSecond,
        'ceiling req/s': r.ceiling,
        share: r.share.toFixed(2),
        'p50 ms': r.p50Ms,
        'p99 ms': r.p99Ms,
        'ceiling p99 ms': r.ceilingP99Ms,
        [`p99 ms at ${steadyRate}/s`]: r.steadyP99Ms,
        [`ceiling p99 ms at ${steadyRate}/s`]: r.ceilingSteadyP99Ms,
        'non-2xx': r.non2xx,
        'bytes sent': `${r.sentBytes} (${r.encoding})`,
        'bytes raw': r.rawBytes,
      })),
    ),
  );
  if (before) {
    console.log(
      `\nToday's proxy against the one before #17 (${baselineRef}), each as a share of the ceiling it was interleaved with:\n`,
    );
    console.log(table(comparedWithBaseline(throughput, beforeName)));
  }
  console.log(`(load average at the end: ${loadAverage()})`);
}

/** Each of today's demo rows beside the same route on the baseline: shares, p99s and the speed-up. */
function comparedWithBaseline(rows: ThroughputRow[], beforeName: (name: string) => string) {
  return rows.flatMap((now) => {
    const then = rows.find((r) => r.target === beforeName(now.target) && r.route === now.route);
    if (!then) return [];
    return [
      {
        target: now.target,
        route: now.route,
        'share now': now.share.toFixed(2),
        'share before': then.share.toFixed(2),
        'speed-up': `${(now.share / then.share).toFixed(1)}x`,
        'p99 ms now': now.p99Ms,
        'p99 ms before': then.p99Ms,
        [`p99 ms at ${steadyRate}/s now`]: now.steadyP99Ms,
        [`p99 ms at ${steadyRate}/s before`]: then.steadyP99Ms,
        'bytes now': now.sentBytes,
        'bytes before': then.sentBytes,
      },
    ];
  });
}

if (sections.has('2')) {
  console.log(
    `\n2. Upstream calls for ${sessions} simulated widget sessions (fakes, simulated clock; Halaxy allows 500 a minute, Cliniko 200 a minute per key)\n`,
  );
  const upstream = await benchUpstreamCalls(sessions);
  console.log(
    table(
      upstream.map((r) => ({
        system: r.system,
        scenario: r.scenario,
        sessions: r.sessions,
        answered: r.answered,
        booked: r.booked,
        'upstream requests': r.upstream,
        'per session': r.perSession,
        'max per minute': r.maxPerMinute,
      })),
    ),
  );
}

if (sections.has('3')) {
  console.log('\n3. Time to step 1 and bundle sizes\n');
  const timing = await benchTimeToStepOne(runs);
  console.log(
    `Navigation to step 1 interactive, headless Chromium, cold cache: median ${timing.medianMs} ms over ${timing.runs.length} runs (${timing.runs.join(', ')})\n`,
  );
  const bundle = await measureBundle();
  console.log(table(chunkRows(bundle)));
  console.log('');
  console.log(table(budgetRows(bundle)));
}
