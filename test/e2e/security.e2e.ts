/**
 * The security wiring of the real Node entry (`npm start`): the page's CSP lets the widget
 * run, per-client rate limits see real connection addresses, the process's log holds no
 * patient data, and a bad TRUSTED_PROXY_HEADER stops start-up.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { availabilityResponseSchema, servicesResponseSchema } from '../../shared/contract.ts';
import { DRAWN_SIGNATURE } from '../fixtures/signature.ts';
import { launchBrowser } from './browser.ts';
import { startProxyProcess, type ProxyProcess } from './proxy-process.ts';

describe('security of the running proxy', () => {
  let proxy: ProxyProcess;
  let browser: Browser;

  before(async () => {
    [proxy, browser] = await Promise.all([startProxyProcess({ LOG_LEVEL: 'debug' }), launchBrowser()]);
  });
  after(async () => {
    await browser?.close();
    await proxy?.stop();
  });

  it('serves the demo page with a CSP under which the widget runs without a single violation', async () => {
    const page = await browser.newPage();
    const violations: string[] = [];
    page.on('console', (message) => {
      if (/Content Security Policy|Refused to/i.test(message.text())) violations.push(message.text());
    });
    page.on('pageerror', (error) => violations.push(error.message));
    const response = await page.goto(`${proxy.url}/`);
    assert.match(
      response?.headers()['content-security-policy'] ?? '',
      /script-src 'self' https:\/\/challenges\.cloudflare\.com/,
    );
    await page.getByRole('heading', { name: 'What would you like to book?' }).waitFor();
    await page.getByRole('button', { name: /^Physiotherapy/ }).click();
    await page.waitForTimeout(300);
    assert.deepEqual(violations, []);
    await page.close();
  });

  it('books through the process and writes no patient detail to its log', async () => {
    const base = `${proxy.url}/api/clinics/demo`;
    const { categories } = servicesResponseSchema.parse(await (await fetch(`${base}/services`)).json());
    const serviceId = categories[0]!.services[0]!.id;
    const from = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);
    const to = new Date(Date.now() + 9 * 86_400_000).toISOString().slice(0, 10);
    const { slots } = availabilityResponseSchema.parse(
      await (
        await fetch(`${base}/availability?serviceId=${serviceId}&practitionerId=any&from=${from}&to=${to}`)
      ).json(),
    );
    const patient = {
      firstName: 'Perpetua',
      lastName: 'Okonkwo-Lind',
      email: 'perpetua.lind@example.org',
      phone: '0491 570 110',
      dateOfBirth: '1966-07-01',
      note: 'Stiff neck most mornings',
    };
    const res = await fetch(`${base}/bookings`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Idempotency-Key': 'e2e-security-booking-1' },
      body: JSON.stringify({
        serviceId,
        practitionerId: slots[0]!.practitionerId,
        start: slots[0]!.start,
        patient,
        waiver: { version: '1', accepted: true, signatureSvg: DRAWN_SIGNATURE },
      }),
    });
    assert.equal(res.status, 201);
    const output = proxy.output();
    assert.match(output, /"event":"booking.step"/);
    for (const value of [...Object.values(patient), '+61491570110', DRAWN_SIGNATURE.slice(26, 80)]) {
      assert.ok(!output.includes(value), `the log holds ${value}`);
    }
  });

  it('limits one client by its real connection address', async () => {
    // The bucket holds 300 and refills at 5 a second, so however slow this machine is, a client
    // asking faster than that runs it dry; it must then be told to wait.
    const first = await fetch(`${proxy.url}/api/clinics/demo`);
    assert.equal(first.status, 200);
    let refused: Response | undefined;
    for (let i = 0; i < 5000 && !refused; i++) {
      const res = await fetch(`${proxy.url}/api/clinics/demo`);
      if (res.status === 429) refused = res;
      else await res.arrayBuffer();
    }
    assert.ok(refused, 'a 429 before 5000 requests');
    assert.ok(Number(refused.headers.get('Retry-After')) >= 1);
  });
});

describe('start-up', () => {
  it('refuses a TRUSTED_PROXY_HEADER that is not a header name', async () => {
    await assert.rejects(
      startProxyProcess({ TRUSTED_PROXY_HEADER: 'X Forwarded For' }),
      /TRUSTED_PROXY_HEADER/,
    );
  });
});
