// Webhook subscribers and their delivery log (migrations/0004_webhooks.sql).
import { claimOutboxRow } from './outbox';

export const WEBHOOK_DELIVERY_STATUSES = ['pending', 'sending', 'sent', 'failed', 'skipped'] as const;
export type WebhookDeliveryStatus = (typeof WEBHOOK_DELIVERY_STATUSES)[number];

export interface Webhook {
  id: string;
  url: string;
  secret: string;
  allComponents: boolean;
  components: string[];
  createdAt: string;
  disabledAt: string | null;
}

export interface WebhookDelivery {
  id: string;
  noticeId: string;
  webhookId: string;
  status: WebhookDeliveryStatus;
  attempts: number;
  leaseUntil: string | null;
  lastStatus: number | null;
  lastError: string | null;
  createdAt: string;
  updatedAt: string;
  sentAt: string | null;
}

interface WebhookRow {
  id: string;
  url: string;
  secret: string;
  all_components: number;
  components: string | null;
  created_at: string;
  disabled_at: string | null;
}

interface WebhookDeliveryRow {
  id: string;
  notice_id: string;
  webhook_id: string;
  status: WebhookDeliveryStatus;
  attempts: number;
  lease_until: string | null;
  last_status: number | null;
  last_error: string | null;
  created_at: string;
  updated_at: string;
  sent_at: string | null;
}

const toWebhook = (r: WebhookRow): Webhook => ({
  id: r.id,
  url: r.url,
  secret: r.secret,
  allComponents: r.all_components === 1,
  components: r.components ? (JSON.parse(r.components) as string[]).sort() : [],
  createdAt: r.created_at,
  disabledAt: r.disabled_at,
});

const toDelivery = (r: WebhookDeliveryRow): WebhookDelivery => ({
  id: r.id,
  noticeId: r.notice_id,
  webhookId: r.webhook_id,
  status: r.status,
  attempts: r.attempts,
  leaseUntil: r.lease_until,
  lastStatus: r.last_status,
  lastError: r.last_error,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  sentAt: r.sent_at,
});

const SELECT_WEBHOOK = `SELECT w.*, (SELECT json_group_array(component_id) FROM webhook_components WHERE webhook_id = w.id) AS components
  FROM webhooks w`;

export function insertWebhookStatements(
  db: D1Database,
  webhook: { id: string; url: string; secret: string; components: readonly string[] },
  at: string,
): D1PreparedStatement[] {
  return [
    db
      .prepare('INSERT INTO webhooks (id, url, secret, all_components, created_at) VALUES (?, ?, ?, ?, ?)')
      .bind(webhook.id, webhook.url, webhook.secret, webhook.components.length === 0 ? 1 : 0, at),
    db
      .prepare('INSERT INTO webhook_components (webhook_id, component_id) SELECT ?, value FROM json_each(?)')
      .bind(webhook.id, JSON.stringify(webhook.components)),
  ];
}

export async function findWebhook(db: D1Database, id: string): Promise<Webhook | null> {
  const row = await db.prepare(`${SELECT_WEBHOOK} WHERE w.id = ?`).bind(id).first<WebhookRow>();
  return row ? toWebhook(row) : null;
}

/** Webhooks still active, oldest first. */
export async function listWebhooks(db: D1Database): Promise<Webhook[]> {
  const { results } = await db.prepare(`${SELECT_WEBHOOK} WHERE w.disabled_at IS NULL ORDER BY w.created_at, w.id`).all<WebhookRow>();
  return results.map(toWebhook);
}

export function disableWebhookStatement(db: D1Database, id: string, at: string): D1PreparedStatement {
  return db.prepare('UPDATE webhooks SET disabled_at = ? WHERE id = ? AND disabled_at IS NULL').bind(at, id);
}

/**
 * Plans a notice's webhook deliveries: one per active webhook that follows any of `touched` (or
 * every component; or all of them when `touched` is empty), the rule of e-mail subscribers.
 */
