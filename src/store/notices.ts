// Notices (migrations/0002_notices.sql, rebuilt by 0013): what subscribers are owed, each recorded once.
import type { SubjectType } from '../domain/model';
import type { ComponentUpdateDraft, ComponentUpdatePayload, NoticeDraft, NoticeKind, NoticeMoment, NoticePayload } from '../domain/notices';
import { componentUpdateKey, noticeKey } from '../domain/notices';

export interface Notice {
  id: string;
  dedupeKey: string;
  subjectType: SubjectType;
  subjectId: string;
  kind: NoticeKind;
  updateId: string | null;
  deliver: boolean;
  createdAt: string;
  payload: NoticePayload;
}

/**
 * Records a notice. Lifecycle notices use a plain INSERT, so a duplicate aborts the batch that
 * tried to record it twice; reminders, which two cron runs may both find due, are ignored instead.
 */
export function insertNoticeStatement(db: D1Database, id: string, at: string, draft: NoticeDraft): D1PreparedStatement {
  const verb = draft.kind === 'reminder' ? 'INSERT OR IGNORE' : 'INSERT';
  return db
    .prepare(
      `${verb} INTO notices (id, dedupe_key, subject_type, subject_id, kind, update_id, deliver, created_at, payload, moment)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .bind(
      id,
      noticeKey(draft),
      draft.subjectType,
      draft.subjectId,
      draft.kind,
      draft.updateId,
      draft.deliver ? 1 : 0,
      at,
      JSON.stringify(draft.payload),
      draft.moment ? JSON.stringify(draft.moment) : null,
    );
}

/** A component's status change (Statuspage's `component_update`): for Statuspage-format webhooks only. */
export interface ComponentNotice {
  id: string;
  dedupeKey: string;
  subjectType: 'component';
  subjectId: string;
  kind: 'component_update';
  updateId: null;
  deliver: boolean;
  createdAt: string;
  payload: ComponentUpdatePayload;
}

/** Any recorded notice, with its moment: what the webhook outbox reads. E-mail and chat only ever get a `Notice`. */
export type RecordedNotice = (Notice & { moment: NoticeMoment | null }) | ComponentNotice;

export function insertComponentNoticeStatement(db: D1Database, id: string, at: string, draft: ComponentUpdateDraft): D1PreparedStatement {
  return db
    .prepare(
      `INSERT INTO notices (id, dedupe_key, subject_type, subject_id, kind, update_id, deliver, created_at, payload)
       VALUES (?, ?, 'component', ?, 'component_update', NULL, ?, ?, ?)`,
    )
    .bind(id, componentUpdateKey(draft), draft.subjectId, draft.deliver ? 1 : 0, at, JSON.stringify(draft.payload));
}

export interface NoticeRow {
  id: string;
  dedupe_key: string;
  subject_type: SubjectType;
  subject_id: string;
  kind: NoticeKind;
  update_id: string | null;
  deliver: number;
  created_at: string;
  payload: string;
  moment?: string | null;
}

export const toNotice = (r: NoticeRow): Notice => ({
  id: r.id,
  dedupeKey: r.dedupe_key,
  subjectType: r.subject_type,
  subjectId: r.subject_id,
  kind: r.kind,
  updateId: r.update_id,
  deliver: r.deliver === 1,
  createdAt: r.created_at,
  payload: JSON.parse(r.payload),
});

/** Oldest first: the order in which they happened. Incidents' and maintenances' only: component notices are the webhooks' alone. */
export async function listNotices(
  db: D1Database,
  query: { subjectType?: SubjectType | undefined; subjectId?: string | undefined; limit: number },
): Promise<Notice[]> {
  const { results } = await db
    .prepare(
      `SELECT * FROM notices WHERE subject_type IN ('incident', 'maintenance') AND (?1 IS NULL OR subject_type = ?1) AND (?2 IS NULL OR subject_id = ?2)
       ORDER BY created_at, rowid LIMIT ?3`,
    )
    .bind(query.subjectType ?? null, query.subjectId ?? null, query.limit)
    .all<NoticeRow>();
  return results.map(toNotice);
}

/** An incident's or maintenance's notice (what e-mail is sent for); null for any other. */
export async function findNotice(db: D1Database, id: string): Promise<Notice | null> {
  const row = await db
    .prepare(`SELECT * FROM notices WHERE id = ? AND subject_type IN ('incident', 'maintenance')`)
    .bind(id)
    .first<NoticeRow>();
  return row ? toNotice(row) : null;
}

export async function findRecordedNotice(db: D1Database, id: string): Promise<RecordedNotice | null> {
  const row = await db.prepare('SELECT * FROM notices WHERE id = ?').bind(id).first<NoticeRow | ComponentNoticeRow>();
  if (!row) return null;
  if (row.subject_type !== 'component') return { ...toNotice(row as NoticeRow), moment: row.moment ? JSON.parse(row.moment) : null };
  return {
    id: row.id,
    dedupeKey: row.dedupe_key,
    subjectType: 'component',
    subjectId: row.subject_id,
    kind: 'component_update',
    updateId: null,
    deliver: row.deliver === 1,
    createdAt: row.created_at,
    payload: JSON.parse(row.payload),
  };
}

type ComponentNoticeRow = Omit<NoticeRow, 'subject_type' | 'kind'> & { subject_type: 'component'; kind: 'component_update' };

/**
 * The maintenances among `ids` whose subscribers were told of them (a notice other than a
 * cancellation went out by e-mail): one cancelled before that never shows publicly.
 */
export async function announcedMaintenances(db: D1Database, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const { results } = await db
    .prepare(
      `SELECT DISTINCT subject_id FROM notices
       WHERE subject_type = 'maintenance' AND deliver = 1 AND kind <> 'cancelled'
         AND subject_id IN (SELECT value FROM json_each(?))`,
    )
    .bind(JSON.stringify(ids))
    .all<{ subject_id: string }>();
  return new Set(results.map((r) => r.subject_id));
}
