import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { emulateMediaFeatures, inkContrast, pixels } from '../../test/browser/cdp.ts';
import { deepActiveElement } from '../../test/browser/widget-driver.ts';
import { checkSignatureDataUri } from '../../shared/signature-svg.ts';
import { safeDefine } from '../internal/safe-define.ts';
import { SignaturePad } from './signature-pad.ts';

safeDefine('cb-signature-pad', SignaturePad);

/** Draws on the pad with pointer events of the given kind, as a finger, pen or mouse would. */
function draw(pad: SignaturePad, points: Array<[number, number]>, pointerType: 'mouse' | 'touch' | 'pen') {
  const surface = pad.shadowRoot!.querySelector('svg')!;
  const box = surface.getBoundingClientRect();
  const at = ([x, y]: [number, number]) => ({
    clientX: box.left + x * box.width,
    clientY: box.top + y * box.height,
    pointerId: 7,
    pointerType,
    bubbles: true,
    button: 0,
  });
  surface.dispatchEvent(new PointerEvent('pointerdown', at(points[0]!)));
  for (const p of points.slice(1)) surface.dispatchEvent(new PointerEvent('pointermove', at(p)));
  surface.dispatchEvent(new PointerEvent('pointerup', at(points[points.length - 1]!)));
}

const WAVE = Array.from(
  { length: 30 },
  (_, i) => [0.1 + i * 0.025, 0.5 + 0.3 * Math.sin(i / 2)] as [number, number],
);

describe('<cb-signature-pad>', () => {
  for (const kind of ['mouse', 'touch', 'pen'] as const) {
    it(`takes a signature drawn with ${kind} as an SVG data URI the proxy accepts`, async () => {
      const pad = await fixture<SignaturePad>(html`<cb-signature-pad></cb-signature-pad>`);
      draw(pad, WAVE, kind);
      await pad.updateComplete;
      expect(pad.value).to.match(/^data:image\/svg\+xml;base64,/);
      expect(checkSignatureDataUri(pad.value).ok).to.equal(true);
      expect(pad.shadowRoot!.querySelectorAll('path')).to.have.length(1);
    });
  }

  it('refuses an empty pad and a dot, is a form control, and clears', async () => {
    const form = document.createElement('form');
    const pad = document.createElement('cb-signature-pad');
    pad.setAttribute('name', 'signature');
    form.append(pad);
    document.body.append(form);
    await pad.updateComplete;
    expect(pad.value).to.equal('');
    expect(pad.problem).to.match(/Sign in the box/);
    draw(pad, [[0.5, 0.5]], 'mouse');
    expect(pad.value).to.equal('');
    expect(pad.problem).to.match(/too small/);
    expect(form.checkValidity()).to.equal(false);
    draw(pad, WAVE, 'pen');
    expect(form.checkValidity()).to.equal(true);
    expect(new FormData(form).get('signature')).to.equal(pad.value);
    await pad.updateComplete;
    const clear = [...pad.shadowRoot!.querySelectorAll('button')].find((b) =>
      b.textContent.includes('Clear'),
    )!;
    clear.click();
    await pad.updateComplete;
    expect(pad.empty).to.equal(true);
    expect(pad.shadowRoot!.querySelectorAll('path')).to.have.length(0);
    form.remove();
  });

  it('"Clear signature" by keyboard leaves focus on the pad, not on the page', async () => {
    const pad = await fixture<SignaturePad>(html`<cb-signature-pad></cb-signature-pad>`);
    draw(pad, WAVE, 'mouse');
    await pad.updateComplete;
    const clear = pad.shadowRoot!.querySelector<HTMLButtonElement>('button')!;
    clear.focus();
    await sendKeys({ press: 'Enter' });
    await pad.updateComplete;
    expect(pad.empty).to.equal(true);
    expect(clear.disabled).to.equal(true, 'nothing left to clear');
    expect(deepActiveElement()).to.equal(pad.shadowRoot!.querySelector('svg'), 'focus is on the pad');
    expect(getComputedStyle(clear).textDecorationLine).to.equal('none', 'and it looks disabled');
  });

  it('keeps the ink visible under forced colours, light and dark', async () => {
    const pad = await fixture<SignaturePad>(html`<cb-signature-pad style="width: 400px"></cb-signature-pad>`);
    draw(pad, WAVE, 'mouse');
    await pad.updateComplete;
    const surface = pad.shadowRoot!.querySelector('svg')!;
    try {
      const looks: Array<Record<string, string>> = [
        {},
        { 'forced-colors': 'active', 'prefers-color-scheme': 'light' },
        { 'forced-colors': 'active', 'prefers-color-scheme': 'dark' },
      ];
      for (const features of looks) {
        await emulateMediaFeatures(features);
        const { ratio, inkPixels } = inkContrast(await pixels(surface.getBoundingClientRect()));
        const look = JSON.stringify(features);
        expect(inkPixels, `${look}: pixels of ink`).to.be.greaterThan(100);
        expect(ratio, `${look}: ink against the pad`).to.be.at.least(4.5);
      }
    } finally {
      await emulateMediaFeatures({});
    }
  });
});
