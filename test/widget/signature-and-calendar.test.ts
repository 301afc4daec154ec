/**
 * What the widget produces for others to read: signatures the proxy (and Cliniko) accept,
 * calendar files calendars can open, and clinic times that survive daylight saving.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkSignatureDataUri } from '../../shared/signature-svg.ts';
import { googleCalendarUrl, icsFile } from '../../widget/calendar/calendar-links.ts';
import {
  signatureProblem,
  strokesToSvg,
  svgDataUri,
  typedNameToSvg,
  type Stroke,
} from '../../widget/signature/signature-svg.ts';
import { formatTime, localDate, partOfDay, zoneLabel } from '../../widget/time/clinic-time.ts';

const WAVE: Stroke = Array.from({ length: 40 }, (_, i) => [20 + i * 10, 80 + 40 * Math.sin(i / 3)] as const);

describe('signatures', () => {
  it('turns drawn strokes into an SVG data URI the proxy accepts, no bigger than 500x500', () => {
    const uri = svgDataUri(strokesToSvg([WAVE, [[100, 100]]]));
    const check = checkSignatureDataUri(uri);
    assert.equal(check.ok, true, check.ok ? '' : check.reason);
    assert.match(check.ok ? check.svg : '', /width="500" height="160"/);
  });

  it('turns a typed name, even one with markup or accents, into an accepted SVG that shows it as text', () => {
    const uri = svgDataUri(typedNameToSvg('Zoë <b>O’Brien</b> & co'));
    const check = checkSignatureDataUri(uri);
    assert.equal(check.ok, true, check.ok ? '' : check.reason);
    assert.match(check.ok ? check.svg : '', /Zoë &lt;b&gt;O’Brien&lt;\/b&gt; &amp; co/);
  });

  it('refuses an empty pad, a dot and a tiny scribble, and takes a real signature', () => {
    assert.match(signatureProblem([]) ?? '', /Sign in the box/);
    assert.match(signatureProblem([[[10, 10]]]) ?? '', /too small/);
    assert.match(
      signatureProblem([
        [
          [10, 10],
          [14, 12],
          [12, 16],
        ],
      ]) ?? '',
      /too small/,
    );
    assert.equal(signatureProblem([WAVE]), null);
  });
});

describe('calendar links', () => {
  const event = {
    clinicName: 'Harbourside Health',
    booking: {
      id: '7300000000000000002',
      start: '2026-11-30T08:00:00+11:00',
      end: '2026-11-30T09:00:00+11:00',
      serviceId: 's',
      serviceName: 'Initial physio, assessment; treatment',
      practitionerId: 'p',
      practitionerName: 'Aisha Rahman',
      timezone: 'Australia/Sydney',
    },
  };

  it('writes an iCalendar event in UTC with escaped text and CRLF lines', () => {
    const ics = icsFile(event, new Date('2026-11-29T00:00:00Z'));
    assert.match(ics, /^BEGIN:VCALENDAR\r\n/);
    assert.match(ics, /\r\nDTSTART:20261129T210000Z\r\n/);
    assert.match(ics, /\r\nDTEND:20261129T220000Z\r\n/);
    assert.match(ics, /SUMMARY:Initial physio\\, assessment\\; treatment with Aisha Rahman/);
    assert.match(ics, /UID:7300000000000000002@clinic-booking/);
    assert.ok(
      ics.split('\r\n').every((line) => line.length <= 75),
      'lines are folded',
    );
  });

  it('links to Google Calendar with the same times', () => {
    const url = new URL(googleCalendarUrl(event));
    assert.equal(url.searchParams.get('dates'), '20261129T210000Z/20261129T220000Z');
    assert.equal(url.searchParams.get('ctz'), 'Australia/Sydney');
  });
});

describe('clinic times', () => {
  it('reads the clinic-local date and time off the slot, so a daylight-saving change shifts nothing', () => {
    // Sydney, 5 April 2026: 3 am AEDT becomes 2 am AEST; 2:30 happens twice.
    const first = '2026-04-05T02:30:00+11:00';
    const second = '2026-04-05T02:30:00+10:00';
    assert.equal(localDate(first), '2026-04-05');
    assert.equal(formatTime(first), '2:30 am');
    assert.equal(formatTime(second), '2:30 am');
    assert.notEqual(
      new Date(first).getTime(),
      new Date(second).getTime(),
      'two distinct slots, not a duplicate',
    );
    assert.equal(formatTime('2026-10-04T12:05:00+11:00'), '12:05 pm');
    assert.equal(formatTime('2026-10-04T00:15:00+10:00'), '12:15 am');
  });

  it('groups times by part of day and names the zone as a patient reads it', () => {
    assert.deepEqual(
      ['2026-11-30T08:00:00+11:00', '2026-11-30T12:00:00+11:00', '2026-11-30T17:30:00+11:00'].map(partOfDay),
      ['Morning', 'Afternoon', 'Evening'],
    );
    assert.equal(zoneLabel('Australia/Sydney', new Date('2026-12-01T00:00:00Z')), 'Sydney time, AEDT');
    assert.equal(zoneLabel('Australia/Sydney', new Date('2026-07-01T00:00:00Z')), 'Sydney time, AEST');
    assert.equal(zoneLabel('Australia/Brisbane', new Date('2026-12-01T00:00:00Z')), 'Brisbane time, AEST');
  });
});
