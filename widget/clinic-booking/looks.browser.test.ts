/**
 * Every step, in every look (test/browser/looks.ts), is clean under axe and keeps each piece
 * of text at 4.5:1 against what is behind it: the built-in looks, the demo brands with their
 * proxy config and the demo site's tokens, the docs' example on a dark device, a dark host
 * site, and forced colours. The states walked: each step, step 4 with every problem shown,
 * step 5 after a failure, step 3 with "that time was just taken", step 3 with a time chosen.
 */
import { expect, waitUntil } from '@open-wc/testing';
import { http, HttpResponse } from 'msw';
import { textContrasts } from '../../test/browser/contrast-probe.ts';
import { PROXY_ORIGIN } from '../../test/browser/demo-proxy-worker.ts';
import { LOOKS, leaveLook, widgetIn, type Look } from '../../test/browser/looks.ts';
import {
  buttons,
  click,
  deepQueryAll,
  fillDetails,
  waitForHeading,
} from '../../test/browser/widget-driver.ts';
import type { ClinicBooking } from './clinic-booking.ts';
import '../define.ts';

const BOOKINGS = `${PROXY_ORIGIN}/api/clinics/demo/bookings`;

/** axe, and every text's own contrast; the lowest are named when one fails. */
async function checkStep(el: ClinicBooking, look: Look, step: string) {
  await expect(el, `${look.name}, ${step}`).to.be.accessible();
  const low = textContrasts(el.shadowRoot!)
    .filter((t) => t.ratio < 4.5)
    .map((t) => `"${t.text}" ${t.ratio}:1`);
  expect(low, `${look.name}, ${step}: text below 4.5:1`).to.deep.equal([]);
}

describe('every step in every look', () => {
  afterEach(leaveLook);

  for (const look of LOOKS) {
    it(`passes axe and 4.5:1 on each step: ${look.name}`, async function () {
      this.timeout(60_000);
      const { el, worker } = await widgetIn(look);
      await checkStep(el, look, 'step 1');

      await click(el, /^Physiotherapy/);
      await click(el, /^Follow-up physiotherapy/);
      await waitUntil(() => buttons(el, /^Any available practitioner/).length > 0, 'the practitioners');
      await checkStep(el, look, 'step 2, a service chosen');

      await click(el, /^Any available practitioner/);
      await waitForHeading(el, 'Choose a time');
      await waitUntil(() => deepQueryAll(el.shadowRoot!, 'button[part="time"]').length > 0, 'times', {
        timeout: 5000,
      });
      await checkStep(el, look, 'step 3');

      await click(el, /^\d{1,2}:\d\d [ap]m/);
      await waitForHeading(el, 'Your details');
      await click(el, 'Review booking');
      await waitUntil(() => deepQueryAll(el.shadowRoot!, '.error-summary').length > 0, 'the problems');
      await checkStep(el, look, 'step 4, every problem shown');

      await fillDetails(el);
      await click(el, 'Review booking');
      await waitForHeading(el, 'Check and book');
      await checkStep(el, look, 'step 5');

      // The first attempt is lost on the way; the retry finds the time taken by someone else.
      let attempt = 0;
      worker.use(
        http.post(BOOKINGS, async ({ request }) => {
          attempt += 1;
          if (attempt === 1) return HttpResponse.error();
          if (attempt > 2) return undefined;
          const body = (await request.clone().json()) as Record<string, unknown>;
          await fetch(BOOKINGS, {
            method: 'POST',
            headers: { 'Content-Type': 'application/json', 'Idempotency-Key': 'someone-else' },
            body: JSON.stringify({
              ...body,
              patient: { ...(body.patient as object), email: 'sam@example.com' },
            }),
          });
          return undefined;
        }),
      );
      await click(el, 'Book appointment');
      await waitUntil(() => buttons(el, 'Try again').length > 0, 'the failure');
      await checkStep(el, look, 'step 5, the booking failed');

      await click(el, 'Try again');
      await waitForHeading(el, 'Choose a time');
      await waitUntil(
        () => deepQueryAll(el.shadowRoot!, '[aria-label="Nearest free times"] button').length > 0,
        'the nearest free times',
        { timeout: 3000 },
      );
      await checkStep(el, look, 'step 3, the time was taken');

      deepQueryAll<HTMLButtonElement>(el.shadowRoot!, '[aria-label="Nearest free times"] button')[0]!.click();
      await waitForHeading(el, 'Your details');
      await click(el, 'Back');
      await waitForHeading(el, 'Choose a time');
      await waitUntil(
        () => deepQueryAll(el.shadowRoot!, '.time[aria-pressed="true"]').length > 0,
        'the chosen time',
        {
          timeout: 5000,
        },
      );
      await checkStep(el, look, 'step 3, a time chosen');

      deepQueryAll<HTMLButtonElement>(el.shadowRoot!, '.time[aria-pressed="true"]')[0]!.click();
      await waitForHeading(el, 'Your details');
      await checkStep(el, look, 'step 4, filled in');
      await click(el, 'Review booking');
      await waitForHeading(el, 'Check and book');
      await click(el, 'Book appointment');
      await waitForHeading(el, 'You’re booked');
      await checkStep(el, look, 'booked');
    });
  }
});
