import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { http, HttpResponse } from 'msw';
import { PROXY_ORIGIN, startDemoProxy } from '../../test/browser/demo-proxy-worker.ts';
import type { ClinicBooking } from './clinic-booking.ts';
import '../define.ts';

async function renderWidget(clinic = 'demo') {
  const el = await fixture<ClinicBooking>(html`<clinic-booking clinic=${clinic} api=${PROXY_ORIGIN}></clinic-booking>`);
  await waitUntil(() => !el.shadowRoot!.querySelector('[role="status"]'), 'the widget finished loading', { timeout: 5000 });
  return el;
}

function categoryNames(el: ClinicBooking): string[] {
  const step = el.shadowRoot!.querySelector('cb-step-category');
  return [...(step?.shadowRoot?.querySelectorAll('.name') ?? [])].map((n) => n.textContent ?? '');
}

describe('<clinic-booking> loading', () => {
  it('loads the clinic from the proxy and shows step 1 with its categories', async () => {
    await startDemoProxy();
    const el = await renderWidget();
    expect(el.shadowRoot!.querySelector('h2')?.textContent).to.equal('What would you like to book?');
    expect(el.shadowRoot!.textContent).to.contain('Harbourside Health');
    expect(categoryNames(el)).to.deep.equal(['Physiotherapy', 'Remedial massage', 'Psychology', 'Podiatry']);
    await expect(el).to.be.accessible();
  });

  it('says so, in an alert, when the clinic does not exist', async () => {
    await startDemoProxy();
    const el = await renderWidget('no-such-clinic');
    const alert = el.shadowRoot!.querySelector('[role="alert"]');
    expect(alert?.textContent).to.contain('the clinic was not found');
  });

  it('says online booking is unavailable when the proxy cannot be reached', async () => {
    const { worker } = await startDemoProxy();
    worker.use(http.get(`${PROXY_ORIGIN}/api/clinics/demo/services`, () => HttpResponse.error()));
    const el = await renderWidget();
    expect(el.shadowRoot!.querySelector('[role="alert"]')?.textContent).to.contain('could not reach the booking service');
  });
});
