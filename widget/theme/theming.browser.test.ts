/**
 * Theming reaches the rendered controls: built-in looks, a clinic's theme from its proxy
 * config, the page's own `--cb-*` values over both, the `theme` attribute, and `::part()`.
 * Everything is read back with getComputedStyle, on the real proxy app (msw).
 */
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { emulateMedia } from '@web/test-runner-commands';
import { PROXY_ORIGIN, startDemoProxy } from '../../test/browser/demo-proxy-worker.ts';
import { click, deepQueryAll, fillDetails, waitForHeading } from '../../test/browser/widget-driver.ts';
import { DARK_PALETTE, LIGHT_PALETTE } from '../../shared/theme-defaults.ts';
import type { ClinicBooking } from '../clinic-booking/clinic-booking.ts';
import '../define.ts';

/** `#rrggbb` as getComputedStyle writes it. */
function rgb(hex: string): string {
  const n = parseInt(hex.slice(1), 16);
  return `rgb(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255})`;
}

const BRAND = {
  'color-primary': '#0f6e68',
  'color-surface': '#fffaf2',
  'color-text': '#23313a',
  'font-family': 'Georgia, serif',
  radius: '18px',
  dark: { 'color-surface': '#101820', 'color-primary': '#8fe3dc' },
};

let pageStyle: HTMLStyleElement | null = null;
/** CSS the host page adds; removed after each test. */
function hostCss(text: string) {
  pageStyle = document.createElement('style');
  pageStyle.textContent = text;
  document.head.append(pageStyle);
}

async function render(template: ReturnType<typeof html>) {
  const wrapper = await fixture<HTMLDivElement>(
    html`<div style="color: rgb(12, 34, 56); font-family: 'Courier New', monospace">${template}</div>`,
  );
  const el = wrapper.querySelector('clinic-booking') as ClinicBooking;
  await waitForHeading(el, 'What would you like to book?');
  return el;
}

const frame = (el: ClinicBooking) => getComputedStyle(el.shadowRoot!.querySelector('.frame')!);
const option = (el: ClinicBooking) => getComputedStyle(deepQueryAll(el.shadowRoot!, '.option')[0]!);

afterEach(async () => {
  pageStyle?.remove();
  pageStyle = null;
  await emulateMedia({ colorScheme: 'light' });
});

describe('theming', () => {
  it('by default takes the page’s text colour and font, with the built-in light colours', async () => {
    await startDemoProxy();
    const el = await render(html`<clinic-booking clinic="demo" api=${PROXY_ORIGIN}></clinic-booking>`);
    expect(frame(el).color).to.equal('rgb(12, 34, 56)');
    expect(frame(el).fontFamily).to.equal('"Courier New", monospace');
    expect(option(el).color).to.equal('rgb(12, 34, 56)', 'text inside the steps too');
    expect(option(el).fontFamily).to.equal('"Courier New", monospace');
    expect(frame(el).backgroundColor).to.equal(rgb(LIGHT_PALETTE['color-surface']));
    expect(option(el).borderTopLeftRadius).to.equal('8px');
    expect(el.hasAttribute('theme')).to.equal(false);
  });

  it('applies the clinic’s theme from its proxy config', async () => {
    await startDemoProxy({ theme: BRAND });
    const el = await render(html`<clinic-booking clinic="demo" api=${PROXY_ORIGIN}></clinic-booking>`);
    expect(frame(el).backgroundColor).to.equal(rgb('#fffaf2'));
    expect(frame(el).color).to.equal(rgb('#23313a'));
    expect(frame(el).fontFamily).to.equal('Georgia, serif');
    expect(option(el).borderTopLeftRadius).to.equal('18px');
    expect(option(el).fontFamily).to.equal('Georgia, serif');
    await click(el, /^Physiotherapy/);
    await waitForHeading(el, 'Choose a service');
    await click(el, /^Follow-up physiotherapy/);
    const chosen = deepQueryAll(el.shadowRoot!, '.option[aria-pressed="true"]')[0]!;
    expect(getComputedStyle(chosen).borderTopColor).to.equal(rgb('#0f6e68'));
  });

  it('lets the page’s own --cb-* values override the clinic’s theme', async () => {
    await startDemoProxy({ theme: BRAND });
    hostCss(
      'clinic-booking { --cb-color-surface: #f0f4ff; --cb-radius: 2px; } body { --cb-font-family: Verdana, sans-serif; }',
    );
    const el = await render(html`<clinic-booking clinic="demo" api=${PROXY_ORIGIN}></clinic-booking>`);
    expect(frame(el).backgroundColor).to.equal(rgb('#f0f4ff'));
    expect(option(el).borderTopLeftRadius).to.equal('2px');
    expect(frame(el).fontFamily).to.equal('Verdana, sans-serif', 'inherited from an ancestor of the element');
    expect(frame(el).color).to.equal(
      rgb('#23313a'),
      'what the page does not set still comes from the clinic',
    );
  });

  it('ignores private names a page happens to set', async () => {
    await startDemoProxy();
    hostCss('body { --_clinic-color-surface: #ff0000; --_surface: #00ff00; }');
    const el = await render(html`<clinic-booking clinic="demo" api=${PROXY_ORIGIN}></clinic-booking>`);
    expect(frame(el).backgroundColor).to.equal(rgb(LIGHT_PALETTE['color-surface']));
  });

  it('theme="light" sets the light text colour and light native controls', async () => {
    await startDemoProxy();
    const el = await render(
      html`<clinic-booking clinic="demo" api=${PROXY_ORIGIN} theme="light"></clinic-booking>`,
    );
    expect(frame(el).color).to.equal(rgb(LIGHT_PALETTE['color-text']));
    expect(frame(el).colorScheme).to.equal('light');
  });

  it('theme="dark" uses the dark look, and the clinic’s dark colours rather than its light ones', async () => {
    await startDemoProxy();
    const plain = await render(
      html`<clinic-booking clinic="demo" api=${PROXY_ORIGIN} theme="dark"></clinic-booking>`,
    );
    expect(frame(plain).backgroundColor).to.equal(rgb(DARK_PALETTE['color-surface']));
    expect(frame(plain).color).to.equal(rgb(DARK_PALETTE['color-text']));
    expect(option(plain).backgroundColor).to.equal(rgb(DARK_PALETTE['color-surface']));
    expect(option(plain).color).to.equal(rgb(DARK_PALETTE['color-text']));
    expect(frame(plain).colorScheme).to.equal('dark');

    await startDemoProxy({ theme: BRAND });
    const brand = await render(
      html`<clinic-booking clinic="demo" api=${PROXY_ORIGIN} theme="dark"></clinic-booking>`,
    );
    expect(frame(brand).backgroundColor).to.equal(rgb('#101820'));
    expect(frame(brand).color).to.equal(rgb(DARK_PALETTE['color-text']), 'not the brand’s light text colour');
    expect(frame(brand).fontFamily).to.equal('Georgia, serif', 'fonts and shapes apply in every look');
  });

  it('theme="auto" follows prefers-color-scheme, and the property reflects to the attribute', async () => {
    await startDemoProxy();
    const el = await render(html`<clinic-booking clinic="demo" api=${PROXY_ORIGIN}></clinic-booking>`);
    el.theme = 'auto';
    await el.updateComplete;
    expect(el.getAttribute('theme')).to.equal('auto');
    await emulateMedia({ colorScheme: 'dark' });
    expect(frame(el).backgroundColor).to.equal(rgb(DARK_PALETTE['color-surface']));
    await emulateMedia({ colorScheme: 'light' });
    expect(frame(el).backgroundColor).to.equal(rgb(LIGHT_PALETTE['color-surface']));
    expect(frame(el).color).to.equal(rgb(LIGHT_PALETTE['color-text']));
  });

  it('drops the first clinic’s theme when the element switches clinics', async () => {
    await startDemoProxy({ theme: BRAND });
    const el = await render(html`<clinic-booking clinic="demo" api=${PROXY_ORIGIN}></clinic-booking>`);
    expect(option(el).borderTopLeftRadius).to.equal('18px');
    el.clinic = 'no-such-clinic';
    await waitUntil(() => el.shadowRoot!.querySelector('[role="alert"]'), 'the error');
    expect(frame(el).backgroundColor).to.equal(rgb(LIGHT_PALETTE['color-surface']));
  });
});

