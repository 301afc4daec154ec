/**
 * Each page of the demo site (`npm start`), checked whole by axe once its widgets show step 1
 * (or, on a practice's page, the location step): the clinic's site around the widget must meet
 * WCAG 2.2 AA too, in its light and its dark look, at a phone's width and a desktop's.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { axeViolations, WCAG_AA_TAGS } from './axe.ts';
import { useProxyAndBrowser } from './demo-session.ts';

const PAGES = ['/', '/brands.html', '/dark-site.html', '/locations.html'];
const FIRST_HEADINGS = /What would you like to book\?|Where would you like to be seen\?/;

describe('the demo site, whole pages', () => {
  const session = useProxyAndBrowser();

  for (const path of PAGES) {
    it(`${path} has no axe violation at 320 and 1280 px, light and dark`, async () => {
      for (const colorScheme of ['light', 'dark'] as const) {
        for (const width of [320, 1280]) {
          const page = await session.browser.newPage({ viewport: { width, height: 900 }, colorScheme });
          try {
            await page.goto(`${session.proxy.url}${path}`);
            const widgets = page.locator('clinic-booking');
            const count = await widgets.count();
            assert.ok(count > 0, `${path} has a widget`);
            for (let i = 0; i < count; i++)
              await widgets.nth(i).getByRole('heading', { name: FIRST_HEADINGS }).first().waitFor();
            assert.deepEqual(
              await axeViolations(page, { within: null, tags: WCAG_AA_TAGS }),
              [],
              `${path} at ${width} px, ${colorScheme}`,
            );
          } finally {
            await page.close();
          }
        }
      }
    });
  }
});
