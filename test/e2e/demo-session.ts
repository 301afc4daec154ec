/**
 * What most end-to-end suites start with: the real proxy process on the demo clinics and
 * headless Chromium, started before the suite's tests and stopped after them, plus the
 * steps a patient takes in the widget that several suites repeat.
 */
import { after, before } from 'node:test';
import type { Browser, Locator, Page } from 'playwright-core';
import { launchBrowser } from './browser.ts';
import { startProxyProcess, type ProxyProcess } from './proxy-process.ts';

export interface DemoSession {
  readonly proxy: ProxyProcess;
  readonly browser: Browser;
}

/**
 * Registers `before` and `after` hooks in the calling `describe`; the returned object's
 * fields are set once `before` has run.
 */
export function useProxyAndBrowser(env: Record<string, string> = {}): DemoSession {
  const session = {} as { proxy: ProxyProcess; browser: Browser };
  before(async () => {
    [session.proxy, session.browser] = await Promise.all([startProxyProcess(env), launchBrowser()]);
  });
  after(async () => {
    await session.browser?.close();
    await session.proxy?.stop();
  });
  return session;
}

export interface PatientDetails {
  firstName: string;
  lastName: string;
  email: string;
  mobile: string;
  /** `YYYY-MM-DD`, as a date field takes it. */
  dateOfBirth: string;
}

/** Fills step 4's required fields and ticks the waiver box, with the mouse and keyboard. */
export async function fillPatientDetails(widget: Locator, patient: PatientDetails): Promise<void> {
  await widget.getByLabel('First name').fill(patient.firstName);
  await widget.getByLabel('Last name').fill(patient.lastName);
  await widget.getByLabel('Email').fill(patient.email);
  await widget.getByLabel('Mobile').fill(patient.mobile);
  await widget.getByLabel('Date of birth').fill(patient.dateOfBirth);
  await widget.getByLabel(/I have read and agree/).check();
}

/** Draws a wavy signature on the pad with the mouse: press, a few dozen moves, release. */
export async function drawSignature(page: Page, widget: Locator): Promise<void> {
  const pad = widget.locator('cb-signature-pad svg');
  await pad.scrollIntoViewIfNeeded();
  const box = (await pad.boundingBox())!;
  await page.mouse.move(box.x + 40, box.y + box.height * 0.6);
  await page.mouse.down();
  for (let i = 1; i <= 24; i++)
    await page.mouse.move(box.x + 40 + i * 10, box.y + box.height * (0.55 + 0.25 * Math.sin(i / 2)));
  await page.mouse.up();
}
