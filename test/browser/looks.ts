/**
 * The looks a patient may see the widget in, for tests that repeat a check in each: the
 * built-in light, dark and default looks, the demo clinics' brands (their proxy config, and
 * the demo site's own `--cb-*` tokens), the themed example in docs/theming.md, a dark host
 * site, and forced colours (Windows high contrast), light and dark.
 */
import { html, fixture } from '@open-wc/testing';
import { ifDefined } from 'lit/directives/if-defined.js';
import { DEMO_CLINICS } from '../../proxy/config/demo-clinic.ts';
import type { ClinicBooking } from '../../widget/clinic-booking/clinic-booking.ts';
import { emulateMediaFeatures } from './cdp.ts';
import { PROXY_ORIGIN, startDemoProxy } from './demo-proxy-worker.ts';
import { waitForHeading } from './widget-driver.ts';

export interface Look {
  name: string;
  /** The element's `theme` attribute. */
  theme?: 'light' | 'dark' | 'auto';
  /** The demo clinic's config `theme`, as a clinics file gives it. */
  clinicTheme?: unknown;
  /** CSS of the host page. */
  pageCss?: () => Promise<string>;
  /** Emulated media features, e.g. `{ 'prefers-color-scheme': 'dark' }`. */
  media?: Record<string, string>;
}

function themeOf(id: string): unknown {
  const clinic = DEMO_CLINICS.find((c) => c.id === id);
  return clinic && 'theme' in clinic ? clinic.theme : undefined;
}

/** The demo site's stylesheet, `--cb-*` tokens and all. */
const demoSiteCss = () => fetch('/demo/site.css').then((r) => r.text());

/** The `<style>` of the themed example in docs/theming.md. */
async function docsExampleCss(): Promise<string> {
  const doc = await (await fetch('/docs/theming.md')).text();
  const block = /## A themed example[\s\S]*?<style>([\s\S]*?)<\/style>/.exec(doc);
  if (!block) throw new Error('docs/theming.md has no themed example');
  return block[1]!;
}

/** A dark WordPress theme ("Pitch"-like): light text on a near-black page. */
export const DARK_SITE_CSS = 'body { background: #1f1f1f; color: #f2f2f2; font-family: Georgia, serif; }';

export const LOOKS: Look[] = [
  { name: 'the default look' },
  { name: 'theme="light"', theme: 'light' },
  { name: 'theme="dark"', theme: 'dark' },
  { name: 'theme="auto" on a dark device', theme: 'auto', media: { 'prefers-color-scheme': 'dark' } },
  { name: 'the default look on a dark site', pageCss: () => Promise.resolve(DARK_SITE_CSS) },
  { name: 'the demo site’s tokens, light', theme: 'light', pageCss: demoSiteCss },
  { name: 'the demo site’s tokens, dark', theme: 'dark', pageCss: demoSiteCss },
  {
    name: 'the docs’ themed example on a dark device',
    theme: 'auto',
    pageCss: docsExampleCss,
    media: { 'prefers-color-scheme': 'dark' },
  },
  { name: 'demo-coastal’s brand', clinicTheme: themeOf('demo-coastal') },
  { name: 'demo-northside’s dark brand', theme: 'dark', clinicTheme: themeOf('demo-northside') },
  { name: 'forced colours', media: { 'forced-colors': 'active' } },
  {
    name: 'forced colours, dark',
    theme: 'dark',
    media: { 'forced-colors': 'active', 'prefers-color-scheme': 'dark' },
  },
];

let pageStyle: HTMLStyleElement | null = null;

/** Puts the page in `look` and renders the widget at step 1 on the demo clinic. */
export async function widgetIn(look: Look) {
  const proxy = await startDemoProxy(look.clinicTheme ? { theme: look.clinicTheme } : {});
  if (look.pageCss) {
    pageStyle = document.createElement('style');
    pageStyle.textContent = await look.pageCss();
    document.head.append(pageStyle);
  }
  await emulateMediaFeatures(look.media ?? {});
  const el = await fixture<ClinicBooking>(
    html`<clinic-booking clinic="demo" api=${PROXY_ORIGIN} theme=${ifDefined(look.theme)}></clinic-booking>`,
  );
  await waitForHeading(el, 'What would you like to book?');
  return { el, ...proxy };
}

/** Undoes `widgetIn`'s page CSS and media. */
export async function leaveLook(): Promise<void> {
  pageStyle?.remove();
  pageStyle = null;
  await emulateMediaFeatures({});
}
