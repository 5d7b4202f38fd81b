// The claim both outboxes (e-mail deliveries, webhook deliveries) share.

export type OutboxTable = 'deliveries' | 'webhook_deliveries';

/**
 * Claims a row for one send: pending, or sending under a lease that has run out (its consumer
 * died). One UPDATE, so two consumers holding the same id cannot both win.
 */
export function claimOutboxRow<Row>(db: D1Database, table: OutboxTable, id: string, now: Date, leaseMs: number): Promise<Row | null> {
  return db
    .prepare(
      `UPDATE ${table} SET status = 'sending', attempts = attempts + 1, lease_until = ?2, updated_at = ?3
       WHERE id = ?1 AND (status = 'pending' OR (status = 'sending' AND lease_until <= ?3))
       RETURNING *`,
    )
    .bind(id, new Date(now.getTime() + leaseMs).toISOString(), now.toISOString())
    .first<Row>();
}