describe('::part() names', () => {
  it('reach the controls of every step', async () => {
    await startDemoProxy();
    const PARTS = [
      'frame',
      'heading',
      'progress',
      'option',
      'date-grid',
      'month-nav',
      'day',
      'day-available',
      'time',
      'waiver-text',
      'next-button',
      'summary',
      'book-button',
      'calendar-link',
      'change-link',
    ];
    // Each part gets its own outline width, 1px to 14px, so a hit on the wrong part shows.
    hostCss(
      PARTS.map((p, i) => `clinic-booking::part(${p}) { outline: ${i + 1}px dotted rgb(1, 2, 3); }`).join(
        '\n',
      ),
    );
    const el = await render(html`<clinic-booking clinic="demo" api=${PROXY_ORIGIN}></clinic-booking>`);
    const seen = new Set<string>();
    const check = async (names: string[]) => {
      for (const name of names) {
        await waitUntil(
          () => deepQueryAll(el.shadowRoot!, `[part~="${name}"]`).length > 0,
          `an element with part ${name}`,
          { timeout: 5000 },
        );
        const nodes = deepQueryAll(el.shadowRoot!, `[part~="${name}"]`);
        // `day-available` days are also `day`s: the later rule in the sheet wins.
        const expected = name === 'day' ? nodes.find((n) => !n.part.contains('day-available')) : nodes[0];
        expect(getComputedStyle(expected!).outlineWidth, name).to.equal(`${PARTS.indexOf(name) + 1}px`);
        seen.add(name);
      }
    };
    await check(['frame', 'heading', 'progress', 'option']);
    await click(el, /^Physiotherapy/);
    await waitForHeading(el, 'Choose a service');
    await check(['option']);
    await click(el, /^Follow-up physiotherapy/);
    await click(el, /^Any available practitioner/);
    await waitForHeading(el, 'Choose a time');
    await check(['date-grid', 'month-nav', 'day', 'day-available', 'time']);
    await click(el, /^\d{1,2}:\d\d [ap]m/);
    await waitForHeading(el, 'Your details');
    await check(['waiver-text', 'next-button']);
    await fillDetails(el);
    await click(el, 'Review booking');
    await waitForHeading(el, 'Check and book');
    await check(['summary', 'book-button']);
    await click(el, /^Book appointment/);
    await waitForHeading(el, 'You’re booked');
    await check(['calendar-link', 'change-link']);
    expect([...seen].sort()).to.deep.equal([...PARTS].sort());
  });
});
