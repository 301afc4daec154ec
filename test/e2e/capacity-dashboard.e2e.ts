/**
 * The owner's capacity dashboard, served by the real proxy process on the demo clinic, in
 * Chromium: signed in and used by keyboard alone, axe-clean in light and dark at 320 and
 * 1280 px, its table showing exactly the feed's numbers, its token kept in the tab only,
 * and its strict Content Security Policy refusing nothing the page needs.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { capacityResponseSchema, type CapacityResponse } from '../../shared/capacity-contract.ts';
import {
  DEMO_CAPACITY_TOKEN,
  DEMO_PRACTICE,
  DEMO_PRACTICE_CAPACITY_TOKEN,
} from '../../proxy/config/demo-clinic.ts';
import {
  cellOf,
  daysByFreeTime,
  formatDate,
  formatMinutes,
  formatShare,
  shareStep,
} from '../../dashboard/format.ts';
import { axeViolations, WCAG_AA_TAGS } from './axe.ts';
import { useProxyAndBrowser } from './demo-session.ts';

/** The whole page, against WCAG 2.2 AA and axe's best practices. */
const axe = (page: Page) => axeViolations(page, { within: null, tags: WCAG_AA_TAGS });

describe('the capacity dashboard', () => {
  const session = useProxyAndBrowser();

  /** A page that records console errors (a CSP refusal is one) and the feed answers it receives. */
  async function openDashboard(
    options: {
      width?: number;
      scheme?: 'light' | 'dark';
      forcedColors?: 'active' | 'none';
      /** The link the owner follows; default the demo clinic's. */
      query?: string;
    } = {},
  ) {
    const context = await session.browser.newContext({
      viewport: { width: options.width ?? 1280, height: 900 },
      colorScheme: options.scheme ?? 'light',
      locale: 'en-AU',
      timezoneId: 'Australia/Sydney',
      forcedColors: options.forcedColors ?? 'none',
    });
    const page = await context.newPage();
    page.on('close', () => void context.close());
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('console', (message) => message.type() === 'error' && errors.push(message.text()));
    const feeds: CapacityResponse[] = [];
    page.on('response', (response) => {
      if (response.url().includes('/capacity') && response.status() === 200)
        void response.json().then(
          (body) => feeds.push(capacityResponseSchema.parse(body)),
          // The test closed its page before this body was read: nothing left to count. (Unhandled,
          // it surfaced after the suite as "Target page, context or browser has been closed".)
          () => undefined,
        );
    });
    await page.goto(`${session.proxy.url}/dashboard?${options.query ?? 'clinic=demo'}`);
    return { page, errors, feeds };
  }

  async function signInByKeyboard(page: Page) {
    await page.getByLabel('Capacity token').waitFor();
    // The clinic came from the link, so the token field has focus.
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'token');
    await page.keyboard.type(DEMO_CAPACITY_TOKEN);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Harbourside Health' }).waitFor();
  }

  it('is served with a strict Content Security Policy', async () => {
    const res = await fetch(`${session.proxy.url}/dashboard`);
    assert.equal(res.status, 200);
    const csp = res.headers.get('content-security-policy') ?? '';
    for (const directive of [
      "default-src 'none'",
      "script-src 'self'",
      "style-src 'self'",
      "connect-src 'self'",
      "form-action 'none'",
      "frame-ancestors 'none'",
      "require-trusted-types-for 'script'",
      "trusted-types 'none'",
    ])
      assert.ok(csp.includes(directive), `${directive} in ${csp}`);
    assert.ok(!csp.includes('unsafe'), csp);
    assert.equal(res.headers.get('referrer-policy'), 'no-referrer');
    const html = await res.text();
    assert.ok(!/<script(?![^>]*\bsrc=)[^>]*>/.test(html), 'no inline script');
    assert.ok(!/\sstyle=/.test(html), 'no inline style');
  });

  it('signs in, refreshes and signs out by keyboard alone, keeping the token in the tab only', async () => {
    const { page, errors } = await openDashboard();
    await signInByKeyboard(page);
    assert.equal(
      await page.evaluate(() => document.activeElement?.id),
      'report-heading',
      'focus moves to the report',
    );
    assert.ok(!page.url().includes(DEMO_CAPACITY_TOKEN), 'the token is not in the URL');
    const stored = await page.evaluate(() => ({
      local: localStorage.length,
      cookies: document.cookie,
      session: Object.keys(sessionStorage),
    }));
    assert.deepEqual(stored, { local: 0, cookies: '', session: ['clinic-capacity-session'] });

    // Tab reaches Refresh, Sign out and then the scrolling tables, in that order.
    const order: string[] = [];
    for (let i = 0; i < 4; i += 1) {
      await page.keyboard.press('Tab');
      order.push(
        await page.evaluate(
          () => document.activeElement?.id || document.activeElement?.getAttribute('aria-labelledby') || '',
        ),
      );
    }
    assert.deepEqual(order, ['refresh', 'sign-out', 'numbers-caption', 'services-heading-caption']);

    // A reload in the same tab keeps the session; a new tab asks again.
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Harbourside Health' }).waitFor();
    const other = await page.context().newPage();
    await other.goto(`${session.proxy.url}/dashboard?clinic=demo`);
    await other.getByLabel('Capacity token').waitFor();
    assert.equal(
      await other.getByRole('heading', { level: 1, name: 'Capacity dashboard' }).isVisible(),
      true,
    );
    await other.close();

    await page.getByRole('button', { name: 'Refresh' }).focus();
    await page.keyboard.press('Enter');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter'); // Sign out
    await page.getByLabel('Capacity token').waitFor();
    assert.equal(await page.evaluate(() => sessionStorage.length), 0);
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'token');
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('says when the token is wrong, and keeps the focus on it', async () => {
    const { page, errors } = await openDashboard();
    await page.getByLabel('Capacity token').fill('not-the-token-but-long-enough-000000000');
    await page.keyboard.press('Enter');
    const alert = page.getByRole('alert');
    await alert.waitFor();
    assert.match(await alert.innerText(), /not accepted/);
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'token');
    assert.equal(await page.getByLabel('Capacity token').getAttribute('aria-invalid'), 'true');
    assert.equal(await page.evaluate(() => sessionStorage.length), 0);
    // The 401 is expected; nothing else went wrong on the page.
    assert.deepEqual(
      errors.filter((e) => !e.includes('401')),
      [],
    );
    await page.close();
  });

  it('shows the feed’s numbers: the heat map, the table, the breakdowns and the freest days', async () => {
    const { page, errors, feeds } = await openDashboard();
    await signInByKeyboard(page);
    await page.waitForFunction(() => document.querySelectorAll('.heatmap .cell').length > 0);
    const feed = feeds.at(-1);
    assert.ok(feed, 'the page read the feed');
    assert.equal(feed.days.length, 14);

    // The heat map: a square per practitioner and day, coloured by its share booked.
    const steps = await page
      .locator('.heatmap .cell')
      .evaluateAll((cells) => cells.map((cell) => /\bs(\d+|off)\b/.exec(String(cell.className))?.[1] ?? ''));
    assert.deepEqual(
      steps,
      feed.practitioners.flatMap((p) =>
        feed.days.map((d) => shareStep(cellOf(d, p.id, p.locationId)?.utilisation ?? null)),
      ),
    );

    // The table: the same numbers as text, a row per practitioner and one for everyone.
    const rows = await page
      .locator('table.numbers tbody tr')
      .evaluateAll((trs) =>
        trs.map((tr) =>
          [...tr.children].map((cell) => (cell as HTMLElement).innerText.replace(/\s+/g, ' ').trim()),
        ),
      );
    // As a screen reader reads them: the share booked, then the free time.
    const text = (m: { utilisation: number | null; freeMinutes: number } | null) =>
      !m || m.utilisation === null
        ? '– not working'
        : `${formatShare(m.utilisation)} booked, ${formatMinutes(m.freeMinutes)} free`;
    assert.deepEqual(rows, [
      ...feed.practitioners.map((p) => [
        p.name,
        ...feed.days.map((d) => text(cellOf(d, p.id, p.locationId))),
        text(p.totals),
      ]),
      ['Everyone', ...feed.days.map((d) => text(d.totals)), text(feed.totals)],
    ]);
    const headers = await page.locator('table.numbers thead th').allInnerTexts();
    assert.deepEqual(headers, ['Practitioner', ...feed.days.map((d) => formatDate(d.date)), 'All days']);

    // Per service and per location: share booked, free time and slots.
    const breakdown = (per: string) =>
      page
        .getByRole('region', { name: `Booked share, free time and free slots per ${per}` })
        .locator('tbody tr')
        .evaluateAll((trs) =>
          trs.map((tr) =>
            [...tr.children].map((c) => (c as HTMLElement).innerText.replace(/\s+/g, ' ').trim()),
          ),
        );
    assert.deepEqual(
      await breakdown('service'),
      feed.services.map((s) => [
        `${s.name} ${s.categoryName}`,
        formatShare(s.totals.utilisation),
        formatMinutes(s.totals.freeMinutes),
        String(s.totals.freeSlots),
      ]),
    );
    assert.deepEqual(await breakdown('location'), [
      [
        'Harbourside Health',
        formatShare(feed.totals.utilisation),
        formatMinutes(feed.totals.freeMinutes),
        String(feed.totals.freeSlots),
      ],
    ]);

    // The days with the most free time come first.
    const freest = await page.locator('ol.freest li strong').allInnerTexts();
    assert.deepEqual(
      freest,
      daysByFreeTime(feed).map((d) => formatDate(d.date)),
    );
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('shows a practice’s locations side by side from a practice link, and refuses a clinic’s token for it', async () => {
    const { page, errors, feeds } = await openDashboard({ query: `practice=${DEMO_PRACTICE.id}` });
    await page.getByLabel('Practice id').waitFor();
    assert.equal(await page.getByLabel('Practice id').inputValue(), DEMO_PRACTICE.id);
    assert.equal(await page.getByRole('radio', { name: 'A practice (all its locations)' }).isChecked(), true);

    // A clinic's token does not open the practice's feed.
    await page.getByLabel('Capacity token').fill(DEMO_CAPACITY_TOKEN);
    await page.keyboard.press('Enter');
    const alert = page.getByRole('alert');
    await alert.waitFor();
    assert.match(await alert.innerText(), /not accepted for this practice/);

    await page.getByLabel('Capacity token').fill(DEMO_PRACTICE_CAPACITY_TOKEN);
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.querySelectorAll('.heatmap .cell').length > 0);
    // The page has the body; this test's copy of it is read a moment later.
    for (let i = 0; feeds.length === 0 && i < 250; i += 1) await new Promise((r) => setTimeout(r, 20));
    const feed = feeds.at(-1);
    assert.ok(feed, 'the page read the practice feed');
    assert.equal(feed.locations.length, 2);
    const heading = await page.getByRole('heading', { level: 1 }).innerText();
    assert.equal(heading, feed.locations.map((l) => l.name).join(' · '));
    const perLocation = await page
      .getByRole('region', { name: 'Booked share, free time and free slots per location' })
      .locator('tbody tr')
      .evaluateAll((trs) =>
        trs.map((tr) =>
          [...tr.children].map((c) => (c as HTMLElement).innerText.replace(/\s+/g, ' ').trim()),
        ),
      );
    assert.deepEqual(
      perLocation,
      feed.locations.map((l) => [
        l.name,
        formatShare(l.totals.utilisation),
        formatMinutes(l.totals.freeMinutes),
        String(l.totals.freeSlots),
      ]),
    );
    const stored = await page.evaluate(() => sessionStorage.getItem('clinic-capacity-session') ?? '');
    assert.equal((JSON.parse(stored) as { scope?: string }).scope, 'practice');
    assert.deepEqual(await axe(page), [], 'the practice report');
    assert.deepEqual(
      errors.filter((e) => !e.includes('401')),
      [],
    );
    await page.close();
  });

  for (const [width, scheme, forced] of [
    [320, 'light', false],
    [320, 'dark', false],
    [1280, 'light', false],
    [1280, 'dark', false],
    [1280, 'light', true],
  ] as const) {
    const look = `${scheme}${forced ? ', forced colours' : ''}`;
    it(`has no axe findings and nothing wider than the screen at ${width} px, ${look}`, async () => {
      const { page, errors } = await openDashboard({
        width,
        scheme,
        forcedColors: forced ? 'active' : 'none',
      });
      await page.getByLabel('Capacity token').waitFor();
      assert.deepEqual(await axe(page), [], 'sign-in');
      await signInByKeyboard(page);
      await page.waitForFunction(() => document.querySelectorAll('.heatmap .cell').length > 0);
      assert.deepEqual(await axe(page), [], 'report');
      assert.equal(await page.evaluate(() => document.documentElement.scrollWidth), width);
      assert.deepEqual(errors, []);
      await page.close();
    });
  }
});
