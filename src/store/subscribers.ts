import type { Locale } from '../domain/model';
import { RELAY_NAMES } from '../domain/relay-events';
import type { Subscriber, SubscriberCounts, SubscriberState } from '../domain/subscribers';
import { redactSubscriberAuditStatement } from './audit';

interface SubscriberRow {
  id: string;
  email: string;
  locale: Locale;
  time_zone: string;
  all_components: number;
  source: 'form' | 'import';
  created_at: string;
  updated_at: string;
  confirmed_at: string | null;
  unsubscribed_at: string | null;
  bounced_at: string | null;
  bounce_reason: string | null;
  component_ids: string | null;
}

const toSubscriber = (r: SubscriberRow): Subscriber => ({
  id: r.id,
  email: r.email,
  locale: r.locale,
  timeZone: r.time_zone,
  allComponents: r.all_components === 1,
  components: r.component_ids ? (JSON.parse(r.component_ids) as string[]).sort() : [],
  source: r.source,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  confirmedAt: r.confirmed_at,
  unsubscribedAt: r.unsubscribed_at,
  bouncedAt: r.bounced_at,
  bounceReason: r.bounce_reason,
});

const SELECT = `SELECT s.*, (SELECT json_group_array(component_id) FROM subscriber_components sc WHERE sc.subscriber_id = s.id) AS component_ids
  FROM subscribers s`;

export async function findSubscriber(db: D1Database, id: string): Promise<Subscriber | null> {
  const row = await db.prepare(`${SELECT} WHERE s.id = ?`).bind(id).first<SubscriberRow>();
  return row ? toSubscriber(row) : null;
}

/** The subscribers among `ids` that exist, in one statement whatever their number. */
export async function findSubscribers(db: D1Database, ids: readonly string[]): Promise<Subscriber[]> {
  const { results } = await db
    .prepare(`${SELECT} WHERE s.id IN (SELECT value FROM json_each(?))`)
    .bind(JSON.stringify(ids))
    .all<SubscriberRow>();
  return results.map(toSubscriber);
}

/** Unsubscribes `id` at `at`, unless they had left: an update only, so an erased row is not written again. */
export function unsubscribeStatement(db: D1Database, id: string, at: string): D1PreparedStatement {
  return db.prepare('UPDATE subscribers SET unsubscribed_at = ?2, updated_at = ?2 WHERE id = ?1 AND unsubscribed_at IS NULL').bind(id, at);
}

/**
 * The subscribers of those deliveries among `deliveryIds` that a claim leased until `leaseUntil`:
 * in one batch right after that claim (claimDeliveriesStatement), exactly the readers it took.
 */
export function subscribersOfClaimStatement(db: D1Database, deliveryIds: readonly string[], leaseUntil: string): D1PreparedStatement {
  return db
    .prepare(
      `${SELECT} WHERE s.id IN (SELECT subscriber_id FROM deliveries WHERE id IN (SELECT value FROM json_each(?1)) AND lease_until = ?2)`,
    )
    .bind(JSON.stringify(deliveryIds), leaseUntil);
}

export const subscribersFrom = (result: D1Result): Map<string, Subscriber> =>
  new Map((result.results as SubscriberRow[]).map((r) => [r.id, toSubscriber(r)]));

export async function findSubscriberByEmail(db: D1Database, email: string): Promise<Subscriber | null> {
  const row = await db.prepare(`${SELECT} WHERE s.email = ?`).bind(email).first<SubscriberRow>();
  return row ? toSubscriber(row) : null;
}

export async function listSubscribersByEmail(db: D1Database, emails: readonly string[]): Promise<Subscriber[]> {
  const { results } = await db
    .prepare(`${SELECT} WHERE s.email IN (SELECT value FROM json_each(?))`)
    .bind(JSON.stringify(emails))
    .all<SubscriberRow>();
  return results.map(toSubscriber);
}

