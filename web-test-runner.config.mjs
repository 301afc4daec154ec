/**
 * Widget tests in headless Chromium. msw is pre-bundled once (it is ~250 modules
 * unbundled) and its service worker is served at the root, where its scope covers every
 * test page.
 */
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';
import { build } from 'esbuild';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const MSW_BUNDLE = '/__bundled__/msw.js';

let mswBundle;
async function bundleMsw() {
  mswBundle ??= build({
    stdin: { contents: "export * from 'msw'; export * from 'msw/browser';", resolveDir: process.cwd() },
    bundle: true,
    format: 'esm',
    write: false,
    target: 'es2022',
    platform: 'browser',
  }).then((result) => result.outputFiles[0].text);
  return mswBundle;
}

const mswPlugin = {
  name: 'msw',
  resolveImport({ source }) {
    if (source === 'msw' || source === 'msw/browser') return MSW_BUNDLE;
  },
  async serve(context) {
    if (context.path === MSW_BUNDLE) return { body: await bundleMsw(), type: 'js' };
    if (context.path === '/mockServiceWorker.js') {
      return { body: await readFile(require.resolve('msw/mockServiceWorker.js'), 'utf8'), type: 'js' };
    }
  },
};

/**
 * `cdp` command: sends one Chrome DevTools Protocol call for the test page (for what
 * @web/test-runner-commands cannot do on Chrome: `Emulation.setEmulatedMedia` with
 * `forced-colors`, `Page.setFontSizes`, `Page.captureScreenshot`). One session per page,
 * so emulation set by one call stays until the next.
 */
const cdpSessions = new WeakMap();
const cdpPlugin = {
  name: 'cdp',
  async executeCommand({ command, payload, session }) {
    if (command !== 'cdp') return undefined;
    const page = session.browser.getPage(session.id);
    let client = cdpSessions.get(page);
    if (!client) {
      client = await page.createCDPSession();
      cdpSessions.set(page, client);
    }
    return (await client.send(payload.method, payload.params ?? {})) ?? {};
  },
};

export default {
  files: ['widget/**/*.browser.test.ts'],
  nodeResolve: { browser: true },
  // One page at a time. With two test pages sharing msw's service worker at once, one of
  // them sometimes never got its answers (every theming test timed out whenever another
  // msw page started beside it); on this 2-core machine one at a time is no slower.
  concurrency: 1,
  // msw reloads a page that its already-registered worker does not control (msw/browser,
  // getWorkerInstance); the test runner counts that reload as a failure. So every page waits
  // until the worker controls it (the worker claims its clients on activation) before the
  // tests load.
  testRunnerHtml: (testFramework) => `<!doctype html>
    <html><body><script type="module">
      if ('serviceWorker' in navigator) {
        await navigator.serviceWorker.register('/mockServiceWorker.js');
        if (!navigator.serviceWorker.controller) {
          await new Promise((resolve) => navigator.serviceWorker.addEventListener('controllerchange', resolve, { once: true }));
        }
      }
      await import('${testFramework}');
    </script></body></html>`,
  testFramework: { config: { timeout: 10000 } },
  plugins: [cdpPlugin, mswPlugin, esbuildPlugin({ ts: true, tsconfig: './tsconfig.json', target: 'es2022' })],
  browsers: [
    chromeLauncher({
      launchOptions: {
        executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
        headless: true,
        args: [
          '--no-sandbox',
          '--disable-gpu',
          '--disable-dev-shm-usage',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
          '--disable-quic',
          '--no-first-run',
        ],
      },
    }),
  ],
};
