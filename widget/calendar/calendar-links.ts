/**
 * "Add to calendar" for a confirmed booking: an iCalendar (.ics) file, which Apple,
 * Outlook and most phones open, and a Google Calendar link. Times are written in UTC, so
 * every calendar places them right whatever its own zone.
 */
import type { Booking } from '../../shared/contract.ts';

export interface CalendarEvent {
  booking: Booking;
  clinicName: string;
  /** Where to go, e.g. the clinic's address; optional. */
  location?: string;
  /** The patient's change-or-cancel link (`change-link.ts`), when the clinic takes changes online. */
  changeUrl?: string;
  /**
   * The booking was cancelled: the file cancels the event it added (same `UID`, `METHOD:CANCEL`,
   * `STATUS:CANCELLED`), which Outlook and Apple Calendar apply to the event already there.
   */
  cancelled?: boolean;
  /**
   * The file's revision of the event (`SEQUENCE`): a later file for the same booking (a move,
   * a cancel) must outrank the earlier ones for a calendar to apply it; see {@link revisionNow}.
   * Default 0 for a booking's first file, 1 for a cancellation.
   */
  sequence?: number;
}

/**
 * A revision number that grows with time (seconds since 2026, within a 32-bit integer until
 * 2094), for the files of a booking's changes: the widget does not know how many changes came
 * before, only that this one is later. Two in one second tie, and then the later `DTSTAMP`
 * wins (RFC 5546 section 2.1.5).
 */
export function revisionNow(now: Date = new Date()): number {
  return Math.max(1, Math.floor((now.getTime() - Date.UTC(2026, 0, 1)) / 1000));
}

/** `20261123T220000Z` from an ISO instant. */
function utcStamp(iso: string): string {
  return new Date(iso)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

/** Escapes text for an iCalendar property value (RFC 5545 section 3.3.11). */
function icsText(value: string): string {
  return value.replace(/[\\;,]/g, (c) => `\\${c}`).replace(/\r?\n/g, '\\n');
}

/** Folds a content line at 75 octets (RFC 5545 section 3.1); ASCII-safe split by characters. */
function fold(line: string): string {
  const parts: string[] = [];
  for (let i = 0; i < line.length; i += 73) parts.push(line.slice(i, i + 73));
  return parts.join('\r\n ');
}

function title(event: CalendarEvent): string {
  return `${event.booking.serviceName} with ${event.booking.practitionerName}`;
}

function description(event: CalendarEvent): string {
  const text = `${event.clinicName}. Booking reference ${event.booking.id}.`;
  if (event.cancelled) return `Cancelled. ${text}`;
  return event.changeUrl ? `${text}\nChange or cancel: ${event.changeUrl}` : text;
}

/** The booking as an iCalendar document. */
export function icsFile(event: CalendarEvent, now: Date = new Date()): string {
  const { booking, cancelled } = event;
  const sequence = event.sequence ?? (cancelled ? 1 : 0);
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//clinic-booking//widget//EN',
    'CALSCALE:GREGORIAN',
    cancelled ? 'METHOD:CANCEL' : 'METHOD:PUBLISH',
    'BEGIN:VEVENT',
    `UID:${icsText(booking.id)}@clinic-booking`,
    `DTSTAMP:${utcStamp(now.toISOString())}`,
    `DTSTART:${utcStamp(booking.start)}`,
    `DTEND:${utcStamp(booking.end)}`,
    // A change must outrank the event it changes (RFC 5546 section 2.1.4).
    ...(sequence > 0 ? [`SEQUENCE:${sequence}`] : []),
    ...(cancelled ? ['STATUS:CANCELLED'] : []),
    `SUMMARY:${icsText(`${cancelled ? 'Cancelled: ' : ''}${title(event)} (${event.clinicName})`)}`,
    `DESCRIPTION:${icsText(description(event))}`,
    ...(event.location ? [`LOCATION:${icsText(event.location)}`] : []),
    // A URI value: not escaped as text (RFC 5545 section 3.8.4.6).
    ...(event.changeUrl && !cancelled ? [`URL:${event.changeUrl}`] : []),
    'END:VEVENT',
    'END:VCALENDAR',
  ];
  return `${lines.map(fold).join('\r\n')}\r\n`;
}

/** A `data:` URL of the .ics file, for a download link (no blob URL to revoke, CSP-friendly). */
export function icsDataUrl(event: CalendarEvent): string {
  return `data:text/calendar;charset=utf-8,${encodeURIComponent(icsFile(event))}`;
}

/** A link that opens Google Calendar with the appointment filled in. */
export function googleCalendarUrl(event: CalendarEvent): string {
  const params = new URLSearchParams({
    action: 'TEMPLATE',
    text: `${title(event)} (${event.clinicName})`,
    dates: `${utcStamp(event.booking.start)}/${utcStamp(event.booking.end)}`,
    details: description(event),
    ctz: event.booking.timezone,
  });
  if (event.location) params.set('location', event.location);
  return `https://calendar.google.com/calendar/render?${params}`;
}
