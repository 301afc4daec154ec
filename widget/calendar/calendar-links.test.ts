/** Calendar files and links the widget offers open in calendars, with the clinic's times. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { googleCalendarUrl, icsFile, revisionNow } from './calendar-links.ts';

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

  it('carry the change-or-cancel link, in the event and in its description', () => {
    const changeUrl = 'https://clinic.example/book?utm=x&cb-manage=bTF8ZGVtb3wx.abc_-#book';
    const withLink = { ...event, changeUrl };
    const unfolded = icsFile(withLink).replace(/\r\n /g, '');
    assert.ok(unfolded.includes(`\r\nURL:${changeUrl}\r\n`), 'the URL property, as written');
    assert.match(
      unfolded,
      /DESCRIPTION:Harbourside Health\. Booking reference \d+\.\\nChange or cancel: https:/,
    );
    assert.ok(unfolded.includes(`Change or cancel: ${changeUrl}`));
    const details = new URL(googleCalendarUrl(withLink)).searchParams.get('details');
    assert.ok(details?.endsWith(`\nChange or cancel: ${changeUrl}`), String(details));
    assert.doesNotMatch(icsFile(event), /URL:|Change or cancel/, 'no link when there is none');
  });

  it('cancels the event it added when the booking is cancelled: same UID, METHOD:CANCEL, no change link', () => {
    const added = icsFile({ ...event, changeUrl: 'https://clinic.example/book?cb-manage=t.k' });
    const ics = icsFile({
      ...event,
      changeUrl: 'https://clinic.example/book?cb-manage=t.k',
      cancelled: true,
    });
    const uid = (text: string) => /\r\nUID:(.+)\r\n/.exec(text)?.[1];
    assert.equal(uid(ics), uid(added));
    assert.match(ics, /\r\nMETHOD:CANCEL\r\n/);
    assert.match(ics, /\r\nSEQUENCE:1\r\nSTATUS:CANCELLED\r\n/);
    assert.doesNotMatch(added, /SEQUENCE/, 'a booking’s first file is revision 0');
    assert.match(ics, /\r\nSUMMARY:Cancelled: Initial physio/);
    assert.doesNotMatch(ics.replace(/\r\n /g, ''), /cb-manage/, 'a cancelled booking has nothing to change');
    assert.doesNotMatch(added, /STATUS:CANCELLED|METHOD:CANCEL/);
  });

  it('numbers a later change’s file above an earlier one’s, so calendars apply it', () => {
    const moved = revisionNow(new Date('2026-12-03T08:00:00Z'));
    const cancelledLater = revisionNow(new Date('2026-12-03T08:05:00Z'));
    assert.ok(moved > 1 && cancelledLater > moved);
    assert.match(icsFile({ ...event, sequence: moved }), new RegExp(`\\r\\nSEQUENCE:${moved}\\r\\n`));
    const cancel = icsFile({ ...event, cancelled: true, sequence: cancelledLater });
    assert.match(cancel, new RegExp(`\\r\\nSEQUENCE:${cancelledLater}\\r\\nSTATUS:CANCELLED`));
  });
});
