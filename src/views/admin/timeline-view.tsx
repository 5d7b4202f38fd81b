import type { FC } from 'hono/jsx';
import { Badge, Time } from './badges';
import { S } from './strings';
import type { TimelineEntry, TimelineState } from './timeline';

const STATE_LABEL: Record<TimelineState, string> = {
  sent: S.timeline.sent,
  due: S.timeline.due,
  planned: S.timeline.planned,
  skipped: S.timeline.skipped,
};

const STATE_CLASS: Record<TimelineState, string> = { sent: 'past', due: 'future', planned: 'future', skipped: 'skipped' };

export const Timeline: FC<{ entries: readonly TimelineEntry[]; zone: string }> = ({ entries, zone }) =>
  entries.length === 0 ? (
    <p>{S.common.none}</p>
  ) : (
    <ol class="timeline">
      {entries.map((e) => (
        <li class={STATE_CLASS[e.state]}>
          <Time at={e.at} zone={zone} /> — <strong>{e.label}</strong>{' '}
          <Badge status={e.state === 'sent' ? 'sent' : e.state} label={STATE_LABEL[e.state]} />
          {e.note ? <span class="muted"> ({e.note})</span> : null}
          {e.deliver ? null : <span class="muted"> · {S.timeline.notDelivered}</span>}
          {e.tally ? (
            <span>
              {' '}
              · {S.timeline.deliveries}: {S.notices.pending} {e.tally.pending}, {S.notices.sent} {e.tally.sent}, {S.notices.failed}{' '}
              {e.tally.failed}
            </span>
          ) : null}
          {e.noticeId ? (
            <>
              {' '}
              · <a href={`/admin/notices/${e.noticeId}`}>{S.notices.detailLink}</a>
            </>
          ) : null}
        </li>
      ))}
    </ol>
  );
