/**
 * A whole booking in the widget against the real proxy app (demo clinic, in the page via
 * msw): every step, the events a host page sees, axe on every step.
 */
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { PROXY_ORIGIN, startDemoProxy } from '../../test/browser/demo-proxy-worker.ts';
import {
  click,
  deepActiveElement,
  deepQueryAll,
  fillDetails,
  heading,
  waitForHeading,
} from '../../test/browser/widget-driver.ts';
import type { BookingCompleteDetail, StepChangeDetail } from './booking-events.ts';
import type { ClinicBooking } from './clinic-booking.ts';
import '../define.ts';

async function widget() {
  const el = await fixture<ClinicBooking>(
    html`<clinic-booking clinic="demo" api=${PROXY_ORIGIN}></clinic-booking>`,
  );
  await waitForHeading(el, 'What would you like to book?');
  return el;
}

describe('booking with <clinic-booking>', () => {
  it('walks the five steps, books, and the booked time is no longer offered', async () => {
    const { proxy } = await startDemoProxy();
    const steps: StepChangeDetail[] = [];
    const completed: BookingCompleteDetail[] = [];
    document.addEventListener('cb-step-change', (e) => steps.push(e.detail));
    document.addEventListener('cb-booking-complete', (e) => completed.push(e.detail));
    const el = await widget();
    await expect(el).to.be.accessible();

    await click(el, /^Physiotherapy/);
    await waitForHeading(el, 'Choose a service');
    expect(deepActiveElement()).to.equal(
      el.shadowRoot!.querySelector('h2'),
      'focus moves to the new heading',
    );
    expect(deepActiveElement()?.textContent?.replace(/\s+/g, ' ').trim()).to.equal(
      'Step 2 of 5 Choose a service',
      'the heading that takes focus says where the patient is',
    );
    expect(el.shadowRoot!.textContent).to.contain('Step 2 of 5');
    await click(el, /^Follow-up physiotherapy/);
    const text = deepQueryAll(el.shadowRoot!, 'cb-step-service')[0]!.shadowRoot!.textContent;
    expect(text).to.match(/30 min · \$95/);
    const practitionerButtons = deepQueryAll(el.shadowRoot!, '[part="practitioner-list"] .option-name').map(
      (n) => n.textContent,
    );
    expect(practitionerButtons[0]).to.equal('Any available practitioner');
    expect(practitionerButtons.length).to.be.greaterThan(1);
    await expect(el).to.be.accessible();

    await click(el, /^Any available practitioner/);
    await waitForHeading(el, 'Choose a time');
    const first = await waitUntil(() => deepQueryAll(el.shadowRoot!, 'button[part="time"]')[0], 'times', {
      timeout: 5000,
    }).then(() => deepQueryAll<HTMLButtonElement>(el.shadowRoot!, 'button[part="time"]')[0]!);
    expect(el.shadowRoot!.querySelector('cb-step-time')!.shadowRoot!.textContent).to.match(
      /Sydney time, AE[DS]T/,
    );
    await expect(el).to.be.accessible();
    const chosenTime = first.textContent.trim().split(/\s+/).slice(0, 2).join(' ');
    first.click();

    await waitForHeading(el, 'Your details');
    await expect(el).to.be.accessible();
    await fillDetails(el);
    await click(el, 'Review booking');
    await waitForHeading(el, 'Check and book');
    const summary = el
      .shadowRoot!.querySelector('cb-step-confirm')!
      .shadowRoot!.textContent.replace(/\s+/g, ' ');
    expect(summary).to.contain('Follow-up physiotherapy');
    expect(summary).to.contain(chosenTime);
    expect(summary).to.contain('Jordan Taylor');
    await expect(el).to.be.accessible();

    await click(el, 'Book appointment');
    await waitForHeading(el, 'You’re booked');
    const done = el.shadowRoot!.querySelector('cb-step-done')!.shadowRoot!;
    const reference = done.querySelector('[part="booking-reference"] strong')!.textContent;
    expect(reference).to.match(/^\d+$/);
    const ics = done.querySelector<HTMLAnchorElement>('a[download="appointment.ics"]')!;
    expect(decodeURIComponent(ics.href)).to.contain('BEGIN:VEVENT');
    expect(done.querySelector<HTMLAnchorElement>('a[href^="https://calendar.google.com/"]')).not.to.equal(
      null,
    );
    await expect(el).to.be.accessible();

    expect(steps.map((s) => s.step)).to.deep.equal([
      'category',
      'service',
      'time',
      'details',
      'confirm',
      'done',
    ]);
    expect(steps[1]).to.deep.equal({ step: 'service', stepNumber: 2, stepCount: 5 });
    expect(steps[5]).to.deep.equal(
      { step: 'done', stepNumber: 5, stepCount: 5 },
      'the success screen is the last step done, not a sixth of five',
    );
    expect(completed).to.have.length(1);
    expect(completed[0]).to.include({
      bookingId: reference,
      serviceName: 'Follow-up physiotherapy',
      value: 95,
      currency: 'AUD',
    });

    // The proxy no longer offers the booked time to anyone.
    const booked = completed[0]!;
    const day = booked.start.slice(0, 10);
    const res = await proxy.app.request(
      `/api/clinics/demo/availability?serviceId=${booked.serviceId}&practitionerId=${booked.practitionerId}&from=${day}&to=${day}`,
    );
    const { slots } = (await res.json()) as { slots: Array<{ start: string }> };
    expect(slots.map((s) => s.start)).not.to.include(booked.start);

    await click(el, 'Book another appointment');
    await waitForHeading(el, 'What would you like to book?');
  });

  it('keeps everything entered when the patient goes back and changes the time', async () => {
    await startDemoProxy();
    const el = await widget();
    await click(el, /^Physiotherapy/);
    await click(el, /^Follow-up physiotherapy/);
    await click(el, /^Any available practitioner/);
    // The second bookable day: the first may be today, with one time left late in the day.
    const days = await waitUntil(
      () => deepQueryAll(el.shadowRoot!, 'button[part~="day-available"]').length > 1,
      'bookable days',
      { timeout: 5000 },
    ).then(() => deepQueryAll<HTMLButtonElement>(el.shadowRoot!, 'button[part~="day-available"]'));
    days[1]!.click();
    await click(el, /^\d{1,2}:\d\d [ap]m/);
    await waitForHeading(el, 'Your details');
    await fillDetails(el);
    await click(el, 'Review booking');
    await waitForHeading(el, 'Check and book');
    await click(el, 'Change date and time');
    await waitForHeading(el, 'Choose a time');
    await waitUntil(() => deepQueryAll(el.shadowRoot!, 'button[part="time"]').length > 1, 'the times', {
      timeout: 5000,
    });
    const times = deepQueryAll<HTMLButtonElement>(el.shadowRoot!, 'button[part="time"]');
    expect(times.filter((t) => t.getAttribute('aria-pressed') === 'true')).to.have.length(
      1,
      'the chosen time is shown as chosen',
    );
    times[times.length - 1]!.click();
    await waitForHeading(el, 'Your details');
    const email = deepQueryAll<HTMLInputElement>(el.shadowRoot!, 'input#email')[0]!;
    expect(email.value).to.equal('jordan.taylor@example.com');
    expect(heading(el)).to.equal('Your details');
  });
});
