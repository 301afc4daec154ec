/**
 * `demo/brands.html` on the real proxy (as `npm start` serves it, with its CSP): three
 * clinics side by side, each in its own clinic's theme from the proxy's built-in config.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { useProxyAndBrowser } from './demo-session.ts';

describe('the brands demo page', () => {
  const session = useProxyAndBrowser();

  it('shows three clinics in three distinct looks, without an error or a CSP violation', async () => {
    const page = await session.browser.newPage({ viewport: { width: 1280, height: 900 } });
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(e.message));
    page.on('console', (m) => {
      if (/Refused to|Content Security Policy/i.test(m.text())) problems.push(m.text());
    });
    await page.goto(`${session.proxy.url}/brands.html`);
    const widgets = page.locator('clinic-booking');
    assert.equal(await widgets.count(), 3);
    for (const widget of await widgets.all())
      await widget.getByRole('heading', { name: 'What would you like to book?' }).waitFor();
    const looks = await widgets.evaluateAll((els) =>
      els.map((el) => {
        const frame = getComputedStyle(el.shadowRoot!.querySelector('.frame')!);
        const option = getComputedStyle(
          el.shadowRoot!.querySelector('cb-step-category')!.shadowRoot!.querySelector('.option')!,
        );
        const name = el.shadowRoot!.querySelector('.clinic-name')!.textContent;
        return {
          name,
          surface: frame.backgroundColor,
          text: frame.color,
          font: frame.fontFamily.split(',')[0],
          radius: option.borderTopLeftRadius,
        };
      }),
    );
    assert.deepEqual(looks, [
      // The page's font and text colour, the built-in light colours.
      {
        name: 'Harbourside Health',
        surface: 'rgb(255, 255, 255)',
        text: 'rgb(31, 41, 51)',
        font: '"Segoe UI"',
        radius: '8px',
      },
      // Everything from the clinic's config.
      {
        name: 'Coastal Physio & Pilates',
        surface: 'rgb(255, 250, 242)',
        text: 'rgb(35, 49, 58)',
        font: 'Georgia',
        radius: '18px',
      },
      // The clinic's dark look (theme="dark"), its font and corners.
      {
        name: 'Northside Mind & Body',
        surface: 'rgb(31, 26, 46)',
        text: 'rgb(239, 234, 255)',
        font: '"Trebuchet MS"',
        radius: '3px',
      },
    ]);
    assert.deepEqual(problems, []);
    await page.close();
  });
});
