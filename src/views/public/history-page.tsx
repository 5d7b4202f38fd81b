// `/history`: past incidents and maintenances, month by month, three months a page.
import type { FC } from 'hono/jsx';
import type { IncidentStatus, MaintenanceStatus } from '../../domain/status';
import { formatMonth } from '../../i18n';
import type { HistoryItem, HistoryPage as HistoryModel } from '../../present/history-page';
import type { ViewContext } from './context';
import { When } from './context';
import { Layout } from './layout';

const pageHref = (page: number) => (page === 1 ? '/history' : `/history?page=${page}`);

const Item: FC<{ ctx: ViewContext; item: HistoryItem }> = ({ ctx, item }) => {
  const { t } = ctx;
  const status =
    item.kind === 'incident' ? t.incidentStatus[item.status as IncidentStatus] : t.maintenanceStatus[item.status as MaintenanceStatus];
  return (
    <li data-kind={item.kind} data-id={item.id}>
      <a href={`/${item.kind === 'incident' ? 'incidents' : 'maintenances'}/${item.id}`}>{item.name}</a>
      <br />
      <span class="muted">
        {item.kind === 'incident' ? t.detail.incident : t.detail.maintenance} · {status} · <When ctx={ctx} at={item.at} />
      </span>
    </li>
  );
};

export const HistoryPage: FC<{ ctx: ViewContext; history: HistoryModel }> = ({ ctx, history }) => {
  const { t } = ctx;
  const first = history.months[0]?.month ?? '';
  const last = history.months.at(-1)?.month ?? '';
  return (
    <Layout ctx={ctx} title={t.titles.history(ctx.page.name)} current="history">
      <h1>{t.history.heading}</h1>
      <p class="muted">{t.history.range(formatMonth(last, t.intlLocale), formatMonth(first, t.intlLocale))}</p>
      {history.months.map((month) => (
        <section class="month card" aria-labelledby={`month-${month.month}`} data-month={month.month}>
          <h2 id={`month-${month.month}`}>{formatMonth(month.month, t.intlLocale)}</h2>
          {month.items.length === 0 ? (
            <p class="muted">{t.history.noEvents}</p>
          ) : (
            <ul>
              {month.items.map((item) => (
                <Item ctx={ctx} item={item} />
              ))}
            </ul>
          )}
        </section>
      ))}
      <nav class="pager" aria-label={t.history.pagination}>
        {history.page > 1 ? (
          <a href={pageHref(history.page - 1)} rel="prev">
            {t.history.newer}
          </a>
        ) : (
          <span />
        )}
        <span>{t.history.pageOf(history.page, history.pages)}</span>
        {history.page < history.pages ? (
          <a href={pageHref(history.page + 1)} rel="next">
            {t.history.older}
          </a>
        ) : (
          <span />
        )}
      </nav>
    </Layout>
  );
};
