/**
 * Pictures of the location step ("Where would you like to be seen?") on the demo practice's
 * page (`demo/locations.html`), for docs/booking-flow.md: the widget at 375 and 1280 px.
 */
import type { Browser } from 'playwright-core';

export async function locationShots(browser: Browser, origin: string, out: string): Promise<void> {
  for (const width of [375, 1280]) {
    const page = await browser.newPage({
      viewport: { width, height: 900 },
      locale: 'en-AU',
      timezoneId: 'Australia/Sydney',
    });
    await page.goto(`${origin}/locations.html`);
    const widget = page.locator('clinic-booking');
    await widget.getByRole('heading', { name: 'Where would you like to be seen?' }).waitFor();
    await widget.locator('[part="map-link"]').first().waitFor();
    await page.waitForTimeout(300);
    await widget.screenshot({ path: `${out}location-${width}.png` });
    await page.close();
  }
}
