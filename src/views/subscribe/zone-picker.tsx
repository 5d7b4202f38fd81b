// The time-zone picker: one <select> that works without script, grouped by region, each zone
// with its offset now and its country in the reader's language ("(UTC+01:00) Brussels — Belgique").
// The page's script (assets/zone-picker.ts) adds a search box above it, which finds a zone by its
// city, its country or its offset, and, where the server asked for it, starts it on the browser's zone.
import type { FC } from 'hono/jsx';
import type { SubscribeWords } from '../../i18n/subscribe';
import { isListed, listedZone, offsetNow, type ZoneRegion, zoneGroups } from './time-zones';
import { ZONE_COUNTRIES } from './zone-countries';

const fold = (text: string) =>
  text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();

const displayNames = new Map<string, Intl.DisplayNames | null>();

/** Intl's names of countries in `intlLocale`, made once per isolate (null where Intl has none). */
function countriesIn(intlLocale: string): Intl.DisplayNames | null {
  let names = displayNames.get(intlLocale);
  if (names === undefined) {
    try {
      names = new Intl.DisplayNames([intlLocale], { type: 'region', fallback: 'none' });
    } catch {
      names = null;
    }
    displayNames.set(intlLocale, names);
  }
  return names;
}

/**
 * "Paris — France", "Bruxelles — Belgique", "Tunis — Tunisie": the zone's city (the language's own
 * name where the catalogue has one, else IANA's English: Intl names no cities) and its country as
 * Intl names it in `intlLocale`, unless the city already says it ("Martinique").
 */
function placeOf(zone: string, city: string, intlLocale: string): string {
  const code = ZONE_COUNTRIES[zone];
  const country = code === undefined ? undefined : countriesIn(intlLocale)?.of(code);
  if (code === undefined || !country) return city;
  // IANA's own (English) country part gives way to the reader's word for it: "Buenos Aires,
  // Argentina" → "Buenos Aires — Argentine", and a zone named after its country, "Jamaica",
  // → "Jamaïque" (its value still finds it by the English name).
  const own = countriesIn('en')?.of(code);
  const town = own && city.endsWith(`, ${own}`) ? city.slice(0, -`, ${own}`.length) : city;
  if (own && fold(town) === fold(own)) return country;
  return fold(town).includes(fold(country)) ? town : `${town} — ${country}`;
}

interface Place {
  zone: string;
  place: string;
}

const listed = new Map<string, { region: ZoneRegion; zones: Place[] }[]>();

/**
 * The picker's groups in a language: each zone's place, in the order the language sorts them
 * (« Londres » among the L). Made once per language for the isolate's life: 400 names and a sort.
 */
function groupsIn(w: SubscribeWords, intlLocale: string): readonly { region: ZoneRegion; zones: Place[] }[] {
  let groups = listed.get(intlLocale);
  if (!groups) {
    const byPlace = new Intl.Collator(intlLocale, { sensitivity: 'base' });
    groups = zoneGroups().map((group) => ({
      region: group.region,
      zones: group.zones
        .map((z) => ({ zone: z.zone, place: placeOf(z.zone, w.zoneCities[z.zone] ?? z.city, intlLocale) }))
        .sort((a, b) => byPlace.compare(a.place, b.place)),
    }));
    listed.set(intlLocale, groups);
  }
  return groups;
}

const labelOf = (zone: string, city: string, at: Date) => {
  const offset = offsetNow(zone, at);
  return offset ? `(${offset}) ${city}` : city;
};

export const ZonePicker: FC<{
  w: SubscribeWords;
  /** The reader's language as Intl knows it, for the countries' names. */
  intlLocale: string;
  /** The zone to show chosen: the subscriber's, or the page's until the browser says otherwise. */
  zone: string;
  /** Let the script replace `zone` by the browser's (a new subscriber's form, not their saved choice). */
  browserDefault: boolean;
  now: Date;
}> = ({ w, intlLocale, zone, browserDefault, now }) => {
  const chosen = listedZone(zone);
  return (
    <div class="zone-picker">
      <label for="time_zone">{w.timeZone}</label>
      <select
        id="time_zone"
        name="time_zone"
        data-zone-picker=""
        data-search-label={w.zoneSearch}
        data-search-hint={w.zoneSearchHint}
        data-no-match={w.zoneNoMatch}
        data-browser-default={browserDefault ? '' : undefined}
      >
        {isListed(chosen) ? null : (
          <option value={zone} selected>
            {labelOf(zone, zone, now)}
          </option>
        )}
        <option value="UTC" selected={chosen === 'UTC'}>
          {labelOf('UTC', 'UTC', now)}
        </option>
        {groupsIn(w, intlLocale).map((group) => (
          <optgroup label={w.zoneRegions[group.region]}>
            {group.zones.map((z) => (
              <option value={z.zone} selected={z.zone === chosen}>
                {labelOf(z.zone, z.place, now)}
              </option>
            ))}
          </optgroup>
        ))}
      </select>
    </div>
  );
};
