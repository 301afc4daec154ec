/**
 * What a keyboard or touch user meets on each step, on a 320 × 568 phone: every control is
 * at least 24 × 24 px (WCAG 2.2 2.5.8; a link inside a sentence is exempt), Tab visits the
 * controls in the order they are read (2.4.3), and each control Tab reaches is on screen and
 * not covered by anything (2.4.11 Focus Not Obscured). A patient who asks for reduced motion
 * sees nothing move (2.3.3).
 */
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { sendKeys, setViewport } from '@web/test-runner-commands';
import { emulateMediaFeatures } from '../../test/browser/cdp.ts';
import { PROXY_ORIGIN, startDemoProxy } from '../../test/browser/demo-proxy-worker.ts';
import {
  buttons,
  click,
  deepActiveElement,
  deepQueryAll,
  fillDetails,
  waitForHeading,
  walkToDetails,
  timeButtons,
} from '../../test/browser/widget-driver.ts';
import type { ClinicBooking } from './clinic-booking.ts';
import '../define.ts';

const FOCUSABLE = 'button, input, select, textarea, a[href], [tabindex]:not([tabindex="-1"])';
const MIN_TARGET = 24;

function describeControl(el: Element): string {
  const name =
    el.getAttribute('aria-label') || (el.textContent ?? '').replace(/\s+/g, ' ').trim().slice(0, 30) || el.id;
  const kind = el instanceof HTMLInputElement ? `[type=${el.type}${el.id ? ` #${el.id}` : ''}]` : '';
  return `${el.tagName.toLowerCase()}${kind} "${name}"`;
}

/** On screen for patients: painted, and not the bots' trap field (hidden from everyone). */
const shown = (el: Element) => {
  const box = el.getBoundingClientRect();
  const painted = box.width > 0 && box.height > 0 && getComputedStyle(el).visibility !== 'hidden';
  return painted && !el.closest('[aria-hidden="true"]');
};

/** A link in a run of text is exempt from the size rule (2.5.8 "Inline"). */
const inline = (el: Element) => el.tagName === 'A' && getComputedStyle(el).display === 'inline';

/**
 * The area that takes the pointer: a checkbox or radio inside its label is pressed through
 * the whole label, so the label is its target.
 */
function target(el: Element): DOMRect {
  const label = el.closest('label');
  const box = (
    label && el.matches('input[type="checkbox"], input[type="radio"]') ? label : el
  ).getBoundingClientRect();
  return box;
}

/** The controls on this step that are smaller than 24 × 24. */
function smallTargets(widget: ClinicBooking): string[] {
  return deepQueryAll(widget.shadowRoot!, FOCUSABLE)
    .filter((el) => shown(el) && !inline(el))
    .flatMap((el) => {
      const box = target(el);
      return box.width + 0.5 < MIN_TARGET || box.height + 0.5 < MIN_TARGET
        ? [`${describeControl(el)} ${Math.round(box.width)}×${Math.round(box.height)}`]
        : [];
    });
}

/** The element painted at a point, through every shadow root. */
function deepElementFromPoint(x: number, y: number): Element | null {
  let found: Element | null = document.elementFromPoint(x, y);
  while (found?.shadowRoot) {
    const inner = found.shadowRoot.elementFromPoint(x, y);
    if (!inner || inner === found) break;
    found = inner;
  }
  return found;
}

/** Whether `hit` is `el` or inside it, across shadow boundaries (a pad's SVG, a label's text). */
function within(hit: Element | null, el: Element): boolean {
  for (let node: Node | null = hit; node; node = node.parentNode ?? (node as ShadowRoot).host ?? null) {
    if (node === el) return true;
  }
  return false;
}

/**
 * Tabs from the step heading to the end of the widget. For each stop: is it on screen and
 * uncovered, and does it come after the previous one in reading order (below it, or on the
 * same line further right)? Returns the problems found and the number of stops.
 */
