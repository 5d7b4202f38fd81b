// When each maintenance last reminded its subscribers, for Statuspage's `scheduled_reminded_at`.

/**
 * The latest reminder notice of each maintenance's current window (a reschedule raises the
 * sequence, and reminders of the old window no longer count).
 */
export async function lastRemindedAt(db: D1Database, maintenanceIds: readonly string[]): Promise<Map<string, string>> {
  if (maintenanceIds.length === 0) return new Map();
  const { results } = await db
    .prepare(
      `SELECT n.subject_id, MAX(n.created_at) AS reminded_at FROM notices n JOIN maintenances m ON m.id = n.subject_id
       WHERE n.subject_type = 'maintenance' AND n.kind = 'reminder' AND json_extract(n.payload, '$.sequence') = m.sequence
         AND n.subject_id IN (SELECT value FROM json_each(?))
       GROUP BY n.subject_id`,
    )
    .bind(JSON.stringify(maintenanceIds))
    .all<{ subject_id: string; reminded_at: string }>();
  return new Map(results.map((r) => [r.subject_id, r.reminded_at]));
}