/** Oldest first, a page at a time after `after` (an id), optionally only one state. */
export async function listSubscribers(
  db: D1Database,
  query: { limit: number; after?: string | undefined; state?: SubscriberState | undefined },
): Promise<Subscriber[]> {
  const { results } = await db
    .prepare(
      `${SELECT} WHERE (?1 IS NULL OR s.id > ?1)
         AND (?2 IS NULL
           OR (?2 = 'active' AND s.confirmed_at IS NOT NULL AND s.unsubscribed_at IS NULL)
           OR (?2 = 'pending' AND s.confirmed_at IS NULL AND s.unsubscribed_at IS NULL)
           OR (?2 = 'unsubscribed' AND s.unsubscribed_at IS NOT NULL))
       ORDER BY s.id LIMIT ?3`,
    )
    .bind(query.after ?? null, query.state ?? null, query.limit)
    .all<SubscriberRow>();
  return results.map(toSubscriber);
}

/** Inserts the subscriber, or, for an address already known, overwrites it with `s` whole. */
export function upsertSubscriberStatements(db: D1Database, s: Subscriber): D1PreparedStatement[] {
  return [
    db
      .prepare(
        `INSERT INTO subscribers (id, email, locale, time_zone, all_components, source, created_at, updated_at, confirmed_at, unsubscribed_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET locale = excluded.locale, time_zone = excluded.time_zone,
           all_components = excluded.all_components, updated_at = excluded.updated_at,
           confirmed_at = excluded.confirmed_at, unsubscribed_at = excluded.unsubscribed_at`,
      )
      .bind(
        s.id,
        s.email,
        s.locale,
        s.timeZone,
        s.allComponents ? 1 : 0,
        s.source,
        s.createdAt,
        s.updatedAt,
        s.confirmedAt,
        s.unsubscribedAt,
      ),
    db.prepare('DELETE FROM subscriber_components WHERE subscriber_id = ?').bind(s.id),
    ...(s.allComponents
      ? []
      : [
          db
            .prepare('INSERT INTO subscriber_components (subscriber_id, component_id) SELECT ?, value FROM json_each(?)')
            .bind(s.id, JSON.stringify(s.components)),
        ]),
  ];
}

/**
 * A pending subscriber was sent a new confirmation link: their time to confirm starts over. Only
 * updated_at moves, and only while they are pending (a confirmation in between wins).
 */
export function touchPendingStatement(db: D1Database, id: string, at: string): D1PreparedStatement {
  return db
    .prepare('UPDATE subscribers SET updated_at = ?2 WHERE id = ?1 AND confirmed_at IS NULL AND unsubscribed_at IS NULL')
    .bind(id, at);
}

/**
 * Deletes up to `limit` subscribers who never confirmed and were last sent a link before
 * `before`, with their choices and deliveries (ON DELETE CASCADE). Served by the partial index
 * subscribers_pending_since (migrations/0010_subscribe_limits.sql). Returns their ids: D1's
 * `changes` counts the cascade's rows too.
 */
export function deleteUnconfirmedStatement(db: D1Database, before: string, limit: number): D1PreparedStatement {
  return db
    .prepare(
      `DELETE FROM subscribers WHERE id IN (
         SELECT id FROM subscribers WHERE confirmed_at IS NULL AND unsubscribed_at IS NULL AND updated_at < ?1 LIMIT ?2)
       RETURNING id`,
    )
    .bind(before, limit);
}

/** A subscriber who left, as the erasing sweep reads them. */
export interface Leaver {
  id: string;
  email: string;
  unsubscribedAt: string;
}

/**
 * Up to `limit` subscribers who left before `before` and have no delivery row left (the cron prunes
 * those RETENTION_DAYS after they finish, counting them): the next to erase. Served by the partial
 * index subscribers_unsubscribed_since and deliveries_subscriber.
 */
export async function leaversToErase(db: D1Database, before: string, limit: number): Promise<Leaver[]> {
  const { results } = await db
    .prepare(
      `SELECT id, email, unsubscribed_at FROM subscribers s
       WHERE s.unsubscribed_at IS NOT NULL AND s.unsubscribed_at < ?1
         AND NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.subscriber_id = s.id)
       ORDER BY s.unsubscribed_at LIMIT ?2`,
    )
    .bind(before, limit)
    .all<{ id: string; email: string; unsubscribed_at: string }>();
  return results.map((r) => ({ id: r.id, email: r.email, unsubscribedAt: r.unsubscribed_at }));
}

/**
 * Erases `leavers`, keeping each one's address fingerprint, in one batch (one transaction): their
 * row, choices, and the details of their audit rows (what they chose). Only
 * those still as read are touched: one who came back, or was sent a confirmation link (its
 * delivery row), since the read stays.
 */
