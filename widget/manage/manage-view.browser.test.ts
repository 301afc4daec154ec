/**
 * The patient's change-or-cancel link against the real proxy app (demo clinic, in the page
 * via msw): book, follow the link from the success screen, move, cancel; and what the
 * patient sees when the proxy refuses, or the network drops an answer.
 */
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { http, HttpResponse } from 'msw';
import type { Slot } from '../../shared/contract.ts';
import {
  PROXY_ORIGIN,
  startDemoPracticeProxy,
  startDemoProxy,
} from '../../test/browser/demo-proxy-worker.ts';
import {
  click,
  deepActiveElement,
  deepQueryAll,
  enter,
  field,
  fillDetails,
  timeButtons,
  waitForHeading,
  walkToTimes,
} from '../../test/browser/widget-driver.ts';
import { bookingFor, postBooking, type DemoProxy } from '../../test/helpers/demo-proxy.ts';
import type { BookingCancelledDetail, BookingRescheduledDetail } from '../clinic-booking/booking-events.ts';
import type { ClinicBooking } from '../clinic-booking/clinic-booking.ts';
import '../define.ts';
import { formatDate, formatTime, localDate } from '../time/clinic-time.ts';

const PAGE = window.location.href;
afterEach(() => history.replaceState(null, '', PAGE));

const squash = (s: string | null | undefined) => (s ?? '').replace(/\s+/g, ' ').trim();

function view(el: ClinicBooking) {
  return el.shadowRoot!.querySelector('cb-manage-view');
}

function manageHeading(el: ClinicBooking): string {
  return squash(view(el)?.shadowRoot?.querySelector('h2')?.textContent);
}

async function waitForManage(el: ClinicBooking, expected: string) {
  await waitUntil(() => manageHeading(el) === expected, `"${expected}" (now "${manageHeading(el)}")`, {
    timeout: 5000,
  });
}

function viewText(el: ClinicBooking): string {
  return squash(view(el)!.shadowRoot!.textContent);
}

/** Follows a change-or-cancel link: the page's URL gains it, then the widget loads. */
async function openLink(href: string, clinic = 'demo'): Promise<ClinicBooking> {
  history.replaceState(null, '', href);
  return fixture<ClinicBooking>(html`<clinic-booking clinic=${clinic} api=${PROXY_ORIGIN}></clinic-booking>`);
}

/** Books the first free time at least `days` days ahead through the API; its link on this page. */
async function bookAhead(proxy: Pick<DemoProxy, 'app'>, days = 3, clinic = 'demo') {
  const boot = (await (await proxy.app.request(`/api/clinics/${clinic}/bootstrap`)).json()) as {
    clinic: { waiver: { version: string } };
    categories: Array<{ services: Array<{ id: string }> }>;
  };
  const serviceId = boot.categories[0]!.services[0]!.id;
  const day = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
  const answer = await proxy.app.request(
    `/api/clinics/${clinic}/availability?serviceId=${serviceId}&practitionerId=any&from=${day(days)}&to=${day(days + 7)}`,
  );
  const { slots } = (await answer.json()) as { slots: Slot[] };
  const request = bookingFor(slots[0]!, serviceId);
  request.waiver.version = boot.clinic.waiver.version;
  const res = await postBooking(proxy.app, request, undefined, clinic);
  expect(res.status).to.equal(201);
  const { booking } = (await res.json()) as { booking: { start: string; manageToken: string } };
  const url = new URL(PAGE);
  url.searchParams.set('cb-manage', booking.manageToken);
  return { booking, href: url.href, token: booking.manageToken, serviceId };
}

async function managed(proxy: DemoProxy, token: string) {
  return (await (await proxy.app.request(`/api/clinics/demo/manage/${token}`)).json()) as {
    booking: { start: string };
    status: string;
    changeDeadline: string;
  };
}

/** Opens the new-time picker and waits for its times. */
async function toTimes(el: ClinicBooking): Promise<HTMLButtonElement[]> {
  await click(el, 'Change time');
  await waitForManage(el, 'Choose a new time');
  await waitUntil(() => timeButtons(el).length > 0, 'the times', { timeout: 5000 });
  return timeButtons(el);
}

