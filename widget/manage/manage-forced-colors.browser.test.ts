/**
 * The change-or-cancel view under forced colours (Windows high contrast, emulated with CDP in
 * the light and the dark palette): every button and link keeps an edge or an underline that
 * shows, and its words stay readable against what is behind them, on the booking, the
 * cancel and the cancelled screens.
 */
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import type { Slot } from '../../shared/contract.ts';
import { emulateMediaFeatures } from '../../test/browser/cdp.ts';
import { controlsThatDoNotShow } from '../../test/browser/forced-colours.ts';
import { PROXY_ORIGIN, startDemoProxy } from '../../test/browser/demo-proxy-worker.ts';
import { bookingFor, postBooking } from '../../test/helpers/demo-proxy.ts';
import type { ClinicBooking } from '../clinic-booking/clinic-booking.ts';
import '../define.ts';

const PAGE = location.href.split('?')[0]!;

function view(el: ClinicBooking): HTMLElement {
  return el.shadowRoot!.querySelector('cb-manage-view')!;
}

const heading = (el: ClinicBooking) => view(el)?.shadowRoot?.querySelector('h2')?.textContent?.trim();

async function showing(el: ClinicBooking, expected: string) {
  await waitUntil(() => heading(el) === expected, `the screen "${expected}"`, { timeout: 5000 });
}

function press(el: ClinicBooking, name: string) {
  const button = [...view(el).shadowRoot!.querySelectorAll('button')].find(
    (b) => b.textContent?.trim() === name,
  );
  if (!button) throw new Error(`no button "${name}"`);
  button.click();
}

const hiddenControls = (el: ClinicBooking) => controlsThatDoNotShow(view(el).shadowRoot!);

afterEach(() => emulateMediaFeatures({}));

for (const scheme of ['light', 'dark'] as const) {
  describe(`the change-or-cancel view in forced colours, ${scheme} palette`, () => {
    it('shows every button and link on the booking, cancel and cancelled screens', async function () {
      this.timeout(30_000);
      const { proxy } = await startDemoProxy();
      const boot = (await (await proxy.app.request('/api/clinics/demo/bootstrap')).json()) as {
        clinic: { waiver: { version: string } };
        categories: Array<{ services: Array<{ id: string }> }>;
      };
      const serviceId = boot.categories[0]!.services[0]!.id;
      const day = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
      const free = await proxy.app.request(
        `/api/clinics/demo/availability?serviceId=${serviceId}&practitionerId=any&from=${day(3)}&to=${day(10)}`,
      );
      const [slot] = ((await free.json()) as { slots: Slot[] }).slots;
      const request = bookingFor(slot!, serviceId);
      request.waiver.version = boot.clinic.waiver.version;
      const res = await postBooking(proxy.app, request, undefined, 'demo');
      const { booking } = (await res.json()) as { booking: { manageToken: string } };
      history.replaceState(null, '', `${PAGE}?cb-manage=${booking.manageToken}`);

      await emulateMediaFeatures({ 'forced-colors': 'active', 'prefers-color-scheme': scheme });
      const el = await fixture<ClinicBooking>(
        html`<clinic-booking clinic="demo" api=${PROXY_ORIGIN}></clinic-booking>`,
      );
      await showing(el, 'Your booking');
      expect(hiddenControls(el), 'the booking').to.deep.equal([]);
      press(el, 'Cancel booking');
      await showing(el, 'Cancel your booking?');
      expect(hiddenControls(el), 'cancel').to.deep.equal([]);
      press(el, 'Cancel booking');
      await showing(el, 'Your booking is cancelled');
      await waitUntil(() => view(el).shadowRoot!.querySelector('a[download]'), 'the calendar file');
      expect(hiddenControls(el), 'cancelled').to.deep.equal([]);
      history.replaceState(null, '', PAGE);
    });
  });
}
