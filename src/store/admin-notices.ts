// Reads only the admin UI needs: the latest notices, with how far their fan-out has got.
import type { Notice, NoticeRow } from './notices';
import { toNotice } from './notices';

export interface NoticeProgress extends Notice {
  /** Null while its deliveries are still being planned and enqueued. */
  fannedOutAt: string | null;
}

type Row = NoticeRow & { fanned_out_at: string | null };

const toProgress = (r: Row): NoticeProgress => ({ ...toNotice(r), fannedOutAt: r.fanned_out_at });

/**
 * The notices of incidents and maintenance: what subscribers are mailed. A component's own status
 * changes (component_update) go to webhooks only and are followed in each webhook's delivery log.
 */
const MAILED = "subject_type IN ('incident', 'maintenance')";

/** Newest first: what an operator watching a send wants to see at the top. */
export async function listRecentNotices(db: D1Database, limit: number): Promise<NoticeProgress[]> {
  const { results } = await db
    .prepare(`SELECT * FROM notices WHERE ${MAILED} ORDER BY created_at DESC, rowid DESC LIMIT ?`)
    .bind(limit)
    .all<Row>();
  return results.map(toProgress);
}

export async function findNoticeProgress(db: D1Database, id: string): Promise<NoticeProgress | null> {
  const row = await db.prepare(`SELECT * FROM notices WHERE id = ? AND ${MAILED}`).bind(id).first<Row>();
  return row ? toProgress(row) : null;
}
