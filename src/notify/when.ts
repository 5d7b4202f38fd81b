// Times in e-mails: in the subscriber's zone and language, with the zone named.
import type { Locale } from '../domain/model';

const INTL_LOCALE: Record<Locale, string> = { en: 'en-GB', fr: 'fr-FR' };

const formats = new Map<string, { day: Intl.DateTimeFormat; time: Intl.DateTimeFormat }>();

function formatsFor(locale: Locale, zone: string) {
  const key = `${locale} ${zone}`;
  let f = formats.get(key);
  if (!f) {
    const tag = INTL_LOCALE[locale];
    f = {
      day: new Intl.DateTimeFormat(tag, { timeZone: zone, weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' }),
      time: new Intl.DateTimeFormat(tag, { timeZone: zone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }),
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
  return `${f.day.format(at)} ${AT[locale]} ${f.time.format(at)} (${zoneName(z)})`;
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
  const dayA = f.day.format(a);
  const dayB = f.day.format(b);
  const end = dayA === dayB ? f.time.format(b) : `${dayB}, ${f.time.format(b)}`;
  return `${dayA}, ${f.time.format(a)} → ${end} (${zoneName(z)})`;
}

/** "24 hours", "3 days", "30 minutes": how far ahead a reminder is. */
export function formatLead(minutes: number, locale: Locale): string {
  const words =
    locale === 'fr'
      ? { minute: ['minute', 'minutes'], hour: ['heure', 'heures'], day: ['jour', 'jours'] }
      : { minute: ['minute', 'minutes'], hour: ['hour', 'hours'], day: ['day', 'days'] };
  const say = (n: number, [one, many]: string[]) => `${n} ${n === 1 ? one : many}`;
  if (minutes % 60 !== 0) return say(minutes, words.minute);
  const hours = minutes / 60;
  if (hours <= 72 || hours % 24 !== 0) return say(hours, words.hour);
  return say(hours / 24, words.day);
}
