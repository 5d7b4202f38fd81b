// The time zones a subscriber picks from: IANA names, grouped by region, each with its UTC offset
// now. The list is Intl's (ICU's), which names zones the CLDR way: a few CLDR names are IANA's
// deprecated spellings ("Africa/Asmera", "Asia/Calcutta"), shown here by their current IANA name.

/**
 * CLDR canonical name → current IANA name, where they differ (IANA's `backward` file makes the
 * left side a link). Intl.supportedValuesOf('timeZone') in workerd and V8 lists the left side
 * and not the right; Intl accepts both, and a subscriber stored with either still finds their zone.
 */
export const LEGACY_ZONES: Readonly<Record<string, string>> = {
  'Africa/Asmera': 'Africa/Asmara',
  'America/Buenos_Aires': 'America/Argentina/Buenos_Aires',
  'America/Catamarca': 'America/Argentina/Catamarca',
  'America/Coral_Harbour': 'America/Atikokan',
  'America/Cordoba': 'America/Argentina/Cordoba',
  'America/Godthab': 'America/Nuuk',
  'America/Indianapolis': 'America/Indiana/Indianapolis',
  'America/Jujuy': 'America/Argentina/Jujuy',
  'America/Louisville': 'America/Kentucky/Louisville',
  'America/Mendoza': 'America/Argentina/Mendoza',
  'Asia/Calcutta': 'Asia/Kolkata',
  'Asia/Katmandu': 'Asia/Kathmandu',
  'Asia/Rangoon': 'Asia/Yangon',
  'Asia/Saigon': 'Asia/Ho_Chi_Minh',
  'Atlantic/Faeroe': 'Atlantic/Faroe',
  'Europe/Kiev': 'Europe/Kyiv',
  'Pacific/Enderbury': 'Pacific/Kanton',
  'Pacific/Ponape': 'Pacific/Pohnpei',
  'Pacific/Truk': 'Pacific/Chuuk',
};

/** The regions IANA names start with, in the picker's order. */
export const ZONE_REGIONS = [
  'Africa',
  'America',
  'Antarctica',
  'Arctic',
  'Asia',
  'Atlantic',
  'Australia',
  'Europe',
  'Indian',
  'Pacific',
] as const;
export type ZoneRegion = (typeof ZONE_REGIONS)[number];

const isRegion = (value: string): value is ZoneRegion => (ZONE_REGIONS as readonly string[]).includes(value);

const formatters = new Map<string, Intl.DateTimeFormat | null>();

/** One formatter per zone for the isolate's life: building 400 of them costs tens of milliseconds, using them little. */
function offsetFormatter(zone: string): Intl.DateTimeFormat | null {
  let formatter = formatters.get(zone);
  if (formatter === undefined) {
    try {
      formatter = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'longOffset' });
    } catch {
      formatter = null;
    }
    formatters.set(zone, formatter);
  }
  return formatter;
}

/** "UTC+01:00", "UTC−03:30" (a true minus sign), "UTC+00:00"; null for a zone Intl does not know. */
export function utcOffset(zone: string, at: Date): string | null {
  const name = offsetFormatter(zone)
    ?.formatToParts(at)
    .find((p) => p.type === 'timeZoneName')?.value;
  if (name === undefined) return null;
  const offset = name === 'GMT' ? '+00:00' : name.replace(/^GMT/, '').replace('-', '−');
  return `UTC${offset}`;
}

/** The name a stored or browser-reported zone is listed under: Intl's canonical name, then IANA's current one. */
export function listedZone(zone: string): string {
  let canonical = zone;
  try {
    canonical = new Intl.DateTimeFormat('en-US', { timeZone: zone }).resolvedOptions().timeZone;
  } catch {
    return zone;
  }
  return LEGACY_ZONES[canonical] ?? canonical;
}

/** "Paris", "Buenos Aires, Argentina", "Knox, Indiana": the city first, as a reader looks for it. */
export function cityOf(zone: string): string {
  const [, ...rest] = zone.split('/');
  const words = (rest.length > 0 ? rest : [zone]).map((part) => part.replaceAll('_', ' '));
  return [...words].reverse().join(', ');
}

export interface ZoneChoice {
  zone: string;
  city: string;
}

export interface ZoneGroup {
  region: ZoneRegion;
  zones: ZoneChoice[];
}

let groups: ZoneGroup[] | null = null;

/** Every current zone Intl knows, by region and then city; UTC and Etc/* stand apart (see picker). */
export function zoneGroups(): readonly ZoneGroup[] {
  if (groups) return groups;
  let all: string[];
  try {
    all = Intl.supportedValuesOf('timeZone');
  } catch {
    all = [];
  }
  const byRegion = new Map<ZoneRegion, ZoneChoice[]>();
  // Built here, once (the groups are kept): an ICU collator costs ~8 ms to make, and this module
  // is evaluated at every isolate's startup (the public assets read LEGACY_ZONES).
  const byCity = new Intl.Collator('en', { sensitivity: 'base' });
  for (const listed of new Set(all.map((zone) => LEGACY_ZONES[zone] ?? zone))) {
    const region = listed.split('/')[0] ?? '';
    if (!isRegion(region)) continue;
    const zones = byRegion.get(region) ?? [];
    zones.push({ zone: listed, city: cityOf(listed) });
    byRegion.set(region, zones);
  }
  groups = ZONE_REGIONS.filter((r) => byRegion.has(r)).map((region) => ({
    region,
    zones: (byRegion.get(region) ?? []).sort((a, b) => byCity.compare(a.city, b.city)),
  }));
  return groups;
}

let listed: ReadonlySet<string> | null = null;

/** Whether the picker lists `zone` as it stands (else it is shown apart, so a stored choice never vanishes). */
export function isListed(zone: string): boolean {
  listed ??= new Set(['UTC', ...zoneGroups().flatMap((g) => g.zones.map((z) => z.zone))]);
  return listed.has(zone);
}

/** Offsets change only on the quarter hour (every rule in the database does), so one reading serves 15 minutes. */
const QUARTER_HOUR = 15 * 60_000;
let offsets: { quarter: number; byZone: Map<string, string | null> } | null = null;

/** `utcOffset` of `zone` at `at`, remembered for the rest of the quarter hour. */
export function offsetNow(zone: string, at: Date): string | null {
  const quarter = Math.floor(at.getTime() / QUARTER_HOUR);
  if (offsets?.quarter !== quarter) offsets = { quarter, byZone: new Map() };
  let offset = offsets.byZone.get(zone);
  if (offset === undefined) {
    offset = utcOffset(zone, at);
    offsets.byZone.set(zone, offset);
  }
  return offset;
}
