/**
 * What a booking tells the clinic's marketing tools, against the real proxy app (demo clinic,
 * in the page via msw): the visit's source sent with the booking, the pushes onto Google Tag
 * Manager's `window.dataLayer` (and none with `no-data-layer`), and never anything the
 * patient typed.
 */
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { HttpResponse, http } from 'msw';
import { PROXY_ORIGIN, startDemoProxy } from '../../test/browser/demo-proxy-worker.ts';
import { PATIENT, click, fillDetails, waitForHeading } from '../../test/browser/widget-driver.ts';
import type { BookingCompleteDetail } from './booking-events.ts';
import type { ClinicBooking } from './clinic-booking.ts';
import '../define.ts';

const BOOKINGS = `${PROXY_ORIGIN}/api/clinics/demo/bookings`;
type Pushed = Record<string, unknown>;
const page = window as unknown as { dataLayer?: Pushed[] };

/** Books the demo clinic's follow-up with any practitioner; returns the booking's event detail. */
async function book(el: ClinicBooking): Promise<BookingCompleteDetail> {
  const completed = new Promise<BookingCompleteDetail>((resolve) =>
    el.addEventListener('cb-booking-complete', (e) => resolve(e.detail), { once: true }),
  );
  await click(el, /^Physiotherapy/);
  await click(el, /^Follow-up physiotherapy/);
  await click(el, /^Any available practitioner/);
  await click(el, /^\d{1,2}:\d\d [ap]m/);
  await waitForHeading(el, 'Your details');
  await fillDetails(el);
  await click(el, 'Review booking');
  await click(el, 'Book appointment');
  await waitForHeading(el, 'You’re booked');
  return completed;
}

describe('the booking’s source', () => {
  const original = location.href;
  afterEach(() => history.replaceState(null, '', original));

  it('is read from the page URL when the element connects, with the page’s utm attributes winning', async () => {
    const { worker } = await startDemoProxy();
    const sent: Array<Record<string, unknown>> = [];
    worker.use(
      http.post(BOOKINGS, async ({ request }) => {
        sent.push((await request.clone().json()) as Record<string, unknown>);
      }),
    );
    history.replaceState(
      null,
      '',
      '/book/physio?utm_source=google&utm_medium=cpc&gclid=G-123&email=jo%40x.com',
    );
    const el = await fixture<ClinicBooking>(
      html`<clinic-booking clinic="demo" api=${PROXY_ORIGIN} utm-campaign="winter"></clinic-booking>`,
    );
    // Read once: a page that changes its URL later (a single-page site) does not change the source.
    history.replaceState(null, '', '/elsewhere?utm_source=bing');
    await waitForHeading(el, 'What would you like to book?');
    await book(el);
    expect(sent).to.have.length(1);
    expect(sent[0]!.source).to.deep.equal({
      utm_campaign: 'winter',
      gclid: 'G-123',
      landingPath: '/book/physio',
    });
  });
});