async function tabThrough(
  widget: ClinicBooking,
  step: string,
): Promise<{ problems: string[]; stops: string[] }> {
  widget.shadowRoot!.querySelector<HTMLElement>('h2')!.focus();
  const problems: string[] = [];
  let previous: DOMRect | null = null;
  const stops: string[] = [];
  const visited = new Set<Element>();
  let lastStop: Element | null = null;
  for (let i = 0; i < 80; i++) {
    await sendKeys({ press: 'Tab' });
    await new Promise((r) => requestAnimationFrame(r));
    const active = deepActiveElement();
    // Past the widget's last control, Tab leaves it (or, on a page with nothing else, comes round again).
    if (active === lastStop) continue; // a date field's day, month and year are one control
    if (!active || !within(active, widget) || visited.has(active)) break;
    visited.add(active);
    lastStop = active;
    stops.push(describeControl(active));
    const box = active.getBoundingClientRect();
    const where = `${step}: ${describeControl(active)}`;
    // Scrolled into view whole (Chrome may leave a pixel or two of a tall box under the edge),
    // or, when taller than the screen, filling it. AA asks only for "not entirely hidden".
    const edge = 2;
    const offScreen =
      box.height <= innerHeight
        ? box.top < -edge || box.bottom > innerHeight + edge
        : box.top > 0 || box.bottom < innerHeight;
    if (offScreen || box.left < -edge || box.right > innerWidth + edge) {
      problems.push(
        `${where} is off screen (${Math.round(box.top)}..${Math.round(box.bottom)} of ${innerHeight})`,
      );
    }
    const probes: [number, number][] = [
      [box.left + box.width / 2, box.top + box.height / 2],
      [box.left + 2, box.top + 2],
      [box.right - 2, box.bottom - 2],
    ];
    for (const [x, y] of probes) {
      const hit = deepElementFromPoint(x, y);
      if (!within(hit, active) && !within(active, hit ?? document.body)) {
        problems.push(
          `${where} is covered by ${hit ? describeControl(hit) : 'nothing'} at ${Math.round(x)},${Math.round(y)}`,
        );
        break;
      }
    }
    const onPage = new DOMRect(box.x + scrollX, box.y + scrollY, box.width, box.height);
    if (previous) {
      const sameLine = onPage.top < previous.bottom - 2 && onPage.bottom > previous.top + 2;
      const readOn = sameLine ? onPage.left >= previous.left - 0.5 : onPage.top >= previous.top - 0.5;
      if (!readOn) {
        const at = (b: DOMRect) => `${Math.round(b.left)},${Math.round(b.top)}`;
        problems.push(
          `${where} at ${at(onPage)} comes before the previous stop at ${at(previous)} on the page`,
        );
      }
    }
    previous = onPage;
  }
  return { problems, stops };
}

async function checkStep(widget: ClinicBooking, step: string, minStops: number) {
  expect(smallTargets(widget), `${step}: targets under 24 × 24 px`).to.deep.equal([]);
  const { problems, stops } = await tabThrough(widget, step);
  expect(problems, `${step}: focus order and visibility`).to.deep.equal([]);
  expect(stops.length, `${step}: Tab reaches the step's controls: ${stops.join(', ')}`).to.be.at.least(
    minStops,
  );
}

async function widget(): Promise<ClinicBooking> {
  await startDemoProxy();
  const el = await fixture<ClinicBooking>(
    html`<clinic-booking clinic="demo" api=${PROXY_ORIGIN}></clinic-booking>`,
  );
  await waitForHeading(el, 'What would you like to book?');
  return el;
}

describe('on a 320 px phone, by keyboard and touch', () => {
  afterEach(() => setViewport({ width: 800, height: 600 }));

  it('every control is at least 24 px, Tab follows reading order, and what has focus is in view', async function () {
    this.timeout(60_000);
    await setViewport({ width: 320, height: 568 });
    const el = await widget();
    await checkStep(el, 'step 1', 3);

    await click(el, /^Physiotherapy/);
    await waitForHeading(el, 'Choose a service');
    await click(el, /^Follow-up physiotherapy/);
    await waitUntil(() => buttons(el, /^Any available practitioner/).length > 0, 'the practitioners');
    await checkStep(el, 'step 2', 4);

    await click(el, /^Any available practitioner/);
    await waitUntil(() => timeButtons(el).length > 0, 'the times', { timeout: 5000 });
    await checkStep(el, 'step 3', 5);

    await click(el, /^\d{1,2}:\d\d [ap]m/);
    await waitForHeading(el, 'Your details');
    await click(el, 'Review booking');
    await checkStep(el, 'step 4, every problem shown', 10);

    await fillDetails(el);
    await checkStep(el, 'step 4, signed', 10);
    await click(el, 'Review booking');
    await waitForHeading(el, 'Check and book');
    await checkStep(el, 'step 5', 2);

    await click(el, 'Book appointment');
    await waitForHeading(el, 'You’re booked');
    await checkStep(el, 'booked', 1);
  });
});

describe('with reduced motion', () => {
  afterEach(() => emulateMediaFeatures({}));

  it('nothing on any step moves', async function () {
    this.timeout(30_000);
    await emulateMediaFeatures({ 'prefers-reduced-motion': 'reduce' });
    const el = await widget();
    const moving = () =>
      deepQueryAll(el.shadowRoot!, '*').flatMap((node) => {
        const style = getComputedStyle(node);
        const animated = style.animationName !== 'none' && parseFloat(style.animationDuration) > 0;
        const transitions = style.transitionDuration.split(',').some((d) => parseFloat(d) > 0);
        return animated || transitions ? [describeControl(node)] : [];
      });
    expect(moving(), 'step 1').to.deep.equal([]);
    await walkToDetails(el);
    expect(moving(), 'step 4').to.deep.equal([]);
  });
});
