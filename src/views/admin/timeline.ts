// What a maintenance has told its subscribers and what it will tell them, in time order: the
// notices already recorded, then the reminders and automatic start/completion still to come,
// computed with the scheduler's own rules (dueReminder) so the page and the cron agree.
import type { Maintenance } from '../../domain/model';
import type { NoticeKind } from '../../domain/notices';
import { dueReminder } from '../../domain/notices';
import { reminderDueAt } from '../../domain/window';
import type { Notice } from '../../store/notices';
import { NOTICE_KIND_LABEL, S } from './strings';

/** E-mails of one notice by outcome; `sending` counts as pending. */
export interface DeliveryTally {
  pending: number;
  sent: number;
  failed: number;
}

export type TimelineState = 'sent' | 'due' | 'planned' | 'skipped';

export interface TimelineEntry {
  at: string;
  state: TimelineState;
  kind: NoticeKind;
  label: string;
  noticeId?: string;
  /** False when the operator chose not to notify. */
  deliver: boolean;
  tally?: DeliveryTally;
  note?: string;
}

export function noticeLabel(n: Pick<Notice, 'kind' | 'payload'>): string {
  return n.kind === 'reminder' && n.payload.minutes_before ? S.timeline.reminder(n.payload.minutes_before) : NOTICE_KIND_LABEL[n.kind];
}

export function noticeEntries(notices: readonly Notice[], tallies: ReadonlyMap<string, DeliveryTally> = new Map()): TimelineEntry[] {
  return notices.map((n) => ({
    at: n.createdAt,
    state: 'sent',
    kind: n.kind,
    label: noticeLabel(n),
    noticeId: n.id,
    deliver: n.deliver,
    ...(tallies.has(n.id) ? { tally: tallies.get(n.id) } : {}),
  }));
}

export function maintenanceTimeline(
  m: Maintenance,
  notices: readonly Notice[],
  now: Date,
  tallies: ReadonlyMap<string, DeliveryTally> = new Map(),
): TimelineEntry[] {
  const entries = noticeEntries(notices, tallies);
  if (m.status === 'scheduled') {
    const start = new Date(m.scheduledFor);
    const recorded = new Set(
      notices.filter((n) => n.kind === 'reminder' && n.payload.sequence === m.sequence).map((n) => n.payload.minutes_before),
    );
    const dueNow = dueReminder(m, now);
    for (const minutes of m.reminders) {
      if (recorded.has(minutes)) continue;
      const at = reminderDueAt(start, minutes).toISOString();
      const future = at > now.toISOString();
      const state: TimelineState = future && at > m.windowSetAt ? 'planned' : minutes === dueNow ? 'due' : 'skipped';
      entries.push({
        at,
        state,
        kind: 'reminder',
        label: S.timeline.reminder(minutes),
        deliver: true,
        ...(state === 'skipped' ? { note: at <= m.windowSetAt ? S.timeline.skippedLate : S.timeline.skippedSuperseded } : {}),
      });
    }
    if (m.autoStart) entries.push({ at: m.scheduledFor, state: 'planned', kind: 'started', label: S.timeline.autoStart, deliver: true });
  }
  if ((m.status === 'scheduled' || m.status === 'in_progress' || m.status === 'verifying') && m.autoComplete) {
    entries.push({ at: m.scheduledUntil, state: 'planned', kind: 'completed', label: S.timeline.autoComplete, deliver: true });
  }
  return entries.sort((a, b) => a.at.localeCompare(b.at));
}
