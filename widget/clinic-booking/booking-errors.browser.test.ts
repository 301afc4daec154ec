/**
 * What the patient sees when booking goes wrong: a taken slot, details the proxy refuses,
 * and a network or practice-system failure with a safe retry.
 */
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { http, HttpResponse } from 'msw';
import { PROXY_ORIGIN, startDemoProxy } from '../../test/browser/demo-proxy-worker.ts';
import { sendKeys } from '@web/test-runner-commands';
import {
  buttons,
  click,
  deepActiveElement,
  deepQueryAll,
  enter,
  findButton,
  heading,
  type,
  waitForHeading,
  walkToConfirm,
} from '../../test/browser/widget-driver.ts';
import type { BookingFailedDetail } from './booking-events.ts';
import type { ClinicBooking } from './clinic-booking.ts';
import '../define.ts';

const BOOKINGS = `${PROXY_ORIGIN}/api/clinics/demo/bookings`;

async function widget() {
  const el = await fixture<ClinicBooking>(
    html`<clinic-booking clinic="demo" api=${PROXY_ORIGIN}></clinic-booking>`,
  );
  await waitForHeading(el, 'What would you like to book?');
  return el;
}

function alertText(el: ClinicBooking): string {
  return deepQueryAll(el.shadowRoot!, '[role="alert"]')
    .map((a) => a.textContent.replace(/\s+/g, ' '))
    .join(' ');
}

