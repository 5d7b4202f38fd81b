// iCalendar (RFC 5545/5546) attachment of maintenance e-mails: one VEVENT, METHOD:PUBLISH.
import ical, { ICalCalendarMethod, ICalEventBusyStatus, ICalEventStatus, ICalEventTransparency } from 'ical-generator';
import type { Locale } from '../domain/model';
import { oneLine, printable } from '../present/english';
import type { Notice } from '../store/notices';

export interface MaintenanceEvent {
  notice: Notice;
  locale: Locale;
  publicUrl: string;
  summary: string;
  description: string;
}

/**
 * The UID and SEQUENCE follow /maintenances.ics (src/present/icalendar.ts): `<id>@<host>`, and
 * the maintenance's sequence, one more once cancelled, so a calendar holding the event from the
 * feed or an earlier e-mail replaces it rather than adding a second one.
 */
export function maintenanceIcs(e: MaintenanceEvent): string | null {
  const { notice } = e;
  const window = notice.payload.window;
  if (notice.subjectType !== 'maintenance' || !window) return null;
  const cancelled = notice.kind === 'cancelled';
  const calendar = ical({
    prodId: { company: 'Forewarn', product: 'Status page', language: e.locale.toUpperCase() },
    method: ICalCalendarMethod.PUBLISH,
  });
  const at = new Date(notice.createdAt);
  calendar.createEvent({
    id: `${notice.subjectId}@${new URL(e.publicUrl).host}`,
    sequence: (notice.payload.sequence ?? 0) + (cancelled ? 1 : 0),
    stamp: at,
    lastModified: at,
    start: new Date(window.scheduled_for),
    end: new Date(window.scheduled_until),
    // ical-generator escapes both as TEXT; these keep a stored name with line breaks on its line.
    summary: oneLine(e.summary),
    description: printable(e.description),
    url: `${e.publicUrl}/maintenances/${notice.subjectId}`,
    status: cancelled ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
    transparency: ICalEventTransparency.TRANSPARENT,
    busystatus: ICalEventBusyStatus.FREE,
  });
  // RFC 5545 §3.1: every content line ends in CRLF, the last one too; ical-generator stops short.
  return `${calendar.toString()}\r\n`;
}
