/**
 * `<clinic-booking practice=…>`: "Where would you like to be seen?" before the five steps,
 * against the real proxy app on the demo practice (`demo` and `demo-bondi`, in the page via
 * msw). Keyboard only, axe, 320 px, Back keeping the choice, the prefill and a practice of
 * one clinic skipping the step, and a booking at the second site landing there.
 */
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { sendKeys, setViewport } from '@web/test-runner-commands';
import { emulateMediaFeatures } from '../../test/browser/cdp.ts';
import { PROXY_ORIGIN, startDemoPracticeProxy } from '../../test/browser/demo-proxy-worker.ts';
import { controlsThatDoNotShow } from '../../test/browser/forced-colours.ts';
import {
  click,
  deepActiveElement,
  deepQueryAll,
  heading,
  walkToConfirm,
  waitForHeading,
} from '../../test/browser/widget-driver.ts';
import { DEMO_SERVICE_IDS } from '../../proxy/providers/demo/demo-data.ts';
import type { BookingCompleteDetail, StepChangeDetail } from './booking-events.ts';
import type { ClinicBooking } from './clinic-booking.ts';
import '../define.ts';

const WHERE = 'Where would you like to be seen?';
const FIRST = 'What would you like to book?';
const BONDI = 'Harbourside Health Bondi';
const BONDI_ADDRESS = '88 Campbell Parade, Bondi Beach NSW 2026';

const text = (node: Node | null | undefined) => (node?.textContent ?? '').replace(/\s+/g, ' ').trim();
const clinicName = (el: ClinicBooking) => text(el.shadowRoot!.querySelector('.clinic-name'));
const progress = (el: ClinicBooking) => text(el.shadowRoot!.querySelector('[part="progress"]'));
const locationStep = (el: ClinicBooking) => el.shadowRoot!.querySelector('cb-step-location')!.shadowRoot!;
const locationButtons = (el: ClinicBooking) => [
  ...locationStep(el).querySelectorAll<HTMLButtonElement>('button[part="option"]'),
];

const PAGE = window.location.href;

async function practiceWidget(
  attributes: { location?: string; practice?: string; service?: string; practitioner?: string } = {},
) {
  const el = await fixture<ClinicBooking>(
    html`<clinic-booking
      practice=${attributes.practice ?? 'harbourside-group'}
      location=${attributes.location ?? ''}
      service=${attributes.service ?? ''}
      practitioner=${attributes.practitioner ?? ''}
      api=${PROXY_ORIGIN}
    ></clinic-booking>`,
  );
  return el;
}

/** The heading, then the step's cards (its code comes with the practice's answer). */
async function waitForLocations(el: ClinicBooking) {
  await waitForHeading(el, WHERE);
  await waitUntil(
    () => el.shadowRoot!.querySelector('cb-step-location')?.shadowRoot?.querySelector('button'),
    'the locations',
    {
      timeout: 5000,
    },
  );
}

/** What each location card says under its name and address (its next free time). */
const nextFreeHints = (el: ClinicBooking) => locationButtons(el).map((b) => text(b.querySelector('.hint')));

/** Presses Tab until the focused control's text matches, then Enter: a keyboard user's choice. */
async function tabToAndPress(name: RegExp) {
  for (let i = 0; i < 30 && !name.test(text(deepActiveElement())); i++) await sendKeys({ press: 'Tab' });
  expect(text(deepActiveElement())).to.match(name);
  await sendKeys({ press: 'Enter' });
}

