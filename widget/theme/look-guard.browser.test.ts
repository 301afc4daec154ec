/**
 * The widget keeps its colours readable whatever the page sets: a dark host site, page
 * colours that fail in the active look, light tokens in the dark look, colours in any
 * syntax, a translucent surface. Read back from the rendered widget, on the real proxy app.
 */
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import type { TemplateResult } from 'lit';
import { emulateMediaFeatures } from '../../test/browser/cdp.ts';
import { contrastOf } from '../../test/browser/contrast-probe.ts';
import { PROXY_ORIGIN, startDemoProxy } from '../../test/browser/demo-proxy-worker.ts';
import { DARK_SITE_CSS } from '../../test/browser/looks.ts';
import { deepQueryAll, waitForHeading, walkToTimes } from '../../test/browser/widget-driver.ts';
import { DARK_PALETTE, LIGHT_PALETTE } from '../../shared/theme-defaults.ts';
import type { ClinicBooking } from '../clinic-booking/clinic-booking.ts';
import '../define.ts';

function rgb(hex: string): string {
  const n = parseInt(hex.slice(1), 16);
  return `rgb(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255})`;
}

let pageStyle: HTMLStyleElement | null = null;
let warnings: string[] = [];
const originalWarn = console.warn;

async function render(css: string, template: TemplateResult) {
  await startDemoProxy();
  pageStyle = document.createElement('style');
  pageStyle.textContent = css;
  document.head.append(pageStyle);
  const el = await fixture<ClinicBooking>(template);
  await waitForHeading(el, 'What would you like to book?');
  return el;
}

const frame = (el: ClinicBooking) => el.shadowRoot!.querySelector<HTMLElement>('.frame')!;
const option = (el: ClinicBooking) => deepQueryAll(el.shadowRoot!, '.option-name')[0]!;
const hint = (el: ClinicBooking) => deepQueryAll(el.shadowRoot!, '.clinic-name')[0]!;

beforeEach(() => {
  warnings = [];
  console.warn = (...args: unknown[]) => warnings.push(args.map(String).join(' '));
});

afterEach(async () => {
  console.warn = originalWarn;
  pageStyle?.remove();
  pageStyle = null;
  await emulateMediaFeatures({});
});

