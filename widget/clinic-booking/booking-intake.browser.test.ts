/**
 * A clinic's own questions in the flow: "been here before?" before the times (new-patient
 * rules depend on it), intake questions in step 4 with conditions, answers on the summary
 * and stored with the booking.
 */
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { PROXY_ORIGIN, startDemoProxy } from '../../test/browser/demo-proxy-worker.ts';
import {
  buttons,
  click,
  deepActiveElement,
  deepQueryAll,
  enter,
  field,
  fillDetails,
  waitForHeading,
} from '../../test/browser/widget-driver.ts';
import type { ClinicBooking } from './clinic-booking.ts';
import '../define.ts';

const INTAKE = [
  { id: 'child', label: 'Is this appointment for someone under 18?', type: 'yes-no', required: true },
  {
    id: 'guardian-name',
    label: "Parent or guardian's name",
    type: 'text',
    required: true,
    showWhen: { questionId: 'child', equals: ['yes'] },
  },
  {
    id: 'areas',
    label: 'Which areas are bothering you?',
    type: 'multi-choice',
    options: ['Neck', 'Back', 'Knee'],
    appliesTo: { categoryIds: ['physiotherapy'] },
  },
  {
    id: 'mhcp',
    label: 'Do you have a mental health care plan?',
    type: 'yes-no',
    appliesTo: { categoryIds: ['psychology'] },
  },
];
const AISHA = '1790000000000001001';

describe('intake questions in <clinic-booking>', () => {
  it('asks "been here before?" before the times, then the questions for this service, and stores the answers', async () => {
    const { proxy } = await startDemoProxy({
      intake: INTAKE,
      rules: [{ type: 'new-patient-days', practitionerIds: [AISHA], weekdays: ['mon', 'thu'] }],
    });
    const el = await fixture<ClinicBooking>(
      html`<clinic-booking clinic="demo" api=${PROXY_ORIGIN}></clinic-booking>`,
    );
    await waitForHeading(el, 'What would you like to book?');
    await click(el, /^Physiotherapy/);
    await click(el, /^Initial physiotherapy/);
    await click(el, /^Aisha Rahman/);
    await waitForHeading(el, 'Choose a time');
    expect(deepQueryAll(el.shadowRoot!, 'cb-date-grid')).to.have.length(
      0,
      'no times until the patient answers',
    );
    await expect(el).to.be.accessible();
    field(el, /^No, this is my first visit/).click();
    await waitUntil(() => deepQueryAll(el.shadowRoot!, 'button[part="time"]').length > 0, 'times', {
      timeout: 5000,
    });
    const dayLabels = deepQueryAll(el.shadowRoot!, 'button.day.free').map((b) =>
      b.getAttribute('aria-label')!,
    );
    expect(dayLabels.length).to.be.greaterThan(0);
    expect(dayLabels.every((l) => /^(Monday|Thursday)/.test(l))).to.equal(
      true,
      `new patients see Aisha on Mondays and Thursdays only: ${dayLabels.join(', ')}`,
    );
    await click(el, /^\d{1,2}:\d\d [ap]m/);
    await waitForHeading(el, 'Your details');
    await fillDetails(el);
    const labels = deepQueryAll(el.shadowRoot!, 'legend').map((l) =>
      l.textContent.replace(/\s+/g, ' ').trim(),
    );
    expect(labels.some((l) => l.startsWith('Is this appointment for someone under 18?'))).to.equal(true);
    expect(labels.some((l) => l.startsWith('Which areas'))).to.equal(true);
    expect(labels.some((l) => l.startsWith('Do you have a mental health care plan'))).to.equal(
      false,
      'a psychology question is not asked for physio',
    );

    const child = deepQueryAll(el.shadowRoot!, 'fieldset#q-child')[0]!;
    expect(child.getAttribute('role')).to.equal('radiogroup');
    expect(child.getAttribute('aria-required')).to.equal('true', 'a required question says so');
    await click(el, 'Review booking');
    await waitUntil(
      () => (deepActiveElement() as HTMLElement | null)?.classList.contains('error-summary'),
      'focus on the error summary',
    );
    expect(child.getAttribute('aria-invalid')).to.equal('true', 'the unanswered group is invalid');
    await click(el, /^Is this appointment for someone under 18\?: Please answer this question\.$/);
    await waitUntil(
      () => (deepActiveElement() as HTMLInputElement | null)?.name === 'q-child',
      'the summary leads to the unanswered required question',
    );
    field(el, /^Yes$/).click();
    await waitUntil(() => child.getAttribute('aria-invalid') === null, 'answering clears the group’s error');
    expect(deepQueryAll(el.shadowRoot!, '#q-child-error')[0]!.textContent.trim()).to.equal('');
    expect(buttons(el, /under 18/)).to.have.length(0, 'and its line in the summary');
    await waitUntil(
      () => deepQueryAll(el.shadowRoot!, '#q-guardian-name').length === 1,
      'the follow-up question appears',
    );
    enter(deepQueryAll<HTMLInputElement>(el.shadowRoot!, '#q-guardian-name')[0]!, 'Sam Taylor');
    field(el, /^Knee$/).click();
    await expect(el).to.be.accessible();
    await click(el, 'Review booking');
    await waitForHeading(el, 'Check and book');
    const summary = el
      .shadowRoot!.querySelector('cb-step-confirm')!
      .shadowRoot!.textContent.replace(/\s+/g, ' ');
    expect(summary).to.contain("Parent or guardian's name: Sam Taylor");
    expect(summary).to.contain('Which areas are bothering you?: Knee');
    await click(el, 'Book appointment');
    await waitForHeading(el, 'You’re booked');
    const [waiver] = (await proxy.provider.records()).waivers;
    expect(JSON.stringify(waiver)).to.contain('Sam Taylor');
  });
});
