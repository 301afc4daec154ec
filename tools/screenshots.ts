/**
 * `npm run screenshots`: starts the proxy as `npm start` does, opens the demo pages in
 * headless Chromium and writes PNGs to `docs/screenshots/`, for a person to look at:
 * the brands page (three clinics side by side), the same at step 3, the hostile page
 * with and without the site-builder theme's CSS, and every step of a booking on the demo
 * page at 375 and 1280 px wide (`flow-<width>-<n>-<step>.png`), step 3 in each look
 * (`looks-<look>.png`): light, dark, the default look on a dark site, forced colours light
 * and dark, and 320 px wide, the location step on the demo practice's page at 375 and
 * 1280 px (`location-*.png`), and the owner's capacity dashboard (`dashboard-*.png`).
 */
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { launchBrowser } from '../test/e2e/browser.ts';
import { drawSignature, fillPatientDetails } from '../test/e2e/demo-session.ts';
import { startProxyProcess } from '../test/e2e/proxy-process.ts';
import { dashboardShots } from './dashboard-screenshots.ts';
import { locationShots } from './location-screenshots.ts';

const out = fileURLToPath(new URL('../docs/screenshots/', import.meta.url));

async function allWidgetsAt(page: Page, heading: string, count: number) {
  await page.waitForFunction(
    ([text, n]) => {
      const widgets = [...document.querySelectorAll('clinic-booking')];
      return (
        widgets.length === n &&
        widgets.every((w) => w.shadowRoot?.querySelector('h2 .step-title')?.textContent === text)
      );
    },
    [heading, count] as const,
    { timeout: 10_000 },
  );
}

/** A booking on the demo page, with a picture of the widget at each step. */
async function flowShots(page: Page, url: string, width: number) {
  const widget = page.locator('clinic-booking');
  const shot = (name: string) => widget.screenshot({ path: `${out}flow-${width}-${name}.png` });
  const at = (heading: string) => widget.getByRole('heading', { name: heading }).waitFor();
  await page.goto(url);
  await at('What would you like to book?');
  await shot('1-category');
  await widget.getByRole('button', { name: /^Physiotherapy/ }).click();
  await widget.getByRole('button', { name: /^Follow-up physiotherapy/ }).click();
  await widget.getByRole('heading', { name: 'Who would you like to see?' }).waitFor();
  await shot('2-service');
  await widget.getByRole('button', { name: /^Any available practitioner/ }).click();
  await widget.locator('[part~="time"]').first().waitFor();
  await shot('3-time');
  await widget.locator('[part~="time"]').first().click();
  await at('Your details');
  await fillPatientDetails(widget, {
    firstName: 'Alex',
    lastName: 'Nguyen',
    email: 'alex@example.com',
    mobile: '0412 345 678',
    dateOfBirth: '1985-04-12',
  });
  await drawSignature(page, widget);
  await widget.getByRole('img', { name: 'Your signature' }).waitFor();
  await shot('4-details');
  await widget.getByRole('button', { name: 'Review booking' }).click();
  await at('Check and book');
  await shot('5-confirm');
  await widget.getByRole('button', { name: 'Book appointment' }).click();
  await at('You’re booked');
  await shot('6-booked');
}

interface LookShot {
  name: string;
  path: string;
  width?: number;
  theme?: string;
  colorScheme?: 'light' | 'dark';
  forcedColors?: 'active' | 'none';
}

const LOOK_SHOTS: LookShot[] = [
  { name: 'light', path: '/', theme: 'light' },
  { name: 'dark', path: '/', theme: 'dark' },
  { name: 'dark-site', path: '/dark-site.html' },
  { name: 'forced-colors', path: '/', forcedColors: 'active' },
  { name: 'forced-colors-dark', path: '/', forcedColors: 'active', colorScheme: 'dark' },
  { name: '320', path: '/', width: 320 },
];

/** The widget at step 3 (a day chosen, its times) in one look. */
async function lookShot(browser: Awaited<ReturnType<typeof launchBrowser>>, url: string, look: LookShot) {
  const page = await browser.newPage({
    viewport: { width: look.width ?? 900, height: 900 },
    locale: 'en-AU',
    timezoneId: 'Australia/Sydney',
  });
  await page.emulateMedia({
    colorScheme: look.colorScheme ?? 'light',
    forcedColors: look.forcedColors ?? 'none',
  });
  await page.goto(`${url}${look.path}`);
  const widget = page.locator('clinic-booking');
  if (look.theme) await widget.evaluate((el, theme) => el.setAttribute('theme', theme), look.theme);
  await widget.getByRole('button', { name: /^Physiotherapy/ }).click();
  await widget.getByRole('button', { name: /^Follow-up physiotherapy/ }).click();
  await widget.getByRole('button', { name: /^Any available practitioner/ }).click();
  await widget.locator('[part~="time"]').first().waitFor();
  await page.waitForTimeout(300);
  await widget.screenshot({ path: `${out}looks-${look.name}.png` });
  await page.close();
}

const proxy = await startProxyProcess();
const browser = await launchBrowser();
try {
  await mkdir(out, { recursive: true });
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });

  await page.goto(`${proxy.url}/brands.html`);
  await allWidgetsAt(page, 'What would you like to book?', 3);
  await page.screenshot({ path: `${out}brands.png`, fullPage: true });

  for (const widget of await page.locator('clinic-booking').all()) {
    await widget.getByRole('button', { name: /^Physiotherapy/ }).click();
    await widget.getByRole('button', { name: /^Follow-up physiotherapy/ }).click();
    await widget.getByRole('button', { name: /^Any available practitioner/ }).click();
  }
  await allWidgetsAt(page, 'Choose a time', 3);
  await page.locator('clinic-booking').first().locator('[part~="time"]').first().waitFor();
  await page.waitForTimeout(300);
  await page.screenshot({ path: `${out}brands-times.png`, fullPage: true });

  await page.goto(`${proxy.url}/hostile.html`);
  await allWidgetsAt(page, 'What would you like to book?', 1);
  await page.screenshot({ path: `${out}hostile.png`, fullPage: true });
  const widget = page.locator('clinic-booking');
  await widget.getByRole('button', { name: /^Physiotherapy/ }).click();
  await widget.getByRole('button', { name: /^Follow-up physiotherapy/ }).click();
  await widget.getByRole('button', { name: /^Any available practitioner/ }).click();
  await widget.locator('[part~="time"]').first().waitFor();
  await page.waitForTimeout(400);
  await page.screenshot({ path: `${out}hostile-times.png`, fullPage: true });
  await page.evaluate(
    () => ((document.getElementById('site-builder-theme') as HTMLLinkElement).disabled = true),
  );
  await page.waitForTimeout(400);
  await page.screenshot({ path: `${out}hostile-times-without-theme-css.png`, fullPage: true });
  for (const width of [375, 1280]) {
    const flowPage = await browser.newPage({
      viewport: { width, height: 900 },
      locale: 'en-AU',
      timezoneId: 'Australia/Sydney',
    });
    await flowShots(flowPage, `${proxy.url}/`, width);
    await flowPage.close();
  }
  for (const look of LOOK_SHOTS) await lookShot(browser, proxy.url, look);
  await locationShots(browser, proxy.url, out);
  await dashboardShots(browser, proxy.url, out);
  console.log(`Screenshots in ${out}`);
} finally {
  await browser.close();
  await proxy.stop();
}
