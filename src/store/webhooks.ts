// Webhook subscribers and their delivery log (migrations/0004_webhooks.sql, 0013_webhook_channels.sql).
import type { Locale } from '../domain/model';
import { claimOutboxRow, lastOutboxActivity } from './outbox';

/** What a webhook receives: Statuspage's JSON, or a chat platform's own message. */
export const WEBHOOK_FORMATS = ['statuspage', 'slack', 'teams', 'discord', 'google_chat'] as const;
export type WebhookFormat = (typeof WEBHOOK_FORMATS)[number];

export const WEBHOOK_DELIVERY_STATUSES = ['pending', 'sending', 'sent', 'failed', 'skipped'] as const;
export type WebhookDeliveryStatus = (typeof WEBHOOK_DELIVERY_STATUSES)[number];

export interface Webhook {
  id: string;
  url: string;
  secret: string;
  format: WebhookFormat;
  /** A chat channel's language; null: the page's default one. */
  locale: Locale | null;
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
  format: WebhookFormat;
  locale: Locale | null;
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
  format: r.format,
  locale: r.locale,
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
  webhook: { id: string; url: string; secret: string; format: WebhookFormat; locale: Locale | null; components: readonly string[] },
  at: string,
): D1PreparedStatement[] {
  return [
    db
      .prepare('INSERT INTO webhooks (id, url, secret, format, locale, all_components, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .bind(webhook.id, webhook.url, webhook.secret, webhook.format, webhook.locale, webhook.components.length === 0 ? 1 : 0, at),
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
 * Plans a notice's webhook deliveries: one per active webhook of `formats` that follows any of
 * `touched` (or every component; or all of them when `touched` is empty), the rule of e-mail
 * subscribers. Component notices go to Statuspage-format webhooks only, the others to every format.
 */
export function planWebhookDeliveriesStatement(
  db: D1Database,
  noticeId: string,
  touched: readonly string[],
  at: string,
  formats: readonly WebhookFormat[] = WEBHOOK_FORMATS,
) {
  return db
    .prepare(
      `INSERT OR IGNORE INTO webhook_deliveries (id, notice_id, webhook_id, status, created_at, updated_at, due_at)
       SELECT ?1 || w.id, ?1, w.id, 'pending', ?3, ?3, ?3
       FROM webhooks w
       WHERE w.disabled_at IS NULL AND w.format IN (SELECT value FROM json_each(?4))
         AND (w.all_components = 1 OR json_array_length(?2) = 0 OR EXISTS (
           SELECT 1 FROM webhook_components wc
           WHERE wc.webhook_id = w.id AND wc.component_id IN (SELECT value FROM json_each(?2))))`,
    )
    .bind(noticeId, JSON.stringify(touched), at, JSON.stringify(formats));
}

export async function pendingWebhookDeliveryIds(db: D1Database, noticeId: string): Promise<string[]> {
  const { results } = await db
    .prepare(`SELECT id FROM webhook_deliveries WHERE notice_id = ? AND status = 'pending' ORDER BY id`)
    .bind(noticeId)
    .all<{ id: string }>();
  return results.map((r) => r.id);
}

/**
 * Deliveries whose queue message must have been lost, by the e-mail outbox's rule: pending and due
 * before `dueBefore`, or claimed under a lease that ran out before `leaseBefore`. A row from before
 * migration 0013 has no due time: its last change stands in.
 */
export async function strandedWebhookDeliveryIds(
  db: D1Database,
  cut: { dueBefore: string; leaseBefore: string },
  limit: number,
): Promise<string[]> {
  const { results } = await db
    .prepare(
      `SELECT id FROM (SELECT id FROM webhook_deliveries WHERE status = 'pending' AND COALESCE(due_at, updated_at) < ?1 LIMIT ?3)
       UNION ALL SELECT id FROM (SELECT id FROM webhook_deliveries WHERE status = 'sending' AND lease_until < ?2 LIMIT ?3)
       LIMIT ?3`,
    )
    .bind(cut.dueBefore, cut.leaseBefore, limit)
    .all<{ id: string }>();
  return results.map((r) => r.id);
}

/** When the webhook consumer last claimed or settled anything (with e-mail's, the queue's last sign of life). */
export const lastWebhookActivity = (db: D1Database): Promise<string | null> => lastOutboxActivity(db, 'webhook_deliveries');

/**
 * Enqueued again: a pending one is due from now; a dead claim's lease is moved to now, so the
 * next sweep waits as long again before it enqueues it once more.
 */
export function touchWebhookDeliveriesStatement(db: D1Database, ids: readonly string[], at: string): D1PreparedStatement {
  return db
    .prepare(
      `UPDATE webhook_deliveries SET
         due_at = CASE status WHEN 'pending' THEN ?1 ELSE due_at END,
         lease_until = CASE status WHEN 'sending' THEN ?1 ELSE lease_until END
       WHERE id IN (SELECT value FROM json_each(?2)) AND (status = 'pending' OR (status = 'sending' AND lease_until < ?1))`,
    )
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
  outcome:
    | { status: 'sent' | 'failed' | 'skipped'; httpStatus?: number | null; error?: string | null }
    | { status: 'pending'; httpStatus?: number | null; error?: string | null; dueAt: string },
): D1PreparedStatement {
  return db
    .prepare(
      `UPDATE webhook_deliveries SET status = ?2, lease_until = NULL, updated_at = ?3, due_at = ?6,
         sent_at = CASE WHEN ?2 = 'sent' THEN ?3 ELSE sent_at END,
         last_status = COALESCE(?4, last_status), last_error = ?5
       WHERE id = ?1 AND status = 'sending'`,
    )
    .bind(
      id,
      outcome.status,
      at,
      outcome.httpStatus ?? null,
      outcome.error ? outcome.error.slice(0, 500) : null,
      outcome.status === 'pending' ? outcome.dueAt : null,
    );
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
