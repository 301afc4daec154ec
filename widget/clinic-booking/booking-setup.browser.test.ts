/**
 * When the page's setup stops the widget (an origin the clinic does not allow, an `api`
 * that is not the proxy, a clinic the proxy does not know), the patient is told the form
 * is not set up yet, with the clinic's phone from the element's fallback content, and
 * the site's developer is told in the console what to fix.
 */
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { http, HttpResponse } from 'msw';
import { PROXY_ORIGIN, startDemoProxy } from '../../test/browser/demo-proxy-worker.ts';
import { deepQueryAll } from '../../test/browser/widget-driver.ts';
import type { ClinicBooking } from './clinic-booking.ts';
import '../define.ts';

const BOOTSTRAP = `${PROXY_ORIGIN}/api/clinics/demo/bootstrap`;

/** Renders the widget with a fallback phone link, as the WordPress plugin writes it. */
async function renderWithFallback(clinic = 'demo') {
  const el = await fixture<ClinicBooking>(
    html`<clinic-booking clinic=${clinic} api=${PROXY_ORIGIN}
      ><p>
        Online booking is loading. If it does not appear, call <a href="tel:+61290001234">(02) 9000 1234</a>.
      </p></clinic-booking
    >`,
  );
  await waitUntil(() => el.shadowRoot!.querySelector('[role="alert"]'), 'an alert', { timeout: 5000 });
  return el;
}

function alertText(el: ClinicBooking): string {
  return (el.shadowRoot!.querySelector('[role="alert"]')?.textContent ?? '').replace(/\s+/g, ' ').trim();
}

/** Collects what the widget logs with console.error while `run` runs. */
async function consoleErrors(run: () => Promise<void>): Promise<string[]> {
  const logged: string[] = [];
  const original = console.error;
  console.error = (...args: unknown[]) => logged.push(args.map(String).join(' '));
  try {
    await run();
  } finally {
    console.error = original;
  }
  return logged;
}

describe('<clinic-booking> on a page that is not set up', () => {
  it('refused by allowedOrigins: says the form is not set up, gives the phone, and names the origin to add', async () => {
    const { worker } = await startDemoProxy();
    // What a browser makes of an answer without this origin in Access-Control-Allow-Origin:
    // a failed fetch. The proxy's health check, readable from anywhere, still answers.
    worker.use(http.get(BOOTSTRAP, () => HttpResponse.error()));
    let el!: ClinicBooking;
    const logged = await consoleErrors(async () => {
      el = await renderWithFallback();
    });
    expect(alertText(el)).to.equal(
      'This booking form is not set up for this website yet. To book, call (02) 9000 1234. Try again',
    );
    const phone = deepQueryAll<HTMLAnchorElement>(el.shadowRoot!, '[role="alert"] a')[0]!;
    expect(phone.getAttribute('href')).to.equal('tel:+61290001234');
    expect(logged).to.have.length(1);
    expect(logged[0]).to.contain(`Add "${location.origin}" to allowedOrigins for the clinic "demo"`);
    await expect(el).to.be.accessible();
  });

  it('pointed at something that is not the proxy (a 404 page): says not set up and tells the developer to set api', async () => {
    const { worker } = await startDemoProxy();
    worker.use(
      http.get(
        BOOTSTRAP,
        () =>
          new HttpResponse('<h1>Page not found</h1>', {
            status: 404,
            headers: { 'Content-Type': 'text/html' },
          }),
      ),
    );
    let el!: ClinicBooking;
    const logged = await consoleErrors(async () => {
      el = await renderWithFallback();
    });
    expect(alertText(el)).to.contain('This booking form is not set up for this website yet.');
    expect(alertText(el)).not.to.contain('Something went wrong');
    expect(logged.join('\n')).to.match(
      /answered 404 for the clinic, so it is not the booking proxy\. Set api=/,
    );
  });

  it('naming a clinic the proxy does not know: says not set up and names the clinic in the console', async () => {
    await startDemoProxy();
    let el!: ClinicBooking;
    const logged = await consoleErrors(async () => {
      el = await renderWithFallback('no-such-clinic');
    });
    expect(alertText(el)).to.contain('This booking form is not set up for this website yet.');
    expect(alertText(el)).to.contain('To book, call (02) 9000 1234.');
    expect(logged.join('\n')).to.contain('has no clinic "no-such-clinic"');
  });

  it('a gateway error page: no bare "Something went wrong", and no setup hint', async () => {
    const { worker } = await startDemoProxy();
    worker.use(http.get(BOOTSTRAP, () => new HttpResponse('Bad gateway', { status: 502 }), { once: true }));
    let el!: ClinicBooking;
    const logged = await consoleErrors(async () => {
      el = await renderWithFallback();
    });
    expect(alertText(el)).to.contain(
      'Online booking is unavailable right now. Please try again in a few minutes.',
    );
    expect(logged).to.deep.equal([]);
  });

  it('without a phone in its fallback content, offers none', async () => {
    const { worker } = await startDemoProxy();
    worker.use(http.get(BOOTSTRAP, () => HttpResponse.error()));
    let el!: ClinicBooking;
    await consoleErrors(async () => {
      el = await fixture<ClinicBooking>(
        html`<clinic-booking clinic="demo" api=${PROXY_ORIGIN}></clinic-booking>`,
      );
      await waitUntil(() => el.shadowRoot!.querySelector('[role="alert"]'), 'an alert', { timeout: 5000 });
    });
    expect(alertText(el)).to.contain('This booking form is not set up for this website yet.');
    expect(alertText(el)).not.to.contain('To book, call');
  });
});
