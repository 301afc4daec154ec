/**
 * A patient follows their change-or-cancel link to the demo page, on a 320 px screen, with
 * the keyboard alone: the booking is shown, moved to another time, then cancelled, against
 * the real proxy process and the built widget (its manage chunk, the page's CSP). axe runs on
 * every screen; screenshots go to `.screenshots/manage/`.
 */
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { describe, it } from 'node:test';
import type { Locator, Page } from 'playwright-core';
import type { Slot } from '../../shared/contract.ts';
import { bookingFor } from '../helpers/demo-proxy.ts';
import { useProxyAndBrowser } from './demo-session.ts';
import type { ProxyProcess } from './proxy-process.ts';
import { axeViolations } from './axe.ts';

const SHOTS = '.screenshots/manage';
/** The focused element's accessible-ish name, through shadow roots. */
function focusedName(page: Page): Promise<string> {
  return page.evaluate(() => {
    let el = document.activeElement;
    while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
    const label = (el as HTMLInputElement | null)?.labels?.[0]?.textContent ?? '';
    return (el?.getAttribute('aria-label') ?? (label || el?.textContent || '')).replace(/\s+/g, ' ').trim();
  });
}

async function tabTo(page: Page, name: RegExp): Promise<void> {
  for (let i = 0; i < 80; i++) {
    if (name.test(await focusedName(page))) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`could not reach ${name} with the keyboard; stuck at "${await focusedName(page)}"`);
}

/**
 * In the time step's date grid, by keyboard: from its tab stop a week down, then on day by
 * day to the first with free times, chosen with Enter.
 */
async function pickDayAWeekOn(page: Page): Promise<void> {
  await tabTo(page, /, (times available|no times|loading)/);
  await page.keyboard.press('ArrowDown');
  for (let day = 0; day < 14; day++) {
    let name = await focusedName(page);
    // Crossing into the next month loads its free days first.
    for (let wait = 0; wait < 50 && /loading/.test(name); wait++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      name = await focusedName(page);
    }
    if (/times available/.test(name)) {
      await page.keyboard.press('Enter');
      return;
    }
    await page.keyboard.press('ArrowRight');
  }
  throw new Error(`no day with free times a week on; stuck at "${await focusedName(page)}"`);
}

/** No sideways scroll, axe clean, and a screenshot, on each screen. */
async function check(page: Page, widget: Locator, heading: string, shot: string) {
  await widget.getByRole('heading', { name: heading }).waitFor();
  const { scroll, viewport } = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    viewport: window.innerWidth,
  }));
  assert.ok(scroll <= viewport, `${heading}: the page is ${scroll} px wide in a ${viewport} px screen`);
  assert.deepEqual(await axeViolations(page), [], heading);
  await widget.screenshot({ path: `${SHOTS}/${shot}.png`, animations: 'disabled' });
}

/** Books the first free time three days ahead or later, through the API; its token. */
async function bookAhead(proxy: ProxyProcess, clinic = 'demo'): Promise<{ token: string; start: string }> {
  const api = `${proxy.url}/api/clinics/${clinic}`;
  const boot = (await (await fetch(`${api}/bootstrap`)).json()) as {
    clinic: { waiver: { version: string } };
    categories: Array<{ services: Array<{ id: string }> }>;
  };
  const serviceId = boot.categories[0]!.services[0]!.id;
  const day = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
  const { slots } = (await (
    await fetch(`${api}/availability?serviceId=${serviceId}&practitionerId=any&from=${day(3)}&to=${day(10)}`)
  ).json()) as { slots: Slot[] };
  const request = bookingFor(slots[0]!, serviceId);
  request.waiver.version = boot.clinic.waiver.version;
  const res = await fetch(`${api}/bookings`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'Idempotency-Key': `e2e-manage-${Date.now()}` },
    body: JSON.stringify(request),
  });
  assert.equal(res.status, 201, await res.clone().text());
  const { booking } = (await res.json()) as { booking: { manageToken: string; start: string } };
  return { token: booking.manageToken, start: booking.start };
}

