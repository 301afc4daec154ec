/**
 * Hostile host CSS: `demo/hostile.html` carries what site-builder themes ship (62.5% root
 * font size, content-box everywhere, `button { all: unset }`, a global line-height,
 * letter-spacing, margins on every div …). On every step, the widget's layout must match
 * the same page with that stylesheet switched off: every element inside the widget, its
 * box relative to the widget's frame and the text properties that shape it.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Locator, Page } from 'playwright-core';
import { useProxyAndBrowser } from './demo-session.ts';

type Snapshot = string[];

/** One line per element in the widget's shadow trees: where it sits and how its text is set. */
function snapshot(page: Page): Promise<Snapshot> {
  return page.evaluate(() => {
    const host = document.querySelector('clinic-booking')!;
    const frame = host.shadowRoot!.querySelector('.frame')!.getBoundingClientRect();
    const lines: string[] = [];
    // A stack, not a recursive helper: tsx would wrap a named function in a helper the page lacks.
    const stack: Array<[ParentNode, string]> = [[host.shadowRoot!, 'clinic-booking']];
    while (stack.length > 0) {
      const [root, path] = stack.shift()!;
      for (const el of root.querySelectorAll('*')) {
        const r = el.getBoundingClientRect();
        const s = getComputedStyle(el);
        const name = `${path}>${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${el.getAttribute('part') ? `[${el.getAttribute('part')}]` : ''}`;
        // A <slot> (display: contents, or not rendered at all) has no box of its own.
        const box =
          el.getClientRects().length === 0
            ? 'no box'
            : [r.x - frame.x, r.y - frame.y, r.width, r.height].map((n) => Math.round(n * 2) / 2).join(',');
        lines.push(
          `${name} ${box} ${s.fontSize}/${s.lineHeight} ${s.fontWeight} ls=${s.letterSpacing} tt=${s.textTransform} bs=${s.boxSizing}`,
        );
        if (el.shadowRoot) stack.push([el.shadowRoot, name]);
      }
    }
    return lines;
  });
}

function setThemeCss(page: Page, on: boolean) {
  return page.evaluate((enabled) => {
    (document.getElementById('site-builder-theme') as HTMLLinkElement).disabled = !enabled;
  }, on);
}

/** The widget measured under the site builder's CSS and without it; they must be equal. */
async function assertSameLayout(page: Page, step: string) {
  const hostile = await snapshot(page);
  await setThemeCss(page, false);
  const blank = await snapshot(page);
  await setThemeCss(page, true);
  assert.ok(blank.length > 10, `${step}: measured ${blank.length} elements`);
  const differences = hostile.flatMap((line, i) =>
    line === blank[i] ? [] : [`hostile ${line}\n  blank ${blank[i]}`],
  );
  assert.equal(hostile.length, blank.length, `${step}: element count`);
  assert.deepEqual(differences, [], `${step}: the layout differs under the site builder's CSS`);
}

async function heading(widget: Locator, name: string) {
  await widget.getByRole('heading', { name }).waitFor();
}

describe('the widget under hostile site-builder CSS', () => {
  const session = useProxyAndBrowser();

  it('the page really is hostile: its CSS is on and reshapes the page around the widget', async () => {
    const page = await session.browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${session.proxy.url}/hostile.html`);
    const looks = await page.evaluate(() => {
      const button = document.querySelector('.wp-block-column button')!;
      return {
        root: getComputedStyle(document.documentElement).fontSize,
        box: getComputedStyle(document.querySelector('clinic-booking')!).boxSizing,
        lineHeight: getComputedStyle(document.body).lineHeight,
        buttonBorder: getComputedStyle(button).borderTopStyle,
      };
    });
    assert.deepEqual(looks, {
      root: '10px',
      box: 'content-box',
      lineHeight: '31.45px',
      buttonBorder: 'none',
    });
    await page.close();
  });

  it('lays out every step exactly as on the page without that CSS', async () => {
    const page = await session.browser.newPage({ viewport: { width: 1280, height: 900 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => {
      if (/Refused to|Content Security Policy/i.test(m.text())) errors.push(m.text());
    });
    await page.goto(`${session.proxy.url}/hostile.html`);
    const widget = page.locator('clinic-booking');
    await heading(widget, 'What would you like to book?');
    await assertSameLayout(page, 'step 1');

    await widget.getByRole('button', { name: /^Physiotherapy/ }).click();
    await heading(widget, 'Choose a service');
    await widget.getByRole('button', { name: /^Follow-up physiotherapy/ }).click();
    await widget.getByRole('button', { name: /^Any available practitioner/ }).waitFor();
    await assertSameLayout(page, 'step 2');

    await widget.getByRole('button', { name: /^Any available practitioner/ }).click();
    await heading(widget, 'Choose a time');
    await widget.locator('[part~="time"]').first().waitFor();
    await assertSameLayout(page, 'step 3');

    await widget.locator('[part~="time"]').first().click();
    await heading(widget, 'Your details');
    await widget.getByLabel(/^First name/).waitFor();
    await assertSameLayout(page, 'step 4');

    await widget.getByLabel(/^First name/).fill('Jordan');
    await widget.getByLabel(/^Last name/).fill('Taylor');
    await widget.getByLabel(/^Email/).fill('jordan.taylor@example.com');
    await widget.getByLabel(/^Mobile/).fill('0412 345 678');
    await widget.getByLabel(/^Date of birth/).fill('1988-04-12');
    await widget.getByLabel(/I have read and agree/).check();
    await widget.getByRole('button', { name: /type my name instead/ }).click();
    await widget.getByLabel(/^Type your full name/).fill('Jordan Taylor');
    await widget.getByRole('button', { name: 'Review booking' }).click();
    await heading(widget, 'Check and book');
    await assertSameLayout(page, 'step 5');

    await widget.getByRole('button', { name: 'Book appointment' }).click();
    await heading(widget, 'You’re booked');
    await assertSameLayout(page, 'booked');
    assert.deepEqual(errors, []);
    await page.close();
  });
});