describe('readable colours in every look', () => {
  it('on a dark site, the default look takes the dark surface and keeps the page’s light text', async () => {
    const el = await render(
      DARK_SITE_CSS,
      html`<clinic-booking clinic="demo" api=${PROXY_ORIGIN}></clinic-booking>`,
    );
    const style = getComputedStyle(frame(el));
    expect(style.color).to.equal('rgb(242, 242, 242)', 'the page’s own text colour');
    expect(style.backgroundColor).to.equal(rgb(DARK_PALETTE['color-surface']));
    expect(style.colorScheme).to.equal('dark', 'native controls match');
    for (const el2 of [frame(el), option(el), hint(el)]) expect(contrastOf(el2)).to.be.at.least(4.5);
    expect(contrastOf(await walkToTimes(el))).to.be.at.least(4.5);
    expect(warnings).to.deep.equal([], 'following the page is not a mistake');
  });

  it('takes its own text colour when the page’s reads on neither surface, and says so', async () => {
    const el = await render(
      'body { color: #777777 }',
      html`<clinic-booking clinic="demo" api=${PROXY_ORIGIN}></clinic-booking>`,
    );
    const style = getComputedStyle(frame(el));
    expect(style.backgroundColor).to.equal(rgb(LIGHT_PALETTE['color-surface']));
    expect(style.color).to.equal(rgb(LIGHT_PALETTE['color-text']));
    expect(warnings).to.have.length(1);
    expect(warnings[0]).to.contain('the page’s text colour, rgb(119, 119, 119),');
    expect(warnings[0]).to.contain('is 4.48:1 in the light look');
  });

  it('refuses a page’s dark colour that fails in the dark look, with the message the docs show', async () => {
    const el = await render(
      'clinic-booking { --cb-dark-color-primary: #0f4c5c; }',
      html`<clinic-booking clinic="demo" api=${PROXY_ORIGIN} theme="dark"></clinic-booking>`,
    );
    const time = await walkToTimes(el);
    expect(getComputedStyle(time).color).to.equal(rgb(DARK_PALETTE['color-primary']));
    expect(contrastOf(time)).to.be.at.least(4.5);
    const doc = await (await fetch('/docs/theming.md')).text();
    const shown = /^<clinic-booking clinic="demo">: --cb-dark-color-primary.*$/m.exec(doc)?.[0];
    expect(warnings).to.deep.equal([shown], 'docs/theming.md shows this very message');
  });

  it('does not use a page’s light colours in the dark look, and names the dark tokens to set', async () => {
    const el = await render(
      'clinic-booking { --cb-color-primary: #0f4c5c; --cb-color-surface: #fffdf9; }',
      html`<clinic-booking clinic="demo" api=${PROXY_ORIGIN} theme="dark"></clinic-booking>`,
    );
    expect(getComputedStyle(frame(el)).backgroundColor).to.equal(rgb(DARK_PALETTE['color-surface']));
    expect(warnings).to.deep.equal([
      '<clinic-booking clinic="demo">: the dark look does not use --cb-color-primary, --cb-color-surface; ' +
        'set --cb-dark-color-primary, --cb-dark-color-surface for it.',
    ]);
    el.setAttribute('theme', 'light');
    await el.updateComplete;
    expect(getComputedStyle(frame(el)).backgroundColor).to.equal(rgb('#fffdf9'), 'the light look uses them');
  });

  it('judges colours in any CSS syntax: a pale oklch() primary is refused on white', async () => {
    const el = await render(
      'clinic-booking { --cb-color-primary: oklch(0.85 0.08 220); --cb-color-surface: white; }',
      html`<clinic-booking clinic="demo" api=${PROXY_ORIGIN} theme="light"></clinic-booking>`,
    );
    const time = await walkToTimes(el);
    expect(getComputedStyle(time).color).to.equal(rgb(LIGHT_PALETTE['color-primary']));
    expect(warnings.join('\n')).to.contain('--cb-color-primary (oklch(0.85 0.08 220))');
    expect(getComputedStyle(frame(el)).backgroundColor).to.equal('rgb(255, 255, 255)', 'white passes');
  });

  it('checks a translucent surface over the page behind it', async () => {
    const el = await render(
      'body { background: #111111 } clinic-booking { --cb-color-surface: transparent; }',
      html`<clinic-booking clinic="demo" api=${PROXY_ORIGIN} theme="light"></clinic-booking>`,
    );
    expect(getComputedStyle(frame(el)).backgroundColor).to.equal(rgb(LIGHT_PALETTE['color-surface']));
    expect(contrastOf(option(el))).to.be.at.least(4.5);
    expect(warnings.join('\n')).to.contain('--cb-color-surface (transparent)');
  });

  it('checks again when the device switches to dark, with no render in between', async () => {
    const el = await render(
      'clinic-booking { --cb-dark-color-primary: #0f4c5c; }',
      html`<clinic-booking clinic="demo" api=${PROXY_ORIGIN} theme="auto"></clinic-booking>`,
    );
    const time = await walkToTimes(el);
    expect(getComputedStyle(time).color).to.equal(rgb(LIGHT_PALETTE['color-primary']));
    await emulateMediaFeatures({ 'prefers-color-scheme': 'dark' });
    // The browser fires the media query's change event at a rendering update of its choosing
    // (not always before the next frame), so wait for the guard to have seen it.
    await waitUntil(
      () => getComputedStyle(time).color === rgb(DARK_PALETTE['color-primary']),
      'the unreadable dark primary is refused once the device is dark',
      { timeout: 3000 },
    );
    expect(contrastOf(time)).to.be.at.least(4.5);
  });
});