describe('<clinic-booking> and the page’s dataLayer', () => {
  afterEach(() => {
    delete page.dataLayer;
  });

  it('pushes each step, begin_checkout and a purchase in GA4’s shapes, and nothing about the patient', async () => {
    await startDemoProxy();
    page.dataLayer = [];
    const el = await fixture<ClinicBooking>(
      html`<clinic-booking clinic="demo" api=${PROXY_ORIGIN}></clinic-booking>`,
    );
    await waitForHeading(el, 'What would you like to book?');
    const booked = await book(el);
    await waitUntil(() => page.dataLayer!.some((e) => e.event === 'purchase'), 'the purchase push');
    const pushed = page.dataLayer;

    expect(pushed.filter((e) => e.event === 'cb_step_change').map((e) => e.cb_step)).to.deep.equal([
      'category',
      'service',
      'time',
      'details',
      'confirm',
      'done',
    ]);
    expect(pushed.find((e) => e.cb_step === 'service')).to.deep.equal({
      event: 'cb_step_change',
      cb_step: 'service',
      cb_step_number: 2,
      cb_step_count: 5,
    });
    const item = { item_id: booked.serviceId, item_name: 'Follow-up physiotherapy', price: 95, quantity: 1 };
    const checkout = pushed.findIndex((e) => e.event === 'begin_checkout');
    expect(pushed[checkout - 1], 'ecommerce cleared before begin_checkout').to.deep.equal({
      ecommerce: null,
    });
    expect(pushed[checkout]!.ecommerce).to.deep.equal({ currency: 'AUD', value: 95, items: [item] });
    const purchase = pushed.findIndex((e) => e.event === 'purchase');
    expect(pushed[purchase - 1], 'ecommerce cleared before purchase').to.deep.equal({ ecommerce: null });
    expect(pushed[purchase]!.ecommerce).to.deep.equal({
      transaction_id: booked.bookingId,
      currency: 'AUD',
      value: 95,
      items: [item],
    });
    expect(pushed.filter((e) => e.event === 'purchase')).to.have.length(1, 'one purchase per booking');

    const everything = JSON.stringify(pushed).toLowerCase();
    for (const typed of [PATIENT.first, PATIENT.last, PATIENT.email, PATIENT.phone, PATIENT.dob])
      expect(everything).not.to.contain(typed.toLowerCase());
  });

  it('pushes a failed attempt as cb_booking_failed with its code', async () => {
    const { worker } = await startDemoProxy();
    page.dataLayer = [];
    const el = await fixture<ClinicBooking>(
      html`<clinic-booking clinic="demo" api=${PROXY_ORIGIN}></clinic-booking>`,
    );
    await waitForHeading(el, 'What would you like to book?');
    await click(el, /^Physiotherapy/);
    await click(el, /^Follow-up physiotherapy/);
    await click(el, /^Any available practitioner/);
    await click(el, /^\d{1,2}:\d\d [ap]m/);
    await waitForHeading(el, 'Your details');
    await fillDetails(el);
    await click(el, 'Review booking');
    await waitForHeading(el, 'Check and book');
    worker.use(
      http.post(BOOKINGS, () =>
        HttpResponse.json(
          {
            error: { code: 'upstream_unavailable', message: 'The clinic’s booking system is not answering.' },
          },
          { status: 503 },
        ),
      ),
    );
    await click(el, 'Book appointment');
    await waitUntil(() => page.dataLayer!.some((e) => e.event === 'cb_booking_failed'), 'the failure push');
    const failure = page.dataLayer.find((e) => e.event === 'cb_booking_failed')!;
    expect(failure).to.deep.equal({ event: 'cb_booking_failed', cb_error_code: 'upstream_unavailable' });
    expect(page.dataLayer.some((e) => e.event === 'purchase')).to.equal(false);
  });

  it('pushes nothing with no-data-layer, and needs no dataLayer at all', async () => {
    await startDemoProxy();
    page.dataLayer = [];
    const quiet = await fixture<ClinicBooking>(
      html`<clinic-booking clinic="demo" api=${PROXY_ORIGIN} no-data-layer></clinic-booking>`,
    );
    const steps: string[] = [];
    quiet.addEventListener('cb-step-change', (e) => steps.push(e.detail.step));
    await waitForHeading(quiet, 'What would you like to book?');
    await click(quiet, /^Physiotherapy/);
    await waitForHeading(quiet, 'Choose a service');
    await waitUntil(() => steps.length > 0, 'the DOM event still fires');
    expect(page.dataLayer).to.deep.equal([]);

    delete page.dataLayer;
    const plain = await fixture<ClinicBooking>(
      html`<clinic-booking clinic="demo" api=${PROXY_ORIGIN}></clinic-booking>`,
    );
    await waitForHeading(plain, 'What would you like to book?');
    await click(plain, /^Physiotherapy/);
    await waitForHeading(plain, 'Choose a service');
    expect(page.dataLayer).to.equal(undefined, 'the widget makes no dataLayer of its own');
  });
});
