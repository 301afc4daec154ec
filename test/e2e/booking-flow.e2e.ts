/**
 * A patient books on the demo page, in headless Chromium, against the real proxy process on
 * the demo clinic: once with the mouse (drawing the signature), once with the keyboard alone
 * (typing it). Afterwards the booked time is gone from availability.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { drawSignature, fillPatientDetails, useProxyAndBrowser } from './demo-session.ts';
import type { ProxyProcess } from './proxy-process.ts';

interface Booked {
  bookingId: string;
  serviceId: string;
  practitionerId: string;
  start: string;
}

/** Collects the widget's `cb-booking-complete` events on the page. */
async function listenForBookings(page: Page): Promise<() => Promise<Booked[]>> {
  await page.addInitScript(() => {
    const w = window as unknown as { booked: unknown[] };
    w.booked = [];
    document.addEventListener('cb-booking-complete', (e) => w.booked.push((e as CustomEvent).detail));
  });
  return () => page.evaluate(() => (window as unknown as { booked: Booked[] }).booked);
}

/** The focused element inside any shadow root: its tag, id and accessible-ish name. */
function focused(page: Page): Promise<{ tag: string; id: string; name: string }> {
  return page.evaluate(() => {
    let el = document.activeElement;
    while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
    if (!el) return { tag: '', id: '', name: '' };
    const input = el as HTMLInputElement;
    const label = input.labels?.[0]?.textContent ?? '';
    const name = el.getAttribute('aria-label') ?? (label || el.textContent || '');
    return { tag: el.tagName.toLowerCase(), id: el.id, name: name.replace(/\s+/g, ' ').trim() };
  });
}

/** Presses Tab (or Shift+Tab) until the focused control's name matches; fails after 60 presses. */
async function tabTo(page: Page, name: RegExp, backwards = false): Promise<void> {
  for (let i = 0; i < 60; i++) {
    const now = await focused(page);
    if (name.test(now.name)) return;
    await page.keyboard.press(backwards ? 'Shift+Tab' : 'Tab');
  }
  throw new Error(
    `could not reach ${name} with the keyboard; stuck at ${JSON.stringify(await focused(page))}`,
  );
}

/** Fails when the page scrolls sideways at its viewport width (the widget pushed it wider). */
async function assertFits(page: Page, where: string): Promise<void> {
  const { scroll, viewport } = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    viewport: window.innerWidth,
  }));
  assert.ok(scroll <= viewport, `${where}: the page is ${scroll} px wide in a ${viewport} px screen`);
}

async function slotsOn(proxy: ProxyProcess, booked: Booked): Promise<string[]> {
  const day = booked.start.slice(0, 10);
  const res = await fetch(
    `${proxy.url}/api/clinics/demo/availability?serviceId=${booked.serviceId}&practitionerId=${booked.practitionerId}&from=${day}&to=${day}`,
  );
  return ((await res.json()) as { slots: Array<{ start: string }> }).slots.map((s) => s.start);
}

