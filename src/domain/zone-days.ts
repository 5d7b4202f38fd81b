// Calendar days of a time zone as UTC instants: a page in Europe/Paris counts its days from
// Paris midnight, and a day around a DST change lasts 23 or 25 hours.

const partsFormatters = new Map<string, Intl.DateTimeFormat>();

function partsIn(zone: string): Intl.DateTimeFormat {
  let formatter = partsFormatters.get(zone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    partsFormatters.set(zone, formatter);
  }
  return formatter;
}

/** A zone Intl knows, or UTC: a bad setting must not take the page down. */
export function knownZone(zone: string): string {
  try {
    partsIn(zone);
    return zone;
  } catch {
    return 'UTC';
  }
}

/** What a clock on the wall in `zone` shows at `instant`. */
export interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

export function wallClockAt(instant: Date | number, zone: string): WallClock {
  const p: Record<string, string> = {};
  for (const part of partsIn(zone).formatToParts(new Date(instant))) p[part.type] = part.value;
  return {
    year: Number(p.year),
    month: Number(p.month),
    day: Number(p.day),
    hour: Number(p.hour),
    minute: Number(p.minute),
    second: Number(p.second),
  };
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** "2026-12-05": the date an instant falls on in `zone`. */
export function localDate(instant: Date | string, zone: string): string {
  const { year, month, day } = wallClockAt(new Date(instant), zone);
  return `${pad(year, 4)}-${pad(month)}-${pad(day)}`;
}

/** The calendar date `days` after `date` ("2026-12-31" + 1 → "2027-01-01"). */
export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/**
 * The instant `date` begins in `zone`. Two passes settle the offset; where midnight does not
 * exist (a DST jump at 00:00) the day begins at the first instant that does.
 */
export function startOfDay(date: string, zone: string): Date {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const wanted = Date.UTC(y, m - 1, d);
  let guess = wanted;
  for (let i = 0; i < 2; i++) {
    const shown = wallClockAt(guess, zone);
    guess += wanted - Date.UTC(shown.year, shown.month - 1, shown.day, shown.hour, shown.minute, shown.second);
  }
  return new Date(guess);
}

export interface DayWindow {
  /** "2026-12-05" in the zone. */
  date: string;
  from: Date;
  /** The next midnight, or `now` for today. */
  until: Date;
}

/** Day windows per (zone, today, count): their midnights only change when the day does. */
const dayCache = new Map<string, readonly DayWindow[]>();

/** The last `count` days of `zone` up to `now`, oldest first; today ends at `now`. */
export function lastDays(now: Date, zone: string, count: number): DayWindow[] {
  const today = localDate(now, zone);
  const key = `${zone}|${today}|${count}`;
  let cached = dayCache.get(key);
  if (!cached) {
    if (dayCache.size >= 256) dayCache.clear();
    cached = dayWindows(today, zone, count);
    dayCache.set(key, cached);
  }
  const days = cached;
  // Today ends now; every other window is as cached.
  return days.map((d, i) => (i === days.length - 1 ? { ...d, until: now } : { ...d }));
}

/** The windows of the `count` days up to `today` (today's ends at its next midnight). */
function dayWindows(today: string, zone: string, count: number): DayWindow[] {
  const days: DayWindow[] = [];
  // Each day ends where the next begins: one zone lookup per day.
  let next = startOfDay(addDays(today, -count + 1), zone);
  for (let i = count - 1; i >= 0; i--) {
    const date = addDays(today, -i);
    const from = next;
    next = startOfDay(addDays(date, 1), zone);
    days.push({ date, from, until: next });
  }
  return days;
}
