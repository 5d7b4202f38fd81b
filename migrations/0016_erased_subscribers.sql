-- Subscribers who left are erased once nothing sent to them is kept any more: RETENTION_DAYS after
-- they unsubscribed, when the cron has pruned their last delivery rows (and its tallies counted
-- them). Their address, language, zone and choices go; what stays is a keyed fingerprint of the
-- address, HMAC-SHA256 under SIGNING_SECRET (src/domain/subscribers.ts), which is all an import
-- needs to refuse them and which nobody without the secret can test an address against. Their
-- owner comes back through the form and its confirmation, which removes the fingerprint.
CREATE TABLE erased_subscribers (
  -- base64url HMAC-SHA256 of the folded address, labelled 'forewarn/erased-address/v1:'.
  address_hash TEXT PRIMARY KEY,
  unsubscribed_at TEXT NOT NULL,
  erased_at TEXT NOT NULL
) WITHOUT ROWID;

-- The sweep reads those who left before a date and nothing else.
CREATE INDEX subscribers_unsubscribed_since ON subscribers (unsubscribed_at) WHERE unsubscribed_at IS NOT NULL;
