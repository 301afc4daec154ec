/**
 * Section 3 of the bench: how long from navigation until step 1 is interactive (the
 * category buttons are on screen), in headless Chromium against the demo page, with a
 * cold cache each run. Bundle sizes are in `bundle-size.ts`.
 */
import { launchBrowser } from '../test/e2e/browser.ts';
import { startProxyProcess } from '../test/e2e/proxy-process.ts';

export interface StepOneTiming {
  runs: number[];
  medianMs: number;
}

export async function benchTimeToStepOne(runs: number): Promise<StepOneTiming> {
  const [proxy, browser] = await Promise.all([startProxyProcess(), launchBrowser()]);
  const times: number[] = [];
  try {
    for (let i = 0; i < runs; i++) {
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.goto(`${proxy.url}/`, { waitUntil: 'commit' });
      await page
        .getByRole('button', { name: /^Physiotherapy/ })
        .first()
        .waitFor();
      // Measured in the page: from navigation start to now.
      times.push(Math.round(await page.evaluate(() => performance.now())));
      await context.close();
    }
  } finally {
    await browser.close();
    await proxy.stop();
  }
  const sorted = [...times].sort((a, b) => a - b);
  return { runs: times, medianMs: sorted[Math.floor(sorted.length / 2)]! };
}
