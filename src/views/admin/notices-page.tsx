// Notices: each send's progress (pending / sent / failed), refreshed live while e-mails are
// pending; one notice's failures with their reasons and its e-mail in each language.
import type { FC } from 'hono/jsx';
import type { NoticeProgress } from '../../store/admin-notices';
import type { Notice } from '../../store/notices';
import { Badge, Time } from './badges';
import type { Chrome } from './layout';
import { Layout } from './layout';
import { S } from './strings';
import type { DeliveryTally } from './timeline';
import { noticeLabel } from './timeline';

/** How often the progress regions re-read themselves while something is pending, in ms. */
const LIVE_EVERY_MS = 3000;

const subjectLink = (n: Pick<Notice, 'subjectType' | 'subjectId'>) =>
  `/admin/${n.subjectType === 'incident' ? 'incidents' : 'maintenances'}/${n.subjectId}`;

export const isPending = (n: Pick<NoticeProgress, 'deliver' | 'fannedOutAt'>, t: DeliveryTally | undefined): boolean =>
  (n.deliver && n.fannedOutAt === null) || (t?.pending ?? 0) > 0;

const TallyCells: FC<{ tally: DeliveryTally | undefined; deliver: boolean }> = ({ tally, deliver }) =>
  deliver ? (
    <>
      <td class="num">{tally?.pending ?? 0}</td>
      <td class="num">{tally?.sent ?? 0}</td>
      <td class="num">{tally?.failed ?? 0}</td>
    </>
  ) : (
    <td colspan={3} class="muted">
      {S.timeline.notDelivered}
    </td>
  );

export const NoticesPage: FC<{
  chrome: Chrome;
  notices: readonly NoticeProgress[];
  tallies: ReadonlyMap<string, DeliveryTally>;
  zone: string;
}> = (p) => {
  const live = p.notices.some((n) => isPending(n, p.tallies.get(n.id)));
  return (
    <Layout title={S.notices.title} chrome={p.chrome}>
      <p class="hint">
        {S.notices.intro} {S.common.timesIn(p.zone)}
      </p>
      <section id="notice-progress" aria-label={S.notices.title} data-live={live ? String(LIVE_EVERY_MS) : undefined}>
        <p class="hint" aria-live="polite">
          {live ? S.notices.live : S.notices.settled} <a href="/admin/notices">{S.notices.refresh}</a>
        </p>
        {p.notices.length === 0 ? (
          <p>{S.common.none}</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th scope="col">{S.common.when}</th>
                <th scope="col">{S.notices.subject}</th>
                <th scope="col">{S.notices.kind}</th>
                <th scope="col" class="num">
                  {S.notices.pending}
                </th>
                <th scope="col" class="num">
                  {S.notices.sent}
                </th>
                <th scope="col" class="num">
                  {S.notices.failed}
                </th>
              </tr>
            </thead>
            <tbody>
              {p.notices.map((n) => (
                <tr>
                  <td>
                    <Time at={n.createdAt} zone={p.zone} />
                  </td>
                  <td>
                    <a href={subjectLink(n)}>{n.payload.name}</a>
                  </td>
                  <td>
                    <a href={`/admin/notices/${n.id}`}>{noticeLabel(n)}</a>
                  </td>
                  <TallyCells tally={p.tallies.get(n.id)} deliver={n.deliver} />
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </Layout>
  );
};

export interface Failure {
  email: string | null;
  attempts: number;
  reason: string | null;
}

export const NoticePage: FC<{
  chrome: Chrome;
  notice: NoticeProgress;
  tally: DeliveryTally;
  /** Null for a session that may only read: who it failed for is for write sessions. */
  failures: readonly Failure[] | null;
  /** Failures retention deleted: in the tally, not in the list. */
  prunedFailures: number;
  retentionDays: number;
  previews: readonly { locale: string; subject: string; text: string }[];
  zone: string;
}> = (p) => {
  const n = p.notice;
  const live = isPending(n, p.tally);
  return (
    <Layout title={S.notices.detail(noticeLabel(n), n.payload.name)} chrome={p.chrome}>
      <p>
        <a href="/admin/notices">{S.common.back}</a> · <a href={subjectLink(n)}>{n.payload.name}</a>
      </p>
      <section id="notice-detail" class="card" aria-label={S.notices.title} data-live={live ? String(LIVE_EVERY_MS) : undefined}>
        <dl class="facts">
          <dt>{S.common.when}</dt>
          <dd>
            <Time at={n.createdAt} zone={p.zone} />
          </dd>
          <dt>{S.notices.pending}</dt>
          <dd>{n.deliver ? p.tally.pending : S.timeline.notDelivered}</dd>
          <dt>{S.notices.sent}</dt>
          <dd>{p.tally.sent}</dd>
          <dt>{S.notices.failed}</dt>
          <dd>{p.tally.failed}</dd>
        </dl>
        <h2>{S.notices.failures}</h2>
        {p.failures === null ? (
          <p class="hint">{p.tally.failed === 0 ? S.notices.noFailures : S.notices.failuresHidden(p.tally.failed)}</p>
        ) : (
          <FailureList failures={p.failures} prunedFailures={p.prunedFailures} retentionDays={p.retentionDays} />
        )}
      </section>
      <h2>{S.notices.preview}</h2>
      {p.previews.map((m) => (
        <section class="card" aria-label={S.notices.previewIn(m.locale)}>
          <h3>{S.notices.previewIn(m.locale)}</h3>
          <p>
            <strong>{S.notices.mailSubject}:</strong> {m.subject}
          </p>
          <iframe class="preview" title={S.notices.previewFrame(m.locale)} src={`/admin/notices/${n.id}/preview/${m.locale}`} sandbox="" />
          <details>
            <summary>{S.notices.textPart}</summary>
            <pre>{m.text}</pre>
          </details>
        </section>
      ))}
    </Layout>
  );
};

/** Who a notice failed for and why (write sessions), and how many older ones retention deleted. */
const FailureList: FC<{ failures: readonly Failure[]; prunedFailures: number; retentionDays: number }> = (p) => (
  <>
    {p.failures.length === 0 && p.prunedFailures === 0 ? <p>{S.notices.noFailures}</p> : null}
    {p.failures.length === 0 ? null : (
      <table>
        <thead>
          <tr>
            <th scope="col">{S.notices.recipient}</th>
            <th scope="col" class="num">
              {S.notices.attempts}
            </th>
            <th scope="col">{S.notices.reason}</th>
          </tr>
        </thead>
        <tbody>
          {p.failures.map((f) => (
            <tr>
              <td>{f.email ?? '—'}</td>
              <td class="num">{f.attempts}</td>
              <td>
                <Badge status="failed" label={S.notices.failed} /> {f.reason ?? ''}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    )}
    {p.prunedFailures > 0 ? <p class="hint">{S.notices.prunedFailures(p.prunedFailures, p.retentionDays)}</p> : null}
  </>
);
