// Retention of both outboxes (migrations/0007_retention.sql): finished rows past their time are
// deleted, and what they counted is added to pruned_deliveries in the same transaction.
import type { OutboxTable } from './outbox';

export type PruneChannel = 'email' | 'webhook';

const CHANNEL: Record<OutboxTable, PruneChannel> = { deliveries: 'email', webhook_deliveries: 'webhook' };

/**
 * Up to `limit` ids of rows of `table` that finished (sent, failed, skipped) before `before`: a
 * finished row's updated_at is when it finished. Served by the table's (status, updated_at) index.
 */
export async function prunableIds(db: D1Database, table: OutboxTable, before: string, limit: number): Promise<string[]> {
  const { results } = await db
    .prepare(`SELECT id FROM ${table} WHERE status IN ('sent', 'failed', 'skipped') AND updated_at < ?1 LIMIT ?2`)
    .bind(before, limit)
    .all<{ id: string }>();
  return results.map((r) => r.id);
}

/**
 * Deletes those of `ids` that finished before `before`, and adds every notice delivery among them
 * to its notice's pruned count; confirmations (no notice) are just deleted. Run the two together
 * (`db.batch`, one transaction): the count is taken from the rows the DELETE then removes, so a
 * second prune holding the same ids, before or after, finds them gone and counts nothing.
 */
export function pruneStatements(db: D1Database, table: OutboxTable, ids: readonly string[], before: string): D1PreparedStatement[] {
  // By id (the primary key): the unary + keeps SQLite off the (status, updated_at) index, whose
  // range would be every prunable row, not the chunk's.
  const chosen = `id IN (SELECT value FROM json_each(?1)) AND +status IN ('sent', 'failed', 'skipped') AND +updated_at < ?2`;
  return [
    db
      .prepare(
        `INSERT INTO pruned_deliveries (notice_id, channel, status, count)
         SELECT notice_id, ?3, status, COUNT(*) FROM ${table}
         WHERE ${chosen} AND notice_id IS NOT NULL GROUP BY notice_id, status
         ON CONFLICT (notice_id, channel, status) DO UPDATE SET count = count + excluded.count`,
      )
      .bind(JSON.stringify(ids), before, CHANNEL[table]),
    db.prepare(`DELETE FROM ${table} WHERE ${chosen}`).bind(JSON.stringify(ids), before),
  ];
}
