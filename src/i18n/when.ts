// Times in e-mails, feeds and automatic update text: in the reader's zone and language, with the
// zone named. (The page's own <time> elements use format.ts, which the reader-side script shares.)
import type { Locale } from '../domain/model';
import { firstOfMonth, SINGULAR } from './typography';

const INTL_LOCALE: Record<Locale, string> = { en: 'en-GB', fr: 'fr-FR' };

const formats = new Map<string, { day: (at: Date) => string; time: (at: Date) => string }>();

function formatsFor(locale: Locale, zone: string) {
  const key = `${locale} ${zone}`;
  let f = formats.get(key);
  if (!f) {
    const tag = INTL_LOCALE[locale];
    const day = new Intl.DateTimeFormat(tag, { timeZone: zone, weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' });
    const time = new Intl.DateTimeFormat(tag, { timeZone: zone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    f = {
      // Intl writes "1 décembre"; French writes the first of the month "1er".
      day: locale === 'fr' ? (at) => firstOfMonth(day.format(at)) : (at) => day.format(at),
      time: (at) => time.format(at),
    };
    formats.set(key, f);
  }
  return f;
}

/** A zone that Intl knows, or UTC: a subscriber row never makes a send fail. */
export function usableZone(zone: string): string {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return zone;
  } catch {
    return 'UTC';
  }
}

export const zoneName = (zone: string): string => (/^(Etc\/)?(UTC|GMT|Universal|Zulu)$/.test(zone) ? 'UTC' : zone);

const AT: Record<Locale, string> = { en: 'at', fr: 'à' };

/** "Saturday, 5 December 2026 at 08:00 (Europe/Paris)". */
export function formatInstant(iso: string, locale: Locale, zone: string): string {
  const z = usableZone(zone);
  const f = formatsFor(locale, z);
  const at = new Date(iso);
  return `${f.day(at)} ${AT[locale]} ${f.time(at)} (${zoneName(z)})`;
}

/**
 * "Saturday, 5 December 2026, 08:00 → Sunday, 6 December 2026, 20:00 (Europe/Paris)"; the day is
 * said once when both ends fall on it.
 */
export function formatWindow(from: string, until: string, locale: Locale, zone: string): string {
  const z = usableZone(zone);
  const f = formatsFor(locale, z);
  const a = new Date(from);
  const b = new Date(until);
  const dayA = f.day(a);
  const dayB = f.day(b);
  const end = dayA === dayB ? f.time(b) : `${dayB}, ${f.time(b)}`;
  return `${dayA}, ${f.time(a)} → ${end} (${zoneName(z)})`;
}

const UNIT_WORDS: Record<Locale, Record<'minute' | 'hour' | 'day', [one: string, many: string]>> = {
  en: { minute: ['minute', 'minutes'], hour: ['hour', 'hours'], day: ['day', 'days'] },
  fr: { minute: ['minute', 'minutes'], hour: ['heure', 'heures'], day: ['jour', 'jours'] },
};

const count = (n: number, [one, many]: [string, string], locale: Locale) => `${n} ${SINGULAR[locale](n) ? one : many}`;

/** "24 hours", "3 days", "30 minutes": how far ahead a reminder is. */
export function formatLead(minutes: number, locale: Locale): string {
  const words = UNIT_WORDS[locale];
  if (minutes % 60 !== 0) return count(minutes, words.minute, locale);
  const hours = minutes / 60;
  if (hours <= 72 || hours % 24 !== 0) return count(hours, words.hour, locale);
  return count(hours / 24, words.day, locale);
}

const AND: Record<Locale, string> = { en: 'and', fr: 'et' };
const UNDER_A_MINUTE: Record<Locale, string> = { en: 'less than a minute', fr: 'moins d’une minute' };

/**
 * How long until a start, for "starts in …": never more than is left. Every unit is rounded
 * down, so a reminder sent a minute late says "59 minutes", not "1 hour". Two units at most, in
 * the units formatLead names the reminders in, so a reminder sent on time reads as its lead
 * does: up to 72 hours in hours and minutes ("1 hour and 59 minutes", "24 hours"), beyond in
 * days and hours ("6 days and 23 hours", minutes dropped), and under a minute "less than a
 * minute" rather than a "1 minute" that would overstate it.
 */
export function formatTimeLeft(ms: number, locale: Locale): string {
  const words = UNIT_WORDS[locale];
  const minutes = Math.floor(ms / 60_000);
  if (!(minutes >= 1)) return UNDER_A_MINUTE[locale];
  const pair = (big: number, bigWords: [string, string], small: number, smallWords: [string, string]) =>
    small === 0 ? count(big, bigWords, locale) : `${count(big, bigWords, locale)} ${AND[locale]} ${count(small, smallWords, locale)}`;
  if (minutes < 60) return count(minutes, words.minute, locale);
  if (minutes <= 72 * 60) return pair(Math.floor(minutes / 60), words.hour, minutes % 60, words.minute);
  const hours = Math.floor(minutes / 60);
  return pair(Math.floor(hours / 24), words.day, hours % 24, words.hour);
}
