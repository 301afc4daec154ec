import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { useProxyAndBrowser } from './demo-session.ts';

describe('the demo page served by the real proxy', () => {
  const session = useProxyAndBrowser();

  it('embeds the widget with one script tag and shows step 1 with the demo categories', async () => {
    const page = await session.browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    // A missing file (a favicon, a chunk) or a CSP refusal shows up as a console error.
    page.on('console', (message) => message.type() === 'error' && errors.push(message.text()));
    await page.goto(`${session.proxy.url}/`);
    await page.getByRole('heading', { name: 'What would you like to book?' }).waitFor();
    for (const name of ['Physiotherapy', 'Remedial massage', 'Psychology', 'Podiatry']) {
      assert.ok(await page.getByRole('button', { name: new RegExp(`^${name}`) }).isVisible(), name);
    }
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('answers every endpoint of the API table', async () => {
    const get = async (path: string) => {
      const res = await fetch(`${session.proxy.url}${path}`);
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    };
    assert.deepEqual(await get('/healthz'), { status: 200, body: { ok: true } });
    assert.equal((await get('/api/clinics/demo')).status, 200);
    const services = await get('/api/clinics/demo/services');
    assert.equal(services.status, 200);
    const serviceId = (services.body as { categories: Array<{ services: Array<{ id: string }> }> })
      .categories[0]!.services[0]!.id;
    assert.equal((await get(`/api/clinics/demo/practitioners?serviceId=${serviceId}`)).status, 200);
    const today = new Date().toISOString().slice(0, 10);
    const week = new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10);
    const availability = await get(
      `/api/clinics/demo/availability?serviceId=${serviceId}&practitionerId=any&from=${today}&to=${week}`,
    );
    assert.equal(availability.status, 200);
    assert.ok((availability.body.slots as unknown[]).length > 0);
    const widget = await fetch(`${session.proxy.url}/widget.js`);
    assert.equal(widget.status, 200);
    assert.match(await widget.text(), /clinic-booking/);
  });
});
