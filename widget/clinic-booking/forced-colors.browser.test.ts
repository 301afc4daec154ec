/**
 * Under forced colours (Windows high contrast; emulated with CDP `Emulation.setEmulatedMedia`,
 * `forced-colors: active`, in the light and the dark palette) what the brand colours marked
 * still shows: the chosen service, the selected day and the chosen time differ from the
 * rest, the days with free times keep their dot, and the signature can be seen while
 * signing, after signing in step 4, and on the summary.
 */
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { emulateMediaFeatures, inkContrast, inkCoverage, pixels } from '../../test/browser/cdp.ts';
import { backgroundBehind, contrastOf } from '../../test/browser/contrast-probe.ts';
import { PROXY_ORIGIN, startDemoProxy } from '../../test/browser/demo-proxy-worker.ts';
import {
  buttons,
  click,
  deepQueryAll,
  drawSignature,
  fillDetails,
  waitForHeading,
} from '../../test/browser/widget-driver.ts';
import { contrastRatio } from '../../shared/contrast.ts';
import { readColour } from '../theme/read-colour.ts';
import type { ClinicBooking } from './clinic-booking.ts';
import '../define.ts';

function colour(value: string): [number, number, number] {
  const c = readColour(value);
  if (!c) throw new Error(`not a colour: ${value}`);
  return [c[0], c[1], c[2]];
}

/** How far apart two elements' looks are: the larger contrast of what is painted behind them or of their text. */
function difference(a: Element, b: Element): number {
  return Math.max(
    contrastRatio(backgroundBehind(a), backgroundBehind(b)),
    contrastRatio(colour(getComputedStyle(a).color), colour(getComputedStyle(b).color)),
  );
}

/**
 * The words of a control as painted: readable strokes of its text colour on its background,
 * not hidden under a block. Only the top `share` of the box, so a dot below is left out.
 */
async function textIsReadable(el: Element, share = 1): Promise<boolean> {
  const box = inside(el);
  const coverage = inkCoverage(await pixels(new DOMRect(box.x, box.y, box.width, box.height * share)));
  return coverage !== null && coverage < 0.7;
}

/** The element's box less its edges, so a border is not taken for ink. */
function inside(el: Element): DOMRect {
  const box = el.getBoundingClientRect();
  return new DOMRect(box.x + 4, box.y + 4, box.width - 8, box.height - 8);
}

afterEach(() => emulateMediaFeatures({}));

for (const scheme of ['light', 'dark'] as const) {
  describe(`forced colours, ${scheme} palette`, () => {
    it('shows what is chosen, the days with times, and the signature', async function () {
      this.timeout(40_000);
      await startDemoProxy();
      await emulateMediaFeatures({ 'forced-colors': 'active', 'prefers-color-scheme': scheme });
      const el = await fixture<ClinicBooking>(
        html`<clinic-booking clinic="demo" api=${PROXY_ORIGIN}></clinic-booking>`,
      );
      await waitForHeading(el, 'What would you like to book?');
      await click(el, /^Physiotherapy/);
      await click(el, /^Follow-up physiotherapy/);
      await waitUntil(() => buttons(el, /^Any available/).length > 0, 'practitioners');
      const services = deepQueryAll(el.shadowRoot!, '[part="service-list"] .option');
      const chosen = services.find((o) => o.getAttribute('aria-pressed') === 'true')!;
      const other = services.find((o) => o.getAttribute('aria-pressed') === 'false')!;
      expect(difference(chosen, other), 'the chosen service stands out').to.be.at.least(3);
      expect(await textIsReadable(chosen.querySelector('.option-name')!), 'its name can be read').to.equal(
        true,
      );
      expect(contrastOf(chosen.querySelector('.option-meta')!), 'its details stay readable').to.be.at.least(
        4.5,
      );

      await click(el, /^Any available practitioner/);
      await waitForHeading(el, 'Choose a time');
      await waitUntil(() => deepQueryAll(el.shadowRoot!, 'button[part="time"]').length > 0, 'times', {
        timeout: 5000,
      });
      const selected = deepQueryAll(el.shadowRoot!, '[aria-selected="true"] > .day')[0]!;
      const free = deepQueryAll(el.shadowRoot!, '[aria-selected="false"] > .day.free')[0]!;
      const none = deepQueryAll(el.shadowRoot!, '.day:not(.free)')[0]!;
      expect(difference(selected, free), 'the selected day stands out').to.be.at.least(3);
      expect(await textIsReadable(selected, 0.6), 'the selected day’s number can be read').to.equal(true);
      expect(await textIsReadable(free, 0.6), 'so can the others').to.equal(true);
      const dot = (day: Element) =>
        contrastRatio(colour(getComputedStyle(day, '::after').backgroundColor), backgroundBehind(day));
      expect(dot(free), 'a free day’s dot shows').to.be.at.least(3);
      expect(dot(selected), 'and the selected day’s').to.be.at.least(3);
      expect(getComputedStyle(none, '::after').content).to.equal('none', 'a day without times has none');
      const border = (day: Element) =>
        contrastRatio(colour(getComputedStyle(day).borderTopColor), backgroundBehind(day));
      expect(border(free), 'a day with times has a border').to.be.at.least(3);
      expect(border(none), 'a day without has none').to.equal(1);

      await click(el, /^\d{1,2}:\d\d [ap]m/);
      await waitForHeading(el, 'Your details');
      await fillDetails(el);
      await click(el, /^Draw my signature instead/);
      await drawSignature(el);
      await waitUntil(() => deepQueryAll(el.shadowRoot!, '.signed img').length > 0, 'the signature shown');
      const signed = deepQueryAll<HTMLImageElement>(el.shadowRoot!, '.signed img')[0]!;
      await waitUntil(() => signed.complete, 'the signature image');
      const inStep4 = inkContrast(await pixels(inside(signed)));
      expect(inStep4.inkPixels, 'the signature shows in step 4').to.be.greaterThan(100);
      expect(inStep4.ratio).to.be.at.least(4.5);
      await expect(el).to.be.accessible();

      await click(el, 'Review booking');
      await waitForHeading(el, 'Check and book');
      const summary = deepQueryAll<HTMLImageElement>(el.shadowRoot!, 'img.signature')[0]!;
      await waitUntil(() => summary.complete, 'the summary’s signature');
      summary.scrollIntoView();
      const onSummary = inkContrast(await pixels(inside(summary)));
      expect(onSummary.inkPixels, 'the signature shows on the summary').to.be.greaterThan(100);
      expect(onSummary.ratio).to.be.at.least(4.5);

      await click(el, 'Change date and time');
      await waitForHeading(el, 'Choose a time');
      await waitUntil(
        () => deepQueryAll(el.shadowRoot!, '.time[aria-pressed="true"]').length > 0,
        'the chosen time',
        {
          timeout: 5000,
        },
      );
      const pressed = deepQueryAll(el.shadowRoot!, '.time[aria-pressed="true"]')[0]!;
      const unpressed = deepQueryAll(el.shadowRoot!, '.time[aria-pressed="false"]')[0]!;
      expect(difference(pressed, unpressed), 'the chosen time stands out').to.be.at.least(3);
      expect(await textIsReadable(pressed, 0.5), 'the chosen time can be read').to.equal(true);
      await expect(el).to.be.accessible();
    });
  });
}
