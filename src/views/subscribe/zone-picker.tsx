// The time-zone picker: one <select> that works without script, grouped by region, each zone
// with its offset now ("(UTC+01:00) Paris"). The page's script (assets/zone-picker.ts) adds a
// search box above it and, where the server asked for it, starts it on the browser's zone.
import type { FC } from 'hono/jsx';
import type { SubscribeWords } from '../../i18n/subscribe';
import { isListed, listedZone, offsetNow, zoneGroups } from './time-zones';

const labelOf = (zone: string, city: string, at: Date) => {
  const offset = offsetNow(zone, at);
  return offset ? `(${offset}) ${city}` : city;
};

export const ZonePicker: FC<{
  w: SubscribeWords;
  /** The zone to show chosen: the subscriber's, or the page's until the browser says otherwise. */
  zone: string;
  /** Let the script replace `zone` by the browser's (a new subscriber's form, not their saved choice). */
  browserDefault: boolean;
  now: Date;
}> = ({ w, zone, browserDefault, now }) => {
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
                {labelOf(z.zone, z.city, now)}
              </option>
            ))}
          </optgroup>
        ))}
      </select>
    </div>
  );
};