describe('a change-or-cancel link on the demo page', () => {
  const session = useProxyAndBrowser();

  it('with the keyboard alone at 320 px: the booking, a new time, then cancelled', async () => {
    mkdirSync(SHOTS, { recursive: true });
    const { proxy, browser } = session;
    const { token, start } = await bookAhead(proxy);
    const page = await browser.newPage({
      viewport: { width: 320, height: 700 },
      locale: 'en-AU',
      timezoneId: 'Australia/Sydney',
    });
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('console', (message) => message.type() === 'error' && errors.push(message.text()));
    const chunks: string[] = [];
    page.on('request', (request) => chunks.push(new URL(request.url()).pathname));
    await page.addInitScript(() => {
      const w = window as unknown as { changes: unknown[] };
      w.changes = [];
      for (const type of ['cb-booking-rescheduled', 'cb-booking-cancelled'])
        document.addEventListener(type, (e) => w.changes.push({ type, ...(e as CustomEvent).detail }));
    });
    await page.goto(`${proxy.url}/?cb-manage=${token}`);
    const widget = page.locator('clinic-booking');
    await check(page, widget, 'Your booking', '320-1-booking');
    assert.ok(
      chunks.some((path) => /^\/widget-manage-view-[\w-]+\.js$/.test(path)),
      'the manage view came as its own chunk',
    );
    assert.match(await widget.getByText(/^Status:/).innerText(), /^Status:\s*Booked$/);

    await tabTo(page, /^Change time$/);
    await page.keyboard.press('Enter');
    await widget
      .getByRole('button', { name: /^\d{1,2}:\d\d [ap]m/ })
      .first()
      .waitFor();
    await check(page, widget, 'Choose a new time', '320-2-times');
    assert.equal(await focusedName(page), 'Choose a new time', 'focus moved to the heading');
    // A week on, so the new time is past the 24 hours' notice and can still be cancelled online.
    await pickDayAWeekOn(page);
    await tabTo(page, /^\d{1,2}:\d\d [ap]m/);
    await page.keyboard.press('Enter');
    await check(page, widget, 'Move your booking?', '320-3-confirm');
    await tabTo(page, /^Move booking$/);
    await page.keyboard.press('Enter');
    await check(page, widget, 'Your booking is moved', '320-4-moved');
    await widget.getByRole('link', { name: 'Add to calendar (.ics)' }).waitFor();

    await tabTo(page, /^Back to your booking$/);
    await page.keyboard.press('Enter');
    await widget.getByRole('heading', { name: 'Your booking' }).waitFor();
    await tabTo(page, /^Cancel booking$/);
    await page.keyboard.press('Enter');
    await widget.getByRole('heading', { name: 'Cancel your booking?' }).waitFor();
    await tabTo(page, /^Reason/);
    await page.keyboard.type('Feeling much better');
    await check(page, widget, 'Cancel your booking?', '320-5-cancel');
    await tabTo(page, /^Cancel booking$/);
    await page.keyboard.press('Enter');
    await check(page, widget, 'Your booking is cancelled', '320-6-cancelled');

    const changes = (await page.evaluate(
      () => (window as unknown as { changes: unknown[] }).changes,
    )) as Array<{
      type: string;
      start: string;
      previousStart?: string;
    }>;
    assert.deepEqual(
      changes.map((c) => c.type),
      ['cb-booking-rescheduled', 'cb-booking-cancelled'],
    );
    assert.equal(changes[0]!.previousStart, start);
    const now = (await (await fetch(`${proxy.url}/api/clinics/demo/manage/${token}`)).json()) as {
      status: string;
      booking: { start: string };
    };
    assert.equal(now.status, 'cancelled');
    assert.equal(now.booking.start, changes[0]!.start, 'cancelled at the time it was moved to');
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('on a page with three clinics’ widgets, only the link’s clinic shows the booking', async () => {
    const { proxy, browser } = session;
    const { token } = await bookAhead(proxy, 'demo-coastal');
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${proxy.url}/brands.html?cb-manage=${token}`);
    const widget = (clinic: string) => page.locator(`clinic-booking[clinic="${clinic}"]`);
    await widget('demo-coastal').getByRole('heading', { name: 'Your booking' }).waitFor();
    for (const other of ['demo', 'demo-northside']) {
      await widget(other).getByRole('heading', { name: 'What would you like to book?' }).waitFor();
    }
    assert.equal(await page.getByRole('heading', { name: 'Your booking' }).count(), 1);
    await page.close();
  });

  it('a link for another clinic leaves the widget a booking widget', async () => {
    const { proxy, browser } = session;
    const page = await browser.newPage({ viewport: { width: 320, height: 700 } });
    await page.goto(`${proxy.url}/?cb-manage=bTF8b3RoZXJ8MQ.AAAAAAAAAAAAAAAAAAAAAA`);
    await page
      .locator('clinic-booking')
      .getByRole('heading', { name: 'What would you like to book?' })
      .waitFor();
    await page.close();
  });
});
