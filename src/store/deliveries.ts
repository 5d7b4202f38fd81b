// The outbox: one row per (notice, subscriber), claimed under a lease before each send.

import type { DeliveryPurpose, DeliveryStatus } from '../domain/subscribers';
import type { OutboxClaim } from './outbox';
import { claimOutboxRows, claimOutboxRowsStatement, lastOutboxActivity } from './outbox';

export interface Delivery {
  id: string;
  purpose: DeliveryPurpose;
  noticeId: string | null;
  subscriberId: string;
  status: DeliveryStatus;
  attempts: number;
  leaseUntil: string | null;
  lastError: string | null;
  messageId: string | null;
  createdAt: string;
  updatedAt: string;
  sentAt: string | null;
}

interface DeliveryRow {
  id: string;
  purpose: DeliveryPurpose;
  notice_id: string | null;
  subscriber_id: string;
  status: DeliveryStatus;
  attempts: number;
  lease_until: string | null;
  last_error: string | null;
  message_id: string | null;
  created_at: string;
  updated_at: string;
  sent_at: string | null;
}

const toDelivery = (r: DeliveryRow): Delivery => ({
  id: r.id,
  purpose: r.purpose,
  noticeId: r.notice_id,
  subscriberId: r.subscriber_id,
  status: r.status,
  attempts: r.attempts,
  leaseUntil: r.lease_until,
  lastError: r.last_error,
  messageId: r.message_id,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  sentAt: r.sent_at,
});

export function insertConfirmationStatement(db: D1Database, id: string, subscriberId: string, at: string): D1PreparedStatement {
  return db
    .prepare(
      `INSERT INTO deliveries (id, purpose, notice_id, subscriber_id, status, created_at, updated_at, due_at)
       VALUES (?1, 'confirmation', NULL, ?2, 'pending', ?3, ?3, ?3)`,
    )
    .bind(id, subscriberId, at);
}

export function insertConfirmationsStatement(
  db: D1Database,
  rows: readonly { deliveryId: string; subscriberId: string }[],
  at: string,
): D1PreparedStatement {
  return db
    .prepare(
      `INSERT INTO deliveries (id, purpose, notice_id, subscriber_id, status, created_at, updated_at, due_at)
       SELECT json_extract(value, '$.deliveryId'), 'confirmation', NULL, json_extract(value, '$.subscriberId'), 'pending', ?2, ?2, ?2
       FROM json_each(?1)`,
    )
    .bind(JSON.stringify(rows), at);
}

/**
 * Active subscribers who follow any of ?2 (a JSON array; empty: anyone), by id after ?3; not those
 * whose address bounced (markBouncedStatement).
 */
export const FOLLOWERS = `FROM subscribers s
  WHERE s.id > ?3 AND s.confirmed_at IS NOT NULL AND s.unsubscribed_at IS NULL AND s.bounced_at IS NULL
    AND (s.all_components = 1 OR json_array_length(?2) = 0 OR EXISTS (
      SELECT 1 FROM subscriber_components sc
      WHERE sc.subscriber_id = s.id AND sc.component_id IN (SELECT value FROM json_each(?2))))`;

/**
 * The id of the `count`-th follower after `after`, or null when fewer are left: where one page
 * of planning ends.
 */
export async function followerPageEnd(db: D1Database, touched: readonly string[], after: string, count: number): Promise<string | null> {
  const row = await db
    .prepare(`SELECT s.id ${FOLLOWERS} ORDER BY s.id LIMIT 1 OFFSET ?4`)
    .bind(null, JSON.stringify(touched), after, count - 1)
    .first<{ id: string }>();
  return row?.id ?? null;
}

/**
 * Plans a page of a notice's deliveries: one per active subscriber who follows any of `touched`
 * (or every component; or anyone at all when `touched` is empty), with an id after `after` and
 * up to `until` (null: to the end). The id is notice id + subscriber id and the pair is unique,
 * so running it again adds only subscribers that were missing.
 */
