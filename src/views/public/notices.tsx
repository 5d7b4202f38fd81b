// The home page's cards: an open incident, a maintenance running or coming, each with its
// latest update, and for maintenance the window and what still works.

import { raw } from 'hono/html';
import type { FC } from 'hono/jsx';
import type { Component, Incident, Maintenance } from '../../domain/model';
import { formatDuration } from '../../i18n';
import { latestUpdate } from '../../present/public-page';
import { renderMarkdown } from '../markdown';
import type { ViewContext } from './context';
import { StatusWord, When } from './context';

/** An update's Markdown, sanitised (see ../markdown.ts): the only raw HTML the page prints. */
export const UpdateBody: FC<{ body: string }> = ({ body }) => <div class="body">{raw(renderMarkdown(body))}</div>;

export const Window: FC<{ ctx: ViewContext; from: string; until: string }> = ({ ctx, from, until }) => (
  <>
    <When ctx={ctx} at={from} style="long" /> → <When ctx={ctx} at={until} style="long" /> (
    {formatDuration(Date.parse(until) - Date.parse(from), ctx.t.intlLocale)})
  </>
);

export const IncidentNotice: FC<{ ctx: ViewContext; incident: Incident; components: readonly Component[] }> = ({
  ctx,
  incident,
  components,
}) => {
  const { t } = ctx;
  const latest = latestUpdate(incident.updates);
  const names = new Map(components.map((c) => [c.id, c.name]));
  return (
    <article class={`card notice indicator-${incident.impact}`}>
      <h3>
        <a href={`/incidents/${incident.id}`}>{incident.name}</a>
      </h3>
      <p class="meta muted">
        {t.incidentStatus[incident.status]} · {t.impact[incident.impact]}
      </p>
      {latest ? (
        <>
          <UpdateBody body={latest.body} />
          <p class="muted">
            {t.home.updatedAt} <When ctx={ctx} at={latest.displayAt} />
          </p>
        </>
      ) : null}
      {incident.components.length > 0 ? (
        <dl class="facts">
          {incident.components.map((held) => (
            <>
              <dt>{names.get(held.componentId) ?? held.componentId}</dt>
              <dd>
                <StatusWord ctx={ctx} status={held.status} />
              </dd>
            </>
          ))}
        </dl>
      ) : null}
      <p>
        <a href={`/incidents/${incident.id}`}>{t.home.viewIncident}</a>
      </p>
    </article>
  );
};

export const MaintenanceNotice: FC<{ ctx: ViewContext; maintenance: Maintenance; components: readonly Component[] }> = ({
  ctx,
  maintenance,
  components,
}) => {
  const { t } = ctx;
  const latest = latestUpdate(maintenance.updates);
  const names = new Map(components.map((c) => [c.id, c.name]));
  return (
    <article class="card notice indicator-maintenance">
      <h3>
        <a href={`/maintenances/${maintenance.id}`}>{maintenance.name}</a>
      </h3>
      <p class="meta muted">{t.maintenanceStatus[maintenance.status]}</p>
      <dl class="facts">
        <dt>{t.home.window}</dt>
        <dd>
          <Window ctx={ctx} from={maintenance.scheduledFor} until={maintenance.scheduledUntil} />
        </dd>
        {maintenance.stillWorking ? (
          <>
            <dt>{t.home.stillWorking}</dt>
            <dd>{maintenance.stillWorking}</dd>
          </>
        ) : null}
        {maintenance.components.map((p) => (
          <>
            <dt>{names.get(p.componentId) ?? p.componentId}</dt>
            <dd>
              <StatusWord ctx={ctx} status={p.plannedStatus} />
            </dd>
          </>
        ))}
      </dl>
      {latest ? (
        <>
          <UpdateBody body={latest.body} />
          <p class="muted">
            {t.home.updatedAt} <When ctx={ctx} at={latest.displayAt} />
          </p>
        </>
      ) : null}
      <p>
        <a href={`/maintenances/${maintenance.id}`}>{t.home.viewMaintenance}</a>
      </p>
    </article>
  );
};
