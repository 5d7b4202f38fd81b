// What subscribers are owed, and under which key each notice is recorded exactly once.
import type { Translations } from './localized';
import type { Locale, SubjectType, WindowShift } from './model';
import type { ComponentStatus } from './status';

export const MAINTENANCE_NOTICE_KINDS = ['scheduled', 'reminder', 'started', 'update', 'completed', 'rescheduled', 'cancelled'] as const;
export const INCIDENT_NOTICE_KINDS = ['created', 'update', 'resolved', 'postmortem'] as const;
export type NoticeKind = (typeof MAINTENANCE_NOTICE_KINDS)[number] | (typeof INCIDENT_NOTICE_KINDS)[number];

export interface WindowPayload {
  scheduled_for: string;
  scheduled_until: string;
}

export interface NoticePayload {
  name: string;
  body: string;
  components: { id: string; name: string; status: ComponentStatus }[];
  still_working?: string | null;
  window?: WindowPayload;
  previous?: WindowPayload;
  minutes_before?: number;
  sequence?: number;
  status?: string;
  /** For a reschedule: how the window moved, which decides the wording. */
  shift?: WindowShift;
  /** Once known: when the work really started and ended (an early start, a late completion). */
  actual?: { started_at: string | null; ended_at: string | null };
  /**
   * The operator's text in the other languages, fixed with the notice like the rest:
   * name, body, still_working, and component names by id.
   */
  translations?: Translations<'name' | 'body' | 'still_working'>;
  component_translations?: Record<string, Partial<Record<Locale, string>>>;
}

export interface NoticeDraft {
  subjectType: SubjectType;
  subjectId: string;
  kind: NoticeKind;
  updateId: string | null;
  deliver: boolean;
  payload: NoticePayload;
}

/**
 * The unique key of a notice. Lifecycle moments happen once per subject; reminders once per
 * window (the sequence moves with each reschedule); updates and reschedules once each.
 */
export function noticeKey(d: NoticeDraft): string {
  const base = `${d.subjectType}:${d.subjectId}:${d.kind}`;
  switch (d.kind) {
    case 'reminder':
      return `${base}:${d.payload.sequence ?? 0}:${d.payload.minutes_before ?? 0}`;
    case 'rescheduled':
      return `${base}:${d.payload.sequence ?? 0}`;
    case 'update':
      return `${base}:${d.updateId ?? ''}`;
    default:
      return base;
  }
}

/**
 * The one reminder due at `now`, if any: the smallest offset whose moment has come, provided
 * that moment came after the window was set and before the start. Larger offsets it supersedes
 * are never sent late ("starts in 72 hours" when it starts in 20), nor is any after the start.
 */
export function dueReminder(m: { scheduledFor: string; windowSetAt: string; reminders: readonly number[] }, now: Date): number | null {
  const start = Date.parse(m.scheduledFor);
  const setAt = Date.parse(m.windowSetAt);
  if (now.getTime() >= start) return null;
  const due = m.reminders
    .filter((minutes) => {
      const at = start - minutes * 60_000;
      return at <= now.getTime() && at > setAt;
    })
    .sort((a, b) => a - b);
  return due[0] ?? null;
}
