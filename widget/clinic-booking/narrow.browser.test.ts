/**
 * At 320 px wide (a phone, or 1280 px at 400% zoom; WCAG 1.4.10) every step fits with no
 * sideways scroll, no day number wraps inside its button, and the agree box keeps its size;
 * the same with a patient's text-spacing override (WCAG 1.4.12), which must reach every
 * part. Text follows the browser's default size and `--cb-font-size`, not the page's root.
 */
import { expect, fixture, html } from '@open-wc/testing';
import { setViewport } from '@web/test-runner-commands';
import { setDefaultFontSize } from '../../test/browser/cdp.ts';
import { PROXY_ORIGIN, startDemoProxy } from '../../test/browser/demo-proxy-worker.ts';
import {
  click,
  deepQueryAll,
  field,
  fillDetails,
  waitForHeading,
  walkToTimes,
} from '../../test/browser/widget-driver.ts';
import type { ClinicBooking } from './clinic-booking.ts';
import '../define.ts';

/** What bookmarklets and extensions for WCAG 1.4.12 apply to every element. */
const TEXT_SPACING = `* { line-height: 1.5 !important; letter-spacing: 0.12em !important;
  word-spacing: 0.16em !important; } p { margin-bottom: 2em !important; }`;

let pageStyle: HTMLStyleElement | null = null;
function pageCss(css: string) {
  pageStyle = document.createElement('style');
  pageStyle.textContent = css;
  document.head.append(pageStyle);
}

afterEach(async () => {
  pageStyle?.remove();
  pageStyle = null;
  await setViewport({ width: 800, height: 600 });
  await setDefaultFontSize(16);
});

/** In a site's content column: its side gutters and a wide sans-serif face, as on the demo site. */
async function widget() {
  await startDemoProxy();
  const column = await fixture<HTMLDivElement>(
    html`<div style="padding: 0 20px; font-family: Verdana, 'DejaVu Sans', sans-serif">
      <clinic-booking clinic="demo" api=${PROXY_ORIGIN}></clinic-booking>
    </div>`,
  );
  const el = column.querySelector('clinic-booking')!;
  await waitForHeading(el, 'What would you like to book?');
  return el;
}

function fitsSideways(el: ClinicBooking, step: string) {
  expect(document.documentElement.scrollWidth, `${step}: the page scrolls sideways`).to.be.at.most(320);
  const frame = el.shadowRoot!.querySelector('.frame')!.getBoundingClientRect();
  expect(frame.right, `${step}: the widget overflows`).to.be.at.most(320);
}

/** The days whose number takes more than one line, or spills out of its button. */
function brokenDays(el: ClinicBooking): string[] {
  return deepQueryAll<HTMLButtonElement>(el.shadowRoot!, 'button.day').flatMap((button) => {
    const range = document.createRange();
    range.selectNodeContents(button);
    const rects = [...range.getClientRects()].filter((r) => r.width > 0);
    const lines = new Set(rects.map((r) => Math.round(r.top))).size;
    const box = button.getBoundingClientRect();
    const spills = rects.some((r) => r.left < box.left - 0.5 || r.right > box.right + 0.5);
    return lines > 1 || spills ? [`${button.dataset.date} (${lines} lines${spills ? ', spills' : ''})`] : [];
  });
}

async function walk(el: ClinicBooking) {
  fitsSideways(el, 'step 1');
  await walkToTimes(el);
  expect(deepQueryAll(el.shadowRoot!, 'button.day').length).to.be.at.least(28);
  expect(brokenDays(el), 'day numbers on one line, inside their buttons').to.deep.equal([]);
  fitsSideways(el, 'step 3');
  await click(el, /^\d{1,2}:\d\d [ap]m/);
  await waitForHeading(el, 'Your details');
  await fillDetails(el);
  const agree = field(el, /I have read and agree/).getBoundingClientRect();
  expect(agree.width, 'the agree box is not squeezed').to.be.at.least(24);
  const news = field(el, /^Send me news and offers/).getBoundingClientRect();
  expect(news.width, 'nor the news and offers box').to.be.at.least(24);
  fitsSideways(el, 'step 4');
  await click(el, 'Review booking');
  await waitForHeading(el, 'Check and book');
  fitsSideways(el, 'step 5');
}

describe('at 320 px', () => {
  it('fits every step, with every day number on one line', async function () {
    this.timeout(30_000);
    await setViewport({ width: 320, height: 800 });
    await walk(await widget());
  });

  it('takes a patient’s text-spacing override everywhere, and still fits', async function () {
    this.timeout(30_000);
    await setViewport({ width: 320, height: 800 });
    pageCss(TEXT_SPACING);
    const el = await widget();
    await walk(el);
    for (const selector of ['.frame', 'dt', 'button.button-primary']) {
      const node = deepQueryAll(el.shadowRoot!, selector)[0]!;
      const style = getComputedStyle(node);
      const size = parseFloat(style.fontSize);
      // Set in em on the element, the spacing is inherited as that length: at least as wide inside.
      expect(parseFloat(style.letterSpacing), `${selector} letter spacing`).to.be.at.least(
        0.12 * size - 0.01,
      );
      expect(parseFloat(style.wordSpacing), `${selector} word spacing`).to.be.at.least(0.16 * size - 0.01);
    }
  });

  it('with a larger browser font size too', async function () {
    this.timeout(30_000);
    await setViewport({ width: 320, height: 800 });
    await setDefaultFontSize(20);
    const el = await widget();
    expect(getComputedStyle(el.shadowRoot!.querySelector('.frame')!).fontSize).to.equal('20px');
    await walk(el);
  });
});

describe('text size', () => {
  it('follows the browser’s default size, not the page’s root size', async () => {
    pageCss('html { font-size: 62.5%; } body { font-size: 1.7rem; letter-spacing: 0.04em; }');
    const el = await widget();
    const frame = el.shadowRoot!.querySelector('.frame')!;
    const hint = deepQueryAll(el.shadowRoot!, '.clinic-name')[0]!;
    expect(getComputedStyle(frame).fontSize).to.equal('16px', 'a 62.5% root does not shrink it');
    expect(getComputedStyle(frame).letterSpacing).to.equal('normal', 'nor does the site’s spacing reach in');
    await setDefaultFontSize(24);
    expect(getComputedStyle(frame).fontSize).to.equal('24px', 'the patient’s larger default does reach it');
    expect(getComputedStyle(hint).fontSize).to.equal('21px', 'and everything scales with it');
  });

  it('scales with --cb-font-size', async () => {
    pageCss('clinic-booking { --cb-font-size: 18px; }');
    const el = await widget();
    expect(getComputedStyle(el.shadowRoot!.querySelector('.frame')!).fontSize).to.equal('18px');
    expect(getComputedStyle(el.shadowRoot!.querySelector('h2 .step-title')!).fontSize).to.equal('24.75px');
    expect(getComputedStyle(deepQueryAll(el.shadowRoot!, '.clinic-name')[0]!).fontSize).to.equal('15.75px');
  });
});
