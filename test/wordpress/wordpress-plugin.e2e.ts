/**
 * The WordPress plugin in a real WordPress (Debian's 6.1, MariaDB, Apache and mod_php),
 * driven in Chromium as an agency and a clinic's staff would: the Administrator uploads
 * the zip and fills in the settings page, whose connection check asks the real proxy
 * process; an Administrator and an Author put the form on pages and posts with the
 * shortcode, the block and hand-written HTML; patients book end to end under a block theme
 * (Twenty Twenty-Three), a classic theme (Twenty Twenty-One) and a dark page.
 *
 * Without the Debian packages the suite is skipped with a message saying what to install;
 * under CI (`CI` set, as `.ci/run` runs) their absence fails it instead.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { buildPlugin, PLUGIN_DIR, pluginFiles } from '../../integrations/wordpress/tools/build-plugin.ts';
import {
  DEMO_BONDI_CLINIC,
  DEMO_CLINIC,
  DEMO_COASTAL_CLINIC,
  DEMO_PRACTICE,
} from '../../proxy/config/demo-clinic.ts';
import { launchBrowser } from '../e2e/browser.ts';
import { drawSignature, fillPatientDetails } from '../e2e/demo-session.ts';
import { startProxyWithClinics, type ProxyProcess } from '../e2e/proxy-process.ts';
import { findDebianWordPress } from './debian-packages.ts';
import { startWordPress, type WordPressSite } from './wordpress-site.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
const screenshots = join(root, '.screenshots/wordpress');
const ADMIN = { user: 'agency', password: 'Agency-pass-2026!', email: 'web@agency.example' };
const AUTHOR = { user: 'reception', password: 'Reception-pass-2026!', email: 'front@clinic.example' };

const debian = findDebianWordPress();
const missing = 'missing' in debian ? debian.missing : [];
const inCi = Boolean(process.env.CI);
const skip =
  missing.length > 0 && !inCi
    ? `the Debian packages ${missing.join(', ')} are not installed (apt-get install wordpress wordpress-theme-twentytwentythree wordpress-theme-twentytwentyone mariadb-server apache2 libapache2-mod-php php-mysql php-cli; .ci/run does)`
    : false;
if (skip) {
  console.error(
    `\n${'!'.repeat(100)}\n!! SKIPPED: the real-WordPress test of the plugin did not run: ${skip}.\n${'!'.repeat(100)}\n`,
  );
}

interface Author {
  context: BrowserContext;
  page: Page;
  /** A REST API call as this user, from their logged-in browser (cookie and nonce). */
  rest: (
    method: string,
    path: string,
    body?: unknown,
  ) => Promise<{ status: number; json: Record<string, unknown> }>;
}

