// Fan-out progress of notices (columns of migrations/0003_subscribers.sql).

export interface UnfannedNotice {
  id: string;
  subjectType: string;
  subjectId: string;
  deliver: boolean;
  createdAt: string;
  /** null: deliveries not planned yet; '': planned, none enqueued; else the last id enqueued. */
  cursor: string | null;
}

/** Notices not yet fanned out, oldest first. */
export async function listUnfannedNotices(db: D1Database, limit: number): Promise<UnfannedNotice[]> {
  const { results } = await db
    .prepare(
      `SELECT id, subject_type, subject_id, deliver, created_at, fanout_cursor FROM notices
       WHERE fanned_out_at IS NULL ORDER BY created_at, rowid LIMIT ?`,
    )
    .bind(limit)
    .all<{ id: string; subject_type: string; subject_id: string; deliver: number; created_at: string; fanout_cursor: string | null }>();
  return results.map((r) => ({
    id: r.id,
    subjectType: r.subject_type,
    subjectId: r.subject_id,
    deliver: r.deliver === 1,
    createdAt: r.created_at,
    cursor: r.fanout_cursor,
  }));
}

/**
 * Every component the notice's incident or maintenance has touched up to this notice: a
 * subscriber of the crawlers told that a maintenance starts is also told that it ended, even if
 * the "completed" notice lists only what changed then.
 */
export async function touchedComponents(db: D1Database, notice: UnfannedNotice): Promise<string[]> {
  const { results } = await db
    .prepare(
      `SELECT DISTINCT json_extract(c.value, '$.id') AS id FROM notices n, json_each(n.payload, '$.components') c
       WHERE n.subject_type = ? AND n.subject_id = ? AND n.created_at <= ?`,
    )
    .bind(notice.subjectType, notice.subjectId, notice.createdAt)
    .all<{ id: string | null }>();
  return results.flatMap((r) => (r.id ? [r.id] : []));
}

/**
 * The components the notices of each of `ids` (incidents and maintenances) named so far, by
 * `type:id`: with what a subject concerns now, whom its next notice reaches (touchedComponents).
 */
export async function componentsNamedSoFar(db: D1Database, ids: readonly string[]): Promise<Map<string, string[]>> {
  const named = new Map<string, string[]>();
  if (ids.length === 0) return named;
  const { results } = await db
    .prepare(
      `SELECT DISTINCT n.subject_type AS type, n.subject_id AS id, json_extract(c.value, '$.id') AS component
       FROM notices n, json_each(n.payload, '$.components') c
       WHERE n.subject_type IN ('incident', 'maintenance') AND n.subject_id IN (SELECT value FROM json_each(?))`,
    )
    .bind(JSON.stringify(ids))
    .all<{ type: string; id: string; component: string | null }>();
  for (const row of results) {
    if (!row.component) continue;
    const key = `${row.type}:${row.id}`;
    named.set(key, [...(named.get(key) ?? []), row.component]);
  }
  return named;
}

export function setFanOutCursorStatement(db: D1Database, noticeId: string, cursor: string): D1PreparedStatement {
  return db.prepare('UPDATE notices SET fanout_cursor = ? WHERE id = ? AND fanned_out_at IS NULL').bind(cursor, noticeId);
}

export function closeFanOutStatement(db: D1Database, noticeId: string, at: string): D1PreparedStatement {
  return db.prepare('UPDATE notices SET fanned_out_at = ? WHERE id = ? AND fanned_out_at IS NULL').bind(at, noticeId);
}
