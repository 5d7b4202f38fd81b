// The words around the operator's text in the history feeds (RSS, Atom, JSON Feed) and the
// maintenance calendars (.ics): titles, labels, statuses and how a window is said, per language.
// The operator's own text comes from the localized snapshot (present/localize.ts).
import type { Locale } from '../domain/model';
import { fromAcceptLanguage } from './negotiate';
import type { StatusWords } from './status-words';
import { STATUS_WORDS } from './status-words';
import { de, french, NBSP } from './typography';

export interface FeedWords {
  /** The language as feeds declare it (RSS <language>, Atom xml:lang, JSON Feed language). */
  tag: string;
  /** The Intl locale times are written in. */
  intlLocale: string;
  /** What a label takes before its value: "Status: …", "État : …". */
  colon: string;
  /** Between a status and what was said with it: "Resolved - Logins are fast again." */
  dash: string;
  feedTitle: (page: string) => string;
  feedDescription: (page: string) => string;
  calendarName: (page: string) => string;
  calendarDescription: (page: string) => string;
  /** The title of a cancelled maintenance's entry and event. */
  cancelled: (name: string) => string;
  /** What a cancelled maintenance's entry and event say instead of its planned statuses. */
  notTakingPlace: string;
  /**
   * The title of a feed or calendar narrowed by `?component=` to the components (or groups)
   * named, so two subscriptions to one page read apart in a reader.
   */
  /** The feed's title narrowed to some components: `names` is their list, already joined. */
  scoped: (title: string, names: string) => string;
  /** A maintenance's window in its entry, with each end already written. */
  planned: (from: string, until: string) => string;
  wasPlanned: (from: string, until: string) => string;
  /** The window as the calendar event's "When" line says it. */
  window: (from: string, until: string) => string;
  labels: {
    status: string;
    when: string;
    affected: string;
    stillWorking: string;
    /** The actual start and end, once known. */
    startedAt: string;
    endedAt: string;
  };
  status: StatusWords;
}

export const FEED_WORDS: Record<Locale, FeedWords> = {
  en: {
    tag: 'en',
    intlLocale: 'en-GB',
    colon: ':',
    dash: ' - ',
    feedTitle: (page) => `${page} status`,
    feedDescription: (page) => `Incidents and maintenance of ${page}`,
    calendarName: (page) => `${page} maintenance`,
    calendarDescription: (page) => `Planned maintenance of ${page}`,
    cancelled: (name) => `Cancelled: ${name}`,
    notTakingPlace: 'This maintenance will not take place.',
    scoped: (title, names) => `${title}: ${names}`,
    planned: (from, until) => `Planned for ${from} to ${until}`,
    wasPlanned: (from, until) => `Was planned for ${from} to ${until}`,
    window: (from, until) => `${from} to ${until}`,
    labels: {
      status: 'Status',
      when: 'When',
      affected: 'Affected',
      stillWorking: 'Still working',
      startedAt: 'Started',
      endedAt: 'Ended',
    },
    status: STATUS_WORDS.en,
  },
  // French typography is set by `french` (typography.ts) on the catalogue's own words; the
  // values passed in (the page's name, an operator's text, times) are left as they are.
  fr: {
    tag: 'fr',
    intlLocale: 'fr-FR',
    colon: `${NBSP}:`,
    dash: ' – ',
    feedTitle: (page) => `État des services ${de(page)}`,
    feedDescription: (page) => `Incidents et maintenances ${de(page)}`,
    calendarName: (page) => `Maintenances ${de(page)}`,
    calendarDescription: (page) => `Maintenances planifiées ${de(page)}`,
    cancelled: (name) => french`Maintenance annulée : ${name}`,
    notTakingPlace: 'Cette maintenance n’aura pas lieu.',
    scoped: (title, names) => french`${title} : ${names}`,
    planned: (from, until) => `Prévue du ${from} au ${until}`,
    wasPlanned: (from, until) => `Était prévue du ${from} au ${until}`,
    window: (from, until) => `du ${from} au ${until}`,
    labels: {
      status: 'État',
      when: 'Quand',
      affected: 'Composants concernés',
      stillWorking: 'Ce qui fonctionne encore',
      startedAt: 'Début réel',
      endedAt: 'Fin réelle',
    },
    status: STATUS_WORDS.fr,
  },
};

/** "Status: scheduled", "État : planifiée". */
export const labelled = (words: FeedWords, label: string, value: string): string => `${label}${words.colon} ${value}`;

/**
 * The language a feed or calendar is written in: `?lang=` when it names one of ours ("fr",
 * "FR", "fr-CA" all read as French), the page's default language otherwise.
 *
 * Not the reader's Accept-Language or cookie: a feed URL is one document that aggregators fetch
 * and share between their users, usually without cookies, so the URL alone decides. And an
 * unknown `?lang=` falls back rather than failing with a 400: feed readers and calendar apps poll
 * unattended, and a subscription that errors is dropped or flagged broken, while the page's own
 * language is still the right news (the public pages treat an unknown `?lang=` the same way).
 */
export function feedLocale(query: string | null | undefined, fallback: Locale): Locale {
  return (query ? fromAcceptLanguage(query.split(',')[0]) : null) ?? fallback;
}
