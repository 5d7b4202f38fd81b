// iCalendar (RFC 5545): each maintenance window as one VEVENT, for /maintenances.ics and the e-mails' .ics attachments.
import ical, { ICalCalendarMethod, ICalEventBusyStatus, ICalEventStatus, ICalEventTransparency } from 'ical-generator';
import type { Locale, Maintenance, PageSettings } from '../domain/model';
import { FEED_WORDS, type FeedWords, labelled } from '../i18n/feeds';
import { formatTime } from '../i18n/format';
import type { Snapshot } from '../services/snapshot';
import { oneLine, printable, statusLabel } from './english';
import type { FeedScope } from './feeds';
import { feedScopeCovers, idAuthority, maintenanceTouches, scopeNames } from './feeds';
import { localizeSnapshot } from './localize';

/**
 * Who publishes the events: ORGANIZER, which RFC 5546 requires once in every event of a
 * PUBLISH or CANCEL (§3.2.1, §3.2.5; libical refuses an event without it). The page, by its
 * name, at the address its e-mails come from (MAIL_FROM), so a calendar app that asks who sent
 * an event finds the sender of the e-mail it came with.
 */
export interface Organizer {
  name: string;
  email: string;
}

/** The organizer from the page's name and MAIL_FROM (`Name <address>` or a bare address). */
export const calendarOrganizer = (pageName: string, mailFrom: string): Organizer => ({
  name: oneLine(pageName),
  email: (mailFrom.match(/<([^>]+)>/)?.[1] ?? mailFrom).trim(),
});

