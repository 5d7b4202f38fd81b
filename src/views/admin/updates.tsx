// Pieces the incident and maintenance pages share: the per-component status choices and the
// list of posted updates, their Markdown rendered as on the public page.
import { raw } from 'hono/html';
import type { FC } from 'hono/jsx';
import type { Component, Update } from '../../domain/model';
import { automaticUpdateText, legacyFacts } from '../../i18n/update-facts';
import { renderMarkdown } from '../markdown';
import { Badge, Time } from './badges';
import type { FormState } from './fields';
import { Fieldset, fieldValue } from './fields';
import { affectedStatusOptions } from './options';
import { COMPONENT_STATUS_LABEL, S } from './strings';

/** One select per component, named `component.<id>`; "not affected" leaves it out. */
export const ComponentStatusChoices: FC<{ form: string; legend: string; components: readonly Component[]; state: FormState }> = (p) => (
  <Fieldset legend={p.legend} state={p.state} errorKey="components">
    <div class="grid">
      {p.components.map((c) => {
        const name = `component.${c.id}`;
        const id = `${p.form}-component-${c.id}`;
        const current = fieldValue(p.state.values, name);
        return (
          <div class="field">
            <label for={id}>{c.name}</label>
            <select id={id} name={name}>
              {affectedStatusOptions.map((o) => (
                <option value={o.value} selected={o.value === current}>
                  {o.label}
                </option>
              ))}
            </select>
          </div>
        );
      })}
    </div>
  </Fieldset>
);

/**
 * What an update says: the operator's Markdown, rendered as on the page; or, for one Forewarn
 * wrote itself, its sentence from the facts in English with windows in the page's zone.
 */
const UpdateBody: FC<{ update: Update; zone: string }> = ({ update, zone }) => {
  const facts = update.facts ?? (update.body ? legacyFacts(update.body) : null);
  if (facts) return <p class="muted">{automaticUpdateText(facts, 'en', zone)}</p>;
  return update.body ? <div class="body">{raw(renderMarkdown(update.body))}</div> : null;
};

export const UpdatesList: FC<{ updates: readonly Update[]; zone: string; statusLabel: (s: string) => string }> = (p) => (
  <section class="updates" aria-label={S.incidents.updates}>
    <h2>{S.incidents.updates}</h2>
    {p.updates.length === 0 ? <p>{S.common.none}</p> : null}
    {p.updates.map((u) => (
      <article>
        <p>
          <Badge status={u.status} label={p.statusLabel(u.status)} /> <Time at={u.createdAt} zone={p.zone} />
          {u.deliverNotifications ? null : <span class="muted"> · {S.timeline.notDelivered}</span>}
        </p>
        <UpdateBody update={u} zone={p.zone} />
        {u.affectedComponents.some((a) => a.oldStatus !== a.newStatus) ? (
          <p class="muted">
            {S.incidents.changes}:{' '}
            {u.affectedComponents
              .filter((a) => a.oldStatus !== a.newStatus)
              .map((a) => `${a.name}: ${COMPONENT_STATUS_LABEL[a.oldStatus]} → ${COMPONENT_STATUS_LABEL[a.newStatus]}`)
              .join('; ')}
          </p>
        ) : null}
      </article>
    ))}
  </section>
);
