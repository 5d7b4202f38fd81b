-- A bounced address is erased once the record of the e-mails sent to it is (RETENTION_DAYS after
-- its last one, services/retention.ts): nothing is sent to it, so keeping it serves nothing. The
-- cron's sweep reads the bounced ones by when they bounced.
CREATE INDEX subscribers_bounced_since ON subscribers (bounced_at) WHERE bounced_at IS NOT NULL;