describe('the change-or-cancel link', () => {
  it('books, follows the link from the success screen, moves, then cancels', async () => {
    // Online changes close an hour before, so the earliest time offered (two hours ahead at
    // least) can still be cancelled after the move, whatever the time of day the test runs.
    const { proxy } = await startDemoProxy({
      policy: { minNoticeMinutes: 120, maxDaysAhead: 60, changeNoticeHours: 1 },
    });
    history.replaceState(null, '', `${PAGE}${PAGE.includes('?') ? '&' : '?'}utm_source=news#book`);
    const booked = await fixture<ClinicBooking>(
      html`<clinic-booking clinic="demo" api=${PROXY_ORIGIN}></clinic-booking>`,
    );
    await waitForHeading(booked, 'What would you like to book?');
    await walkToTimes(booked);
    // A day well past the clinic's 24 hours' notice for changes.
    const days = deepQueryAll<HTMLButtonElement>(booked.shadowRoot!, 'button[part~="day-available"]');
    days[Math.min(2, days.length - 1)]!.click();
    await waitUntil(() => timeButtons(booked).length > 0, 'the times', { timeout: 5000 });
    timeButtons(booked)[0]!.click();
    await waitForHeading(booked, 'Your details');
    await fillDetails(booked);
    await click(booked, 'Review booking');
    await waitForHeading(booked, 'Check and book');
    await click(booked, 'Book appointment');
    await waitForHeading(booked, 'You’re booked');

    const done = booked.shadowRoot!.querySelector('cb-step-done')!.shadowRoot!;
    const link = done.querySelector<HTMLAnchorElement>('a[part="change-link"]')!;
    expect(squash(link.textContent)).to.equal('Change or cancel this booking');
    const href = new URL(link.href);
    expect(href.searchParams.get('utm_source')).to.equal('news', 'the page’s own parameters are kept');
    expect(href.hash).to.equal('#book', 'and its hash');
    const token = href.searchParams.get('cb-manage')!;
    expect(token).to.match(/^[\w-]+\.[\w-]+$/);
    const ics = decodeURIComponent(done.querySelector<HTMLAnchorElement>('a[download]')!.href).replace(
      /\r\n /g,
      '',
    );
    expect(ics).to.contain(`URL:${link.href}`);
    expect(ics).to.contain(`Change or cancel: ${link.href}`);
    const google = new URL(
      done.querySelector<HTMLAnchorElement>('a[href^="https://calendar.google.com/"]')!.href,
    );
    expect(google.searchParams.get('details')).to.contain(link.href);
    const before = await managed(proxy, token);
    booked.remove();

    const moved: BookingRescheduledDetail[] = [];
    const cancelled: BookingCancelledDetail[] = [];
    document.addEventListener('cb-booking-rescheduled', (e) => moved.push(e.detail));
    document.addEventListener('cb-booking-cancelled', (e) => cancelled.push(e.detail));
    // The page runs Google Tag Manager: the widget pushes the changes there too.
    const layer: Array<Record<string, unknown>> = [];
    (window as { dataLayer?: unknown }).dataLayer = layer;
    const el = await openLink(link.href);
    await waitForManage(el, 'Your booking');
    expect(viewText(el)).to.contain('Follow-up physiotherapy with');
    expect(viewText(el)).to.contain('Status: Booked');
    expect(viewText(el)).to.match(/You can change or cancel online until \w+ \d+ \w+ at \d+:\d\d [ap]m/);
    expect(viewText(el)).to.contain('12 Alfred Street, Circular Quay NSW 2000');
    expect(viewText(el)).to.match(/Sydney time, AE[DS]T/);
    await expect(el).to.be.accessible();

    const times = await toTimes(el);
    expect(deepActiveElement()).to.equal(view(el)!.shadowRoot!.querySelector('h2'), 'focus on the heading');
    await expect(el).to.be.accessible();
    const newTime = squash(times[0]!.textContent).split(' ').slice(0, 2).join(' ');
    times[0]!.click();
    await waitForManage(el, 'Move your booking?');
    expect(viewText(el)).to.contain(newTime);
    await expect(el).to.be.accessible();
    await click(el, 'Move booking');
    await waitForManage(el, 'Your booking is moved');
    expect(deepActiveElement()).to.equal(view(el)!.shadowRoot!.querySelector('h2'));
    expect(moved).to.have.length(1);
    expect(moved[0]!.previousStart).to.equal(before.booking.start);
    const after = await managed(proxy, token);
    expect(after.booking.start).to.equal(moved[0]!.start, 'the practice system has the new time');
    expect(after.booking.start).not.to.equal(before.booking.start);
    const findIcs = () =>
      view(el)!.shadowRoot!.querySelector<HTMLAnchorElement>('a[download="appointment.ics"]');
    await waitUntil(findIcs, 'the new calendar file');
    const newIcs = findIcs()!;
    const stamp = new Date(after.booking.start).toISOString().replace(/[-:]|\.\d{3}/g, '');
    expect(decodeURIComponent(newIcs.href)).to.contain(`DTSTART:${stamp}`);
    expect(decodeURIComponent(newIcs.href).replace(/\r\n /g, '')).to.contain('cb-manage=');
    await expect(el).to.be.accessible();

    await click(el, 'Back to your booking');
    await waitForManage(el, 'Your booking');
    // The moved booking's own deadline for online changes, not the old time's.
    expect(after.changeDeadline).not.to.equal(before.changeDeadline);
    expect(viewText(el)).to.contain(
      `until ${formatDate(localDate(after.changeDeadline))} at ${formatTime(after.changeDeadline)}`,
    );
    await click(el, 'Cancel booking');
    await waitForManage(el, 'Cancel your booking?');
    await expect(el).to.be.accessible();
    enter(field(el, /^Reason/), 'Feeling better');
    await click(el, 'Cancel booking');
    await waitForManage(el, 'Your booking is cancelled');
    expect(cancelled).to.deep.equal([
      {
        bookingId: moved[0]!.bookingId,
        serviceId: moved[0]!.serviceId,
        serviceName: moved[0]!.serviceName,
        practitionerId: moved[0]!.practitionerId,
        practitionerName: moved[0]!.practitionerName,
        start: moved[0]!.start,
      },
    ]);
    expect((await managed(proxy, token)).status).to.equal('cancelled');
    const removal = view(el)!.shadowRoot!.querySelector<HTMLAnchorElement>(
      'a[download="appointment-cancelled.ics"]',
    );
    expect(removal?.textContent?.trim()).to.equal('Remove from your calendar (.ics)');
    const cancelIcs = decodeURIComponent(removal!.href);
    expect(cancelIcs).to.contain('METHOD:CANCEL');
    const revision = (ics: string) => Number(/\r\nSEQUENCE:(\d+)\r\n/.exec(ics)?.[1]);
    expect(revision(cancelIcs)).to.be.at.least(
      revision(decodeURIComponent(newIcs.href)),
      'it outranks the move’s',
    );
    expect(revision(decodeURIComponent(newIcs.href))).to.be.greaterThan(
      0,
      'the move’s outranks the booking’s',
    );
    expect(cancelIcs).to.contain(`UID:${moved[0]!.bookingId}@clinic-booking`);
    expect(layer.map((entry) => entry.event)).to.deep.equal([
      'cb_booking_rescheduled',
      'cb_booking_cancelled',
      undefined,
      'refund',
    ]);
    expect(JSON.stringify(layer)).not.to.contain('Feeling better', 'not the reason given');
    delete (window as { dataLayer?: unknown }).dataLayer;
    await expect(el).to.be.accessible();

    await click(el, 'Book another appointment');
    await waitForHeading(el, 'What would you like to book?');
    expect(deepActiveElement()).to.equal(el.shadowRoot!.querySelector('h2'), 'focus follows to step 1');
  });

  it('retries a move whose answer was lost with the same Idempotency-Key, and moves it once', async () => {
    const { proxy, worker } = await startDemoProxy();
    const { href, token } = await bookAhead(proxy);
    const keys: string[] = [];
    let lose = true;
    worker.use(
      http.post(`${PROXY_ORIGIN}/api/clinics/demo/manage/:token/reschedule`, async ({ request }) => {
        keys.push(request.headers.get('Idempotency-Key') ?? '');
        const answer = await proxy.app.fetch(request);
        if (!lose) return answer;
        lose = false;
        // The move happened; its answer never arrived.
        return HttpResponse.error();
      }),
    );
    const moved: BookingRescheduledDetail[] = [];
    document.addEventListener('cb-booking-rescheduled', (e) => moved.push(e.detail));
    const el = await openLink(href);
    await waitForManage(el, 'Your booking');
    (await toTimes(el))[0]!.click();
    await waitForManage(el, 'Move your booking?');
    await click(el, 'Move booking');
    await waitUntil(() => viewText(el).includes('Trying again will not move it twice.'), 'the failure');
    expect(viewText(el)).to.contain('We could not reach the booking service');
    await expect(el).to.be.accessible();
    await click(el, 'Try again');
    await waitForManage(el, 'Your booking is moved');
    expect(keys).to.have.length(2);
    expect(keys[1]).to.equal(keys[0]);
    expect(moved).to.have.length(1);
    expect((await managed(proxy, token)).booking.start).to.equal(moved[0]!.start);
  });

  it('offers the nearest free times when the new time was taken meanwhile', async () => {
    const { proxy } = await startDemoProxy();
    const { href, serviceId } = await bookAhead(proxy);
    const el = await openLink(href);
    await waitForManage(el, 'Your booking');
    const times = await toTimes(el);
    times[0]!.click();
    await waitForManage(el, 'Move your booking?');
    // Someone else books that time first.
    const boot = (await (await proxy.app.request('/api/clinics/demo/bootstrap')).json()) as {
      clinic: { waiver: { version: string } };
    };
    const chosen = (view(el) as unknown as { chosen: Slot }).chosen;
    const other = bookingFor(chosen, serviceId, {
      patient: { ...bookingFor(chosen, serviceId).patient, email: 'sam@example.com', firstName: 'Sam' },
    });
    other.waiver.version = boot.clinic.waiver.version;
    expect((await postBooking(proxy.app, other)).status).to.equal(201);
    await click(el, 'Move booking');
    await waitForManage(el, 'Choose a new time');
    const step = view(el)!.shadowRoot!.querySelector('cb-step-time')!;
    await waitUntil(
      () => squash(step.shadowRoot!.querySelector('[role="alert"]')?.textContent) !== '',
      'the alert',
    );
    expect(squash(step.shadowRoot!.querySelector('[role="alert"]')!.textContent)).to.match(
      /just been booked|taken/i,
    );
    expect(step.shadowRoot!.querySelectorAll('.alternatives button').length).to.be.greaterThan(0);
    await expect(el).to.be.accessible();
  });

  it('says a rule refuses the time, back on the times', async () => {
    const { proxy, worker } = await startDemoProxy();
    const { href } = await bookAhead(proxy);
    worker.use(
      http.post(`${PROXY_ORIGIN}/api/clinics/demo/manage/:token/reschedule`, () =>
        HttpResponse.json(
          {
            error: {
              code: 'rule_not_met',
              message: 'Follow-up visits are booked at least 3 days after the first.',
            },
          },
          { status: 422 },
        ),
      ),
    );
    const el = await openLink(href);
    await waitForManage(el, 'Your booking');
    (await toTimes(el))[0]!.click();
    await waitForManage(el, 'Move your booking?');
    await click(el, 'Move booking');
    await waitForManage(el, 'Choose a new time');
    await waitUntil(
      () =>
        squash(view(el)!.shadowRoot!.querySelector('cb-step-time')!.shadowRoot!.textContent).includes(
          'at least 3 days',
        ),
      'the rule',
    );
  });

  it('after the change deadline: the clinic’s phone, as a link, and no change buttons', async () => {
    const { proxy } = await startDemoProxy({
      policy: { minNoticeMinutes: 120, maxDaysAhead: 60, changeNoticeHours: 720 },
    });
    const { href } = await bookAhead(proxy, 2);
    const el = await openLink(href);
    await waitForManage(el, 'Your booking');
    expect(viewText(el)).to.match(/Online changes closed .* To change or cancel, call \(02\) 9000 1234\./);
    expect(view(el)!.shadowRoot!.querySelector('a[href^="tel:"]')!.getAttribute('href')).to.equal(
      'tel:0290001234',
    );
    expect(deepQueryAll(el.shadowRoot!, 'button').map((b) => squash(b.textContent))).not.to.include(
      'Change time',
    );
    await expect(el).to.be.accessible();
  });

  it('a cancel that became too late on the way: the proxy’s message and the phone', async () => {
    const { proxy } = await startDemoProxy();
    const { href, booking } = await bookAhead(proxy);
    const el = await openLink(href);
    await waitForManage(el, 'Your booking');
    await click(el, 'Cancel booking');
    await waitForManage(el, 'Cancel your booking?');
    // The clock passes the deadline (24 hours before) while the patient hesitates.
    proxy.setNow(new Date(Date.parse(booking.start) - 3_600_000));
    await click(el, 'Cancel booking');
    await waitForManage(el, 'Your booking');
    const alert = () => squash(view(el)!.shadowRoot!.querySelector('[role="alert"]')!.textContent);
    await waitUntil(() => alert() !== '', 'the proxy’s message');
    expect(alert()).to.match(/call .*9000 1234/i);
    expect(view(el)!.shadowRoot!.querySelector('a[href="tel:0290001234"]')).not.to.equal(null);
    expect((await managed(proxy, booking.manageToken)).status).to.equal('booked');
    await expect(el).to.be.accessible();
  });

  it('a booking gone since the link opened: says so, and offers to book', async () => {
    const { proxy, worker } = await startDemoProxy();
    const { href } = await bookAhead(proxy);
    const el = await openLink(href);
    await waitForManage(el, 'Your booking');
    worker.use(
      http.post(`${PROXY_ORIGIN}/api/clinics/demo/manage/:token/cancel`, () =>
        HttpResponse.json(
          {
            error: {
              code: 'booking_not_found',
              message: 'We could not find that booking. It may have been changed by the clinic.',
            },
          },
          { status: 404 },
        ),
      ),
    );
    await click(el, 'Cancel booking');
    await waitForManage(el, 'Cancel your booking?');
    await click(el, 'Cancel booking');
    await waitForManage(el, 'We could not find this booking');
    await waitUntil(() => viewText(el).includes('It may have been changed'), 'the message');
    await expect(el).to.be.accessible();
    await click(el, 'Book another appointment');
    await waitForHeading(el, 'What would you like to book?');
  });

  it('a link the proxy does not know here leaves the widget a booking widget', async () => {
    const { proxy } = await startDemoProxy();
    const { href } = await bookAhead(proxy);
    const url = new URL(href);
    url.searchParams.set('cb-manage', `${url.searchParams.get('cb-manage')!.slice(0, -2)}xx`);
    const el = await openLink(url.href);
    await waitForHeading(el, 'What would you like to book?');
    expect(view(el)).to.equal(null);
  });

  it('at a practice, the link opens at the location it was booked at', async () => {
    const { proxy } = await startDemoPracticeProxy();
    const { href } = await bookAhead(proxy, 3, 'demo-bondi');
    history.replaceState(null, '', href);
    const el = await fixture<ClinicBooking>(
      html`<clinic-booking practice="harbourside-group" api=${PROXY_ORIGIN}></clinic-booking>`,
    );
    await waitForManage(el, 'Your booking');
    expect(viewText(el)).to.contain('88 Campbell Parade, Bondi Beach NSW 2026');
    await expect(el).to.be.accessible();
    await click(el, 'Cancel booking');
    await waitForManage(el, 'Cancel your booking?');
    await click(el, 'Cancel booking');
    await waitForManage(el, 'Your booking is cancelled');
    await click(el, 'Book another appointment');
    await waitForHeading(el, 'Where would you like to be seen?');
  });
});
