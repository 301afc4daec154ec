/**
 * Runs the real proxy app, on the demo clinic, inside the test page: msw hands every
 * request for `PROXY_ORIGIN` to `app.fetch`. Widget tests then exercise the same routes,
 * validation and demo rules as production, and override single answers with
 * `worker.use(...)` to simulate failures.
 */
import { http, type RequestHandler } from 'msw';
import { setupWorker, type SetupWorker } from 'msw/browser';
import { createDemoProxy, type DemoProxy } from '../helpers/demo-proxy.ts';
import { silentLogger } from '../../proxy/logger.ts';

export const PROXY_ORIGIN = 'https://proxy.test';

let worker: SetupWorker | null = null;
let proxy: DemoProxy | null = null;

/**
 * Starts (once per page) the worker, and gives every call a fresh demo clinic.
 * @param clinicOverrides demo clinic config fields to change, e.g. `intake` or `rules`
 */
export async function startDemoProxy(
  clinicOverrides: Record<string, unknown> = {},
): Promise<{ worker: SetupWorker; proxy: DemoProxy }> {
  proxy = createDemoProxy({ logger: silentLogger }, clinicOverrides);
  // The widget reads "today" from the browser's clock, so the proxy must agree with it.
  proxy.setNow(new Date());
  const forward: RequestHandler = http.all(`${PROXY_ORIGIN}/*`, ({ request }) => proxy!.app.fetch(request));
  if (!worker) {
    worker = setupWorker(forward);
    await worker.start({ quiet: true, onUnhandledRequest: 'bypass' });
  } else {
    worker.resetHandlers(forward);
  }
  return { worker, proxy };
}
