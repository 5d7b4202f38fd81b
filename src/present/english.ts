// English wording for the surfaces that have no language of their own (the admin UI's times,
// the badge's status), and `printable` and `oneLine`, which every XML and iCalendar writer applies. The feeds
// and calendars speak the reader's language through src/i18n/feeds.ts; the page and the e-mails
// through their own catalogues.
import { formatTime } from '../i18n/format';

/** "partial_outage" → "Partial outage". */
export const statusLabel = (status: string): string => {
  const words = status.replaceAll('_', ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
};

/** "5 Dec 2026, 08:00 CET": a moment as a reader of the page's zone says it, in British English. */
export const readableTime = (instant: string, zone: string): string => formatTime(instant, 'en-GB', zone);

const UNPRINTABLE =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * Text that XML 1.0 and iCalendar can carry: C0 controls other than tab and line breaks, and
 * lone surrogates, are dropped (an operator's pasted text may hold them).
 */
export const printable = (text: string): string => text.replace(UNPRINTABLE, '');

/** Tabs and line breaks of every kind, NEL and the Unicode separators included. */
const BREAKS = /[\t\n\r\u0085\u2028\u2029]+/g;

/**
 * A name or title as one line: `printable`, with tabs and line breaks as one space. What reaches
 * a one-line field (a calendar's NAME, an event's SUMMARY, a feed's title) can then never start
 * a line of its own, whatever a stored name holds (input refuses them since; older rows may not).
 */
export const oneLine = (text: string): string => printable(text).replace(BREAKS, ' ').trim();
