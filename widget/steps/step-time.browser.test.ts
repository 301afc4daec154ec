/**
 * Step 3's "Next available" against the real proxy app on the demo clinic.
 */
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { PROXY_ORIGIN, startDemoProxy } from '../../test/browser/demo-proxy-worker.ts';
import { click, deepActiveElement, deepQueryAll, waitForHeading } from '../../test/browser/widget-driver.ts';
import type { ClinicBooking } from '../clinic-booking/clinic-booking.ts';
import '../define.ts';

function selectedDate(el: ClinicBooking): string | undefined {
  return deepQueryAll(el.shadowRoot!, '[role="gridcell"][aria-selected="true"] button')[0]?.dataset.date;
}

async function atTimes(maxDaysAhead: number) {
  await startDemoProxy({ policy: { minNoticeMinutes: 120, maxDaysAhead } });
  const el = await fixture<ClinicBooking>(
    html`<clinic-booking clinic="demo" api=${PROXY_ORIGIN}></clinic-booking>`,
  );
  await waitForHeading(el, 'What would you like to book?');
  await click(el, /^Physiotherapy/);
  await click(el, /^Follow-up physiotherapy/);
  await click(el, /^Any available practitioner/);
  await waitForHeading(el, 'Choose a time');
  await waitUntil(() => deepQueryAll(el.shadowRoot!, 'button[part="time"]').length > 0, 'times', {
    timeout: 5000,
  });
  return el;
}

describe('step 3, next available', () => {
  it('jumps to the next day with free times and puts focus on its first time', async () => {
    const el = await atTimes(60);
    const before = selectedDate(el)!;
    await click(el, 'Next available');
    await waitUntil(() => selectedDate(el) !== undefined && selectedDate(el)! > before, 'a later day', {
      timeout: 5000,
    });
    await waitUntil(
      () => (deepActiveElement() as HTMLElement | null)?.getAttribute('part') === 'time',
      'focus on a time',
    );
  });

  it('says so when there is no later day within the booking horizon, and keeps the times shown', async () => {
    const el = await atTimes(7);
    const note = () =>
      deepQueryAll(el.shadowRoot!, '.notice')
        .map((n) => n.textContent)
        .join(' ');
    for (let i = 0; i < 9 && !note().includes('no later free times'); i++) {
      await click(el, 'Next available');
      await waitUntil(
        () => deepQueryAll(el.shadowRoot!, 'button[part="time"]').length > 0 || note() !== '',
        'an answer',
        { timeout: 5000 },
      );
    }
    expect(note()).to.contain('There are no later free times in the next 7 days.');
    expect(deepQueryAll(el.shadowRoot!, 'button[part="time"]').length).to.be.greaterThan(0);
  });
});
