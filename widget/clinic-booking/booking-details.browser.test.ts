/**
 * Step 4's messages follow the form (none stays once its field is right, for every kind of
 * field), and a typed signature shows, after Back or Change, exactly the name that will be
 * sent: against the real proxy app, whose stored waiver is read back.
 */
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { PROXY_ORIGIN, startDemoProxy } from '../../test/browser/demo-proxy-worker.ts';
import {
  buttons,
  click,
  deepQueryAll,
  enter,
  field,
  fillDetails,
  waitForHeading,
  walkToDetails,
} from '../../test/browser/widget-driver.ts';
import { typedNameFromSvg } from '../signature/signature-svg.ts';
import type { ClinicBooking } from './clinic-booking.ts';
import '../define.ts';

const INTAKE = [
  { id: 'injury', label: 'What brings you in?', type: 'text', required: true },
  { id: 'areas', label: 'Which areas?', type: 'multi-choice', options: ['Neck', 'Back'], required: true },
];

async function toDetails(clinicOverrides: Record<string, unknown> = {}) {
  const { proxy } = await startDemoProxy(clinicOverrides);
  const el = await fixture<ClinicBooking>(
    html`<clinic-booking clinic="demo" api=${PROXY_ORIGIN}></clinic-booking>`,
  );
  await waitForHeading(el, 'What would you like to book?');
  await walkToDetails(el);
  return { el, proxy };
}

/** The message shown under a field (its `<id>-error`), or ''. */
function message(el: ClinicBooking, id: string): string {
  return deepQueryAll(el.shadowRoot!, `#${id}-error`)[0]?.textContent.trim() ?? '';
}

const summaryCount = (el: ClinicBooking) => deepQueryAll(el.shadowRoot!, '.error-summary li').length;

const typedField = (el: ClinicBooking) =>
  deepQueryAll<HTMLInputElement>(el.shadowRoot!, 'input#signature')[0]!;

describe('step 4', () => {
  it('takes each message away once its field is right: patient fields, questions, the agree box, the typed name', async function () {
    this.timeout(20_000);
    const { el } = await toDetails({ intake: INTAKE });
    expect(deepQueryAll<HTMLInputElement>(el.shadowRoot!, 'input#q-injury')[0]!.required).to.equal(
      true,
      'a required question says so',
    );
    expect(deepQueryAll(el.shadowRoot!, '#q-areas legend')[0]!.textContent).to.contain(
      '(choose at least one)',
    );
    await click(el, /type my name instead/);
    await click(el, 'Review booking');
    await waitUntil(() => summaryCount(el) > 0, 'the problems');
    expect(
      deepQueryAll(el.shadowRoot!, '#q-areas input').every(
        (box) => box.getAttribute('aria-invalid') === 'true',
      ),
      'the unanswered group’s boxes say so',
    ).to.equal(true);
    const before = summaryCount(el);
    for (const id of ['email', 'q-injury', 'q-areas', 'agree', 'signature'])
      expect(message(el, id), id).not.to.equal('');

    // Still wrong: the message stays, saying what is wrong now.
    enter(field(el, /^Email/), 'jordan');
    await el.updateComplete;
    await waitUntil(() => message(el, 'email') === 'Enter an email address like name@example.com.', 'email');
    enter(field(el, /^Email/), 'jordan@example.com');
    await waitUntil(() => message(el, 'email') === '', 'a right email clears its message');

    enter(deepQueryAll<HTMLInputElement>(el.shadowRoot!, 'input#q-injury')[0]!, 'Sore knee');
    await waitUntil(() => message(el, 'q-injury') === '', 'an answer clears the question’s message');
    field(el, /^Back$/).click();
    await waitUntil(() => message(el, 'q-areas') === '', 'a ticked choice clears the group’s message');
    field(el, /I have read and agree/).click();
    await waitUntil(() => message(el, 'agree') === '', 'ticking the box clears its message');
    enter(typedField(el), 'J');
    await el.updateComplete;
    expect(message(el, 'signature')).to.equal('Type your full name to sign.', 'one letter is not a name');
    enter(typedField(el), 'Jordan Taylor');
    await waitUntil(() => message(el, 'signature') === '', 'a typed name clears the signature’s message');

    expect(summaryCount(el)).to.equal(before - 5, 'the summary counts what is left');
    for (const id of ['email', 'q-injury', 'agree', 'signature'])
      expect(deepQueryAll(el.shadowRoot!, `#${id}`)[0]!.getAttribute('aria-invalid'), id).to.equal('false');
    expect(message(el, 'firstName')).to.equal('Enter your first name.', 'untouched fields keep theirs');
  });

  it('shows the typed name that will be sent after Back and Change, and sends the changed one', async function () {
    this.timeout(20_000);
    const { el, proxy } = await toDetails();
    await fillDetails(el);
    await click(el, 'Review booking');
    await waitForHeading(el, 'Check and book');

    await click(el, 'Change your details');
    await waitForHeading(el, 'Your details');
    await waitUntil(() => typedField(el) !== undefined, 'the typed-name field');
    expect(typedField(el).value).to.equal('Jordan Taylor', 'the field shows the name held');
    enter(typedField(el), 'Jordan A. Taylor');
    await click(el, 'Review booking');
    await waitForHeading(el, 'Check and book');
    await click(el, 'Back');
    await waitForHeading(el, 'Your details');
    await waitUntil(() => typedField(el) !== undefined, 'the typed-name field');
    expect(typedField(el).value).to.equal('Jordan A. Taylor');

    // Emptied, it is not a signature any more: nothing old is sent behind the patient's back.
    enter(typedField(el), '');
    await click(el, 'Review booking');
    await waitUntil(() => message(el, 'signature') === 'Type your full name to sign.', 'no signature');
    enter(typedField(el), 'Jordan A. Taylor');
    await click(el, 'Review booking');
    await waitForHeading(el, 'Check and book');
    await click(el, 'Book appointment');
    await waitForHeading(el, 'You’re booked');
    const [waiver] = (await proxy.provider.records()).waivers;
    expect(waiver!.signatureMethod).to.equal('typed');
    expect(typedNameFromSvg(waiver!.signatureSvg)).to.equal(
      'Jordan A. Taylor',
      'the name shown is the name sent',
    );

    await click(el, 'Book another appointment');
    await waitForHeading(el, 'What would you like to book?');
    await walkToDetails(el);
    await waitUntil(() => buttons(el, /type my name instead/).length > 0, 'the waiver asked again');
    expect(deepQueryAll(el.shadowRoot!, 'input#signature')).to.have.length(0);
  });
});