export interface CalendarOptions {
  /** PUBLISH: a feed to subscribe to or an event to add, with no invitation to answer (RFC 5546). */
  method: 'PUBLISH';
  /** Where the page is served: detail links and the UIDs' host name come from it. */
  baseUrl: string;
  /** ORGANIZER of every event; null writes none, which iTIP readers refuse (only for a caller that lacks MAIL_FROM). */
  organizer: Organizer | null;
  /** The components (or groups) `?component=` names, which the calendar's name says: only their maintenances are given. */
  scopeNames?: readonly string[];
  /**
   * The language of the calendar's own words (its name, the description's labels, times); the
   * page's default language when absent. The page and maintenances given must already be in it
   * (snapshotCalendar does both).
   */
  locale?: Locale;
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

/**
 * `<maintenance id>@<host name>`: the same for every version of the event, in the feed and in
 * every e-mail, and with no port, so it stays the same when only the page's port changes.
 */
export const eventUid = (maintenanceId: string, baseUrl: string): string => `${maintenanceId}@${idAuthority(baseUrl)}`;

/**
 * RFC 5545 §3.3.11 TEXT on one line. ical-generator escapes the events' TEXT properties itself but
 * writes the calendar's NAME, X-WR-CALNAME and X-WR-CALDESC as given: a page name holding CRLF
 * would otherwise end the line and start events of its own.
 */
const calendarText = (text: string): string => oneLine(text).replace(/[\\;,]/g, '\\$&');

const said = (table: Readonly<Record<string, string>>, status: string): string => (table[status] ?? statusLabel(status)).toLowerCase();

function description(m: Maintenance, words: FeedWords, zone: string, options: CalendarOptions): string {
  const time = (instant: string) => formatTime(instant, words.intlLocale, zone);
  const latest = m.updates[0]?.body;
  const link = `${options.baseUrl}/maintenances/${m.id}`;
  // A cancelled maintenance says so and when it was to be, no longer what it would have done.
  if (m.status === 'cancelled') {
    return printable(
      [
        words.notTakingPlace,
        words.wasPlanned(time(m.scheduledFor), time(m.scheduledUntil)),
        ...(latest ? ['', latest] : []),
        '',
        link,
      ].join('\n'),
    );
  }
  const affected = m.components.map(
    (p) =>
      `- ${labelled(words, oneLine(options.componentNames?.get(p.componentId) ?? p.componentId), said(words.status.componentStatus, p.plannedStatus))}`,
  );
  return printable(
    [
      labelled(words, words.labels.status, said(words.status.maintenanceStatus, m.status)),
      labelled(words, words.labels.when, words.window(time(m.scheduledFor), time(m.scheduledUntil))),
      ...(m.startedAt ? [labelled(words, words.labels.startedAt, time(m.startedAt))] : []),
      ...(m.resolvedAt ? [labelled(words, words.labels.endedAt, time(m.resolvedAt))] : []),
      ...(affected.length > 0 ? [`${words.labels.affected}${words.colon}`, ...affected] : []),
      ...(m.stillWorking ? [labelled(words, words.labels.stillWorking, m.stillWorking)] : []),
      ...(latest ? ['', latest] : []),
      '',
      link,
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
  const locale = options.locale ?? page.defaultLocale;
  const words = FEED_WORDS[locale];
  const calendar = ical({
    // The PRODID's last field is the language of the calendar's text (RFC 5545 §3.7.3, ISO 9070).
    prodId: { company: 'Forewarn', product: 'Status page', language: locale.toUpperCase() },
    method: ICalCalendarMethod[options.method],
    name: calendarText(
      options.scopeNames ? words.scoped(words.calendarName(page.name), options.scopeNames.join(', ')) : words.calendarName(page.name),
    ),
    description: calendarText(words.calendarDescription(page.name)),
    ttl: options.refreshSeconds ?? null,
  });
  for (const m of maintenances) {
    const cancelled = m.status === 'cancelled';
    calendar.createEvent({
      id: eventUid(m.id, options.baseUrl),
      sequence: eventSequence(m),
      stamp: new Date(m.updatedAt),
      created: new Date(m.createdAt),
      lastModified: new Date(m.updatedAt),
      start: new Date(m.scheduledFor),
      end: new Date(m.scheduledUntil),
      summary: oneLine(cancelled ? words.cancelled(m.name) : m.name),
      description: description(m, words, page.timeZone, options),
      url: `${options.baseUrl}/maintenances/${m.id}`,
      ...(options.organizer ? { organizer: options.organizer } : {}),
      status: cancelled ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
      transparency: ICalEventTransparency.TRANSPARENT,
      busystatus: ICalEventBusyStatus.FREE,
    });
  }
  // Every content line ends in CRLF (RFC 5545 §3.1), the last one too; ical-generator stops short.
  return `${calendar.toString()}\r\n`;
}

/**
 * The snapshot's maintenances (those `only` keeps, and those `scope` covers, when given) as a
 * calendar in `locale`: the operator's text in that language where they wrote it, the
 * calendar's words from the catalogue, and the page's name in it as the organizer's.
 */
export function snapshotCalendar(
  snapshot: Snapshot,
  locale: Locale,
  options: Omit<CalendarOptions, 'locale' | 'componentNames' | 'organizer' | 'scopeNames'> & {
    /**
     * MAIL_FROM, the organizer's address. Every caller should give it: a calendar without
     * ORGANIZER is refused by iTIP readers (RFC 5546 §3.2.1).
     */
    mailFrom?: string;
    only?: (m: Maintenance) => boolean;
    scope?: FeedScope;
  },
): string {
  const local = localizeSnapshot(snapshot, locale);
  const { only, scope, mailFrom, ...rest } = options;
  const maintenances = local.maintenances.filter((m) => (!only || only(m)) && feedScopeCovers(scope, maintenanceTouches(m)));
  return maintenanceCalendar(local.page, maintenances, {
    ...rest,
    locale,
    componentNames: new Map(local.components.map((c) => [c.id, c.name])),
    ...(scope ? { scopeNames: scopeNames(local, scope) } : {}),
    organizer: mailFrom ? calendarOrganizer(local.page.name, mailFrom) : null,
  });
}
