-- When each pending delivery's queue message is due: on creation, or after a retry's delay.
-- The cron sweep compares it with the queue consumer's last activity to tell a message that
-- waits in a long queue from one that was lost (a crash, a local queue that died with wrangler).
ALTER TABLE deliveries ADD COLUMN due_at TEXT;
UPDATE deliveries SET due_at = updated_at WHERE status IN ('pending', 'sending');
DROP INDEX deliveries_status_updated;
CREATE INDEX deliveries_status_due ON deliveries (status, due_at);
-- The consumer's last activity is the newest claim or settle: MAX(updated_at) per status.
CREATE INDEX deliveries_status_updated ON deliveries (status, updated_at);
