// `/maintenances/:id`: one maintenance: its window, what it does to each component, what still
// works, its updates, and a calendar event to add.
import type { FC } from 'hono/jsx';
import type { Maintenance } from '../../domain/model';
import type { AffectedRow } from '../../present/public-page';
import type { ViewContext } from './context';
import { Countdown, When } from './context';
import { Layout } from './layout';
import { Window } from './notices';
import { AffectedTable, Timeline } from './timeline';

export const MaintenancePage: FC<{ ctx: ViewContext; maintenance: Maintenance; affected: readonly AffectedRow[] }> = ({
  ctx,
  maintenance,
  affected,
}) => {
  const { t } = ctx;
  const ended = maintenance.resolvedAt ?? maintenance.cancelledAt;
  return (
    <Layout ctx={ctx} title={`${maintenance.name} · ${ctx.page.name}`}>
      <p class="muted">{t.detail.maintenance}</p>
      <h1>{maintenance.name}</h1>
      <div class="card notice indicator-maintenance">
        {maintenance.status === 'cancelled' ? <p>{t.detail.cancelledNote}</p> : null}
        <dl class="facts">
          <dt>{t.detail.statusLabel}</dt>
          <dd data-status={maintenance.status}>
            {t.maintenanceStatus[maintenance.status]}
            {maintenance.status === 'scheduled' ? (
              <>
                {' · '}
                <Countdown ctx={ctx} startsAt={maintenance.scheduledFor} />
              </>
            ) : null}
          </dd>
          <dt>{t.detail.scheduledWindow}</dt>
          <dd>
            <Window ctx={ctx} from={maintenance.scheduledFor} until={maintenance.scheduledUntil} />
          </dd>
          {maintenance.startedAt ? (
            <>
              <dt>{t.detail.actualWindow}</dt>
              <dd>
                <When ctx={ctx} at={maintenance.startedAt} /> → {ended ? <When ctx={ctx} at={ended} /> : t.detail.ongoing}
              </dd>
            </>
          ) : null}
          {maintenance.stillWorking ? (
            <>
              <dt>{t.detail.stillWorking}</dt>
              <dd>{maintenance.stillWorking}</dd>
            </>
          ) : null}
        </dl>
        {maintenance.status === 'cancelled' ? null : (
          <p>
            <a href={`/maintenances/${maintenance.id}.ics?lang=${ctx.locale}`} type="text/calendar" download={`${maintenance.id}.ics`}>
              {t.detail.addToCalendar}
            </a>
          </p>
        )}
      </div>
      <AffectedTable ctx={ctx} rows={affected} duringLabel={t.detail.during} />
      <Timeline ctx={ctx} updates={maintenance.updates} statusLabel={(s) => t.maintenanceStatus[s as Maintenance['status']]} />
      <p>
        <a href="/">{t.detail.back}</a>
      </p>
    </Layout>
  );
};