export function planNoticeDeliveriesStatement(
  db: D1Database,
  noticeId: string,
  touched: readonly string[],
  at: string,
  page: { after: string; until: string | null } = { after: '', until: null },
) {
  return db
    .prepare(
      `INSERT OR IGNORE INTO deliveries (id, purpose, notice_id, subscriber_id, status, created_at, updated_at, due_at)
       SELECT ?1 || s.id, 'notice', ?1, s.id, 'pending', ?4, ?4, ?4
       ${FOLLOWERS} AND (?5 IS NULL OR s.id <= ?5)`,
    )
    .bind(noticeId, JSON.stringify(touched), page.after, at, page.until);
}

/** Pending deliveries of a notice after `after`, by id: the pages fan-out enqueues. */
export async function pendingDeliveryIds(db: D1Database, noticeId: string, after: string, limit: number): Promise<string[]> {
  const { results } = await db
    .prepare(`SELECT id FROM deliveries WHERE notice_id = ? AND status = 'pending' AND id > ? ORDER BY id LIMIT ?`)
    .bind(noticeId, after, limit)
    .all<{ id: string }>();
  return results.map((r) => r.id);
}

/** Claims a queue message's worth of deliveries in one UPDATE; returns those this call won. */
export async function claimDeliveries(db: D1Database, ids: readonly string[], now: Date, leaseMs: number): Promise<Delivery[]> {
  return (await claimOutboxRows<DeliveryRow>(db, 'deliveries', ids, now, leaseMs)).map(toDelivery);
}

/**
 * claimDeliveries as a statement, to run in one batch with reads of what it takes (the queue
 * consumer reads the subscribers: subscribersOfClaimStatement); `claimedDeliveries` reads its result.
 */
export const claimDeliveriesStatement = (db: D1Database, ids: readonly string[], now: Date, leaseMs: number): OutboxClaim =>
  claimOutboxRowsStatement(db, 'deliveries', ids, now, leaseMs);

export const claimedDeliveries = (result: D1Result): Delivery[] => (result.results as DeliveryRow[]).map(toDelivery);

/**
 * For each delivery among `deliveryIds` that a claim leased until `leaseUntil` and that continues
 * a thread (any notice after an incident's or maintenance's first): the Message-ID its reader's
 * first e-mail of that incident or maintenance was recorded with, when it was sent. In one batch
 * right after the claim, like subscribersOfClaimStatement. A carrier that sets its own
 * Message-IDs (the Email Service) makes these the only ids a reply can name.
 */
export function threadRootsOfClaimStatement(db: D1Database, deliveryIds: readonly string[], leaseUntil: string): D1PreparedStatement {
  return db
    .prepare(
      `SELECT d.id AS delivery_id, root.message_id AS message_id
       FROM deliveries d
       JOIN notices n ON n.id = d.notice_id AND n.kind NOT IN ('scheduled', 'created')
       JOIN notices first ON first.subject_type = n.subject_type AND first.subject_id = n.subject_id
         AND first.kind IN ('scheduled', 'created')
       JOIN deliveries root ON root.notice_id = first.id AND root.subscriber_id = d.subscriber_id
         AND root.status = 'sent' AND root.message_id IS NOT NULL
       WHERE d.id IN (SELECT value FROM json_each(?1)) AND d.lease_until = ?2`,
    )
    .bind(JSON.stringify(deliveryIds), leaseUntil);
}

/** Delivery id → the Message-ID its reply names (threadRootsOfClaimStatement's rows). */
export const threadRootsFrom = (result: D1Result): Map<string, string> =>
  new Map((result.results as { delivery_id: string; message_id: string }[]).map((r) => [r.delivery_id, r.message_id]));

export async function findDeliveries(db: D1Database, ids: readonly string[]): Promise<Delivery[]> {
  const { results } = await db
    .prepare('SELECT * FROM deliveries WHERE id IN (SELECT value FROM json_each(?))')
    .bind(JSON.stringify(ids))
    .all<DeliveryRow>();
  return results.map(toDelivery);
}

/**
 * Hands claimed deliveries back untried (the SMTP server went away before their turn): pending
 * again, due at `dueAt`, and the claim's attempt not counted. Only the claim that took them can:
 * `claimLease` is the `lease_until` it wrote, which a later claim (or the cron's requeue of a
 * claim it thinks dead) replaces.
 */