export function eraseLeaversStatements(
  db: D1Database,
  leavers: readonly (Leaver & { addressHash: string })[],
  erasedAt: string,
): D1PreparedStatement[] {
  const json = JSON.stringify(leavers.map((l) => ({ id: l.id, at: l.unsubscribedAt, hash: l.addressHash })));
  const still = `s.id = json_extract(j.value, '$.id') AND s.unsubscribed_at = json_extract(j.value, '$.at')
    AND NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.subscriber_id = s.id)`;
  return [
    db
      .prepare(
        `INSERT INTO erased_subscribers (address_hash, unsubscribed_at, erased_at)
         SELECT json_extract(j.value, '$.hash'), s.unsubscribed_at, ?2 FROM json_each(?1) j JOIN subscribers s ON ${still} WHERE true
         ON CONFLICT (address_hash) DO UPDATE SET unsubscribed_at = max(unsubscribed_at, excluded.unsubscribed_at), erased_at = excluded.erased_at`,
      )
      .bind(json, erasedAt),
    redactSubscriberAuditStatement(db, `SELECT s.id FROM json_each(?1) j JOIN subscribers s ON ${still}`, json),
    db.prepare(`DELETE FROM subscribers WHERE id IN (SELECT s.id FROM json_each(?1) j JOIN subscribers s ON ${still})`).bind(json),
  ];
}

/**
 * Erases up to `limit` subscribers who have not left, whose address bounced before `before` and
 * who were not changed since (an operator who imports the address again keeps it a while), and of
 * whom no delivery row is left (the bounced e-mail's row goes RETENTION_DAYS after it; a confirmation
 * they asked for since keeps them until its own row goes): their row, choices and the details of
 * their audit rows. No fingerprint is kept: they never asked to leave, and an import may sign the
 * address up again (it bounces again at its first e-mail). Served by subscribers_bounced_since.
 * RETURNING their ids.
 */
export function eraseBouncedStatements(db: D1Database, before: string, limit: number): D1PreparedStatement[] {
  const chosen = `SELECT s.id FROM subscribers s WHERE s.bounced_at IS NOT NULL AND s.bounced_at < ?1 AND s.updated_at < ?1
    AND s.unsubscribed_at IS NULL
    AND NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.subscriber_id = s.id) ORDER BY s.bounced_at, s.id LIMIT ?2`;
  return [
    redactSubscriberAuditStatement(db, chosen, before, limit),
    db.prepare(`DELETE FROM subscribers WHERE id IN (${chosen}) RETURNING id`).bind(before, limit),
  ];
}

/** Which of `hashes` belong to subscribers erased after leaving. */
export async function erasedAmong(db: D1Database, hashes: readonly string[]): Promise<Set<string>> {
  if (hashes.length === 0) return new Set();
  const { results } = await db
    .prepare('SELECT address_hash FROM erased_subscribers WHERE address_hash IN (SELECT value FROM json_each(?))')
    .bind(JSON.stringify(hashes))
    .all<{ address_hash: string }>();
  return new Set(results.map((r) => r.address_hash));
}

/** The owner of an erased address confirmed again: it no longer stands refused. */
export function forgetErasedStatement(db: D1Database, addressHash: string): D1PreparedStatement {
  return db.prepare('DELETE FROM erased_subscribers WHERE address_hash = ?').bind(addressHash);
}

/** Deletes a subscriber with their choices and deliveries, and blanks what their audit rows held. */
export function deleteSubscriberStatements(db: D1Database, id: string): D1PreparedStatement[] {
  return [redactSubscriberAuditStatement(db, '?1', id), db.prepare('DELETE FROM subscribers WHERE id = ?').bind(id)];
}

/**
 * Per state, for the admin list, how many who left are erased (only their fingerprint kept), and
 * how many of the active bounced.
 */
