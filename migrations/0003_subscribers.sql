-- Subscribers and their e-mail: who follows the page, and one delivery row per (notice,
-- subscriber) so that a retry, a second cron tick or a redelivered queue batch never mails twice.

CREATE TABLE subscribers (
  id TEXT PRIMARY KEY,
  -- Lower-cased on the way in, so one mailbox is one subscriber.
  email TEXT NOT NULL UNIQUE,
  locale TEXT NOT NULL DEFAULT 'en' CHECK (locale IN ('en', 'fr')),
  time_zone TEXT NOT NULL DEFAULT 'Etc/UTC',
  -- 1: every component, now and future; 0: only those in subscriber_components.
  all_components INTEGER NOT NULL DEFAULT 1 CHECK (all_components IN (0, 1)),
  source TEXT NOT NULL CHECK (source IN ('form', 'import')),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  -- Nothing but the confirmation is sent before this is set (double opt-in).
  confirmed_at TEXT,
  unsubscribed_at TEXT
);
CREATE INDEX subscribers_active ON subscribers (confirmed_at, unsubscribed_at);

CREATE TABLE subscriber_components (
  subscriber_id TEXT NOT NULL REFERENCES subscribers (id) ON DELETE CASCADE,
  component_id TEXT NOT NULL REFERENCES components (id),
  PRIMARY KEY (subscriber_id, component_id)
);
CREATE INDEX subscriber_components_component ON subscriber_components (component_id);

-- The outbox. A notice delivery's id is notice id + subscriber id, so fan-out is an idempotent
-- INSERT OR IGNORE; confirmations (no notice) get a fresh id per request.
CREATE TABLE deliveries (
  id TEXT PRIMARY KEY,
  purpose TEXT NOT NULL CHECK (purpose IN ('notice', 'confirmation')),
  notice_id TEXT REFERENCES notices (id),
  subscriber_id TEXT NOT NULL REFERENCES subscribers (id) ON DELETE CASCADE,
  -- pending → sending (claimed, under lease) → sent | failed; skipped when the subscriber left first.
  status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sending', 'sent', 'failed', 'skipped')),
  attempts INTEGER NOT NULL DEFAULT 0,
  -- While status = 'sending': until when the claim holds. A consumer that dies mid-send loses it then.
  lease_until TEXT,
  last_error TEXT,
  message_id TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  sent_at TEXT,
  UNIQUE (notice_id, subscriber_id),
  CHECK ((purpose = 'notice') = (notice_id IS NOT NULL))
);
CREATE INDEX deliveries_subscriber ON deliveries (subscriber_id);
CREATE INDEX deliveries_notice_status ON deliveries (notice_id, status);
-- For the cron sweep of deliveries whose queue message was lost.
CREATE INDEX deliveries_status_updated ON deliveries (status, updated_at);

-- Fan-out progress of each notice: cursor NULL = deliveries not yet planned; '' = planned, none
-- enqueued; else the last delivery id enqueued. fanned_out_at closes it.
ALTER TABLE notices ADD COLUMN fanout_cursor TEXT;
ALTER TABLE notices ADD COLUMN fanned_out_at TEXT;
-- Notices recorded before subscribers existed are history: nobody is owed them now.
UPDATE notices SET fanned_out_at = created_at;
CREATE INDEX notices_unfanned ON notices (created_at) WHERE fanned_out_at IS NULL;

-- Fixed-window counters for the public subscription form (per IP, per address).
CREATE TABLE rate_limits (
  key TEXT NOT NULL,
  window_start TEXT NOT NULL,
  hits INTEGER NOT NULL,
  PRIMARY KEY (key, window_start)
);
