/**
 * Focus is never lost to the page (WCAG 2.4.3): after every action of a booking, done the
 * way a keyboard user does it (focus the control, press Enter or Space), focus is still
 * inside the widget, never on `<body>`. The actions that once dropped it are all here: a
 * failed booking, the month buttons at the first and last month, "Clear signature", "Clear
 * and sign again", drawing after clearing, and "Try again" after the widget or the times
 * failed to load.
 */
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { http, HttpResponse } from 'msw';
import { PROXY_ORIGIN, startDemoProxy } from '../../test/browser/demo-proxy-worker.ts';
import {
  buttons,
  deepActiveElement,
  deepQueryAll,
  drawSignature,
  enter,
  field,
  findButton,
  heading,
  waitForHeading,
} from '../../test/browser/widget-driver.ts';
import type { ClinicBooking } from './clinic-booking.ts';
import '../define.ts';

const API = `${PROXY_ORIGIN}/api/clinics/demo`;

function describeFocus(): string {
  const active = deepActiveElement();
  if (!active || active === document.body) return '<body>';
  return `${active.tagName.toLowerCase()} "${(active.textContent ?? '').replace(/\s+/g, ' ').trim().slice(0, 40)}"`;
}

/** Two frames and a tick: long enough for every render (and any focus fix-up) to land. */
async function settle() {
  for (let i = 0; i < 2; i++) await new Promise((r) => requestAnimationFrame(r));
  await new Promise((r) => setTimeout(r, 30));
}

const log: string[] = [];

/** Focuses the button and presses Enter, as a keyboard user would; then focus must be inside. */
async function press(el: ClinicBooking, name: RegExp | string, until?: () => boolean) {
  const button = await findButton(el, name);
  button.focus();
  await sendKeys({ press: 'Enter' });
  if (until) await waitUntil(until, `after "${String(name)}"`, { timeout: 5000 });
  await settle();
  log.push(`${String(name)} → ${describeFocus()}`);
  expect(el.matches(':focus-within'), `after "${String(name)}", focus is on ${describeFocus()}`).to.equal(
    true,
  );
}

const times = (el: ClinicBooking) => deepQueryAll<HTMLButtonElement>(el.shadowRoot!, 'button[part="time"]');
const at = (el: ClinicBooking, title: string) => () => heading(el) === title;

describe('focus through a whole booking', () => {
  afterEach(() => log.splice(0));

  it('after a failed load, "Try again" keeps focus in the widget', async () => {
    const { worker } = await startDemoProxy();
    worker.use(http.get(`${API}/bootstrap`, () => HttpResponse.error(), { once: true }));
    const el = await fixture<ClinicBooking>(
      html`<clinic-booking clinic="demo" api=${PROXY_ORIGIN}></clinic-booking>`,
    );
    await findButton(el, 'Try again');
    await press(el, 'Try again', at(el, 'What would you like to book?'));
  });

  it('is never on <body> after any action, from step 1 to booking another', async function () {
    this.timeout(60_000);
    const { worker } = await startDemoProxy();
    const el = await fixture<ClinicBooking>(
      html`<clinic-booking clinic="demo" api=${PROXY_ORIGIN}></clinic-booking>`,
    );
    await waitForHeading(el, 'What would you like to book?');

    await press(el, /^Physiotherapy/, at(el, 'Choose a service'));
    // The times fail to load at first; "Try again" goes, and focus goes to the calendar.
    let timesFail = true;
    worker.use(http.get(`${API}/availability`, () => (timesFail ? HttpResponse.error() : undefined)));
    await press(el, /^Follow-up physiotherapy/, () => buttons(el, /^Any available/).length > 0);
    await press(el, 'Back', at(el, 'What would you like to book?'));
    await press(el, /^Physiotherapy/, at(el, 'Choose a service'));
    await press(el, /^Any available practitioner/, () => buttons(el, 'Try again').length > 0);
    timesFail = false;
    await press(el, 'Try again', () => times(el).length > 0);
    expect(deepActiveElement()?.classList.contains('day')).to.equal(true, 'on the calendar’s day');

    // To the last bookable month and back to the first: the pressed button stops at each end.
    for (let i = 0; i < 4; i++) await press(el, 'Next month');
    expect((await findButton(el, 'Next month')).getAttribute('aria-disabled')).to.equal('true');
    for (let i = 0; i < 4; i++) await press(el, 'Previous month');
    expect((await findButton(el, 'Previous month')).getAttribute('aria-disabled')).to.equal('true');
    await press(el, 'Next available', () => times(el).length > 0);

    await press(el, /^\d{1,2}:\d\d [ap]m/, at(el, 'Your details'));
    await press(el, 'Review booking', () => deepQueryAll(el.shadowRoot!, '.error-summary').length > 0);
    await press(el, 'Enter your first name.');
    expect(deepActiveElement()?.id).to.equal('firstName');

    enter(field(el, /^First name/), 'Jordan');
    enter(field(el, /^Last name/), 'Taylor');
    enter(field(el, /^Email/), 'jordan.taylor@example.com');
    enter(field(el, /^Mobile/), '0412 345 678');
    enter(field(el, /^Date of birth/), '1988-04-12');
    const agree = field(el, /I have read and agree/);
    agree.focus();
    await sendKeys({ press: 'Space' });
    expect(agree.checked).to.equal(true);

    await drawSignature(el, 2);
    await waitUntil(() => buttons(el, 'Clear signature')[0]?.disabled === false, 'a scribble to clear');
    await press(el, 'Clear signature');
    expect(deepActiveElement()?.tagName.toLowerCase()).to.equal('svg', 'on the pad, to sign again');
    await drawSignature(el);
    await waitUntil(() => buttons(el, 'Clear and sign again').length > 0, 'the signature shown');
    await settle();
    expect(el.matches(':focus-within'), `after drawing, focus is on ${describeFocus()}`).to.equal(true);
    await press(el, 'Clear and sign again', () => buttons(el, 'Clear signature').length > 0);
    await press(el, /type my name instead/);
    enter(deepQueryAll<HTMLInputElement>(el.shadowRoot!, 'input#signature')[0]!, 'Jordan Taylor');
    await press(el, 'Review booking', at(el, 'Check and book'));

    // The booking is lost on the way: the button is busy, then offers a retry; focus stays on it.
    worker.use(http.post(`${API}/bookings`, () => HttpResponse.error(), { once: true }));
    await press(el, 'Book appointment', () => buttons(el, 'Try again').length > 0);
    expect(describeFocus()).to.match(/^button "Try again"/);
    await press(el, 'Change date and time', at(el, 'Choose a time'));
    await waitUntil(() => times(el).length > 0, 'times', { timeout: 5000 });
    await press(el, /^\d{1,2}:\d\d [ap]m/, at(el, 'Your details'));
    await press(el, 'Review booking', at(el, 'Check and book'));
    await press(el, 'Book appointment', at(el, 'You’re booked'));
    await press(el, 'Book another appointment', at(el, 'What would you like to book?'));
    expect(log.every((line) => !line.endsWith('<body>'))).to.equal(true, log.join('\n'));
  });
});
