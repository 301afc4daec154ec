/**
 * A clinic with Cloudflare Turnstile: the widget renders the challenge on the summary,
 * books only with its token, and the proxy verifies that token with Cloudflare (faked).
 */
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { createFakeSiteverify } from '../../test/fakes/turnstile/fake-siteverify.ts';
import { PROXY_ORIGIN, startDemoProxy } from '../../test/browser/demo-proxy-worker.ts';
import {
  buttons,
  click,
  deepQueryAll,
  waitForHeading,
  walkToConfirm,
} from '../../test/browser/widget-driver.ts';
import type { TurnstileApi, TurnstileOptions } from '../security/turnstile.ts';
import type { ClinicBooking } from './clinic-booking.ts';
import '../define.ts';

const SITE_KEY = '1x00000000000000000000AA';

describe('Turnstile in <clinic-booking>', () => {
  let rendered: Array<{ container: HTMLElement; options: TurnstileOptions }> = [];

  beforeEach(() => {
    rendered = [];
    // Stands in for Cloudflare's script: the patient "passes" when the test calls solve().
    const fake: TurnstileApi = {
      render(container, options) {
        rendered.push({ container, options });
        container.textContent = 'Verify you are human';
        return `w${rendered.length}`;
      },
      reset() {},
      remove() {},
    };
    (window as unknown as { turnstile: TurnstileApi }).turnstile = fake;
  });
  afterEach(() => {
    delete (window as unknown as { turnstile?: TurnstileApi }).turnstile;
  });

  it('renders the challenge on the summary and books only after it is passed', async () => {
    const siteverify = createFakeSiteverify({ secret: 'clinic-turnstile-secret' });
    const { worker, proxy } = await startDemoProxy({
      turnstile: { siteKey: SITE_KEY, secretKey: 'clinic-turnstile-secret' },
    });
    worker.use(...siteverify.handlers);
    const el = await fixture<ClinicBooking>(
      html`<clinic-booking clinic="demo" api=${PROXY_ORIGIN}></clinic-booking>`,
    );
    await waitForHeading(el, 'What would you like to book?');
    await walkToConfirm(el);
    await waitUntil(() => rendered.length === 1, 'the challenge is rendered');
    expect(rendered[0]!.options).to.include({ sitekey: SITE_KEY, action: 'book' });
    const slotted = el.querySelector('[slot="challenge"]');
    expect(slotted?.textContent).to.equal(
      'Verify you are human',
      'the challenge lives in the page, slotted into the widget',
    );

    await click(el, 'Book appointment');
    await waitUntil(
      () =>
        deepQueryAll(el.shadowRoot!, '[role="alert"]').some((a) =>
          a.textContent.includes('Complete the security check'),
        ),
      'asked to pass the check',
    );
    expect((await proxy.provider.records()).appointments).to.have.length(0);

    // The patient passes the challenge; Cloudflare hands the widget a token.
    rendered[0]!.options.callback(siteverify.issueToken({ hostname: location.hostname }));
    buttons(el, 'Book appointment')[0]!.click();
    await waitForHeading(el, 'You’re booked');
    expect(siteverify.calls).to.have.length(1);
    expect((await proxy.provider.records()).appointments).to.have.length(1);
  });
});
