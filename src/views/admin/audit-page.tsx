import type { FC } from 'hono/jsx';
import type { AuditEntry } from '../../store/audit';
import { auditDetailLines } from './audit-details';
import { Time } from './badges';
import type { Chrome } from './layout';
import { Layout } from './layout';
import { S } from './strings';

const TARGET_PAGE: Record<string, string> = {
  component: '/admin/components/',
  group: '/admin/groups/',
  incident: '/admin/incidents/',
  maintenance: '/admin/maintenances/',
};

export const AuditPage: FC<{
  chrome: Chrome;
  entries: readonly AuditEntry[];
  zone: string;
  /** Component and group names by id, for details that name them by id. */
  names: ReadonlyMap<string, string>;
  olderThan: number | null;
}> = (p) => (
  <Layout title={S.audit.title} chrome={p.chrome}>
    <p class="hint">{S.common.timesIn(p.zone)}</p>
    {p.entries.length === 0 ? (
      <p>{S.common.none}</p>
    ) : (
      <table>
        <thead>
          <tr>
            <th scope="col">{S.audit.at}</th>
            <th scope="col">{S.audit.actor}</th>
            <th scope="col">{S.audit.action}</th>
            <th scope="col">{S.audit.target}</th>
            <th scope="col">{S.audit.details}</th>
          </tr>
        </thead>
        <tbody>
          {p.entries.map((e) => {
            const page = TARGET_PAGE[e.targetType];
            return (
              <tr>
                <td>
                  <Time at={e.at} zone={p.zone} />
                </td>
                <td>{e.actor}</td>
                <td>{e.action}</td>
                <td>
                  {page && e.targetId && !e.action.endsWith('.delete') ? (
                    <a href={`${page}${e.targetId}`}>{`${e.targetType} ${e.targetId}`}</a>
                  ) : (
                    `${e.targetType} ${e.targetId ?? ''}`
                  )}
                </td>
                <td class="details">
                  <dl>
                    {auditDetailLines(e.details, p.zone, p.names).map((line) => (
                      <>
                        <dt>{line.label}</dt>
                        <dd>{line.value}</dd>
                      </>
                    ))}
                  </dl>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    )}
    {p.olderThan ? (
      <p class="actions">
        <a href={`/admin/audit?before=${p.olderThan}`}>{S.audit.older}</a>
      </p>
    ) : null}
  </Layout>
);
