/**
 * Embedding on a clinic's own site: a page on another origin (a small server on another
 * port) loads the widget from the real proxy process, under the strict
 * CSP docs/embedding.md lists (read from it, so the two cannot drift apart). Covers the
 * one-tag-pair module embed, the classic script, loading twice, two clinics on one page, and
 * an origin the clinic does not allow.
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import type { Browser, Locator, Page } from 'playwright-core';
import { DEMO_CLINIC, DEMO_COASTAL_CLINIC } from '../../proxy/config/demo-clinic.ts';
import { launchBrowser } from './browser.ts';
import { drawSignature, fillPatientDetails } from './demo-session.ts';
import { startProxyWithClinics, type ProxyProcess } from './proxy-process.ts';

const DOCS_PROXY = 'https://book.example-proxy.com.au';

/** The directives of the CSP block in docs/embedding.md, one per line. */
async function docsCspDirectives(): Promise<string[]> {
  const page = await readFile(new URL('../../docs/embedding.md', import.meta.url), 'utf8');
  const block = /## Content Security Policy[\s\S]*?```csp\n([\s\S]*?)```/.exec(page);
  assert.ok(block, 'docs/embedding.md has a ```csp block under "Content Security Policy"');
  return block[1]!
    .trim()
    .split('\n')
    .map((line) => line.trim().replace(/\s+/g, ' '));
}

interface SitePage {
  page: Page;
  /** Page errors and CSP violations seen so far. */
  problems: string[];
  /** The URLs of every API request the page made. */
  apiCalls: string[];
  /** Every console message, in order. */
  logged: string[];
}