export function releaseDeliveriesStatement(
  db: D1Database,
  ids: readonly string[],
  at: string,
  dueAt: string,
  claimLease: string,
): D1PreparedStatement {
  return db
    .prepare(
      `UPDATE deliveries SET status = 'pending', lease_until = NULL, attempts = MAX(0, attempts - 1), updated_at = ?2, due_at = ?3
       WHERE id IN (SELECT value FROM json_each(?1)) AND +status = 'sending' AND lease_until = ?4`,
    )
    .bind(JSON.stringify(ids), at, dueAt, claimLease);
}

/**
 * Closes a claimed delivery that was not sent: a failure, a skip or a wait, recorded only by the
 * claim that took it (`claimLease`, the `lease_until` it wrote): a consumer whose lease ran out and
 * was taken over must not put back a row another one is sending. A send the relay accepted is
 * recorded by recordSentStatement, whoever holds the row.
 */
export function settleDeliveryStatement(
  db: D1Database,
  id: string,
  at: string,
  outcome: { status: 'failed' | 'skipped'; error: string } | { status: 'pending'; error: string; dueAt: string },
  claimLease: string,
): D1PreparedStatement {
  const dueAt = outcome.status === 'pending' ? outcome.dueAt : null;
  return db
    .prepare(
      `UPDATE deliveries SET status = ?2, lease_until = NULL, updated_at = ?3, due_at = ?5, last_error = ?4
       WHERE id = ?1 AND status = 'sending' AND lease_until = ?6`,
    )
    .bind(id, outcome.status, at, outcome.error.slice(0, 500), dueAt, claimLease);
}

/**
 * A delivery the relay accepted that a later report says failed (services/delivery-reports.ts):
 * failed, with what the report says. A relay that hears the refusal at once reports within a
 * second, before the consumer has recorded the send (SENT_GATHER_MS): a row still `sending` is
 * failed too, and recordSentStatement, which takes only `sending` rows, leaves it so.
 */
export function failedAfterSentStatement(db: D1Database, id: string, at: string, error: string): D1PreparedStatement {
  return db
    .prepare(
      "UPDATE deliveries SET status = 'failed', lease_until = NULL, updated_at = ?2, last_error = ?3 WHERE id = ?1 AND status IN ('sent', 'sending')",
    )
    .bind(id, at, error.slice(0, 500));
}

/** An e-mail the relay accepted: its delivery, its Message-ID, and when the relay said 250. */
export interface SentRecord {
  id: string;
  messageId: string;
  at: string;
}

/**
 * Records e-mails the relay accepted, in one statement whatever their number (one bound
 * parameter: the records as JSON). Each row gets its own Message-ID and time, whoever holds the
 * row now: the send happened, and recording it is what keeps anyone from sending it again. `+status` keeps
 * SQLite on the primary key (on the status index it would read every row being sent).
 */
export function recordSentStatement(db: D1Database, records: readonly SentRecord[]): D1PreparedStatement {
  return db
    .prepare(
      `UPDATE deliveries SET status = 'sent', lease_until = NULL, due_at = NULL,
         (message_id, sent_at, updated_at) = (
           SELECT json_extract(value, '$[1]'), json_extract(value, '$[2]'), json_extract(value, '$[2]')
           FROM json_each(?1) WHERE json_extract(value, '$[0]') = deliveries.id)
       WHERE id IN (SELECT json_extract(value, '$[0]') FROM json_each(?1)) AND +status = 'sending'`,
    )
    .bind(JSON.stringify(records.map((r) => [r.id, r.messageId, r.at])));
}

/**
 * When the queue consumer last did anything: its newest claim or settle. A consumer that has
 * done nothing for a while while deliveries are due has lost their messages.
 */
export const lastConsumerActivity = (db: D1Database): Promise<string | null> => lastOutboxActivity(db, 'deliveries');

/**
 * Deliveries whose queue message must have been lost: pending and due before `dueBefore`, or
 * claimed under a lease that ran out before `leaseBefore` (their consumer died).
 */
export async function strandedDeliveryIds(
  db: D1Database,
  cut: { dueBefore: string; leaseBefore: string },
  limit: number,
): Promise<string[]> {
  const { results } = await db
    .prepare(
      `SELECT id FROM (SELECT id FROM deliveries WHERE status = 'pending' AND due_at < ?1 LIMIT ?3)
       UNION ALL SELECT id FROM (SELECT id FROM deliveries WHERE status = 'sending' AND lease_until < ?2 LIMIT ?3)
       LIMIT ?3`,
    )
    .bind(cut.dueBefore, cut.leaseBefore, limit)
    .all<{ id: string }>();
  return results.map((r) => r.id);
}

