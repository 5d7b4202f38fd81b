// iCalendar (RFC 5545) attachment of maintenance e-mails, one VEVENT, sent as iMIP (RFC 6047):
// METHOD:PUBLISH for an announcement or a change, METHOD:CANCEL for a cancellation (RFC 5546).
import ical, { ICalCalendarMethod, ICalEventBusyStatus, ICalEventStatus, ICalEventTransparency } from 'ical-generator';
import { inLocale } from '../domain/localized';
import type { Locale } from '../domain/model';
import { FEED_WORDS } from '../i18n/feeds';
import { legacyFacts } from '../i18n/update-facts';
import { oneLine, printable } from '../present/english';
import type { Organizer } from '../present/icalendar';
import { eventUid } from '../present/icalendar';
import type { Notice } from '../store/notices';

export interface MaintenanceEvent {
  notice: Notice;
  locale: Locale;
  publicUrl: string;
  summary: string;
  description: string;
  /**
   * ORGANIZER: the page's name and MAIL_FROM's address (calendarOrganizer), which RFC 5546
   * requires in every PUBLISH and CANCEL. Give it: without it libical and other iTIP readers
   * refuse the attachment.
   */
  organizer?: Organizer;
}

/**
 * The iTIP method of a notice's attachment, for its METHOD and for the MIME part's
 * `Content-Type: text/calendar; method=…`, which RFC 6047 §2.4 requires to be the same.
 */
export const icsMethod = (notice: Pick<Notice, 'kind'>): 'PUBLISH' | 'CANCEL' => (notice.kind === 'cancelled' ? 'CANCEL' : 'PUBLISH');

/**
 * A cancellation says so, with what the operator wrote about it, and no longer what the
 * maintenance would have done: the e-mail's text lists the planned statuses and what still
 * works, which an event that will not happen should not repeat.
 */
function cancelledDescription(e: MaintenanceEvent): string {
  const p = e.notice.payload;
  const note = inLocale(p.body, p.translations, 'body', e.locale).trim();
  return [
    FEED_WORDS[e.locale].notTakingPlace,
    // Older notices carry Statuspage's English wording when the operator gave none.
    ...(note && legacyFacts(note) === null ? ['', note] : []),
    '',
    `${e.publicUrl}/maintenances/${e.notice.subjectId}`,
  ].join('\n');
}

/**
 * The UID and SEQUENCE follow /maintenances.ics (src/present/icalendar.ts): `<id>@<host name>`,
 * and the maintenance's sequence, one more once cancelled (RFC 5546 §3.2.5: a CANCEL's SEQUENCE
 * is above the last one sent), so a calendar holding the event from the feed or an earlier
 * e-mail replaces or removes it rather than adding a second one. A cancellation is METHOD:CANCEL
 * with STATUS:CANCELLED; it names no ATTENDEE, as the events it cancels had none (they were
 * published, not sent as invitations: §3.2.5 asks for every attendee, here none).
 */
export function maintenanceIcs(e: MaintenanceEvent): string | null {
  const { notice } = e;
  const window = notice.payload.window;
  if (notice.subjectType !== 'maintenance' || !window) return null;
  const cancelled = notice.kind === 'cancelled';
  const calendar = ical({
    prodId: { company: 'Forewarn', product: 'Status page', language: e.locale.toUpperCase() },
    method: ICalCalendarMethod[icsMethod(notice)],
  });
  const at = new Date(notice.createdAt);
  calendar.createEvent({
    id: eventUid(notice.subjectId, e.publicUrl),
    sequence: (notice.payload.sequence ?? 0) + (cancelled ? 1 : 0),
    stamp: at,
    lastModified: at,
    start: new Date(window.scheduled_for),
    end: new Date(window.scheduled_until),
    // ical-generator escapes both as TEXT; these keep a stored name with line breaks on its line.
    summary: oneLine(e.summary),
    description: printable(cancelled ? cancelledDescription(e) : e.description),
    url: `${e.publicUrl}/maintenances/${notice.subjectId}`,
    ...(e.organizer ? { organizer: e.organizer } : {}),
    status: cancelled ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
    transparency: ICalEventTransparency.TRANSPARENT,
    busystatus: ICalEventBusyStatus.FREE,
  });
  // RFC 5545 §3.1: every content line ends in CRLF, the last one too; ical-generator stops short.
  return `${calendar.toString()}\r\n`;
}
