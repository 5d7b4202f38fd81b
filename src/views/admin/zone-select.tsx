// A time-zone field of the admin forms: every IANA zone Intl knows, grouped by region as the
// subscribe page lists them (views/subscribe/time-zones.ts), with UTC first and a stored zone the
// list does not hold kept as a choice, so it never silently changes.
import type { FC } from 'hono/jsx';
import { isListed, zoneGroups } from '../subscribe/time-zones';
import type { FormState } from './fields';
import { fieldValue } from './fields';

export const ZoneSelect: FC<{ form: string; name: string; label: string; state: FormState; hint?: string; blank?: string }> = (p) => {
  const id = `${p.form}-${p.name}`.replace(/[^A-Za-z0-9_-]/g, '-');
  const current = fieldValue(p.state.values, p.name);
  const errors = p.state.errors[p.name];
  const described = [p.hint ? `${id}-hint` : '', errors?.length ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div class={errors?.length ? 'field invalid' : 'field'}>
      <label for={id}>{p.label}</label>
      {p.hint ? (
        <p class="hint" id={`${id}-hint`}>
          {p.hint}
        </p>
      ) : null}
      <select id={id} name={p.name} aria-invalid={errors?.length ? 'true' : undefined} aria-describedby={described}>
        {p.blank !== undefined ? <option value="">{p.blank}</option> : null}
        {current && !isListed(current) ? (
          <option value={current} selected>
            {current}
          </option>
        ) : null}
        <option value="UTC" selected={current === 'UTC'}>
          UTC
        </option>
        {zoneGroups().map((g) => (
          <optgroup label={g.region}>
            {g.zones.map((z) => (
              <option value={z.zone} selected={z.zone === current}>
                {z.zone}
              </option>
            ))}
          </optgroup>
        ))}
      </select>
      {errors?.length ? (
        <p class="field-error" id={`${id}-error`}>
          {errors.join(' ')}
        </p>
      ) : null}
    </div>
  );
};
