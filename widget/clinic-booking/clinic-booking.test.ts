import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { http, HttpResponse } from 'msw';
import { PROXY_ORIGIN, startDemoProxy } from '../../test/browser/demo-proxy-worker.ts';
import { buttons, deepQueryAll, heading, waitForHeading } from '../../test/browser/widget-driver.ts';
import type { ClinicBooking } from './clinic-booking.ts';
import '../define.ts';

async function renderWidget(clinic = 'demo') {
  const el = await fixture<ClinicBooking>(html`<clinic-booking clinic=${clinic} api=${PROXY_ORIGIN}></clinic-booking>`);
  await waitUntil(() => !el.shadowRoot!.querySelector('[role="status"]'), 'the widget finished loading', { timeout: 5000 });
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
    expect(alert?.textContent).to.contain('the clinic was not found');
  });

  it('says online booking is unavailable when the proxy cannot be reached, and tries again on request', async () => {
    const { worker } = await startDemoProxy();
    worker.use(http.get(`${PROXY_ORIGIN}/api/clinics/demo/bootstrap`, () => HttpResponse.error(), { once: true }));
    const el = await renderWidget();
    expect(el.shadowRoot!.querySelector('[role="alert"]')?.textContent).to.contain('could not reach the booking service');
    buttons(el, 'Try again')[0]!.click();
    await waitForHeading(el, 'What would you like to book?');
  });
});

describe('<clinic-booking> prefill', () => {
  it('starts at step 2 when the page names a category, and step 1 is not counted', async () => {
    await startDemoProxy();
    const el = await fixture<ClinicBooking>(html`<clinic-booking clinic="demo" api=${PROXY_ORIGIN} category="podiatry"></clinic-booking>`);
    await waitForHeading(el, 'Choose a service');
    expect(el.shadowRoot!.textContent).to.contain('Step 1 of 4');
    expect(optionNames(el)).to.include('General podiatry');
    expect(buttons(el, 'Back')).to.have.length(0);
  });

  it('starts at the times when the page names a service and practitioner', async () => {
    const { proxy } = await startDemoProxy();
    const services = (await (await proxy.app.request('/api/clinics/demo/services')).json()) as { categories: Array<{ services: Array<{ id: string; name: string }> }> };
    const service = services.categories[0]!.services[1]!;
    const el = await fixture<ClinicBooking>(
      html`<clinic-booking clinic="demo" api=${PROXY_ORIGIN} service=${service.id} practitioner="any"></clinic-booking>`,
    );
    await waitForHeading(el, 'Choose a time');
    expect(el.shadowRoot!.textContent).to.contain('Step 1 of 3');
  });
});
