// `/embed`: a compact status widget for other sites' iframes: the overall status, what is
// happening now and maintenance due within SOON_DAYS (its start in the reader's zone, once the
// script has run, and a countdown), each linking to the full page in a new tab.
import type { FC } from 'hono/jsx';
import type { Rollup } from '../../domain/rollup';
import { maintenanceSoon } from '../../domain/upcoming';
import type { HomeModel } from '../../present/public-page';
import type { ViewContext } from './context';
import { Countdown, When } from './context';
import { Banner } from './home-page';
import { EmbedLayout } from './layout';

export const EmbedPage: FC<{ ctx: ViewContext; status: Rollup; model: HomeModel }> = ({ ctx, status, model }) => {
  const now = [
    ...model.activeIncidents.map((i) => ({ href: `/incidents/${i.id}`, name: i.name })),
    ...model.runningMaintenances.map((m) => ({ href: `/maintenances/${m.id}`, name: m.name })),
  ];
  // Without the rendering's time nothing can be called soon: the widget then says only what is happening.
  const soon = ctx.now ? maintenanceSoon(model.upcomingMaintenances, ctx.now) : [];
  return (
    <EmbedLayout ctx={ctx} title={ctx.t.titles.status(ctx.page.name)}>
      <h1 class="vh">{ctx.t.titles.status(ctx.page.name)}</h1>
      <Banner ctx={ctx} status={status} />
      {now.length > 0 ? (
        <ul>
          {now.map((item) => (
            <li>
              <a href={item.href} target="_blank" rel="noopener">
                {item.name}
              </a>
            </li>
          ))}
        </ul>
      ) : null}
      {soon.length > 0 ? (
        <section class="soon" aria-labelledby="soon-heading">
          <h2 id="soon-heading">{ctx.t.home.upcomingMaintenance}</h2>
          <ul>
            {soon.map((m) => (
              <li data-maintenance={m.id}>
                <a href={`/maintenances/${m.id}`} target="_blank" rel="noopener">
                  {m.name}
                </a>
                <span class="when">
                  <When ctx={ctx} at={m.scheduledFor} /> · <Countdown ctx={ctx} startsAt={m.scheduledFor} />
                </span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <p>
        <a href="/" target="_blank" rel="noopener">
          {ctx.t.embed.viewPage}
        </a>
      </p>
    </EmbedLayout>
  );
};
