// iCalendar (RFC 5545): each maintenance window as one VEVENT, for /maintenances.ics and the e-mails' .ics attachments.
import ical, { ICalCalendarMethod, ICalEventBusyStatus, ICalEventStatus, ICalEventTransparency } from 'ical-generator';
import type { Maintenance, PageSettings } from '../domain/model';
import { printable, readableTime, statusLabel } from './english';

export interface CalendarOptions {
  /** PUBLISH: a feed to subscribe to or an event to add, with no invitation to answer (RFC 5546). */
  method: 'PUBLISH';
  /** Where the page is served: detail links and the UIDs' host come from it. */
  baseUrl: string;
  /** Component id → name, to say what each maintenance affects (ids are shown otherwise). */
  componentNames?: ReadonlyMap<string, string>;
  /** How often a subscribed calendar should fetch it again, in seconds. */
  refreshSeconds?: number;
}

/**
 * RFC 5546 §2.1.4 counts a cancellation as a revision: a cancelled maintenance carries one more
 * than its sequence (raised by each reschedule), so a calendar that holds the event replaces it.
 */
export const eventSequence = (m: Maintenance): number => m.sequence + (m.status === 'cancelled' ? 1 : 0);

/** `<id>@<host>`: the same for every version of the event, in the feed and in every e-mail. */
export const eventUid = (m: Maintenance, baseUrl: string): string => `${m.id}@${new URL(baseUrl).host}`;

function description(m: Maintenance, page: PageSettings, options: CalendarOptions): string {
  const zone = page.timeZone;
  const affected = m.components.map(
    (p) => `- ${options.componentNames?.get(p.componentId) ?? p.componentId}: ${statusLabel(p.plannedStatus).toLowerCase()}`,
  );
  const latest = m.updates[0]?.body;
  return printable(
    [
      `Status: ${statusLabel(m.status).toLowerCase()}`,
      `When: ${readableTime(m.scheduledFor, zone)} to ${readableTime(m.scheduledUntil, zone)}`,
      ...(affected.length > 0 ? ['Affected:', ...affected] : []),
      ...(m.stillWorking ? [`Still working: ${m.stillWorking}`] : []),
      ...(latest ? ['', latest] : []),
      '',
      `${options.baseUrl}/maintenances/${m.id}`,
    ].join('\n'),
  );
}

/**
 * A VCALENDAR of the given maintenances. Times are UTC (calendar apps show them in the
 * reader's zone); events are transparent and free, since a maintenance does not make anyone
 * busy; DTSTAMP and LAST-MODIFIED are the maintenance's last change, so the text depends on the
 * maintenances alone and a feed's ETag changes only when one does.
 */
export function maintenanceCalendar(page: PageSettings, maintenances: readonly Maintenance[], options: CalendarOptions): string {
  const calendar = ical({
    prodId: { company: 'Forewarn', product: 'Status page', language: 'EN' },
    method: ICalCalendarMethod[options.method],
    name: printable(`${page.name} maintenance`),
    description: printable(`Planned maintenance of ${page.name}`),
    ttl: options.refreshSeconds ?? null,
  });
  for (const m of maintenances) {
    const cancelled = m.status === 'cancelled';
    calendar.createEvent({
      id: eventUid(m, options.baseUrl),
      sequence: eventSequence(m),
      stamp: new Date(m.updatedAt),
      created: new Date(m.createdAt),
      lastModified: new Date(m.updatedAt),
      start: new Date(m.scheduledFor),
      end: new Date(m.scheduledUntil),
      summary: printable(cancelled ? `Cancelled: ${m.name}` : m.name),
      description: description(m, page, options),
      url: `${options.baseUrl}/maintenances/${m.id}`,
      status: cancelled ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
      transparency: ICalEventTransparency.TRANSPARENT,
      busystatus: ICalEventBusyStatus.FREE,
    });
  }
  // Every content line ends in CRLF (RFC 5545 §3.1), the last one too; ical-generator stops short.
  return `${calendar.toString()}\r\n`;
}
