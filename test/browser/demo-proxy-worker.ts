/**
 * Runs the real proxy app, on the demo clinic, inside the test page: msw hands every
 * request for `PROXY_ORIGIN` to `app.fetch`. Widget tests then exercise the same routes,
 * validation and demo rules as production, and override single answers with
 * `worker.use(...)` to simulate failures.
 */
import { http, type RequestHandler } from 'msw';
import { setupWorker, type SetupWorker } from 'msw/browser';
import { createDemoProxy, type DemoProxy } from '../helpers/demo-proxy.ts';
import {
  createDemoPracticeProxy,
  type DemoPracticeOptions,
  type DemoPracticeProxy,
} from '../helpers/demo-practice-proxy.ts';
import { silentLogger } from '../../proxy/logger.ts';

export const PROXY_ORIGIN = 'https://proxy.test';

let worker: SetupWorker | null = null;
let proxy: { app: DemoProxy['app'] } | null = null;

/**
 * Starts (once per page) the worker, and gives every call a fresh demo clinic.
 * @param clinicOverrides demo clinic config fields to change, e.g. `intake` or `rules`
 */
export async function startDemoProxy(
  clinicOverrides: Record<string, unknown> = {},
): Promise<{ worker: SetupWorker; proxy: DemoProxy }> {
  const demo = createDemoProxy({ logger: silentLogger }, clinicOverrides);
  return { worker: await serve(demo), proxy: demo };
}

/**
 * Starts the worker on the demo practice (`harbourside-group`: `demo` and `demo-bondi`), or
 * on `options.practices` over the same two clinics.
 */
export async function startDemoPracticeProxy(
  options: DemoPracticeOptions = {},
): Promise<{ worker: SetupWorker; proxy: DemoPracticeProxy }> {
  const practice = createDemoPracticeProxy({ logger: silentLogger }, options);
  return { worker: await serve(practice), proxy: practice };
}

/** Hands the page's requests for `PROXY_ORIGIN` to `served`, the app of this test. */
async function serve(served: { app: DemoProxy['app']; setNow(now: Date): void }): Promise<SetupWorker> {
  proxy = served;
  // The widget reads "today" from the browser's clock, so the proxy must agree with it.
  served.setNow(new Date());
  const forward: RequestHandler = http.all(`${PROXY_ORIGIN}/*`, ({ request }) => proxy!.app.fetch(request));
  if (!worker) {
    worker = setupWorker(forward);
    await worker.start({ quiet: true, onUnhandledRequest: 'bypass' });
  } else {
    worker.resetHandlers(forward);
  }
  return worker;
}
