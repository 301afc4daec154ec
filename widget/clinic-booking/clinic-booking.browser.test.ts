import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { http, HttpResponse } from 'msw';
import { PROXY_ORIGIN, startDemoProxy } from '../../test/browser/demo-proxy-worker.ts';
import { buttons, deepQueryAll, heading, waitForHeading } from '../../test/browser/widget-driver.ts';
import type { ClinicBooking } from './clinic-booking.ts';
import '../define.ts';

async function renderWidget(clinic = 'demo') {
  const el = await fixture<ClinicBooking>(
    html`<clinic-booking clinic=${clinic} api=${PROXY_ORIGIN}></clinic-booking>`,
  );
  await waitUntil(() => !el.shadowRoot!.querySelector('[role="status"]'), 'the widget finished loading', {
    timeout: 5000,
  });
  return el;
}

function optionNames(el: ClinicBooking): string[] {
  return deepQueryAll(el.shadowRoot!, '.option-name').map((n) => n.textContent ?? '');
}

describe('<clinic-booking> loading', () => {
  it('loads the clinic with one request and shows step 1 with its categories', async () => {
    const { worker } = await startDemoProxy();
    const requests: string[] = [];
    worker.events.on('request:start', ({ request }) => requests.push(new URL(request.url).pathname));
    const el = await renderWidget();
    worker.events.removeAllListeners();
    expect(heading(el)).to.equal('What would you like to book?');
    expect(el.shadowRoot!.textContent).to.contain('Harbourside Health');
    expect(el.shadowRoot!.textContent).to.contain('Step 1 of 5');
    expect(optionNames(el)).to.deep.equal(['Physiotherapy', 'Remedial massage', 'Psychology', 'Podiatry']);
    expect(requests.filter((p) => p.startsWith('/api/'))).to.deep.equal(['/api/clinics/demo/bootstrap']);
    await expect(el).to.be.accessible();
  });

  it('says so, in an alert, when the clinic does not exist', async () => {
    await startDemoProxy();
    const el = await renderWidget('no-such-clinic');
    const alert = el.shadowRoot!.querySelector('[role="alert"]');
    expect(alert?.textContent).to.contain('This booking form is not set up for this website yet.');
  });

  it('says online booking is unavailable when the proxy cannot be reached, and tries again on request', async () => {
    const { worker } = await startDemoProxy();
    // Nothing answers: neither the clinic nor the proxy's health check.
    worker.use(
      http.get(`${PROXY_ORIGIN}/api/clinics/demo/bootstrap`, () => HttpResponse.error(), { once: true }),
      http.get(`${PROXY_ORIGIN}/healthz`, () => HttpResponse.error(), { once: true }),
    );
    const el = await renderWidget();
    expect(el.shadowRoot!.querySelector('[role="alert"]')?.textContent).to.contain(
      'could not reach the booking service',
    );
    buttons(el, 'Try again')[0]!.click();
    await waitForHeading(el, 'What would you like to book?');
  });
});

describe('<clinic-booking> for assistive technology', () => {
  it('speaks English on a page in another language', async () => {
    await startDemoProxy();
    document.documentElement.lang = 'fr';
    try {
      const el = await renderWidget();
      expect(el.shadowRoot!.querySelector('.frame')!.getAttribute('lang')).to.equal('en-AU');
    } finally {
      document.documentElement.lang = 'en';
    }
  });

  it('says what the times panel is doing through one live region that is there before its words', async () => {
    const { worker } = await startDemoProxy();
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    worker.use(
      http.get(`${PROXY_ORIGIN}/api/clinics/demo/availability`, async () => {
        await held;
        return undefined;
      }),
    );
    const el = await renderWidget();
    buttons(el, /^Physiotherapy/)[0]!.click();
    await waitForHeading(el, 'Choose a service');
    await waitUntil(() => buttons(el, /^Follow-up physiotherapy/).length > 0, 'the services');
    buttons(el, /^Follow-up physiotherapy/)[0]!.click();
    await waitUntil(() => buttons(el, /^Any available/).length > 0, 'the practitioners');
    buttons(el, /^Any available/)[0]!.click();
    await waitForHeading(el, 'Choose a time');
    const region = await waitUntil(
      () => deepQueryAll(el.shadowRoot!, 'p.day-status[role="status"]')[0],
      'the region',
    ).then(() => deepQueryAll(el.shadowRoot!, 'p.day-status[role="status"]')[0]!);
    expect(region.textContent.trim()).to.equal('Loading free times…');
    release();
    await waitUntil(() => deepQueryAll(el.shadowRoot!, 'button[part="time"]').length > 0, 'times', {
      timeout: 5000,
    });
    expect(deepQueryAll(el.shadowRoot!, 'p.day-status[role="status"]')[0]).to.equal(
      region,
      'the same region',
    );
    expect(region.textContent.trim()).to.equal('', 'which has nothing to say once the times are there');
  });
});

