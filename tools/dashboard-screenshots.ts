/**
 * Pictures of the owner's capacity dashboard on the demo clinic, for docs/capacity.md: the
 * sign-in at 375 px, the report at 375 px (light and dark) and at 1280 px, and the demo
 * practice's two locations at 1280 px.
 */
import type { Browser } from 'playwright-core';
import {
  DEMO_CAPACITY_TOKEN,
  DEMO_PRACTICE,
  DEMO_PRACTICE_CAPACITY_TOKEN,
} from '../proxy/config/demo-clinic.ts';

export async function dashboardShots(browser: Browser, origin: string, out: string): Promise<void> {
  const shots: Array<{
    width: number;
    height: number;
    scheme: 'light' | 'dark';
    name: string;
    full: boolean;
    practice?: boolean;
  }> = [
    { width: 375, height: 1000, scheme: 'light', name: 'dashboard-375', full: false },
    { width: 375, height: 1000, scheme: 'dark', name: 'dashboard-375-dark', full: false },
    { width: 1280, height: 900, scheme: 'light', name: 'dashboard-1280', full: true },
    {
      width: 1280,
      height: 900,
      scheme: 'light',
      name: 'dashboard-1280-practice',
      full: true,
      practice: true,
    },
  ];
  for (const shot of shots) {
    const page = await browser.newPage({
      viewport: { width: shot.width, height: shot.height },
      colorScheme: shot.scheme,
      locale: 'en-AU',
      timezoneId: 'Australia/Sydney',
    });
    await page.goto(`${origin}/dashboard?${shot.practice ? `practice=${DEMO_PRACTICE.id}` : 'clinic=demo'}`);
    if (shot.width === 375 && shot.scheme === 'light')
      await page.screenshot({ path: `${out}dashboard-375-sign-in.png` });
    await page
      .getByLabel('Capacity token')
      .fill(shot.practice ? DEMO_PRACTICE_CAPACITY_TOKEN : DEMO_CAPACITY_TOKEN);
    await page.getByRole('button', { name: 'Show capacity' }).click();
    await page.getByRole('heading', { level: 1, name: /^Harbourside Health/ }).waitFor();
    await page.waitForFunction(() => document.querySelectorAll('.heatmap .cell').length > 0);
    await page.screenshot({ path: `${out}${shot.name}.png`, fullPage: shot.full });
    await page.close();
  }
}
