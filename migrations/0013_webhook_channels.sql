-- Webhooks true to their moment, and chat channels (issue 14).
--
-- 1. Notices may be about a component: a status change is a `component_update` notice (Statuspage's
--    webhook event of that name), recorded in the same batch as the change and delivered through the
--    same webhook outbox. SQLite cannot alter a CHECK, so the table is rebuilt, the way SQLite's
--    "other kinds of table schema changes" and D1's docs say: deliveries, webhook_deliveries and
--    pruned_deliveries reference notices (id), so foreign keys are checked at the end of the
--    migration's transaction (defer_foreign_keys), when the rebuilt table holds every id again.
--    rowid is copied: fan-out orders notices of the same instant by it.
-- Dropping the old table checks each of its rows against the tables that reference it: an index
-- on webhook_deliveries (notice_id) keeps that a lookup per notice instead of a scan (deliveries
-- and pruned_deliveries have theirs), and every later foreign-key check uses it too.
CREATE INDEX IF NOT EXISTS webhook_deliveries_notice ON webhook_deliveries (notice_id);
PRAGMA defer_foreign_keys = on;

CREATE TABLE notices_rebuilt (
  id TEXT PRIMARY KEY,
  dedupe_key TEXT NOT NULL UNIQUE,
  subject_type TEXT NOT NULL CHECK (subject_type IN ('incident', 'maintenance', 'component')),
  subject_id TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('scheduled', 'reminder', 'started', 'update', 'completed', 'rescheduled',
    'cancelled', 'created', 'resolved', 'postmortem', 'component_update')),
  update_id TEXT,
  -- 0 when the operator chose not to notify: the notice is kept for the record, nobody is mailed.
  deliver INTEGER NOT NULL DEFAULT 1 CHECK (deliver IN (0, 1)),
  created_at TEXT NOT NULL,
  -- JSON (NoticePayload, src/domain/notices.ts).
  payload TEXT NOT NULL,
  fanout_cursor TEXT,
  fanned_out_at TEXT,
  -- JSON (NoticeMoment): the incident or maintenance and its components' statuses as they were at
  -- this notice, which the Statuspage webhook body is built from, however late it goes out. NULL
  -- for component notices, and for notices recorded before this migration (their body is built
  -- from the current state, as before).
  moment TEXT
);
INSERT INTO notices_rebuilt (rowid, id, dedupe_key, subject_type, subject_id, kind, update_id, deliver, created_at, payload,
  fanout_cursor, fanned_out_at)
  SELECT rowid, id, dedupe_key, subject_type, subject_id, kind, update_id, deliver, created_at, payload, fanout_cursor, fanned_out_at
  FROM notices ORDER BY rowid;
DROP TABLE notices;
ALTER TABLE notices_rebuilt RENAME TO notices;
CREATE INDEX notices_subject ON notices (subject_type, subject_id, created_at);
CREATE INDEX notices_created ON notices (created_at);
CREATE INDEX notices_unfanned ON notices (created_at) WHERE fanned_out_at IS NULL;

PRAGMA defer_foreign_keys = off;

-- 2. A webhook's format: the Statuspage JSON (signed), or a chat platform's own message, worded in
--    `locale` (NULL: the page's default language).
ALTER TABLE webhooks ADD COLUMN format TEXT NOT NULL DEFAULT 'statuspage'
  CHECK (format IN ('statuspage', 'slack', 'teams', 'discord', 'google_chat'));
ALTER TABLE webhooks ADD COLUMN locale TEXT CHECK (locale IN ('en', 'fr'));

-- 3. When each pending webhook delivery's queue message is due, as migration 0005 did for e-mail:
--    the cron's one sweep tells a message waiting in a long queue from one that was lost.
ALTER TABLE webhook_deliveries ADD COLUMN due_at TEXT;
UPDATE webhook_deliveries SET due_at = updated_at WHERE status IN ('pending', 'sending');
CREATE INDEX webhook_deliveries_status_due ON webhook_deliveries (status, due_at);
