/**
 * `demo/locations.html` on the real proxy (as `npm start` serves it, with its CSP): one
 * widget for the demo practice (`harbourside-group`), which asks where first. A booking at
 * the second site lands there: that site no longer offers the time, the first one still does.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { axeViolations } from './axe.ts';
import { drawSignature, fillPatientDetails, useProxyAndBrowser } from './demo-session.ts';

const BONDI = 'Harbourside Health Bondi';

describe('the demo practice’s page', () => {
  const session = useProxyAndBrowser();

  it('asks where, then books at the chosen site, without an error or a CSP violation', async () => {
    const page = await session.browser.newPage({ viewport: { width: 1280, height: 900 } });
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(e.message));
    page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
    await page.goto(`${session.proxy.url}/locations.html`);
    const widget = page.locator('clinic-booking');
    await widget.getByRole('heading', { name: 'Where would you like to be seen?' }).waitFor();
    // The whole page, the site around the widget included (its dark footer's links once were 2:1).
    assert.deepEqual(
      await axeViolations(page, { within: null, tags: ['wcag2a', 'wcag2aa', 'wcag21aa', 'wcag22aa'] }),
      [],
    );
    const map = widget.getByRole('link', { name: `Map of ${BONDI} (opens in a new tab)` });
    assert.equal(await map.getAttribute('target'), '_blank');

    await widget.getByRole('button', { name: new RegExp(`^${BONDI}`) }).click();
    await widget.getByRole('heading', { name: 'Step 1 of 5 What would you like to book?' }).waitFor();
    await widget.getByRole('button', { name: /^Physiotherapy/ }).click();
    await widget.getByRole('button', { name: /^Follow-up physiotherapy/ }).click();
    await widget.getByRole('button', { name: /^Any available practitioner/ }).click();
    const first = widget.locator('[part~="time"]').first();
    await first.waitFor();
    await first.click();
    await widget.getByRole('heading', { name: 'Your details' }).waitFor();
    await fillPatientDetails(widget, {
      firstName: 'Sam',
      lastName: 'Okafor',
      email: 'sam.okafor@example.com',
      mobile: '0412 345 679',
      dateOfBirth: '1990-06-01',
    });
    await drawSignature(page, widget);
    await widget.getByRole('button', { name: 'Review booking' }).click();
    await widget.getByRole('heading', { name: 'Check and book' }).waitFor();
    assert.match((await widget.locator('[part="summary"]').textContent()) ?? '', /Harbourside Health Bondi/);
    const booked = page.evaluate(
      () =>
        new Promise<{ start: string; serviceId: string; practitionerId: string; locationId?: string }>(
          (resolve) =>
            document.addEventListener('cb-booking-complete', (e) => resolve(e.detail), { once: true }),
        ),
    );
    await widget.getByRole('button', { name: 'Book appointment' }).click();
    await widget.getByRole('heading', { name: 'You’re booked' }).waitFor();
    const detail = await booked;
    assert.equal(detail.locationId, 'demo-bondi');
    await widget
      .locator('cb-step-done')
      .getByText(/88 Campbell Parade, Bondi Beach/)
      .waitFor();

    const day = detail.start.slice(0, 10);
    const offered = async (clinic: string) => {
      const res = await fetch(
        `${session.proxy.url}/api/clinics/${clinic}/availability?serviceId=${detail.serviceId}&practitionerId=${detail.practitionerId}&from=${day}&to=${day}`,
      );
      const { slots } = (await res.json()) as { slots: Array<{ start: string }> };
      return slots.some((s) => s.start === detail.start);
    };
    assert.equal(await offered('demo-bondi'), false, 'booked at Bondi');
    assert.equal(await offered('demo'), true, 'the other site’s diary is its own');
    assert.deepEqual(problems, []);
    await page.close();
  });
});
