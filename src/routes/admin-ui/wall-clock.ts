// Wall-clock times in a named zone, as an operator types them into a datetime-local field, and
// back. Stored times stay UTC; only the form speaks the page's zone.
import { wallClockAt } from '../../domain/zone-days';

const LOCAL = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/;

/**
 * The UTC instant of `value` ("2026-12-05T08:00") read in `zone`, as ISO 8601; null when it is
 * not a datetime-local value. Two passes settle the offset across a DST change: a time inside a
 * spring-forward gap lands just after it, as clocks do, and the hour that autumn repeats is read
 * as its second, standard-time occurrence.
 */
export function zonedToUtc(value: string, zone: string): string | null {
  const m = LOCAL.exec(value.trim());
  if (!m) return null;
  const [year, month, day, hour, minute] = m.slice(1).map(Number) as [number, number, number, number, number];
  const wanted = Date.UTC(year, month - 1, day, hour, minute);
  if (Number.isNaN(wanted) || new Date(wanted).getUTCDate() !== day) return null;
  let guess = wanted;
  for (let i = 0; i < 2; i++) {
    const shown = wallClockAt(new Date(guess), zone);
    guess += wanted - Date.UTC(shown.year, shown.month - 1, shown.day, shown.hour, shown.minute);
  }
  return new Date(guess).toISOString();
}

const pad = (n: number) => String(n).padStart(2, '0');

/** `iso` as a datetime-local value in `zone`, to the minute. */
export function utcToZoned(iso: string, zone: string): string {
  const p = wallClockAt(new Date(iso), zone);
  return `${p.year}-${pad(p.month)}-${pad(p.day)}T${pad(p.hour)}:${pad(p.minute)}`;
}
