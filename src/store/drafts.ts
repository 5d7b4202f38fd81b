// Drafts of incidents and maintenances (migrations/0009_translations_drafts.sql): the create
// input as the admin API takes it, kept unpublished until an operator publishes it.
import type { SubjectType } from '../domain/model';
import { guarded } from './guard';

export interface Draft {
  id: string;
  subjectType: SubjectType;
  /** The create operation's input, as posted (validated on save, parsed again on publish). */
  input: Record<string, unknown>;
  createdAt: string;
  updatedAt: string;
  createdBy: string;
  /** The incident or maintenance it became, once published. */
  publishedId: string | null;
  publishedAt: string | null;
}

interface DraftRow {
  id: string;
  subject_type: SubjectType;
  input: string;
  created_at: string;
  updated_at: string;
  created_by: string;
  published_id: string | null;
  published_at: string | null;
}

const toDraft = (r: DraftRow): Draft => ({
  id: r.id,
  subjectType: r.subject_type,
  input: JSON.parse(r.input),
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  createdBy: r.created_by,
  publishedId: r.published_id,
  publishedAt: r.published_at,
});

export async function findDraft(db: D1Database, id: string): Promise<Draft | null> {
  const row = await db.prepare('SELECT * FROM drafts WHERE id = ?').bind(id).first<DraftRow>();
  return row ? toDraft(row) : null;
}

/** Open drafts (latest edit first), or published ones (latest publication first). */
export async function listDrafts(db: D1Database, query: { published: boolean; limit: number }): Promise<Draft[]> {
  const sql = query.published
    ? 'SELECT * FROM drafts WHERE published_at IS NOT NULL ORDER BY published_at DESC, id LIMIT ?'
    : 'SELECT * FROM drafts WHERE published_at IS NULL ORDER BY updated_at DESC, id LIMIT ?';
  const { results } = await db.prepare(sql).bind(query.limit).all<DraftRow>();
  return results.map(toDraft);
}

export function insertDraftStatement(db: D1Database, draft: Draft): D1PreparedStatement {
  return db
    .prepare(
      `INSERT INTO drafts (id, subject_type, input, created_at, updated_at, created_by, published_id, published_at)
       VALUES (?, ?, ?, ?, ?, ?, NULL, NULL)`,
    )
    .bind(draft.id, draft.subjectType, JSON.stringify(draft.input), draft.createdAt, draft.updatedAt, draft.createdBy);
}

/**
 * Replaces an open draft's input, provided nobody saved it since `readAt` (the batch aborts with
 * a stale write otherwise: published, deleted or edited meanwhile).
 */
export function saveDraftInputStatements(
  db: D1Database,
  id: string,
  input: Record<string, unknown>,
  at: string,
  readAt: string,
): D1PreparedStatement[] {
  return guarded(
    db,
    db
      .prepare('UPDATE drafts SET input = ?, updated_at = ? WHERE id = ? AND published_at IS NULL AND updated_at = ?')
      .bind(JSON.stringify(input), at, id, readAt),
  );
}

/** Deletes an open draft, as read at `readAt` (a stale write otherwise). */
export function deleteDraftStatements(db: D1Database, id: string, readAt: string): D1PreparedStatement[] {
  return guarded(db, db.prepare('DELETE FROM drafts WHERE id = ? AND published_at IS NULL AND updated_at = ?').bind(id, readAt));
}

/**
 * Marks an open draft, as read at `readAt`, published as `publishedId`: in the batch that creates
 * it, which aborts whole if someone published, edited or deleted the draft meanwhile.
 */
export function markDraftPublishedStatements(
  db: D1Database,
  id: string,
  publishedId: string,
  at: string,
  readAt: string,
): D1PreparedStatement[] {
  return guarded(
    db,
    db
      .prepare('UPDATE drafts SET published_id = ?, published_at = ? WHERE id = ? AND published_at IS NULL AND updated_at = ?')
      .bind(publishedId, at, id, readAt),
  );
}
