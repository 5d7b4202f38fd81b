// ISO 8601 instants in a page's time zone with its offset, as Statuspage writes them
// ("2026-12-05T08:00:00.000+01:00"); a page kept in UTC gets "Z", like githubstatus.com.

const UTC_ZONES = new Set(['UTC', 'Etc/UTC', 'Etc/UCT', 'Etc/Universal', 'Etc/Zulu', 'UCT', 'Universal', 'Zulu']);

/** Building an Intl formatter is the expensive part, so each zone gets one per isolate. */
const formatters = new Map<string, Intl.DateTimeFormat | null>();

function formatterFor(zone: string): Intl.DateTimeFormat | null {
  let formatter = formatters.get(zone);
  if (formatter === undefined) {
    try {
      formatter = new Intl.DateTimeFormat('en-US', {
        timeZone: zone,
        hourCycle: 'h23',
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
        second: '2-digit',
        timeZoneName: 'longOffset',
      });
    } catch {
      formatter = null;
    }
    formatters.set(zone, formatter);
  }
  return formatter;
}

/** `instant` (any ISO 8601 string) as local time in `zone` with its offset; UTC for UTC or an unknown zone. */
export function isoInZone(instant: string, zone: string): string {
  const date = new Date(instant);
  const formatter = UTC_ZONES.has(zone) ? null : formatterFor(zone);
  if (!formatter) return date.toISOString();
  const part: Record<string, string> = {};
  for (const p of formatter.formatToParts(date)) part[p.type] = p.value;
  // "GMT+01:00", or plain "GMT" when the zone is at +00:00 at that moment.
  const offset = (part.timeZoneName ?? 'GMT').replace('GMT', '') || '+00:00';
  const ms = String(date.getUTCMilliseconds()).padStart(3, '0');
  return `${part.year}-${part.month}-${part.day}T${part.hour}:${part.minute}:${part.second}.${ms}${offset}`;
}

export function isoInZoneOrNull(instant: string | null, zone: string): string | null {
  return instant === null ? null : isoInZone(instant, zone);
}