describe('the WordPress plugin in a real WordPress', () => {
  if (skip) {
    // A skipped test, not a skipped suite, so the runner's count shows it.
    it('books through the plugin in Debian’s WordPress', { skip }, () => {});
    return;
  }
  let site: WordPressSite;
  let proxy: ProxyProcess;
  let browser: Browser;
  let dir: string;
  let zip: string;
  let admin: Author;
  let author: Author;
  let authorId: number;
  let wwwTwin: string;
  const debianPhp = () => ('found' in debian ? debian.found.php : 'php');

  before(async () => {
    if ('missing' in debian)
      throw new Error(`CI must install the Debian packages ${debian.missing.join(', ')}`);
    assert.ok(existsSync(join(root, 'dist/widget.js')), 'the widget is built (npm run build)');
    dir = await mkdtemp(join(tmpdir(), 'cb-wp-test-'));
    zip = await buildPlugin(dir);
    site = await startWordPress(debian.found, ADMIN);
    wwwTwin = site.url.replace('://', '://www.');
    authorId = Number(site.task('add-user', { ...AUTHOR, role: 'author' }).userId);
    const clinicsFile = JSON.stringify({
      clinics: [
        // The bare address only: the connection check must say the www twin is missing.
        { ...DEMO_CLINIC, allowedOrigins: [site.url] },
        { ...DEMO_COASTAL_CLINIC, allowedOrigins: ['https://coastal.example'] },
        { ...DEMO_BONDI_CLINIC, allowedOrigins: [site.url] },
      ],
      practices: [{ id: DEMO_PRACTICE.id, name: DEMO_PRACTICE.name, clinicIds: DEMO_PRACTICE.clinicIds }],
    });
    [proxy, browser] = await Promise.all([startProxyWithClinics(clinicsFile), launchBrowser()]);
    await mkdir(screenshots, { recursive: true });
    admin = await logIn(ADMIN);
    author = await logIn(AUTHOR);
  });

  after(async () => {
    await browser?.close();
    await proxy?.stop();
    await site?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  async function logIn(user: { user: string; password: string }): Promise<Author> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${site.url}/wp-login.php`);
    await page.getByLabel('Username or Email Address').fill(user.user);
    await page.getByLabel('Password', { exact: true }).fill(user.password);
    await page.getByRole('button', { name: 'Log In' }).click();
    await page.waitForURL(/\/wp-admin\//);
    const rest: Author['rest'] = async (method, path, body) => {
      const nonce = await page.evaluate(
        async (url) => (await fetch(url)).text(),
        `${site.url}/wp-admin/admin-ajax.php?action=rest-nonce`,
      );
      return page.evaluate(
        async ({ url, method, body, nonce }) => {
          const res = await fetch(url, {
            method,
            headers: { 'Content-Type': 'application/json', 'X-WP-Nonce': nonce },
            body: body === undefined ? undefined : JSON.stringify(body),
          });
          return { status: res.status, json: (await res.json()) as Record<string, unknown> };
        },
        { url: `${site.url}/wp-json${path}`, method, body, nonce },
      );
    };
    return { context, page, rest };
  }

  /** Publishes a page (or, for an Author, who cannot make pages, a post) and returns its id and link. */
  async function publish(as: Author, type: 'pages' | 'posts', title: string, content: string) {
    const { status, json } = await as.rest('POST', `/wp/v2/${type}`, { title, content, status: 'publish' });
    assert.equal(status, 201, JSON.stringify(json));
    return { id: Number(json.id), link: String(json.link) };
  }

  async function visit(
    link: string,
    viewport = { width: 1280, height: 900 },
    colorScheme: 'light' | 'dark' = 'light',
  ) {
    const context = await browser.newContext({ viewport, colorScheme });
    const page = await context.newPage();
    const logged: string[] = [];
    const errors: string[] = [];
    page.on('console', (m) => logged.push(m.text()));
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(link);
    return { page, logged, errors, close: () => context.close() };
  }

  async function atHeading(widget: Locator, name: string) {
    await widget.getByRole('heading', { name }).waitFor({ timeout: 15_000 });
  }

  /** A patient's booking, from wherever the form starts to "You're booked". */
  async function book(page: Page, widget: Locator, patient: { firstName: string; email: string }) {
    if (await widget.getByRole('heading', { name: 'What would you like to book?' }).isVisible()) {
      await widget.getByRole('button', { name: /^Physiotherapy/ }).click();
    }
    await atHeading(widget, 'Choose a service');
    await widget.getByRole('button', { name: /^Follow-up physiotherapy/ }).click();
    await widget.getByRole('button', { name: /^Any available practitioner/ }).click();
    await atHeading(widget, 'Choose a time');
    await widget.locator('[part~="time"]').first().click();
    await atHeading(widget, 'Your details');
    await fillPatientDetails(widget, {
      firstName: patient.firstName,
      lastName: 'Nguyen',
      email: patient.email,
      mobile: '0412 000 111',
      dateOfBirth: '1990-02-03',
    });
    await drawSignature(page, widget);
    await widget.getByRole('button', { name: 'Review booking' }).click();
    await atHeading(widget, 'Check and book');
    await widget.getByRole('button', { name: 'Book appointment' }).click();
    await atHeading(widget, 'You’re booked');
  }

  /** The findings of the settings page's connection check, as "title — detail" lines. */
  async function findings(page: Page): Promise<string[]> {
    return page
      .locator('.clinic-booking-finding')
      .evaluateAll((items) => items.map((li) => (li.textContent ?? '').replace(/\s+/g, ' ').trim()));
  }

  /** Fills and saves the settings form, and waits for WordPress's notice (`expect`, by default "Settings saved."). */
  async function saveSettings(
    page: Page,
    values: { proxy?: string; clinic?: string },
    expect = 'Settings saved.',
  ) {
    await page.goto(`${site.url}/wp-admin/options-general.php?page=clinic-booking`);
    if (values.proxy !== undefined) await page.getByLabel('Proxy URL').fill(values.proxy);
    if (values.clinic !== undefined) await page.getByLabel('Default clinic').fill(values.clinic);
    await page.getByRole('button', { name: 'Save Changes' }).click();
    await page.getByText(expect).waitFor();
  }

  it('every PHP file in the zip is valid PHP for Debian’s PHP', () => {
    const files = pluginFiles().filter((file) => file.endsWith('.php'));
    assert.ok(files.length >= 8, files.join(', '));
    for (const file of files) {
      const lint = spawnSync(debianPhp(), ['-l', join(PLUGIN_DIR, file)], { encoding: 'utf8' });
      assert.equal(lint.status, 0, `${file}: ${lint.stdout}${lint.stderr}`);
    }
  });

  it('an Administrator uploads the zip in Plugins → Add New and activates it', async () => {
    const { page } = admin;
    await page.goto(`${site.url}/wp-admin/plugin-install.php?tab=upload`);
    await page.locator('#pluginzip').setInputFiles(zip);
    await page.getByRole('button', { name: 'Install Now' }).click();
    await page.getByText('Plugin installed successfully.').waitFor({ timeout: 30_000 });
    await page.getByRole('link', { name: 'Activate Plugin' }).click();
    await page.getByText('Plugin activated.').waitFor();
    const row = page.locator('tr[data-slug="clinic-booking"]');
    assert.match((await row.getAttribute('class')) ?? '', /\bactive\b/);
    await page.getByText('Clinic Booking needs the address of your booking proxy').waitFor();
  });

  it('the settings page saves the proxy and clinic, and its check says which of the site’s addresses may book', async () => {
    const { page } = admin;
    await page.goto(`${site.url}/wp-admin/plugins.php`);
    await page.locator('tr[data-slug="clinic-booking"]').getByRole('link', { name: 'Settings' }).click();
    await page.getByRole('heading', { name: 'Clinic Booking', level: 1 }).waitFor();
    assert.deepEqual(await findings(page), [
      '✗ Problem: No proxy URL yet Enter the address of your booking proxy above: the address its widget.js is loaded from, such as https://book.example.com.au.',
    ]);
    await saveSettings(page, { proxy: `${proxy.url}/`, clinic: 'Demo' });
    assert.equal(
      await page.getByLabel('Proxy URL').inputValue(),
      proxy.url,
      'stored without the trailing slash',
    );
    assert.equal(await page.getByLabel('Default clinic').inputValue(), 'demo', 'stored in lower case');
    assert.equal(await page.getByLabel('Default look').inputValue(), 'auto');
    const found = await findings(page);
    assert.equal(found[0], '✓ Fine: The proxy is up and serves the widget Widget release 0.1.0.');
    assert.equal(
      found[1],
      '✓ Fine: Clinic found: Harbourside Health (Australia/Sydney) While the form loads, and if it cannot, patients are offered the clinic’s phone: (02) 9000 1234.',
    );
    assert.equal(
      found[2],
      `✓ Fine: Patients on ${site.url} can book The clinic’s allowedOrigins lists this address.`,
    );
    assert.match(
      found[3]!,
      new RegExp(`^! Check: Not allowed: ${wwwTwin.replaceAll('.', '\\.')} This only matters if visitors`),
    );
    assert.equal(
      found[4],
      `! Check: What to add to the proxy’s clinics file In the clinic’s entry (with a staging copy of the site’s address too, if it has one): "allowedOrigins": ["${site.url}","${wwwTwin}"]`,
    );
    await page.screenshot({ path: join(screenshots, 'settings.png'), fullPage: true });
  });

  it('the check says in plain words when the clinic id or the proxy URL is wrong', async () => {
    const { page } = admin;
    await saveSettings(page, { clinic: 'no-such-clinic' });
    assert.match(
      (await findings(page)).join('\n'),
      /✗ Problem: The proxy does not know this clinic There is no clinic “no-such-clinic” in the proxy’s clinics file\./,
    );
    await saveSettings(
      page,
      { clinic: 'not a clinic!' },
      'A clinic id has only lower-case letters, digits and dashes',
    );
    assert.equal(
      await page.getByLabel('Default clinic').inputValue(),
      'no-such-clinic',
      'the bad value was not stored',
    );

    try {
      // WordPress itself answers, but not as a proxy does.
      await saveSettings(page, { proxy: site.loopbackUrl, clinic: 'demo' });
      assert.match(
        (await findings(page)).join('\n'),
        /✗ Problem: This address is not a booking proxy .* answered, but not as a booking proxy does \(HTTP \d+ for its health check\)/,
      );
      // Nothing listens on port 9.
      await saveSettings(page, { proxy: 'http://127.0.0.1:9' });
      assert.match(
        (await findings(page)).join('\n'),
        /✗ Problem: The proxy cannot be reached WordPress could not connect to http:\/\/127\.0\.0\.1:9/,
      );
    } finally {
      await saveSettings(page, { proxy: proxy.url, clinic: 'demo' });
    }
    assert.equal((await findings(page)).filter((f) => f.startsWith('✗')).length, 0);
  });

  it('an Administrator’s page with the shortcode in a Paragraph block books end to end under a block theme', async () => {
    site.task('switch-theme', { theme: 'twentytwentythree' });
    const { link } = await publish(
      admin,
      'pages',
      'Book online',
      '<!-- wp:paragraph --><p>[clinic_booking]</p><!-- /wp:paragraph -->',
    );
    const { page, errors, close } = await visit(link);
    const widget = page.locator('clinic-booking');
    assert.deepEqual(
      await widget.evaluate((el) => Object.fromEntries([...el.attributes].map((a) => [a.name, a.value]))),
      { api: proxy.url, clinic: 'demo', theme: 'auto' },
    );
    // The fallback stays inside the element (a span, not a paragraph that would close the Paragraph block).
    const fallback = widget.locator('.clinic-booking-fallback');
    assert.equal(await fallback.locator('a').getAttribute('href'), 'tel:0290001234');
    assert.equal(await fallback.isVisible(), false, 'hidden once the widget runs');

    const script = await page.evaluate(() => {
      const tag = document.querySelector<HTMLScriptElement>('script#clinic-booking-js')!;
      const element = document.querySelector('clinic-booking')!;
      return {
        html: tag.outerHTML,
        inBody: tag.closest('body') !== null,
        afterTheForm: Boolean(element.compareDocumentPosition(tag) & Node.DOCUMENT_POSITION_FOLLOWING),
        copies: document.querySelectorAll('script[src*="/widget"]').length,
      };
    });
    assert.ok(script.inBody && script.afterTheForm, 'in the footer');
    assert.equal(script.copies, 1);
    assert.match(
      script.html,
      new RegExp(`^<script type="module" data-cfasync="false" [^>]*src="${proxy.url}/widget\\.js"`),
    );
    for (const optOut of [
      'data-no-optimize="1"',
      'data-no-defer="1"',
      'data-no-minify="1"',
      'data-noptimize="1"',
      'data-jetpack-boost="ignore"',
      'nowprocket',
    ]) {
      assert.ok(script.html.includes(optOut), `${optOut} in ${script.html}`);
    }

    await book(page, widget, { firstName: 'Ari', email: 'ari@example.com' });
    await page.screenshot({ path: join(screenshots, 'booked-twentytwentythree.png'), fullPage: true });
    assert.deepEqual(errors, []);
    await close();

    const other = await visit(`${site.url}/sample-page/`);
    assert.equal(
      await other.page.locator('script[src*="/widget"]').count(),
      0,
      'no script where there is no form',
    );
    await other.close();
  });

  it('an Author’s post with the block books end to end under a classic theme, on a phone', async () => {
    site.task('switch-theme', { theme: 'twentytwentyone' });
    const content = '<!-- wp:clinic-booking/booking {"category":"physiotherapy","theme":"light"} /-->';
    const { id, link } = await publish(author, 'posts', 'Book a physio', content);
    assert.equal(site.task('post-content', { id }).content, content, 'stored as written: no script to strip');
    const { page, errors, close } = await visit(link, { width: 375, height: 800 });
    const widget = page.locator('.wp-block-clinic-booking-booking > clinic-booking');
    assert.equal(await widget.getAttribute('category'), 'physiotherapy');
    assert.equal(await widget.getAttribute('theme'), 'light');
    assert.equal(await widget.getAttribute('api'), proxy.url);
    await atHeading(widget, 'Choose a service');
    const width = await widget.evaluate((el) => el.getBoundingClientRect().width);
    assert.ok(width <= 375, `fits the phone (${width} px)`);
    await book(page, widget, { firstName: 'Bea', email: 'bea@example.com' });
    await page.screenshot({ path: join(screenshots, 'booked-twentytwentyone-375.png'), fullPage: true });
    assert.deepEqual(errors, []);
    await close();
  });

  it('an Author’s hand-written element keeps its own attributes only through KSES, and gets its api and script', async () => {
    const written =
      '<!-- wp:html --><clinic-booking clinic="demo" theme="light" onclick="alert(1)" style="display:none"></clinic-booking><script src="https://evil.example/x.js"></script><!-- /wp:html -->';
    const { id, link } = await publish(author, 'posts', 'Hand-written', written);
    const stored = String(site.task('post-content', { id }).content);
    assert.match(stored, /<clinic-booking clinic="demo" theme="light"><\/clinic-booking>/);
    assert.doesNotMatch(stored, /onclick|style=|<script/);
    const { page, close } = await visit(link);
    const widget = page.locator('clinic-booking');
    assert.equal(await widget.getAttribute('api'), proxy.url);
    await atHeading(widget, 'What would you like to book?');
    await close();
  });

  it('an Author’s practice shortcode asks where first, and passes the campaign and the data-layer opt-out to the widget', async () => {
    const { link } = await publish(
      author,
      'posts',
      'Our locations',
      `<!-- wp:shortcode -->[clinic_booking practice="${DEMO_PRACTICE.id}" utm-source="wordpress" utm-campaign="<b>winter</b>" no-data-layer="yes" onclick="x"]<!-- /wp:shortcode -->`,
    );
    const { page, errors, close } = await visit(link);
    const widget = page.locator('clinic-booking');
    assert.equal(await widget.getAttribute('practice'), DEMO_PRACTICE.id);
    assert.equal(await widget.getAttribute('utm-source'), 'wordpress');
    assert.equal(await widget.getAttribute('utm-campaign'), 'winter', 'tags are stripped from campaign text');
    assert.equal(await widget.getAttribute('no-data-layer'), '');
    assert.equal(await widget.getAttribute('onclick'), null);
    await atHeading(widget, 'Where would you like to be seen?');
    for (const clinic of [DEMO_CLINIC, DEMO_BONDI_CLINIC])
      assert.ok(
        await widget
          .getByRole('button', { name: new RegExp(clinic.name) })
          .first()
          .isVisible(),
        clinic.name,
      );
    assert.deepEqual(errors, []);
    await close();

    // A hand-written element keeps `location` and the campaign through KSES, and starts at that site.
    const written = `<!-- wp:html --><clinic-booking practice="${DEMO_PRACTICE.id}" location="${DEMO_BONDI_CLINIC.id}" utm-medium="site" onclick="alert(1)"></clinic-booking><!-- /wp:html -->`;
    const hand = await publish(author, 'posts', 'Bondi', written);
    const bondi = await visit(hand.link);
    const bondiWidget = bondi.page.locator('clinic-booking');
    assert.equal(await bondiWidget.getAttribute('location'), DEMO_BONDI_CLINIC.id);
    assert.equal(await bondiWidget.getAttribute('utm-medium'), 'site');
    assert.equal(await bondiWidget.getAttribute('onclick'), null);
    await atHeading(bondiWidget, 'What would you like to book?');
    await bondi.close();
  });

  it('a dark page: a dark classic theme with the dark look books, and axe finds nothing in the widget', async () => {
    site.task('switch-theme', { theme: 'twentytwentyone', mods: { background_color: '1a1a1a' } });
    const { link } = await publish(
      admin,
      'pages',
      'Book at night',
      '<!-- wp:shortcode -->[clinic_booking theme="dark"]<!-- /wp:shortcode -->',
    );
    const { page, errors, close } = await visit(link, { width: 1280, height: 900 }, 'dark');
    assert.match((await page.locator('body').getAttribute('class')) ?? '', /\bis-dark-theme\b/);
    const widget = page.locator('clinic-booking');
    await atHeading(widget, 'What would you like to book?');
    const background = await widget.locator('.frame').evaluate((el) => getComputedStyle(el).backgroundColor);
    const [r, g, b] = (background.match(/\d+/g) ?? []).map(Number);
    assert.ok(r! + g! + b! < 3 * 80, `the widget is dark (${background})`);
    await page.addScriptTag({ path: join(root, 'node_modules/axe-core/axe.min.js') });
    const violations = await page.evaluate(async () => {
      const axe = (
        window as unknown as {
          axe: {
            run: (c: unknown, o: unknown) => Promise<{ violations: Array<{ id: string; nodes: unknown[] }> }>;
          };
        }
      ).axe;
      const result = await axe.run({ include: [['clinic-booking']] }, { resultTypes: ['violations'] });
      return result.violations.map((v) => `${v.id} (${v.nodes.length})`);
    });
    assert.deepEqual(violations, []);
    await book(page, widget, { firstName: 'Cal', email: 'cal@example.com' });
    await page.screenshot({ path: join(screenshots, 'booked-dark.png'), fullPage: true });
    assert.deepEqual(errors, []);
    await close();
    site.task('switch-theme', { theme: 'twentytwentyone', mods: { background_color: 'd1e4dd' } });
  });

  it('for a clinic that does not allow the site, the form says it is not set up, offers the phone, and the console names the origin', async () => {
    const { link } = await publish(admin, 'pages', 'Coastal', '[clinic_booking clinic="demo-coastal"]');
    const { page, logged, close } = await visit(link);
    const alert = page.locator('clinic-booking').getByRole('alert');
    await alert.waitFor({ timeout: 15_000 });
    assert.match(
      ((await alert.textContent()) ?? '').replace(/\s+/g, ' '),
      /This booking form is not set up for this website yet\. To book, call \(08\) 6000 4321\./,
    );
    assert.equal(
      await alert.getByRole('link', { name: '(08) 6000 4321' }).getAttribute('href'),
      'tel:0860004321',
    );
    assert.ok(
      logged.some((line) =>
        line.includes(`Add "${site.url}" to allowedOrigins for the clinic "demo-coastal"`),
      ),
      logged.join('\n'),
    );
    await close();
  });

  it('in the editor, the block is a fixed-height placeholder with its settings in the sidebar', async () => {
    site.task('editor-preferences', { userId: authorId });
    const content = '<!-- wp:clinic-booking/booking {"category":"physiotherapy"} /-->';
    const { id } = await publish(author, 'posts', 'Edit me', content);
    const { page } = author;
    await page.goto(`${site.url}/wp-admin/post.php?post=${id}&action=edit`);
    const block = page.locator('.wp-block-clinic-booking-booking');
    await block.waitFor({ timeout: 30_000 });
    assert.equal((await block.boundingBox())?.height, 420);
    assert.match(
      ((await block.textContent()) ?? '').replace(/\s+/g, ' '),
      /Clinic booking.*Clinic: demo · starts in category physiotherapy · look: site default \(automatic\)/,
    );
    await block.click();
    await page
      .getByRole('region', { name: 'Editor settings' })
      .getByRole('button', { name: 'Booking form' })
      .waitFor();
    await page.getByLabel('Start in category').waitFor();
    assert.equal(await page.getByText('doesn’t include support for').count(), 0);
    await page.screenshot({ path: join(screenshots, 'editor.png') });
  });

  it('the plugin logged no PHP notice, warning or error', async () => {
    const ours = (await site.debugLog())
      .split('\n')
      .filter((line) => line.includes('/plugins/clinic-booking/'));
    assert.deepEqual(ours, []);
  });
});
