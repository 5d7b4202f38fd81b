// Reads only the admin UI needs: the latest notices, with how far their fan-out has got.
import type { Notice, NoticeRow } from './notices';
import { toNotice } from './notices';

export interface NoticeProgress extends Notice {
  /** Null while its deliveries are still being planned and enqueued. */
  fannedOutAt: string | null;
}

type Row = NoticeRow & { fanned_out_at: string | null };

const toProgress = (r: Row): NoticeProgress => ({ ...toNotice(r), fannedOutAt: r.fanned_out_at });

/** Newest first: what an operator watching a send wants to see at the top. */
export async function listRecentNotices(db: D1Database, limit: number): Promise<NoticeProgress[]> {
  const { results } = await db.prepare('SELECT * FROM notices ORDER BY created_at DESC, rowid DESC LIMIT ?').bind(limit).all<Row>();
  return results.map(toProgress);
}

export async function findNoticeProgress(db: D1Database, id: string): Promise<NoticeProgress | null> {
  const row = await db.prepare('SELECT * FROM notices WHERE id = ?').bind(id).first<Row>();
  return row ? toProgress(row) : null;
}