describe('when booking goes wrong', () => {
  it('a slot taken meanwhile: says so, offers the nearest times, and books one with the details kept', async () => {
    const { worker } = await startDemoProxy();
    const failures: BookingFailedDetail[] = [];
    document.addEventListener('cb-booking-failed', (e) => failures.push(e.detail));
    const el = await widget();
    await walkToConfirm(el);
    // Someone else books the same time first: the real proxy then answers 409 with alternatives.
    let stolen = false;
    worker.use(
      http.post(BOOKINGS, async ({ request }) => {
        if (stolen) return;
        stolen = true;
        const body = (await request.clone().json()) as Record<string, unknown>;
        const other = {
          ...body,
          patient: { ...(body.patient as object), email: 'someone.else@example.com', firstName: 'Sam' },
        };
        const res = await fetch(BOOKINGS, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', 'Idempotency-Key': 'other-patient' },
          body: JSON.stringify(other),
        });
        expect(res.status).to.equal(201);
      }),
    );
    // When the heading takes focus and when the alert gets its words: the alert must come
    // second, or the focus announcement may cut it off.
    const events: string[] = [];
    const onFocus = () => events.push(`focus ${deepActiveElement()?.tagName.toLowerCase()}`);
    el.shadowRoot!.addEventListener('focusin', onFocus);
    const watch = new MutationObserver(() => {
      if (/booked by someone else/.test(alertText(el)) && !events.includes('alert')) events.push('alert');
    });
    watch.observe(el.shadowRoot!, { subtree: true, childList: true, characterData: true });
    // As a patient does it: focus on the button, then Enter.
    (await findButton(el, 'Book appointment')).focus();
    await sendKeys({ press: 'Enter' });
    await waitForHeading(el, 'Choose a time');
    const time = el.shadowRoot!.querySelector('cb-step-time')!;
    watch.observe(time.shadowRoot!, { subtree: true, childList: true, characterData: true });
    await waitUntil(() => /booked by someone else/.test(alertText(el)), 'the alert', { timeout: 3000 });
    watch.disconnect();
    el.shadowRoot!.removeEventListener('focusin', onFocus);
    expect(events.slice(-2)).to.deep.equal(['focus h2', 'alert'], 'focus on the heading, then the alert');
    const alert = deepQueryAll(el.shadowRoot!, '[role="alert"]').find((a) => a.textContent.trim())!;
    expect(alert.querySelectorAll('button')).to.have.length(0, 'the alert is the message alone');
    await expect(el).to.be.accessible();
    const alternatives = deepQueryAll<HTMLButtonElement>(
      el.shadowRoot!,
      '[aria-label="Nearest free times"] button',
    );
    expect(alternatives.length).to.be.greaterThan(0);
    alternatives[0]!.click();
    await waitForHeading(el, 'Your details');
    await waitUntil(
      () =>
        deepQueryAll<HTMLInputElement>(el.shadowRoot!, 'input#email')[0]?.value ===
        'jordan.taylor@example.com',
      'details kept',
    );
    await click(el, 'Review booking');
    await waitForHeading(el, 'Check and book');
    await click(el, 'Book appointment');
    await waitForHeading(el, 'You’re booked');
    expect(failures.map((f) => f.code)).to.deep.equal(['slot_taken']);
  });

  it('details the proxy refuses: each message by its field and in a summary, which takes focus', async () => {
    const { worker } = await startDemoProxy();
    const el = await widget();
    await walkToConfirm(el);
    worker.use(
      http.post(
        BOOKINGS,
        () =>
          HttpResponse.json(
            {
              error: {
                code: 'validation_failed',
                message: 'Check the highlighted fields.',
                fields: { 'patient.phone': 'That mobile number is not in service.' },
              },
            },
            { status: 422 },
          ),
        { once: true },
      ),
    );
    await click(el, 'Book appointment');
    await waitForHeading(el, 'Your details');
    await waitUntil(
      () => (deepActiveElement() as HTMLElement | null)?.classList.contains('error-summary'),
      'focus on the error summary',
      { timeout: 3000 },
    );
    const summary = (deepActiveElement() as HTMLElement).textContent.replace(/\s+/g, ' ');
    expect(summary).to.contain('There is 1 problem to fix');
    expect(summary).to.contain('Check the highlighted fields.');
    await expect(el).to.be.accessible();
    await click(el, 'That mobile number is not in service.');
    const phone = deepActiveElement() as HTMLInputElement;
    expect(phone.id).to.equal('phone', 'the summary leads to the field');
    expect(phone.getAttribute('aria-invalid')).to.equal('true');
    const describedBy = phone.getAttribute('aria-describedby')!.split(' ');
    const root = phone.getRootNode() as ShadowRoot;
    const messages = describedBy.map((id) => root.getElementById(id)?.textContent ?? '').join(' ');
    expect(messages).to.contain('That mobile number is not in service.');
    enter(phone, '0413 000 111');
    await waitUntil(() => phone.getAttribute('aria-invalid') === 'false', 'a changed number clears it');
    expect(deepQueryAll(el.shadowRoot!, '.error-summary')).to.have.length(0, 'nothing left to fix');
  });

  it('missing details are caught before sending, counted in a summary that takes focus and leads to each', async () => {
    await startDemoProxy();
    const el = await widget();
    await click(el, /^Physiotherapy/);
    await click(el, /^Follow-up physiotherapy/);
    await click(el, /^Any available practitioner/);
    await click(el, /^\d{1,2}:\d\d [ap]m/);
    await waitForHeading(el, 'Your details');
    await waitUntil(() => deepQueryAll(el.shadowRoot!, 'input#firstName').length > 0, 'the form');
    type(el, /^Medicare card number/, '2123 45671 2');
    await click(el, 'Review booking');
    await waitUntil(
      () => (deepActiveElement() as HTMLElement | null)?.classList.contains('error-summary'),
      'focus on the summary',
    );
    const summary = deepActiveElement() as HTMLElement;
    expect(summary.querySelector('h3')!.textContent.trim()).to.equal('There are 8 problems to fix');
    const links = [...summary.querySelectorAll('button')].map((b) => b.textContent.trim());
    expect(links[0]).to.equal('Enter your first name.', 'in the form’s order');
    expect(links.at(-1)).to.match(/Sign in the box/);
    summary.querySelector('button')!.click();
    expect((deepActiveElement() as HTMLElement).id).to.equal('firstName');
    const errors = deepQueryAll(el.shadowRoot!, '.error-text')
      .map((e) => e.textContent.trim())
      .filter(Boolean);
    expect(errors).to.include('Enter your first name.');
    expect(errors).to.include('Tick the box to agree to the waiver.');
    expect(errors.some((e) => e.includes('check digit'))).to.equal(
      true,
      'the Medicare check digit is checked',
    );
    expect(errors.some((e) => /Sign in the box/.test(e))).to.equal(true);
    expect(heading(el)).to.equal('Your details');
    await expect(el).to.be.accessible();
  });

  it('a network failure keeps everything; the retry sends the same Idempotency-Key and books once', async () => {
    const { worker, proxy } = await startDemoProxy();
    const failures: BookingFailedDetail[] = [];
    document.addEventListener('cb-booking-failed', (e) => failures.push(e.detail));
    const el = await widget();
    await walkToConfirm(el);
    const keys: string[] = [];
    let calls = 0;
    worker.use(
      http.post(BOOKINGS, async ({ request }) => {
        keys.push(request.headers.get('Idempotency-Key') ?? '');
        calls += 1;
        // The first attempt reaches the proxy and books, but the answer is lost on the way back.
        if (calls === 1) {
          await proxy.app.fetch(request.clone());
          return HttpResponse.error();
        }
      }),
    );
    await click(el, 'Book appointment');
    await waitUntil(() => buttons(el, 'Try again').length > 0, 'a retry', { timeout: 5000 });
    expect(heading(el)).to.equal('Check and book');
    expect(alertText(el)).to.contain('could not reach the booking service');
    expect(alertText(el)).to.contain('will not book twice');
    await click(el, 'Try again');
    await waitForHeading(el, 'You’re booked');
    expect(keys).to.have.length(2);
    expect(keys[0]).to.equal(keys[1]);
    const records = await proxy.provider.records();
    expect(records.appointments).to.have.length(1);
    expect(records.waivers).to.have.length(1);
    expect(failures.map((f) => f.code)).to.deep.equal(['network_error']);
  });

  it('a double click on Book sends one request', async () => {
    const { worker } = await startDemoProxy();
    const el = await widget();
    await walkToConfirm(el);
    let posts = 0;
    worker.use(
      http.post(BOOKINGS, () => {
        posts += 1;
      }),
    );
    const book = await (async () => buttons(el, 'Book appointment')[0]!)();
    book.click();
    book.click();
    await waitForHeading(el, 'You’re booked');
    expect(posts).to.equal(1);
  });
});