export async function countSubscribers(db: D1Database): Promise<SubscriberCounts> {
  const row = await db
    .prepare(
      `SELECT
         COALESCE(SUM(confirmed_at IS NOT NULL AND unsubscribed_at IS NULL), 0) AS active,
         COALESCE(SUM(confirmed_at IS NULL AND unsubscribed_at IS NULL), 0) AS pending,
         COALESCE(SUM(unsubscribed_at IS NOT NULL), 0) AS unsubscribed,
         (SELECT COUNT(*) FROM erased_subscribers) AS erased,
         COALESCE(SUM(confirmed_at IS NOT NULL AND unsubscribed_at IS NULL AND bounced_at IS NOT NULL), 0) AS bounced
       FROM subscribers`,
    )
    .first<SubscriberCounts>();
  return row ?? { active: 0, pending: 0, unsubscribed: 0, erased: 0, bounced: 0 };
}

/**
 * Marks a subscriber's address as refused by its mail server (`reason`: the server's answer); the
 * first bounce is kept, and nothing is sent to them after it (FOLLOWERS). `ifChanged`, for a bounce
 * reported later (services/delivery-reports.ts), in the batch after failedAfterSentStatement: only
 * when that statement has just failed the delivery (its `updated_at` and `last_error` are this
 * report's), so an old report never marks again an address whose owner confirmed it since, or
 * that an operator sends to again.
 */
export function markBouncedStatement(
  db: D1Database,
  id: string,
  at: string,
  reason: string,
  ifChanged?: { deliveryId: string; error: string },
): D1PreparedStatement {
  const guard = ifChanged
    ? " AND EXISTS (SELECT 1 FROM deliveries WHERE id = ?4 AND status = 'failed' AND updated_at = ?2 AND last_error = ?5)"
    : '';
  return db
    .prepare(`UPDATE subscribers SET bounced_at = ?2, bounce_reason = ?3, updated_at = ?2 WHERE id = ?1 AND bounced_at IS NULL${guard}`)
    .bind(id, at, bounceCode(reason), ...(ifChanged ? [ifChanged.deliveryId, ifChanged.error.slice(0, 500)] : []));
}

/**
 * What is kept of the server's answer: its reply and enhanced status codes ("550 5.1.1"), not its
 * text, which names the address and would outlive the delivery row that holds it whole.
 */
const bounceCode = (reason: string): string =>
  /\b([45]\d\d)[ -]([45]\.\d{1,3}\.\d{1,3})\b/.exec(reason)?.slice(1, 3).join(' ') ??
  /^(?:E_[A-Z_]+|[45]\.\d{1,3}\.\d{1,3})\b/.exec(reason)?.[0] ??
  RELAY_LABEL.exec(reason)?.[0] ??
  'refused';

/** A relay's own name for a failure it reported (domain/bounces.ts relayFailure): its vocabulary, kept as is. */
const RELAY_LABEL = new RegExp(`^(?:[45]\\d\\d )?(?:${Object.values(RELAY_NAMES).join('|')}) [A-Za-z_ -]{1,40}$`);

/**
 * The audit row of a bounce, written only with the bounce that markBouncedStatement just marked:
 * refused `while sending`, or reported `later` by the recipient's servers.
 */
export function bounceAuditStatement(
  db: D1Database,
  id: string,
  at: string,
  deliveryId: string,
  when: 'sending' | 'later' = 'sending',
): D1PreparedStatement {
  return db
    .prepare(
      `INSERT INTO audit_log (at, actor, action, target_type, target_id, details)
       SELECT ?2, 'notifier', 'subscriber.bounce', 'subscriber', ?1, json_object('delivery_id', ?3, 'when', ?4)
       WHERE EXISTS (SELECT 1 FROM subscribers WHERE id = ?1 AND bounced_at = ?2)`,
    )
    .bind(id, at, deliveryId, when);
}

/** Clears a bounce: the address took a confirmation e-mail and its owner followed the link. */
export function clearBounceStatement(db: D1Database, id: string): D1PreparedStatement {
  return db.prepare('UPDATE subscribers SET bounced_at = NULL, bounce_reason = NULL WHERE id = ?').bind(id);
}

/** Clears every bounce marked at or after `since` (null: every bounce); RETURNING their ids. */
export function clearBouncesSinceStatement(db: D1Database, since: string | null): D1PreparedStatement {
  return db
    .prepare(
      'UPDATE subscribers SET bounced_at = NULL, bounce_reason = NULL WHERE bounced_at IS NOT NULL AND (?1 IS NULL OR bounced_at >= ?1) RETURNING id',
    )
    .bind(since);
}
