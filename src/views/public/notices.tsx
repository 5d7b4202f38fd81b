// The home page's cards: an open incident, a maintenance running or coming, each with its
// latest update, and for maintenance the window (as it really ran, once it began), the
// countdown to its start and what still works.

import { raw } from 'hono/html';
import type { FC } from 'hono/jsx';
import type { Component, Incident, Maintenance, Update } from '../../domain/model';
import type { ComponentStatus } from '../../domain/status';
import { formatDuration } from '../../i18n';
import { automaticUpdateParts, legacyFacts } from '../../i18n/update-facts';
import { latestUpdate } from '../../present/public-page';
import { renderMarkdown } from '../markdown';
import type { ViewContext } from './context';
import { Countdown, StatusWord, When } from './context';

/** An update's Markdown, sanitised (see ../markdown.ts): the only raw HTML the page prints. */
export const UpdateBody: FC<{ body: string }> = ({ body }) => <div class="body">{raw(renderMarkdown(body))}</div>;

/**
 * What an update says: the operator's Markdown, or for one Forewarn wrote itself (its facts, or
 * an old English body read back into facts) the sentence in the reader's language, each window
 * in it as <time> elements the reader-side script rewrites in the reader's zone.
 */
export const UpdateText: FC<{ ctx: ViewContext; update: Update }> = ({ ctx, update }) => {
  const facts = update.facts ?? legacyFacts(update.body);
  if (!facts) return <UpdateBody body={update.body} />;
  return (
    <div class="body" data-automatic={facts.automatic}>
      <p>
        {automaticUpdateParts(facts, ctx.locale).map((part) =>
          typeof part === 'string' ? (
            part
          ) : (
            <>
              <When ctx={ctx} at={part.window.scheduled_for} /> → <When ctx={ctx} at={part.window.scheduled_until} />
            </>
          ),
        )}
      </p>
    </div>
  );
};

export const Window: FC<{ ctx: ViewContext; from: string; until: string }> = ({ ctx, from, until }) => (
  <>
    <When ctx={ctx} at={from} style="long" /> → <When ctx={ctx} at={until} style="long" /> (
    {formatDuration(Date.parse(until) - Date.parse(from), ctx.t.intlLocale)})
  </>
);

/** "Affected": each component with the status the event holds it in, in the page's order. */
const Affected: FC<{ ctx: ViewContext; items: { componentId: string; status: ComponentStatus }[]; components: readonly Component[] }> = ({
  ctx,
  items,
  components,
}) => {
  if (items.length === 0) return null;
  const byId = new Map(components.map((c, i) => [c.id, { name: c.name, rank: i }]));
  const rank = (id: string) => byId.get(id)?.rank ?? Number.POSITIVE_INFINITY;
  return (
    <>
      <dt>{ctx.t.home.affected}</dt>
      <dd>
        <ul class="affected">
          {[...items]
            .sort((a, b) => rank(a.componentId) - rank(b.componentId))
            .map((item) => (
              <li>
                <span class="name">{byId.get(item.componentId)?.name ?? item.componentId}</span>
                <StatusWord ctx={ctx} status={item.status} />
              </li>
            ))}
        </ul>
      </dd>
    </>
  );
};

export const IncidentNotice: FC<{ ctx: ViewContext; incident: Incident; components: readonly Component[] }> = ({
  ctx,
  incident,
  components,
}) => {
  const { t } = ctx;
  const latest = latestUpdate(incident.updates);
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
          <UpdateText ctx={ctx} update={latest} />
          <p class="muted">
            {t.home.updatedAt} <When ctx={ctx} at={latest.displayAt} />
          </p>
        </>
      ) : null}
      {incident.components.length > 0 ? (
        <dl class="facts">
          <Affected
            ctx={ctx}
            items={incident.components.map((h) => ({ componentId: h.componentId, status: h.status }))}
            components={components}
          />
        </dl>
      ) : null}
      <p>
        <a href={`/incidents/${incident.id}`}>{t.home.viewIncident}</a>
      </p>
    </article>
  );
};

/**
 * The window a maintenance card shows: once the work began, its actual start (early or late),
 * and once completed its actual end; the planned window until then.
 */
export function shownWindow(maintenance: Maintenance): { from: string; until: string; moved: boolean } {
  const from = maintenance.startedAt ?? maintenance.scheduledFor;
  const until = (maintenance.status === 'completed' ? maintenance.resolvedAt : null) ?? maintenance.scheduledUntil;
  const moved = Date.parse(from) !== Date.parse(maintenance.scheduledFor) || Date.parse(until) !== Date.parse(maintenance.scheduledUntil);
  return { from, until, moved };
}

export const MaintenanceNotice: FC<{ ctx: ViewContext; maintenance: Maintenance; components: readonly Component[] }> = ({
  ctx,
  maintenance,
  components,
}) => {
  const { t } = ctx;
  const latest = latestUpdate(maintenance.updates);
  const shown = shownWindow(maintenance);
  return (
    <article class="card notice indicator-maintenance" data-maintenance={maintenance.id}>
      <h3>
        <a href={`/maintenances/${maintenance.id}`}>{maintenance.name}</a>
      </h3>
      <p class="meta muted">
        {t.maintenanceStatus[maintenance.status]}
        {maintenance.status === 'scheduled' ? (
          <>
            {' · '}
            <Countdown ctx={ctx} startsAt={maintenance.scheduledFor} />
          </>
        ) : null}
      </p>
      <dl class="facts">
        <dt>{t.home.window}</dt>
        <dd data-window="shown">
          <Window ctx={ctx} from={shown.from} until={shown.until} />
        </dd>
        {shown.moved ? (
          <>
            <dt>{t.detail.scheduledWindow}</dt>
            <dd data-window="scheduled" class="muted">
              <Window ctx={ctx} from={maintenance.scheduledFor} until={maintenance.scheduledUntil} />
            </dd>
          </>
        ) : null}
        {maintenance.stillWorking ? (
          <>
            <dt>{t.home.stillWorking}</dt>
            <dd>{maintenance.stillWorking}</dd>
          </>
        ) : null}
        <Affected
          ctx={ctx}
          items={maintenance.components.map((p) => ({ componentId: p.componentId, status: p.plannedStatus }))}
          components={components}
        />
      </dl>
      {latest ? (
        <>
          <UpdateText ctx={ctx} update={latest} />
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
