// Dates, durations and percentages in a reader's language, times in the page's zone with the
// zone named. Intl formatters are costly to build, so each is built once per isolate.
import { DAY_MS, HOUR_MS, MINUTE_MS } from '../domain/time-units';
import { knownZone } from '../domain/zone-days';
import { firstOfMonth } from './typography';

/** Intl writes "1 décembre"; French writes the first of a month "1er" (typography.ts). */
const asWritten = (text: string, intlLocale: string): string => (intlLocale.startsWith('fr') ? firstOfMonth(text) : text);

const cache = new Map<string, Intl.DateTimeFormat | Intl.NumberFormat | Intl.ListFormat>();

function cached<T extends Intl.DateTimeFormat | Intl.NumberFormat | Intl.ListFormat>(key: string, build: () => T): T {
  let value = cache.get(key);
  if (!value) {
    value = build();
    cache.set(key, value);
  }
  return value as T;
}

/** The options the server and the reader-side script share, by `<time data-local>` kind. */
export const TIME_STYLES = {
  datetime: {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZoneName: 'short',
  },
  long: {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZoneName: 'short',
  },
} as const satisfies Record<string, Intl.DateTimeFormatOptions>;
export type TimeStyle = keyof typeof TIME_STYLES;

/** "5 Dec 2026, 08:00 CET" in `zone`. */
export function formatTime(instant: string | Date, intlLocale: string, zone: string, style: TimeStyle = 'datetime'): string {
  const tz = knownZone(zone);
  const f = cached(`t|${style}|${intlLocale}|${tz}`, () => new Intl.DateTimeFormat(intlLocale, { ...TIME_STYLES[style], timeZone: tz }));
  return asWritten(f.format(new Date(instant)), intlLocale);
}

/** How a calendar date is written, by the server and by the reader-side script alike. */
export const DATE_STYLE = {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  timeZone: 'UTC',
} as const satisfies Intl.DateTimeFormatOptions;

const dateFormat = (intlLocale: string) => cached(`d|${intlLocale}`, () => new Intl.DateTimeFormat(intlLocale, DATE_STYLE));
const calendarDay = (date: string) => new Date(`${date}T12:00:00Z`);

/** A calendar date ("2026-12-05") as words: "5 Dec 2026". Dates are zone-free here. */
export function formatDate(date: string, intlLocale: string): string {
  return asWritten(dateFormat(intlLocale).format(calendarDay(date)), intlLocale);
}

/** Two calendar dates as one span, as the language writes it: "1–14 Sept 2026", "28 Aug – 3 Sept 2026". */
export function formatDateRange(from: string, until: string, intlLocale: string): string {
  return asWritten(dateFormat(intlLocale).formatRange(calendarDay(from), calendarDay(until)), intlLocale);
}

/** "November 2026" for "2026-11". */
export function formatMonth(month: string, intlLocale: string): string {
  const f = cached(`m|${intlLocale}`, () => new Intl.DateTimeFormat(intlLocale, { month: 'long', year: 'numeric', timeZone: 'UTC' }));
  return f.format(new Date(`${month}-15T12:00:00Z`));
}

/**
 * "99.95 %": rounded down, so a component that was down at all never shows 100 %. Two decimals,
 * as Statuspage shows them.
 */
export function formatPercent(ratio: number, intlLocale: string): string {
  const f = cached(
    `p|${intlLocale}`,
    () => new Intl.NumberFormat(intlLocale, { style: 'percent', minimumFractionDigits: 2, maximumFractionDigits: 2 }),
  );
  return f.format(Math.floor(ratio * 10_000) / 10_000);
}

const UNITS = [
  ['day', DAY_MS],
  ['hour', HOUR_MS],
  ['minute', MINUTE_MS],
] as const;

/** "1 day, 12 hours" / "1 jour et 12 heures": the two largest units, minutes at the least. */
export function formatDuration(ms: number, intlLocale: string): string {
  let rest = Math.max(0, Math.round(ms / 60_000) * 60_000);
  const parts: string[] = [];
  for (const [unit, size] of UNITS) {
    const n = Math.floor(rest / size);
    rest -= n * size;
    if (n > 0 && parts.length < 2) {
      parts.push(
        cached(`u|${unit}|${intlLocale}`, () => new Intl.NumberFormat(intlLocale, { style: 'unit', unit, unitDisplay: 'long' })).format(n),
      );
    }
  }
  if (parts.length === 0) {
    parts.push(
      cached(
        `u|minute|${intlLocale}`,
        () => new Intl.NumberFormat(intlLocale, { style: 'unit', unit: 'minute', unitDisplay: 'long' }),
      ).format(0),
    );
  }
  return cached(`l|${intlLocale}`, () => new Intl.ListFormat(intlLocale, { type: 'unit', style: 'long' })).format(parts);
}

/** A list of names in the reader's language ("A, B and C"). */
export function formatList(items: readonly string[], intlLocale: string): string {
  return cached(`c|${intlLocale}`, () => new Intl.ListFormat(intlLocale, { type: 'conjunction', style: 'long' })).format(items);
}
