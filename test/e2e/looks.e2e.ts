/**
 * The built widget, served by the real proxy with its CSP, in the looks a patient meets on a
 * real site: the dark demo site (no theme attribute, no tokens), the demo site with
 * `theme="dark"` and its own tokens, and forced colours (Playwright's `forcedColors`) in both
 * palettes. axe runs on steps 1 to 3 of each, and every text of the widget is measured.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Locator, Page } from 'playwright-core';
import { useProxyAndBrowser } from './demo-session.ts';
import { axeViolations } from './axe.ts';

/** The widget frame's text colour, surface and colour scheme. */
function looks(widget: Locator) {
  return widget.evaluate((host) => {
    const frame = getComputedStyle(host.shadowRoot!.querySelector('.frame')!);
    return { text: frame.color, surface: frame.backgroundColor, scheme: frame.colorScheme };
  });
}

async function stepsOneToThree(page: Page, name: string) {
  const widget = page.locator('clinic-booking');
  await widget.getByRole('heading', { name: 'What would you like to book?' }).waitFor();
  assert.deepEqual(await axeViolations(page), [], `${name}, step 1`);
  await widget.getByRole('button', { name: /^Physiotherapy/ }).click();
  await widget.getByRole('button', { name: /^Follow-up physiotherapy/ }).click();
  await widget.getByRole('button', { name: /^Any available practitioner/ }).waitFor();
  assert.deepEqual(await axeViolations(page), [], `${name}, step 2`);
  await widget.getByRole('button', { name: /^Any available practitioner/ }).click();
  await widget.locator('[part~="time"]').first().waitFor();
  assert.deepEqual(await axeViolations(page), [], `${name}, step 3`);
}

describe('the built widget in the looks of real sites', () => {
  const session = useProxyAndBrowser();

  it('on a dark site, with no theme at all, follows the page onto its dark surface', async () => {
    const page = await session.browser.newPage({ viewport: { width: 1280, height: 900 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => (m.type() === 'error' || m.type() === 'warning') && errors.push(m.text()));
    await page.goto(`${session.proxy.url}/dark-site.html`);
    await stepsOneToThree(page, 'dark site');
    assert.deepEqual(await looks(page.locator('clinic-booking')), {
      text: 'rgb(242, 242, 242)',
      surface: 'rgb(28, 33, 40)',
      scheme: 'dark',
    });
    assert.deepEqual(errors, [], 'no console errors, and nothing the widget had to refuse');
    await page.close();
  });

  for (const look of [
    { name: 'the demo site, theme="dark"', colorScheme: 'dark', forcedColors: 'none', theme: 'dark' },
    { name: 'forced colours, light', colorScheme: 'light', forcedColors: 'active', theme: null },
    { name: 'forced colours, dark', colorScheme: 'dark', forcedColors: 'active', theme: 'auto' },
  ] as const) {
    it(`passes axe on steps 1 to 3: ${look.name}`, async () => {
      const page = await session.browser.newPage({ viewport: { width: 1280, height: 900 } });
      const warnings: string[] = [];
      page.on('console', (m) => m.type() === 'warning' && warnings.push(m.text()));
      await page.emulateMedia({ colorScheme: look.colorScheme, forcedColors: look.forcedColors });
      await page.goto(`${session.proxy.url}/`);
      if (look.theme)
        await page.locator('clinic-booking').evaluate((el, t) => el.setAttribute('theme', t), look.theme);
      await stepsOneToThree(page, look.name);
      assert.deepEqual(warnings, [], 'the demo site gives its dark colours as --cb-dark-color-*');
      await page.close();
    });
  }
});
