// Reads only the admin UI needs: the latest notices, with how far their fan-out has got.
import type { SubjectType } from '../domain/model';
import type { NoticeKind } from '../domain/notices';
import type { Notice } from './notices';

export interface NoticeProgress extends Notice {
  /** Null while its deliveries are still being planned and enqueued. */
  fannedOutAt: string | null;
}

interface Row {
  id: string;
  dedupe_key: string;
  subject_type: SubjectType;
  subject_id: string;
  kind: NoticeKind;
  update_id: string | null;
  deliver: number;
  created_at: string;
  payload: string;
  fanned_out_at: string | null;
}

const toProgress = (r: Row): NoticeProgress => ({
  id: r.id,
  dedupeKey: r.dedupe_key,
  subjectType: r.subject_type,
  subjectId: r.subject_id,
  kind: r.kind,
  updateId: r.update_id,
  deliver: r.deliver === 1,
  createdAt: r.created_at,
  payload: JSON.parse(r.payload),
  fannedOutAt: r.fanned_out_at,
});

/** Newest first: what an operator watching a send wants to see at the top. */
export async function listRecentNotices(db: D1Database, limit: number): Promise<NoticeProgress[]> {
  const { results } = await db.prepare('SELECT * FROM notices ORDER BY created_at DESC, rowid DESC LIMIT ?').bind(limit).all<Row>();
  return results.map(toProgress);
}

export async function findNoticeProgress(db: D1Database, id: string): Promise<NoticeProgress | null> {
  const row = await db.prepare('SELECT * FROM notices WHERE id = ?').bind(id).first<Row>();
  return row ? toProgress(row) : null;
}
