-- Subscribe abuse (issue 15). The form's counters stay in rate_limits (0003): per network, per
-- mailbox (hour and day) and for the whole form, each a (key, window_start) row the cron deletes
-- once a day old.
--
-- Subscribers who never confirm are deleted by the cron UNCONFIRMED_DAYS after they were last
-- asked to (updated_at: a new request of a pending address only moves that). This index holds
-- only pending rows, so the sweep reads the expired ones and nothing else.
CREATE INDEX subscribers_pending_since ON subscribers (updated_at) WHERE confirmed_at IS NULL AND unsubscribed_at IS NULL;