describe('booking on the demo page', () => {
  const session = useProxyAndBrowser();

  it('with the mouse: a service, a time, the details, a drawn signature, booked', async () => {
    const { proxy, browser } = session;
    // A patient in London booking a Sydney clinic.
    const page = await browser.newPage({
      viewport: { width: 1280, height: 900 },
      timezoneId: 'Europe/London',
    });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    const bookings = await listenForBookings(page);
    await page.goto(`${proxy.url}/`);
    const widget = page.locator('clinic-booking');
    await widget.getByRole('button', { name: /^Physiotherapy/ }).click();
    await widget.getByRole('button', { name: /^Sports injury assessment/ }).click();
    await widget.getByRole('button', { name: /^Any available practitioner/ }).click();
    await widget.getByRole('heading', { name: 'Choose a time' }).waitFor();
    const zone = widget.locator('[part="timezone"]');
    assert.match(
      (await zone.innerText()) ?? '',
      /Times are in Sydney time, AE[DS]T\. Your device is set to a different time zone \(Europe\/London\)/,
    );
    await widget
      .getByRole('button', { name: /^\d{1,2}:\d\d [ap]m/ })
      .first()
      .click();
    await widget.getByRole('heading', { name: 'Your details' }).waitFor();
    await fillPatientDetails(widget, {
      firstName: 'Mia',
      lastName: 'Okafor',
      email: 'mia.okafor@example.com',
      mobile: '0423 456 789',
      dateOfBirth: '1992-08-30',
    });
    await drawSignature(page, widget);
    await widget.getByRole('img', { name: 'Your signature' }).waitFor();
    await widget.getByRole('button', { name: 'Review booking' }).click();
    await widget.getByRole('heading', { name: 'Check and book' }).waitFor();
    await widget.getByRole('button', { name: 'Book appointment' }).click();
    await widget.getByRole('heading', { name: 'You’re booked' }).waitFor();
    const reference = await widget.locator('[part="booking-reference"] strong').textContent();

    const [booked] = await bookings();
    assert.ok(booked, 'the page heard cb-booking-complete');
    assert.equal(booked.bookingId, reference);
    assert.ok(!(await slotsOn(proxy, booked)).includes(booked.start), 'the booked time is no longer offered');
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('with the keyboard alone on a 320 px screen, signing by typing a name', async () => {
    const { proxy, browser } = session;
    const page = await browser.newPage({
      viewport: { width: 320, height: 700 },
      locale: 'en-AU',
      timezoneId: 'Australia/Sydney',
    });
    const bookings = await listenForBookings(page);
    await page.goto(`${proxy.url}/`);
    const widget = page.locator('clinic-booking');
    await widget.getByRole('heading', { name: 'What would you like to book?' }).waitFor();
    await assertFits(page, 'What would you like to book?');

    await tabTo(page, /^Remedial massage/);
    await page.keyboard.press('Enter');
    await widget.getByRole('heading', { name: 'Choose a service' }).waitFor();
    await assertFits(page, 'Choose a service');
    assert.equal(
      (await focused(page)).name,
      'Step 2 of 5 Choose a service',
      'focus moved to the new step, its heading saying how far along it is',
    );
    await tabTo(page, /^Remedial massage, 60 minutes/);
    await page.keyboard.press('Enter');
    await tabTo(page, /^Any available practitioner/);
    await page.keyboard.press('Space');
    await widget.getByRole('heading', { name: 'Choose a time' }).waitFor();
    const zone = widget.locator('[part="timezone"]');
    assert.doesNotMatch(
      (await zone.innerText()) ?? '',
      /different time zone/,
      'a patient in Sydney is not told',
    );
    await assertFits(page, 'Choose a time');
    await widget
      .getByRole('button', { name: /^\d{1,2}:\d\d [ap]m/ })
      .first()
      .waitFor();
    // Into the date grid, one day to the right with the arrow keys, then that day's first time.
    await tabTo(page, /times available(, selected)?$/);
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('Enter');
    await tabTo(page, /^\d{1,2}:\d\d [ap]m/);
    await page.keyboard.press('Enter');
    await widget.getByRole('heading', { name: 'Your details' }).waitFor();
    await assertFits(page, 'Your details');

    await tabTo(page, /^First name/);
    await page.keyboard.type('Noah');
    await page.keyboard.press('Tab');
    await page.keyboard.type('Williams');
    await tabTo(page, /^Email/);
    await page.keyboard.type('noah.williams@example.com');
    await tabTo(page, /^Mobile/);
    await page.keyboard.type('0434 567 890');
    await tabTo(page, /^Date of birth/);
    await page.keyboard.type('03071979');
    await tabTo(page, /I have read and agree/);
    await page.keyboard.press('Space');
    await tabTo(page, /type my name instead/);
    await page.keyboard.press('Enter');
    await tabTo(page, /^Type your full name/, true);
    await page.keyboard.type('Noah Williams');
    await tabTo(page, /^Review booking/);
    await page.keyboard.press('Enter');
    await widget.getByRole('heading', { name: 'Check and book' }).waitFor();
    await assertFits(page, 'Check and book');
    await tabTo(page, /^Book appointment/);
    await page.keyboard.press('Enter');
    await widget.getByRole('heading', { name: 'You’re booked' }).waitFor();
    await assertFits(page, 'You’re booked');

    const [booked] = await bookings();
    assert.ok(booked);
    assert.ok(!(await slotsOn(proxy, booked)).includes(booked.start));
    await page.close();
  });
});
