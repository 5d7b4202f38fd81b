-- Webhook subscribers and their delivery log: one row per (notice, webhook), so that a retry or a
-- redelivered queue batch never POSTs a notice twice to the same endpoint once it answered 2xx.

CREATE TABLE webhooks (
  id TEXT PRIMARY KEY,
  url TEXT NOT NULL,
  -- Signs every POST (X-Forewarn-Signature); shown once, when the webhook is created.
  secret TEXT NOT NULL,
  -- 1: every component, now and future; 0: only those in webhook_components.
  all_components INTEGER NOT NULL DEFAULT 1 CHECK (all_components IN (0, 1)),
  created_at TEXT NOT NULL,
  -- Deleting a webhook disables it, so its delivery log stays readable.
  disabled_at TEXT
);

CREATE TABLE webhook_components (
  webhook_id TEXT NOT NULL REFERENCES webhooks (id) ON DELETE CASCADE,
  component_id TEXT NOT NULL REFERENCES components (id) ON DELETE CASCADE,
  PRIMARY KEY (webhook_id, component_id)
);
CREATE INDEX webhook_components_component ON webhook_components (component_id);

-- The webhook outbox. The id is notice id + webhook id, so planning is an idempotent INSERT OR IGNORE.
CREATE TABLE webhook_deliveries (
  id TEXT PRIMARY KEY,
  notice_id TEXT NOT NULL REFERENCES notices (id),
  webhook_id TEXT NOT NULL REFERENCES webhooks (id) ON DELETE CASCADE,
  -- pending → sending (claimed, under lease) → sent | failed; skipped when the webhook was deleted first.
  status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sending', 'sent', 'failed', 'skipped')),
  attempts INTEGER NOT NULL DEFAULT 0,
  lease_until TEXT,
  -- The HTTP status of the last answer (NULL: none, a network error or timeout).
  last_status INTEGER,
  last_error TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  sent_at TEXT,
  UNIQUE (notice_id, webhook_id)
);
CREATE INDEX webhook_deliveries_webhook ON webhook_deliveries (webhook_id, id);
CREATE INDEX webhook_deliveries_status_updated ON webhook_deliveries (status, updated_at);
