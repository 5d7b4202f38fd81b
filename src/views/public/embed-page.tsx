// `/embed`: a compact status widget for other sites' iframes: the overall status and what is
// happening now, each linking to the full page in a new tab.
import type { FC } from 'hono/jsx';
import type { Rollup } from '../../domain/rollup';
import type { HomeModel } from '../../present/public-page';
import type { ViewContext } from './context';
import { Banner } from './home-page';
import { EmbedLayout } from './layout';

export const EmbedPage: FC<{ ctx: ViewContext; status: Rollup; model: HomeModel }> = ({ ctx, status, model }) => {
  const now = [
    ...model.activeIncidents.map((i) => ({ href: `/incidents/${i.id}`, name: i.name })),
    ...model.runningMaintenances.map((m) => ({ href: `/maintenances/${m.id}`, name: m.name })),
  ];
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
      <p>
        <a href="/" target="_blank" rel="noopener">
          {ctx.t.embed.viewPage}
        </a>
      </p>
    </EmbedLayout>
  );
};
