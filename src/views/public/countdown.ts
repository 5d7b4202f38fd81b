// "Starts in 3 days and 4 hours": how long until a maintenance begins, never more than is left,
// in the words the reminders use (formatTimeLeft). The server writes it when it renders the
// page; the reader-side script (assets/local-time.ts, COUNTDOWN_SCRIPT) says the same from the
// reader's clock, with Intl's unit names, and keeps it right while the page stays open.
import type { Locale } from '../../domain/model';
import type { Messages } from '../../i18n';
import { formatTimeLeft } from '../../i18n/when';

/**
 * A page is rendered at most once a minute (routes/public/reader.ts) and may then be cached for
 * 30 s (PUBLIC_MAX_AGE): the server counts from the last moment its words can still be read.
 */
export const RENDERED_TEXT_LIFETIME_MS = 60_000 + 30_000;

/** The words for a start at `startsAt` read at `at`: "Starts in …", or "Not started yet" once it is due. */
export function countdownText(t: Messages, locale: Locale, startsAt: string, at: number): string {
  const left = Date.parse(startsAt) - at;
  return left > 0 ? t.home.startsIn(formatTimeLeft(left, locale)) : t.home.notStartedYet;
}

/**
 * formatTimeLeft in the browser, for `locale` (an Intl tag): every unit rounded down; under an
 * hour in minutes, up to 72 hours in hours and minutes, beyond in days and hours; null under a
 * minute (the element carries those words). Intl's long unit names and its conjunction list
 * give the catalogue's words in English and French ("1 hour and 59 minutes", "3 jours et 4 heures");
 * a browser test holds the two to the same text.
 */
export const TIME_LEFT_SCRIPT = `function (locale) {
    var list = new Intl.ListFormat(locale, { type: 'conjunction', style: 'long' });
    var units = {};
    var count = function (n, unit) {
      if (!units[unit]) units[unit] = new Intl.NumberFormat(locale, { style: 'unit', unit: unit, unitDisplay: 'long' });
      // Chromium's French puts a no-break space between number and unit; the catalogue a plain one.
      return units[unit].format(n).replace(/[\\u00a0\\u202f]/g, ' ');
    };
    var pair = function (big, bigUnit, small, smallUnit) {
      return small === 0 ? count(big, bigUnit) : list.format([count(big, bigUnit), count(small, smallUnit)]);
    };
    return function (ms) {
      var minutes = Math.floor(ms / 60000);
      if (!(minutes >= 1)) return null;
      if (minutes < 60) return count(minutes, 'minute');
      if (minutes <= 72 * 60) return pair(Math.floor(minutes / 60), 'hour', minutes % 60, 'minute');
      var hours = Math.floor(minutes / 60);
      return pair(Math.floor(hours / 24), 'day', hours % 24, 'hour');
    };
  }`;