export function planWebhookDeliveriesStatement(db: D1Database, noticeId: string, touched: readonly string[], at: string) {
  return db
    .prepare(
      `INSERT OR IGNORE INTO webhook_deliveries (id, notice_id, webhook_id, status, created_at, updated_at)
       SELECT ?1 || w.id, ?1, w.id, 'pending', ?3, ?3
       FROM webhooks w
       WHERE w.disabled_at IS NULL
         AND (w.all_components = 1 OR json_array_length(?2) = 0 OR EXISTS (
           SELECT 1 FROM webhook_components wc
           WHERE wc.webhook_id = w.id AND wc.component_id IN (SELECT value FROM json_each(?2))))`,
    )
    .bind(noticeId, JSON.stringify(touched), at);
}

export async function pendingWebhookDeliveryIds(db: D1Database, noticeId: string): Promise<string[]> {
  const { results } = await db
    .prepare(`SELECT id FROM webhook_deliveries WHERE notice_id = ? AND status = 'pending' ORDER BY id`)
    .bind(noticeId)
    .all<{ id: string }>();
  return results.map((r) => r.id);
}

/** Pending deliveries untouched since `before`, or claimed under a lease that ran out: their message was lost. */
export async function strandedWebhookDeliveryIds(db: D1Database, before: string, limit: number): Promise<string[]> {
  const { results } = await db
    .prepare(
      `SELECT id FROM webhook_deliveries WHERE status = 'pending' AND updated_at < ?1
       UNION ALL SELECT id FROM webhook_deliveries WHERE status = 'sending' AND lease_until < ?1 LIMIT ?2`,
    )
    .bind(before, limit)
    .all<{ id: string }>();
  return results.map((r) => r.id);
}

export function touchWebhookDeliveriesStatement(db: D1Database, ids: readonly string[], at: string): D1PreparedStatement {
  return db
    .prepare(`UPDATE webhook_deliveries SET updated_at = ? WHERE status = 'pending' AND id IN (SELECT value FROM json_each(?))`)
    .bind(at, JSON.stringify(ids));
}

export async function findWebhookDelivery(db: D1Database, id: string): Promise<WebhookDelivery | null> {
  const row = await db.prepare('SELECT * FROM webhook_deliveries WHERE id = ?').bind(id).first<WebhookDeliveryRow>();
  return row ? toDelivery(row) : null;
}

/** Claims a delivery for one POST: pending, or sending under a lease that ran out. One UPDATE, one winner. */
export async function claimWebhookDelivery(db: D1Database, id: string, now: Date, leaseMs: number): Promise<WebhookDelivery | null> {
  const row = await claimOutboxRow<WebhookDeliveryRow>(db, 'webhook_deliveries', id, now, leaseMs);
  return row ? toDelivery(row) : null;
}

/** Closes a claimed delivery; only the claim's holder (status still `sending`) can. */
export function settleWebhookDeliveryStatement(
  db: D1Database,
  id: string,
  at: string,
  outcome: { status: 'sent' | 'pending' | 'failed' | 'skipped'; httpStatus?: number | null; error?: string | null },
): D1PreparedStatement {
  return db
    .prepare(
      `UPDATE webhook_deliveries SET status = ?2, lease_until = NULL, updated_at = ?3,
         sent_at = CASE WHEN ?2 = 'sent' THEN ?3 ELSE sent_at END,
         last_status = COALESCE(?4, last_status), last_error = ?5
       WHERE id = ?1 AND status = 'sending'`,
    )
    .bind(id, outcome.status, at, outcome.httpStatus ?? null, outcome.error ? outcome.error.slice(0, 500) : null);
}

/** A webhook's deliveries, newest first, a page at a time. */
export async function listWebhookDeliveries(
  db: D1Database,
  webhookId: string,
  query: { limit: number; status?: WebhookDeliveryStatus | undefined },
): Promise<WebhookDelivery[]> {
  const { results } = await db
    .prepare(
      `SELECT * FROM webhook_deliveries WHERE webhook_id = ?1 AND (?2 IS NULL OR status = ?2)
       ORDER BY created_at DESC, id DESC LIMIT ?3`,
    )
    .bind(webhookId, query.status ?? null, query.limit)
    .all<WebhookDeliveryRow>();
  return results.map(toDelivery);
}
