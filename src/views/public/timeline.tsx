// The parts both detail pages share: the timeline of updates (the operator's words, or
// Forewarn's own in the reader's language) and the affected components' statuses before and after.
import type { FC } from 'hono/jsx';
import type { Update } from '../../domain/model';
import type { AffectedRow } from '../../present/public-page';
import { newestFirst } from '../../present/public-page';
import type { ViewContext } from './context';
import { StatusWord, When } from './context';
import { UpdateText } from './notices';

export const Timeline: FC<{ ctx: ViewContext; updates: readonly Update[]; statusLabel: (status: string) => string }> = ({
  ctx,
  updates,
  statusLabel,
}) => (
  <section aria-labelledby="timeline-heading">
    <h2 id="timeline-heading">{ctx.t.detail.timeline}</h2>
    {updates.length === 0 ? (
      <p>{ctx.t.detail.noUpdates}</p>
    ) : (
      <ol class="timeline">
        {newestFirst(updates).map((u) => (
          <li data-update={u.id}>
            <h3>{statusLabel(u.status)}</h3>
            <UpdateText ctx={ctx} update={u} />
            <p class="muted">
              <When ctx={ctx} at={u.displayAt} />
            </p>
          </li>
        ))}
      </ol>
    )}
  </section>
);

/** Before → during → after; the "after" column once every row has one (the event is over). */
export const AffectedTable: FC<{ ctx: ViewContext; rows: readonly AffectedRow[]; duringLabel: string }> = ({ ctx, rows, duringLabel }) => {
  if (rows.length === 0) return null;
  const over = rows.every((row) => row.after !== null);
  return (
    <section aria-labelledby="affected-heading">
      <h2 id="affected-heading">{ctx.t.detail.affectedComponents}</h2>
      <table>
        <thead>
          <tr>
            <th scope="col">{ctx.t.detail.component}</th>
            <th scope="col">{ctx.t.detail.before}</th>
            <th scope="col">{duringLabel}</th>
            {over ? <th scope="col">{ctx.t.detail.after}</th> : null}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr data-component={row.componentId}>
              <th scope="row">{row.name}</th>
              <td>
                <StatusWord ctx={ctx} status={row.before} />
              </td>
              <td>
                <StatusWord ctx={ctx} status={row.during} />
              </td>
              {over && row.after ? (
                <td>
                  <StatusWord ctx={ctx} status={row.after} />
                </td>
              ) : null}
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
};
