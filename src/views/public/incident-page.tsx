// `/incidents/:id`: the whole story of one incident.
import type { FC } from 'hono/jsx';
import type { Incident } from '../../domain/model';
import { formatDuration } from '../../i18n';
import type { AffectedRow } from '../../present/public-page';
import type { ViewContext } from './context';
import { When } from './context';
import { Layout } from './layout';
import { UpdateBody } from './notices';
import { AffectedTable, Timeline } from './timeline';

export const IncidentPage: FC<{ ctx: ViewContext; incident: Incident; affected: readonly AffectedRow[]; now: Date }> = ({
  ctx,
  incident,
  affected,
  now,
}) => {
  const { t } = ctx;
  const end = incident.resolvedAt ?? now.toISOString();
  const duration = formatDuration(Date.parse(end) - Date.parse(incident.startedAt), t.intlLocale);
  return (
    <Layout ctx={ctx} title={`${incident.name} · ${ctx.page.name}`}>
      <p class="muted">{t.detail.incident}</p>
      <h1>{incident.name}</h1>
      <div class={`card notice indicator-${incident.impact}`}>
        <dl class="facts">
          <dt>{t.detail.statusLabel}</dt>
          <dd data-status={incident.status}>{t.incidentStatus[incident.status]}</dd>
          <dt>{t.detail.impactLabel}</dt>
          <dd>{t.impact[incident.impact]}</dd>
          <dt>{t.detail.started}</dt>
          <dd>
            <When ctx={ctx} at={incident.startedAt} />
          </dd>
          <dt>{t.detail.resolved}</dt>
          <dd>{incident.resolvedAt ? <When ctx={ctx} at={incident.resolvedAt} /> : t.detail.ongoing}</dd>
          <dt>{t.detail.duration}</dt>
          <dd>{incident.resolvedAt ? duration : `${duration} (${t.detail.ongoing})`}</dd>
        </dl>
      </div>
      {incident.postmortemBody ? (
        <section aria-labelledby="postmortem-heading">
          <h2 id="postmortem-heading">{t.detail.postmortem}</h2>
          <UpdateBody body={incident.postmortemBody} />
        </section>
      ) : null}
      <AffectedTable ctx={ctx} rows={affected} duringLabel={t.detail.duringIncident} />
      <Timeline
        ctx={ctx}
        updates={incident.updates.filter((u) => u.status !== 'postmortem')}
        statusLabel={(s) => t.incidentStatus[s as Incident['status']]}
      />
      <p>
        <a href="/">{t.detail.back}</a>
      </p>
    </Layout>
  );
};
