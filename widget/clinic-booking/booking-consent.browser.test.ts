/**
 * The clinic's "news and offers" box on the details step, against the real proxy app (demo
 * clinic, in the page via msw): unticked until the patient ticks it, by keyboard too, its
 * answer in the booking request; no box and no answer when the clinic does not ask.
 */
import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { http } from 'msw';
import { PROXY_ORIGIN, startDemoProxy } from '../../test/browser/demo-proxy-worker.ts';
import {
  click,
  deepActiveElement,
  deepQueryAll,
  field,
  fillDetails,
  waitForHeading,
  walkToDetails,
} from '../../test/browser/widget-driver.ts';
import type { ClinicBooking } from './clinic-booking.ts';
import '../define.ts';

const BOOKINGS = `${PROXY_ORIGIN}/api/clinics/demo/bookings`;
const LABEL = /^Send me news and offers from Harbourside Health/;

/** The demo clinic (with `clinicOverrides`) at step 4, and the bodies of the booking requests it gets. */
async function atDetails(clinicOverrides: Record<string, unknown> = {}) {
  const { worker } = await startDemoProxy(clinicOverrides);
  const sent: Array<Record<string, unknown>> = [];
  // Returns nothing: the request goes on to the proxy.
  worker.use(
    http.post(BOOKINGS, async ({ request }) => {
      sent.push((await request.clone().json()) as Record<string, unknown>);
    }),
  );
  const el = await fixture<ClinicBooking>(
    html`<clinic-booking clinic="demo" api=${PROXY_ORIGIN}></clinic-booking>`,
  );
  await waitForHeading(el, 'What would you like to book?');
  await walkToDetails(el);
  await fillDetails(el);
  return { el, sent };
}

async function book(el: ClinicBooking) {
  await click(el, 'Review booking');
  await waitForHeading(el, 'Check and book');
  await click(el, 'Book appointment');
  await waitForHeading(el, 'You’re booked');
}

describe('the marketing consent box', () => {
  it('is unticked, labelled with the clinic’s name, ticked from the keyboard, and sent as true', async () => {
    const { el, sent } = await atDetails();
    const box = field(el, LABEL);
    expect(box.type).to.equal('checkbox');
    expect(box.checked, 'never ticked for the patient').to.equal(false);
    expect(box.required).to.equal(false);
    await expect(el).to.be.accessible();
    box.focus();
    await sendKeys({ press: 'Space' });
    expect(deepActiveElement()).to.equal(box);
    expect(box.checked).to.equal(true);
    await book(el);
    expect(sent).to.have.length(1);
    expect(sent[0]!.marketingConsent).to.equal(true);
  });

  it('left alone, sends false, and keeps the patient’s answer when they come back to the step', async () => {
    const { el, sent } = await atDetails();
    field(el, LABEL).click();
    await click(el, 'Review booking');
    await waitForHeading(el, 'Check and book');
    await click(el, /^Change your details/);
    await waitForHeading(el, 'Your details');
    const box = field(el, LABEL);
    expect(box.checked, 'still ticked after Change').to.equal(true);
    box.click();
    await book(el);
    expect(sent[0]!.marketingConsent).to.equal(false);
  });

  it('is not there when the clinic does not ask, and the booking carries no answer', async () => {
    const { el, sent } = await atDetails({ marketingConsent: { enabled: false } });
    const step = deepQueryAll(el.shadowRoot!, 'cb-step-details')[0]!.shadowRoot!;
    expect(step.textContent).to.contain('I have read and agree');
    expect(step.textContent).not.to.match(/news and offers/i);
    expect(step.querySelector('#marketing')).to.equal(null);
    await book(el);
    expect(sent).to.have.length(1);
    expect('marketingConsent' in sent[0]!).to.equal(false);
  });

  it('shows the clinic’s own words', async () => {
    await atDetails({ marketingConsent: { enabled: true, label: 'Email me Harbourside’s monthly tips' } });
    const el = document.querySelector('clinic-booking')!;
    expect(field(el, /^Email me Harbourside’s monthly tips/).checked).to.equal(false);
  });
});
