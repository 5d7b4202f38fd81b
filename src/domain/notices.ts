// What subscribers are owed, and under which key each notice is recorded exactly once.
import type { Translations } from './localized';
import type { Incident, Locale, Maintenance, SubjectType, WindowShift } from './model';
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

/**
 * The subject as it stood at a notice, and the statuses its components had then: what the
 * Statuspage webhook body is built from, however late it goes out. Kept beside the payload (the
 * notices.moment column), which stays what the notice tells in words.
 */
export interface NoticeMoment {
  /**
   * The subject then. Its updates are named by `update_ids` and read, when the body is built, from
   * the subject as it is now (an update never changes once posted): a notice does not copy every
   * update before it, which grew a long incident's notices quadratically, up to D1's 2 MB a row.
   * Moments recorded before carry their updates and no `update_ids`.
   */
  subject: Incident | Maintenance;
  update_ids?: string[];
  component_statuses: Record<string, ComponentStatus>;
}

/**
 * The moment of a notice: the subject after the write that records it, and its components'
 * statuses after that write (`before`, every component's status before it, with `changes` applied).
 */
export function noticeMoment(
  subject: Incident | Maintenance,
  before: ReadonlyMap<string, { status: ComponentStatus }>,
  changes: readonly { componentId: string; newStatus: ComponentStatus }[],
): NoticeMoment {
  const after = new Map([...before].map(([id, c]) => [id, c.status]));
  for (const c of changes) after.set(c.componentId, c.newStatus);
  const ids = new Set<string>([
    ...subject.components.map((c) => c.componentId),
    ...subject.updates.flatMap((u) => u.affectedComponents.map((a) => a.componentId)),
  ]);
  const component_statuses: Record<string, ComponentStatus> = {};
  for (const id of [...ids].sort()) {
    const status = after.get(id);
    if (status) component_statuses[id] = status;
  }
  return { subject: { ...subject, updates: [] }, update_ids: subject.updates.map((u) => u.id), component_statuses };
}

/**
 * A component's status change, as Statuspage's `component_update` webhook event tells it. Recorded
 * as a notice (subject_type 'component') in the same batch as the change; only Statuspage-format
 * webhooks get it, never e-mail or chat. `name`, `body` and `components` repeat the component so
 * that every reader of notices finds the fields all notices have.
 */
export interface ComponentUpdatePayload {
  component_update: { id: string; component_id: string; old_status: ComponentStatus; new_status: ComponentStatus; created_at: string };
  component: { id: string; name: string; status: ComponentStatus; group_id: string | null };
  translations?: Partial<Record<Locale, { name: string }>>;
  name: string;
  body: '';
  components: { id: string; name: string; status: ComponentStatus }[];
}

export interface ComponentUpdateDraft {
  subjectType: 'component';
  subjectId: string;
  kind: 'component_update';
  updateId: null;
  deliver: boolean;
  payload: ComponentUpdatePayload;
}

/** One draft per component whose status really changed. */
export function componentUpdateDrafts(
  changes: readonly { componentId: string; oldStatus: ComponentStatus; newStatus: ComponentStatus }[],
  components: ReadonlyMap<string, { id: string; name: string; groupId: string | null; translations: Translations<'name'> }>,
  at: string,
  newId: () => string,
  deliver = true,
): ComponentUpdateDraft[] {
  return changes.flatMap((c) => {
    const component = components.get(c.componentId);
    if (!component || c.oldStatus === c.newStatus) return [];
    const translations: Partial<Record<Locale, { name: string }>> = {};
    for (const [locale, fields] of Object.entries(component.translations) as [Locale, { name?: string | null } | undefined][]) {
      if (fields?.name) translations[locale] = { name: fields.name };
    }
    return [
      {
        subjectType: 'component',
        subjectId: c.componentId,
        kind: 'component_update',
        updateId: null,
        deliver,
        payload: {
          component_update: { id: newId(), component_id: c.componentId, old_status: c.oldStatus, new_status: c.newStatus, created_at: at },
          component: { id: component.id, name: component.name, status: c.newStatus, group_id: component.groupId },
          ...(Object.keys(translations).length > 0 ? { translations } : {}),
          name: component.name,
          body: '',
          components: [{ id: component.id, name: component.name, status: c.newStatus }],
        },
      },
    ];
  });
}

/** Each status change has its own id: its notice is recorded once, whatever else changes the component. */
export const componentUpdateKey = (d: ComponentUpdateDraft): string =>
  `component:${d.subjectId}:component_update:${d.payload.component_update.id}`;

export interface NoticeDraft {
  subjectType: SubjectType;
  subjectId: string;
  kind: NoticeKind;
  updateId: string | null;
  deliver: boolean;
  payload: NoticePayload;
  moment?: NoticeMoment;
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

/**
 * A reminder that could only arrive at or after the maintenance's start would count down to a
 * moment gone by: no channel sends it then.
 */
export function reminderTooLate(notice: { kind: string; payload: object }, now: Date): boolean {
  const start =
    notice.kind === 'reminder' ? (notice.payload as { window?: { scheduled_for?: string } | null }).window?.scheduled_for : undefined;
  return start !== undefined && Date.parse(start) <= now.getTime();
}