describe('embedding on a clinic’s site', () => {
  let proxy: ProxyProcess;
  let browser: Browser;
  let csp: string;
  /** The clinic's site: serves `pages[path]` with the documented CSP. */
  let siteServer: Server;
  let SITE: string;
  const pages = new Map<string, string>();

  before(async () => {
    siteServer = createServer((req, res) => {
      const body = pages.get(req.url ?? '');
      res.writeHead(body ? 200 : 404, {
        'Content-Type': 'text/html; charset=utf-8',
        'Content-Security-Policy': csp,
      });
      res.end(body ?? 'not found');
    });
    await new Promise<void>((resolve) => siteServer.listen(0, '127.0.0.1', resolve));
    SITE = `http://127.0.0.1:${(siteServer.address() as AddressInfo).port}`;
    const clinicsFile = JSON.stringify({
      clinics: [
        { ...DEMO_CLINIC, allowedOrigins: [SITE] },
        { ...DEMO_COASTAL_CLINIC, allowedOrigins: [SITE] },
        {
          ...DEMO_CLINIC,
          id: 'elsewhere',
          name: 'Elsewhere Clinic',
          allowedOrigins: ['https://elsewhere.example'],
        },
      ],
    });
    [proxy, browser] = await Promise.all([startProxyWithClinics(clinicsFile), launchBrowser()]);
    const directives = (await docsCspDirectives()).map((d) => d.replaceAll(DOCS_PROXY, proxy.url));
    csp = ["default-src 'none'", ...directives].join('; ');
  });
  after(async () => {
    await browser?.close();
    await proxy?.stop();
    await new Promise((resolve) => siteServer?.close(resolve));
  });

  /** Opens a page of the clinic's site with this head and body, under the documented CSP. */
  async function site(head: string, body: string): Promise<SitePage> {
    const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
    const problems: string[] = [];
    const apiCalls: string[] = [];
    const logged: string[] = [];
    page.on('pageerror', (e) => problems.push(`error: ${e.message}`));
    page.on('console', (m) => {
      logged.push(m.text());
      if (/Content Security Policy|Refused to/i.test(m.text())) problems.push(`csp: ${m.text()}`);
    });
    page.on('request', (r) => {
      if (r.url().includes('/api/')) apiCalls.push(r.url());
    });
    await page.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (e) =>
        console.error(`Refused to: ${e.violatedDirective} ${e.blockedURI}`),
      );
    });
    const path = `/page-${pages.size + 1}`;
    pages.set(
      path,
      `<!doctype html><html lang="en-AU"><head><meta charset="utf-8"><title>A clinic's site</title>${head}</head><body><h1>Book with us</h1>${body}</body></html>`,
    );
    await page.goto(`${SITE}${path}`);
    return { page, problems, apiCalls, logged };
  }

  const moduleTag = () => `<script type="module" src="${proxy.url}/widget.js"></script>`;
  const classicTag = () => `<script src="${proxy.url}/widget.iife.js"></script>`;

  async function atHeading(widget: Locator, name: string) {
    await widget.getByRole('heading', { name }).waitFor({ timeout: 10_000 });
  }

  async function toTimes(widget: Locator) {
    await widget.getByRole('button', { name: /^Physiotherapy/ }).click();
    await widget.getByRole('button', { name: /^Follow-up physiotherapy/ }).click();
    await widget.getByRole('button', { name: /^Any available practitioner/ }).click();
    await atHeading(widget, 'Choose a time');
  }

  it('the documented CSP is strict: no inline, no eval, nothing but the proxy and data: images', () => {
    assert.equal(csp, `default-src 'none'; script-src ${proxy.url}; connect-src ${proxy.url}; img-src data:`);
    assert.doesNotMatch(csp, /unsafe|\*/);
  });

  it('one tag pair: books end to end under that CSP, calling the proxy the script came from', async () => {
    const { page, problems, apiCalls } = await site(
      moduleTag(),
      '<clinic-booking clinic="demo"></clinic-booking>',
    );
    const widget = page.locator('clinic-booking');
    await atHeading(widget, 'What would you like to book?');
    await toTimes(widget);
    await widget.locator('[part~="time"]').first().click();
    await atHeading(widget, 'Your details');
    await fillPatientDetails(widget, {
      firstName: 'Ari',
      lastName: 'Nguyen',
      email: 'ari.nguyen@example.com',
      mobile: '0412 000 111',
      dateOfBirth: '1990-02-03',
    });
    await drawSignature(page, widget);
    // The drawn signature is shown back as a data: image (img-src data:).
    const signature = widget.getByRole('img', { name: 'Your signature' });
    await signature.waitFor();
    assert.match((await signature.getAttribute('src')) ?? '', /^data:image\/svg\+xml/);
    const loaded = () =>
      signature.evaluate(
        (img) => (img as HTMLImageElement).complete && (img as HTMLImageElement).naturalWidth > 0,
      );
    for (let i = 0; i < 40 && !(await loaded()); i++) await page.waitForTimeout(50);
    assert.ok(await loaded(), 'the data: image loaded');
    await widget.getByRole('button', { name: 'Review booking' }).click();
    await atHeading(widget, 'Check and book');
    await widget.getByRole('button', { name: 'Book appointment' }).click();
    await atHeading(widget, 'You’re booked');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      widget.getByRole('link', { name: /\.ics/ }).click(),
    ]);
    assert.equal(download.suggestedFilename(), 'appointment.ics');
    assert.deepEqual(await page.context().cookies(), [], 'no cookies, first- or third-party');

    assert.ok(apiCalls.length >= 3);
    assert.deepEqual(
      apiCalls.filter((url) => !url.startsWith(`${proxy.url}/api/clinics/demo/`)),
      [],
    );
    assert.deepEqual(problems, []);
    await page.close();
  });

  it('the classic script works the same, and calls the proxy it came from', async () => {
    const { page, problems, apiCalls } = await site(
      classicTag(),
      '<clinic-booking clinic="demo"></clinic-booking>',
    );
    const widget = page.locator('clinic-booking');
    await atHeading(widget, 'What would you like to book?');
    await toTimes(widget);
    await widget.locator('[part~="time"]').first().waitFor();
    assert.ok(
      apiCalls.every((url) => url.startsWith(`${proxy.url}/api/clinics/demo/`)),
      apiCalls.join('\n'),
    );
    // One file: no chunk is fetched later.
    const scripts = await page.evaluate(() =>
      performance
        .getEntriesByType('resource')
        .map((e) => e.name)
        .filter((n) => n.endsWith('.js')),
    );
    assert.deepEqual(scripts, [`${proxy.url}/widget.iife.js`]);
    assert.deepEqual(problems, []);
    await page.close();
  });

  it('loaded twice (module twice and the classic script) it does not throw and still books its way on', async () => {
    const head = `${moduleTag()}<script type="module" src="${proxy.url}/widget.js?v=again"></script>${classicTag()}`;
    const { page, problems } = await site(head, '<clinic-booking clinic="demo"></clinic-booking>');
    const widget = page.locator('clinic-booking');
    await atHeading(widget, 'What would you like to book?');
    await toTimes(widget);
    await widget.locator('[part~="time"]').first().waitFor();
    const globals = await page.evaluate(() =>
      Object.keys(window).filter((k) => /clinic|booking|widget/i.test(k)),
    );
    assert.deepEqual(globals, [], 'no globals of its own');
    assert.deepEqual(problems, []);
    await page.close();
  });

  it('two widgets for two clinics on one page work independently', async () => {
    const { page, problems, apiCalls } = await site(
      moduleTag(),
      '<clinic-booking id="a" clinic="demo"></clinic-booking><clinic-booking id="b" clinic="demo-coastal"></clinic-booking>',
    );
    await page.evaluate(() => {
      const w = window as unknown as { done: string[] };
      w.done = [];
      document.addEventListener('cb-booking-complete', (e) => w.done.push((e.target as Element).id));
    });
    const a = page.locator('#a');
    const b = page.locator('#b');
    await atHeading(a, 'What would you like to book?');
    await atHeading(b, 'What would you like to book?');
    assert.match((await a.locator('.clinic-name').textContent()) ?? '', /Harbourside Health/);
    assert.match((await b.locator('.clinic-name').textContent()) ?? '', /Coastal Physio/);
    const look = (w: Locator) =>
      w
        .locator('.frame')
        .evaluate((el) => [getComputedStyle(el).backgroundColor, getComputedStyle(el).fontFamily]);
    assert.notDeepEqual(await look(a), await look(b), 'each has its clinic’s theme');
    assert.match((await look(b))[1]!, /Georgia/);

    await toTimes(a);
    await a.getByText(/Sydney time/).waitFor();
    await toTimes(b);
    await b.getByText(/Perth time/).waitFor();
    await b.locator('[part~="time"]').first().click();
    await atHeading(b, 'Your details');
    await atHeading(a, 'Choose a time');
    assert.ok(apiCalls.some((u) => u.includes('/api/clinics/demo/availability')));
    assert.ok(apiCalls.some((u) => u.includes('/api/clinics/demo-coastal/availability')));
    assert.deepEqual(problems, []);
    await page.close();
  });

  it('on an origin the clinic does not list, the browser refuses the answers and the widget says so', async () => {
    const { page, problems, logged } = await site(
      moduleTag(),
      '<clinic-booking clinic="elsewhere"><p>Or call <a href="tel:+61290001234">(02) 9000 1234</a>.</p></clinic-booking>',
    );
    const widget = page.locator('clinic-booking');
    await widget.getByRole('alert').waitFor({ timeout: 10_000 });
    assert.match(
      (await widget.getByRole('alert').textContent()) ?? '',
      /This booking form is not set up for this website yet\.\s*To book, call \(02\) 9000 1234\./,
    );
    assert.ok(
      logged.some((line) => line.includes(`Add "${SITE}" to allowedOrigins for the clinic "elsewhere"`)),
      `the console names the origin and the fix: ${logged.join(' | ')}`,
    );
    assert.deepEqual(
      problems.filter((p) => !/CORS|Access-Control/.test(p)),
      [],
    );
    await page.close();
  });
});
