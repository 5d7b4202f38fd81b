-- Retention: the cron deletes finished deliveries (sent, failed, skipped) of both outboxes once
-- they are RETENTION_DAYS old, a bounded number per tick. What they counted stays here: each batch
-- that deletes rows adds them to their (notice, channel, status) count in the same transaction,
-- so a notice's tallies read the same before and after.
--
-- No new index: the prune finds its rows through deliveries_status_updated and
-- webhook_deliveries_status_updated, (status, updated_at), and a finished row's updated_at is when
-- it finished.
CREATE TABLE pruned_deliveries (
  notice_id TEXT NOT NULL REFERENCES notices (id),
  channel TEXT NOT NULL CHECK (channel IN ('email', 'webhook')),
  status TEXT NOT NULL CHECK (status IN ('sent', 'failed', 'skipped')),
  count INTEGER NOT NULL CHECK (count > 0),
  PRIMARY KEY (notice_id, channel, status)
) WITHOUT ROWID;
