/**
 * Drives `<clinic-booking>` in widget tests the way a patient would: finds controls by
 * their visible text or label through every shadow root, clicks, types and waits.
 */
import { waitUntil } from '@open-wc/testing';
import { sendMouse } from '@web/test-runner-commands';

/** Every element matching `selector` in `root` and all shadow roots below it, in document order. */
export function deepQueryAll<T extends Element = HTMLElement>(root: ParentNode, selector: string): T[] {
  const found: T[] = [];
  const visit = (node: ParentNode) => {
    for (const el of node.querySelectorAll('*')) {
      if (el.matches(selector)) found.push(el as T);
      if (el.shadowRoot) visit(el.shadowRoot);
    }
  };
  visit(root);
  return found;
}

function text(el: Element): string {
  return (el.textContent ?? '').replace(/\s+/g, ' ').trim();
}

/** The step heading the widget shows (its title, without the "Step 2 of 5" inside it). */
export function heading(widget: HTMLElement): string {
  const h2 = widget.shadowRoot!.querySelector('h2') ?? document.createElement('h2');
  return text(h2.querySelector('.step-title') ?? h2);
}

export async function waitForHeading(widget: HTMLElement, expected: string): Promise<void> {
  await waitUntil(() => heading(widget) === expected, `heading "${expected}" (now "${heading(widget)}")`, {
    timeout: 5000,
  });
}

/** Buttons whose text (or aria-label) matches. */
export function buttons(widget: HTMLElement, name: RegExp | string): HTMLButtonElement[] {
  const match = (s: string) => (typeof name === 'string' ? s === name : name.test(s));
  return deepQueryAll<HTMLButtonElement>(widget.shadowRoot!, 'button').filter(
    (b) => match(text(b)) || match(b.getAttribute('aria-label') ?? ''),
  );
}

export async function findButton(widget: HTMLElement, name: RegExp | string): Promise<HTMLButtonElement> {
  await waitUntil(() => buttons(widget, name).length > 0, `a button named ${name}`, { timeout: 5000 });
  return buttons(widget, name)[0]!;
}

export async function click(widget: HTMLElement, name: RegExp | string): Promise<void> {
  (await findButton(widget, name)).click();
}

/** The form control whose label (or aria-label) matches. */
export function field(widget: HTMLElement, label: RegExp): HTMLInputElement {
  for (const l of deepQueryAll<HTMLLabelElement>(widget.shadowRoot!, 'label')) {
    if (!label.test(text(l))) continue;
    const control =
      l.control ?? (l.htmlFor ? (l.getRootNode() as ShadowRoot).getElementById(l.htmlFor) : null);
    if (control) return control as HTMLInputElement;
  }
  throw new Error(`no field labelled ${label}`);
}

/** Puts `value` in a text control as typing would: sets it and fires input. */
export function enter(input: HTMLInputElement | HTMLTextAreaElement, value: string): void {
  input.value = value;
  input.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true }));
}

/** Types into the field with this label. */
export function type(widget: HTMLElement, label: RegExp, value: string): void {
  enter(field(widget, label), value);
}

export function check(widget: HTMLElement, label: RegExp): void {
  const input = field(widget, label);
  input.click();
}

/** The element that has focus, looking through shadow roots. */
export function deepActiveElement(): Element | null {
  let active = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active;
}

export const PATIENT = {
  first: 'Jordan',
  last: 'Taylor',
  email: 'jordan.taylor@example.com',
  phone: '0412 345 678',
  dob: '1988-04-12',
};

/** Fills step 4 with valid details and a typed signature. */
export async function fillDetails(widget: HTMLElement): Promise<void> {
  await waitUntil(() => deepQueryAll(widget.shadowRoot!, 'input#firstName').length > 0, 'the details form', {
    timeout: 5000,
  });
  type(widget, /^First name/, PATIENT.first);
  type(widget, /^Last name/, PATIENT.last);
  type(widget, /^Email/, PATIENT.email);
  type(widget, /^Mobile/, PATIENT.phone);
  type(widget, /^Date of birth/, PATIENT.dob);
  check(widget, /I have read and agree/);
  await click(widget, /type my name instead/);
  await waitUntil(
    () => deepQueryAll(widget.shadowRoot!, 'input#signature').length > 0,
    'the typed-name field',
  );
  enter(
    deepQueryAll<HTMLInputElement>(widget.shadowRoot!, 'input#signature')[0]!,
    `${PATIENT.first} ${PATIENT.last}`,
  );
}

/**
 * Draws on step 4's pad with the real mouse: a wavy signature, or with `points` of 2 a
 * scribble too small to count as one.
 */
export async function drawSignature(widget: HTMLElement, points = 20): Promise<void> {
  const find = () =>
    deepQueryAll(widget.shadowRoot!, 'cb-signature-pad')[0]?.shadowRoot?.querySelector('svg');
  await waitUntil(() => find(), 'the signature pad', { timeout: 5000 });
  const svg = find()!;
  svg.scrollIntoView({ block: 'center' });
  const box = svg.getBoundingClientRect();
  const point = (i: number): [number, number] => [
    Math.round(box.left + 30 + i * 12),
    Math.round(box.top + box.height * (0.5 + 0.25 * Math.sin(i / 2))),
  ];
  await sendMouse({ type: 'move', position: point(0) });
  await sendMouse({ type: 'down' });
  for (let i = 1; i <= points; i++) await sendMouse({ type: 'move', position: point(i) });
  await sendMouse({ type: 'up' });
}

/** The free-time buttons step 3 shows. */
export function timeButtons(widget: HTMLElement): HTMLButtonElement[] {
  return deepQueryAll<HTMLButtonElement>(widget.shadowRoot!, 'button[part="time"]');
}

/** Walks from step 1 to the times: physio, follow-up physiotherapy, any practitioner; returns the first time. */
export async function walkToTimes(widget: HTMLElement): Promise<HTMLButtonElement> {
  await click(widget, /^Physiotherapy/);
  await waitForHeading(widget, 'Choose a service');
  await click(widget, /^Follow-up physiotherapy/);
  await click(widget, /^Any available practitioner/);
  await waitForHeading(widget, 'Choose a time');
  await waitUntil(() => timeButtons(widget).length > 0, 'the times', { timeout: 5000 });
  return timeButtons(widget)[0]!;
}

/** Walks from step 1 to step 4's form, with the first time chosen. */
export async function walkToDetails(widget: HTMLElement): Promise<void> {
  (await walkToTimes(widget)).click();
  await waitForHeading(widget, 'Your details');
  await waitUntil(() => deepQueryAll(widget.shadowRoot!, 'input#firstName').length > 0, 'the details form', {
    timeout: 5000,
  });
}

/** Walks from step 1 to the summary: physio, the first service, any practitioner, the first time. */
export async function walkToConfirm(widget: HTMLElement): Promise<void> {
  await walkToDetails(widget);
  await fillDetails(widget);
  await click(widget, 'Review booking');
  await waitForHeading(widget, 'Check and book');
}
