// `/`: the overall status, what is happening now and next, every component with its 90 days,
// and the subscribe form.
import { raw } from 'hono/html';
import type { Child, FC } from 'hono/jsx';
import type { Rollup } from '../../domain/rollup';
import type { ComponentRow, HomeModel } from '../../present/public-page';
import type { ViewContext } from './context';
import { StatusWord } from './context';
import { Layout } from './layout';
import { IncidentNotice, MaintenanceNotice } from './notices';
import { SubscribeForm } from './subscribe-form';
import { barsHtml, NameBook, UptimeLegend, UptimePercent } from './uptime-bars';

export const Banner: FC<{ ctx: ViewContext; status: Rollup }> = ({ ctx, status }) => (
  <p class={`card banner indicator-${status.indicator}`} data-indicator={status.indicator}>
    {ctx.t.indicator[status.indicator]}
  </p>
);

/**
 * A component: its name (a heading, to jump between them), its status, what it is, its 90 days
 * and its uptime over them. Classless, like its parts: a page lists fifty (the stylesheet knows
 * them as `.components>li`).
 */
const ComponentItem: FC<{ ctx: ViewContext; row: ComponentRow; bars: string }> = ({ ctx, row, bars }) => (
  <li>
    <h3>{row.component.name}</h3>
    <StatusWord ctx={ctx} status={row.component.status} />
    {row.component.description ? <small>{row.component.description}</small> : null}
    {raw(bars)}
    <UptimePercent ctx={ctx} uptime={row.uptime} />
  </li>
);

const Components: FC<{ ctx: ViewContext; model: HomeModel }> = ({ ctx, model }) => {
  const rows = model.entries.flatMap((entry) => (entry.kind === 'group' ? entry.rows : [entry.row]));
  // Every component's bars first: they fill the book of names the legend writes out after them.
  const names = new NameBook();
  const bars = new Map(rows.map((row) => [row, barsHtml(ctx, row.component.name, row.uptime, names)]));
  const from = rows[0]?.uptime.days[0]?.date;
  const item = (row: ComponentRow) => <ComponentItem ctx={ctx} row={row} bars={bars.get(row) ?? ''} />;
  return (
    <section aria-labelledby="components-heading">
      <h2 id="components-heading">{ctx.t.home.components}</h2>
      {model.entries.length === 0 ? <p>{ctx.t.home.noComponents}</p> : null}
      {model.entries.map((entry) =>
        entry.kind === 'group' ? (
          // A group the operator collapsed stays open while something in it is wrong.
          <details class="group" open={!entry.group.collapsed || entry.status !== 'operational'}>
            <summary>
              <span class="name">{entry.group.name}</span>
              <StatusWord ctx={ctx} status={entry.status} />
            </summary>
            <ul class="components">{entry.rows.map(item)}</ul>
          </details>
        ) : (
          <ul class="card components">{item(entry.row)}</ul>
        ),
      )}
      {from ? <UptimeLegend ctx={ctx} from={from} names={names} /> : null}
    </section>
  );
};

const Section: FC<{ id: string; title: string; children?: Child }> = ({ id, title, children }) => (
  <section aria-labelledby={id}>
    <h2 id={id}>{title}</h2>
    {children}
  </section>
);

export const HomePage: FC<{ ctx: ViewContext; status: Rollup; model: HomeModel }> = ({ ctx, status, model }) => {
  const { t } = ctx;
  const components = model.components;
  return (
    <Layout ctx={ctx} title={t.titles.status(ctx.page.name)} current="home">
      <h1 class="vh">{t.titles.status(ctx.page.name)}</h1>
      <Banner ctx={ctx} status={status} />
      {model.activeIncidents.length > 0 ? (
        <Section id="active-incidents" title={t.home.activeIncidents}>
          {model.activeIncidents.map((incident) => (
            <IncidentNotice ctx={ctx} incident={incident} components={components} />
          ))}
        </Section>
      ) : null}
      {model.runningMaintenances.length > 0 ? (
        <Section id="maintenance-now" title={t.home.maintenanceNow}>
          {model.runningMaintenances.map((maintenance) => (
            <MaintenanceNotice ctx={ctx} maintenance={maintenance} components={components} />
          ))}
        </Section>
      ) : null}
      {model.upcomingMaintenances.length > 0 ? (
        <Section id="upcoming-maintenance" title={t.home.upcomingMaintenance}>
          {model.upcomingMaintenances.map((maintenance) => (
            <MaintenanceNotice ctx={ctx} maintenance={maintenance} components={components} />
          ))}
        </Section>
      ) : null}
      <Components ctx={ctx} model={model} />
      <p>
        <a href="/history">{t.home.allHistory}</a>
      </p>
      <SubscribeForm ctx={ctx} components={model.components} />
    </Layout>
  );
};