describe('a practice’s location step', () => {
  afterEach(async () => {
    history.replaceState(null, '', PAGE);
    await setViewport({ width: 800, height: 600 });
  });

  it('lists each location with its address and map link, and is axe clean', async () => {
    await startDemoPracticeProxy();
    const steps: StepChangeDetail[] = [];
    const record = (e: CustomEvent<StepChangeDetail>) => steps.push(e.detail);
    document.addEventListener('cb-step-change', record);
    const el = await practiceWidget();
    await waitForLocations(el);
    expect(clinicName(el)).to.equal('Harbourside Health', 'the practice’s name above the question');
    expect(progress(el)).to.equal('', 'the location step is not one of the numbered steps');
    const names = locationButtons(el).map((b) => text(b.querySelector('.option-name')));
    expect(names).to.deep.equal(['Harbourside Health', BONDI]);
    expect(text(locationButtons(el)[1])).to.contain(BONDI_ADDRESS);
    const maps = [...locationStep(el).querySelectorAll<HTMLAnchorElement>('a[part="map-link"]')];
    expect(maps).to.have.length(2);
    expect(maps[1]!.target).to.equal('_blank');
    expect(maps[1]!.href).to.match(/^https:\/\/www\.openstreetmap\.org\//);
    expect(text(maps[1])).to.equal(`Map of ${BONDI} (opens in a new tab)`);
    expect(nextFreeHints(el)).to.deep.equal(['', ''], 'no kind of care known: no times asked for');
    await expect(el).to.be.accessible();
    document.removeEventListener('cb-step-change', record);
    expect(steps).to.deep.equal([{ step: 'location', stepNumber: 0, stepCount: 5 }]);
  });

  it('is used by keyboard alone; Back from step 1 returns to it with the choice kept', async () => {
    await startDemoPracticeProxy();
    const el = await practiceWidget();
    await waitForLocations(el);
    locationButtons(el)[0]!.focus();
    await tabToAndPress(new RegExp(`^${BONDI}`));
    await waitForHeading(el, FIRST);
    expect(clinicName(el)).to.equal(BONDI);
    expect(progress(el)).to.equal('Step 1 of 5');
    expect(deepActiveElement()).to.equal(el.shadowRoot!.querySelector('h2'), 'focus on the new heading');

    await tabToAndPress(/^Physiotherapy/);
    await waitForHeading(el, 'Choose a service');
    await tabToAndPress(/^Back$/);
    await waitForHeading(el, FIRST);
    await tabToAndPress(/^Back$/);
    await waitForLocations(el);
    expect(deepActiveElement()).to.equal(el.shadowRoot!.querySelector('h2'));
    const pressed = locationButtons(el).filter((b) => b.getAttribute('aria-pressed') === 'true');
    expect(pressed.map((b) => text(b.querySelector('.option-name')))).to.deep.equal([BONDI]);
    await expect(el).to.be.accessible();

    // The same location again: everything chosen at it is still chosen.
    await tabToAndPress(new RegExp(`^${BONDI}`));
    await waitForHeading(el, FIRST);
    const category = deepQueryAll<HTMLButtonElement>(el.shadowRoot!, 'button[aria-pressed="true"]')[0];
    expect(text(category)).to.match(/^Physiotherapy/);
  });

  it('books at the second site: it lands there, and the summary, success screen, calendar and events name it', async function () {
    this.timeout(30_000);
    const { proxy } = await startDemoPracticeProxy();
    const completed: BookingCompleteDetail[] = [];
    const steps: StepChangeDetail[] = [];
    const onComplete = (e: CustomEvent<BookingCompleteDetail>) => completed.push(e.detail);
    const onStep = (e: CustomEvent<StepChangeDetail>) => steps.push(e.detail);
    document.addEventListener('cb-booking-complete', onComplete);
    document.addEventListener('cb-step-change', onStep);
    const el = await practiceWidget();
    await waitForLocations(el);
    await click(el, new RegExp(`^${BONDI}`));
    await waitForHeading(el, FIRST);
    await walkToConfirm(el);
    const summary = text(el.shadowRoot!.querySelector('cb-step-confirm')!.shadowRoot);
    expect(summary).to.contain(`Location ${BONDI}`);
    expect(summary).to.contain(BONDI_ADDRESS);
    await expect(el).to.be.accessible();

    await click(el, 'Book appointment');
    await waitForHeading(el, 'You’re booked');
    const done = el.shadowRoot!.querySelector('cb-step-done')!.shadowRoot!;
    expect(text(done)).to.contain(`at ${BONDI}`);
    expect(text(done)).to.contain(BONDI_ADDRESS);
    const ics = decodeURIComponent(
      done.querySelector<HTMLAnchorElement>('a[download$=".ics"]')!.href,
    ).replace(/\r\n[ \t]/g, ''); // long lines are folded (RFC 5545 3.1)
    expect(ics).to.match(/LOCATION:Harbourside Health Bondi\\, 88 Campbell Parade\\, Bondi Beach NSW 2026/);
    const google = new URL(
      done.querySelector<HTMLAnchorElement>('a[href^="https://calendar.google.com/"]')!.href,
    );
    expect(google.searchParams.get('location')).to.equal(`${BONDI}, ${BONDI_ADDRESS}`);
    await expect(el).to.be.accessible();
    document.removeEventListener('cb-booking-complete', onComplete);
    document.removeEventListener('cb-step-change', onStep);

    expect(completed).to.have.length(1);
    expect(completed[0]).to.include({ locationId: 'demo-bondi', locationName: BONDI });
    expect(steps.map((s) => s.step)).to.deep.equal([
      'location',
      'category',
      'service',
      'time',
      'details',
      'confirm',
      'done',
    ]);
    expect(steps[1]).to.deep.equal({
      step: 'category',
      stepNumber: 1,
      stepCount: 5,
      locationId: 'demo-bondi',
      locationName: BONDI,
    });
    expect(steps[6]).to.include({ step: 'done', stepNumber: 5, stepCount: 5 });

    const atBondi = await proxy.store.demo.appointments('demo-bondi');
    const atCity = await proxy.store.demo.appointments('demo');
    expect(atBondi.map((a) => a.id)).to.deep.equal([completed[0]!.bookingId]);
    expect(atCity).to.deep.equal([], 'nothing booked at the other site');
  });

  it('shows each location’s next free time when the page names the service', async () => {
    await startDemoPracticeProxy();
    const el = await practiceWidget({ service: DEMO_SERVICE_IDS.physioFollowUp, practitioner: 'any' });
    await waitForLocations(el);
    await waitUntil(() => nextFreeHints(el).every((h) => h !== ''), 'both next free times', {
      timeout: 5000,
    });
    for (const hint of nextFreeHints(el)) expect(hint).to.match(/^Next free: .+, \d{1,2}:\d\d [ap]m$/);
    await expect(el).to.be.accessible();
  });

  it('opens a change-or-cancel link from a booking at the second site', async function () {
    this.timeout(30_000);
    await startDemoPracticeProxy();
    const booked = await practiceWidget({ location: 'demo-bondi' });
    await waitForHeading(booked, FIRST);
    await walkToConfirm(booked);
    await click(booked, 'Book appointment');
    await waitForHeading(booked, 'You’re booked');
    const link = booked
      .shadowRoot!.querySelector('cb-step-done')!
      .shadowRoot!.querySelector<HTMLAnchorElement>('a[part="change-link"]')!;
    booked.remove();

    history.replaceState(null, '', link.href);
    const el = await practiceWidget();
    const view = () => el.shadowRoot!.querySelector('cb-manage-view');
    await waitUntil(() => text(view()?.shadowRoot?.querySelector('h2')) === 'Your booking', 'the booking', {
      timeout: 5000,
    });
    expect(text(view()!.shadowRoot)).to.contain('Follow-up physiotherapy');
    expect(el.shadowRoot!.querySelector('cb-step-location')).to.equal(null);
  });

  it('is skipped when the page names the location (location=)', async () => {
    await startDemoPracticeProxy();
    const el = await practiceWidget({ location: 'demo-bondi' });
    await waitForHeading(el, FIRST);
    expect(clinicName(el)).to.equal(BONDI);
    expect(progress(el)).to.equal('Step 1 of 5');
    expect(el.shadowRoot!.querySelector('cb-step-location')).to.equal(null);
    await walkToConfirm(el);
    const confirm = el.shadowRoot!.querySelector('cb-step-confirm')!.shadowRoot!;
    expect(text(confirm)).to.contain(`Location ${BONDI}`);
    expect(
      [...confirm.querySelectorAll('button')].map((b) => text(b)).filter((t) => /location/i.test(t)),
      'no way back to a step that was never shown',
    ).to.deep.equal([]);
  });

  it('is skipped at a practice of one clinic', async () => {
    await startDemoPracticeProxy({
      practices: [{ id: 'bondi-only', name: 'Bondi', clinicIds: ['demo-bondi'] }],
    });
    const el = await practiceWidget({ practice: 'bondi-only' });
    await waitForHeading(el, FIRST);
    expect(clinicName(el)).to.equal(BONDI);
    expect(heading(el)).to.equal(FIRST);
    expect(el.shadowRoot!.querySelector('cb-step-location')).to.equal(null);
    expect(deepQueryAll(el.shadowRoot!, 'button').map((b) => text(b))).not.to.include('Back');
  });

  it('fits 320 px', async () => {
    await setViewport({ width: 320, height: 800 });
    await startDemoPracticeProxy();
    const el = await practiceWidget();
    await waitForLocations(el);
    expect(document.documentElement.scrollWidth, 'the page scrolls sideways').to.be.at.most(320);
    for (const button of locationButtons(el)) {
      expect(button.getBoundingClientRect().right).to.be.at.most(320);
    }
    await expect(el).to.be.accessible();
  });

  it('says the form is not set up when the practice is unknown', async () => {
    await startDemoPracticeProxy();
    const el = await practiceWidget({ practice: 'nowhere' });
    await waitUntil(() => el.shadowRoot!.querySelector('[role="alert"]'), 'the alert', { timeout: 5000 });
    expect(text(el.shadowRoot!.querySelector('[role="alert"]'))).to.contain(
      'This booking form is not set up for this website yet.',
    );
  });
});

describe('the location step in forced colours', () => {
  afterEach(() => emulateMediaFeatures({}));
  for (const scheme of ['light', 'dark'] as const) {
    it(`keeps every location's button and map link showing, ${scheme} palette`, async () => {
      await startDemoPracticeProxy();
      await emulateMediaFeatures({ 'forced-colors': 'active', 'prefers-color-scheme': scheme });
      const el = await practiceWidget();
      await waitForLocations(el);
      const step = el.shadowRoot!.querySelector('cb-step-location')!.shadowRoot!;
      expect(step.querySelectorAll('a').length, 'the map links').to.be.at.least(2);
      expect(controlsThatDoNotShow(step)).to.deep.equal([]);
    });
  }
});
