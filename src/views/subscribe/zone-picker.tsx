// The time-zone picker: one <select> that works without script, grouped by region, each zone
// with its offset now and its country in the reader's language ("(UTC+01:00) Brussels — Belgique").
// The page's script (assets/zone-picker.ts) adds a search box above it, which finds a zone by its
// city, its country or its offset, and, where the server asked for it, starts it on the browser's zone.
import type { FC } from 'hono/jsx';
import type { SubscribeWords } from '../../i18n/subscribe';
import { isListed, listedZone, offsetNow, zoneGroups } from './time-zones';
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

const places = new Map<string, Map<string, string>>();

/**
 * "Paris — France", "Brussels — Belgique", "Tunis — Tunisie": the zone's city and its country as
 * Intl names it in `intlLocale`, unless the city already says it ("Martinique"). The cities stay
 * IANA's English names ("Vienna — Autriche"): Intl has no reader's word for them. Kept per
 * language for the isolate's life: 400 names, each looked up once.
 */
function placeOf(zone: string, city: string, intlLocale: string): string {
  let byZone = places.get(intlLocale);
  if (!byZone) {
    byZone = new Map();
    places.set(intlLocale, byZone);
  }
  let place = byZone.get(zone);
  if (place === undefined) {
    const code = ZONE_COUNTRIES[zone];
    const country = code ? countriesIn(intlLocale)?.of(code) : undefined;
    // IANA's own (English) country part gives way to the reader's word for it: "Buenos Aires,
    // Argentina" → "Buenos Aires — Argentine", and a zone named after its country, "Jamaica",
    // → "Jamaïque" (its value still finds it by the English name).
    const own = code ? countriesIn('en')?.of(code) : undefined;
    const town = own && city.endsWith(`, ${own}`) ? city.slice(0, -`, ${own}`.length) : city;
    if (!country) place = city;
    else if (own && fold(town) === fold(own)) place = country;
    else place = fold(town).includes(fold(country)) ? town : `${town} — ${country}`;
    byZone.set(zone, place);
  }
  return place;
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
        {zoneGroups().map((group) => (
          <optgroup label={w.zoneRegions[group.region]}>
            {group.zones.map((z) => (
              <option value={z.zone} selected={z.zone === chosen}>
                {labelOf(z.zone, placeOf(z.zone, z.city, intlLocale), now)}
              </option>
            ))}
          </optgroup>
        ))}
      </select>
    </div>
  );
};