/**
 * Enqueued again: a pending one is due from now; a dead claim's lease is moved to now, so the
 * next sweep waits as long again before it enqueues it once more.
 */
export function touchDeliveriesStatement(db: D1Database, ids: readonly string[], at: string): D1PreparedStatement {
  return db
    .prepare(
      `UPDATE deliveries SET
         due_at = CASE status WHEN 'pending' THEN ?1 ELSE due_at END,
         lease_until = CASE status WHEN 'sending' THEN ?1 ELSE lease_until END
       WHERE id IN (SELECT value FROM json_each(?2)) AND (+status = 'pending' OR (+status = 'sending' AND lease_until < ?1))`,
    )
    .bind(at, JSON.stringify(ids));
}

/** Gives up on deliveries created before `before` that are still not out: news that old would mislead. */
export function expireDeliveriesStatement(db: D1Database, before: string, at: string): D1PreparedStatement {
  return db
    .prepare(
      `UPDATE deliveries SET status = 'failed', lease_until = NULL, updated_at = ?2,
         last_error = CASE status WHEN 'sending' THEN 'outcome unknown: the sender stopped mid-send' ELSE 'not sent within a day' END
       WHERE status IN ('pending', 'sending') AND created_at < ?1 AND (status = 'pending' OR lease_until < ?2)`,
    )
    .bind(before, at);
}

/**
 * Deliveries per status, those retention pruned included; `pruned` says how many of each status
 * were pruned: still counted, no longer listed.
 */
export type DeliveryCounts = Record<DeliveryStatus, number> & { pruned: Record<DeliveryStatus, number> };

const byStatus = (): Record<DeliveryStatus, number> => ({ pending: 0, sending: 0, sent: 0, failed: 0, skipped: 0 });

/** Deliveries per status for each of `noticeIds`: the rows left plus the pruned counts. */
export async function deliveryCounts(db: D1Database, noticeIds: readonly string[]): Promise<Map<string, DeliveryCounts>> {
  const counts = new Map(noticeIds.map((id) => [id, { ...byStatus(), pruned: byStatus() }]));
  if (noticeIds.length === 0) return counts;
  const { results } = await db
    .prepare(
      `SELECT notice_id, status, SUM(n) AS n, SUM(pruned) AS pruned FROM (
         SELECT notice_id, status, COUNT(*) AS n, 0 AS pruned FROM deliveries
         WHERE notice_id IN (SELECT value FROM json_each(?1)) GROUP BY notice_id, status
         UNION ALL
         SELECT notice_id, status, count, count FROM pruned_deliveries
         WHERE channel = 'email' AND notice_id IN (SELECT value FROM json_each(?1)))
       GROUP BY notice_id, status`,
    )
    .bind(JSON.stringify(noticeIds))
    .all<{ notice_id: string; status: DeliveryStatus; n: number; pruned: number }>();
  for (const r of results) {
    const c = counts.get(r.notice_id);
    if (!c) continue;
    c[r.status] = r.n;
    c.pruned[r.status] = r.pruned;
  }
  return counts;
}

/** A notice's deliveries with each recipient's address, by id, a page at a time. */
export async function listNoticeDeliveries(
  db: D1Database,
  noticeId: string,
  query: { limit: number; after?: string | undefined; status?: DeliveryStatus | undefined },
): Promise<(Delivery & { email: string | null })[]> {
  const { results } = await db
    .prepare(
      `SELECT d.*, s.email FROM deliveries d LEFT JOIN subscribers s ON s.id = d.subscriber_id
       WHERE d.notice_id = ?1 AND (?2 IS NULL OR d.id > ?2) AND (?3 IS NULL OR d.status = ?3)
       ORDER BY d.id LIMIT ?4`,
    )
    .bind(noticeId, query.after ?? null, query.status ?? null, query.limit)
    .all<DeliveryRow & { email: string | null }>();
  return results.map((r) => ({ ...toDelivery(r), email: r.email }));
}