describe('<clinic-booking> prefill', () => {
  it('starts at step 2 when the page names a category, and step 1 is not counted', async () => {
    await startDemoProxy();
    const el = await fixture<ClinicBooking>(
      html`<clinic-booking clinic="demo" api=${PROXY_ORIGIN} category="podiatry"></clinic-booking>`,
    );
    await waitForHeading(el, 'Choose a service');
    expect(el.shadowRoot!.textContent).to.contain('Step 1 of 4');
    expect(optionNames(el)).to.include('General podiatry');
    expect(buttons(el, 'Back')).to.have.length(0);
  });

  it('starts at the times when the page names a service and practitioner', async () => {
    const { proxy } = await startDemoProxy();
    const services = (await (await proxy.app.request('/api/clinics/demo/services')).json()) as {
      categories: Array<{ services: Array<{ id: string; name: string }> }>;
    };
    const service = services.categories[0]!.services[1]!;
    const el = await fixture<ClinicBooking>(
      html`<clinic-booking
        clinic="demo"
        api=${PROXY_ORIGIN}
        service=${service.id}
        practitioner="any"
      ></clinic-booking>`,
    );
    await waitForHeading(el, 'Choose a time');
    expect(el.shadowRoot!.textContent).to.contain('Step 1 of 3');
  });
});

describe('<clinic-booking> round trips', () => {
  it('starts loading times when a service is picked, and a practitioner then costs no request', async () => {
    const { worker, proxy } = await startDemoProxy();
    const availability: string[] = [];
    worker.events.on('request:start', ({ request }) => {
      const url = new URL(request.url);
      if (url.pathname.endsWith('/availability'))
        availability.push(url.searchParams.get('practitionerId') ?? '');
    });
    const el = await fixture<ClinicBooking>(
      html`<clinic-booking clinic="demo" api=${PROXY_ORIGIN}></clinic-booking>`,
    );
    await waitForHeading(el, 'What would you like to book?');
    buttons(el, /^Physiotherapy/)[0]!.click();
    await waitForHeading(el, 'Choose a service');
    await waitUntil(() => buttons(el, /^Follow-up physiotherapy/).length > 0, 'the services');
    buttons(el, /^Follow-up physiotherapy/)[0]!.click();
    await waitUntil(
      () => availability.length === 1,
      'a request for the first month, before a practitioner is chosen',
    );
    expect(availability).to.deep.equal(['any']);
    await waitUntil(() => buttons(el, /^Aisha Rahman/).length > 0, 'the practitioners');
    buttons(el, /^Aisha Rahman/)[0]!.click();
    await waitForHeading(el, 'Choose a time');
    await waitUntil(() => deepQueryAll(el.shadowRoot!, 'button[part="time"]').length > 0, 'Aisha’s times', {
      timeout: 5000,
    });
    worker.events.removeAllListeners();
    expect(availability).to.deep.equal(['any'], 'no second request for the practitioner');
    // What is shown is exactly Aisha's free times that day, as the proxy gives them for her alone.
    const shown = deepQueryAll(el.shadowRoot!, 'button[part="time"]').map((b) => b.textContent.trim());
    const day = deepQueryAll(el.shadowRoot!, '[role="gridcell"][aria-selected="true"] button')[0]!.dataset
      .date!;
    const serviceId = (
      (await (await proxy.app.request('/api/clinics/demo/services')).json()) as {
        categories: Array<{ services: Array<{ id: string; name: string }> }>;
      }
    ).categories[0]!.services.find((s) => s.name === 'Follow-up physiotherapy')!.id;
    const res = await proxy.app.request(
      `/api/clinics/demo/availability?serviceId=${serviceId}&practitionerId=1790000000000001001&from=${day}&to=${day}`,
    );
    const { slots } = (await res.json()) as { slots: Array<{ start: string }> };
    const expected = slots.map((x) => {
      const [h, m] = [Number(x.start.slice(11, 13)), x.start.slice(14, 16)];
      return `${h % 12 === 0 ? 12 : h % 12}:${m} ${h < 12 ? 'am' : 'pm'}`;
    });
    expect(shown).to.deep.equal(expected);
  });
});
