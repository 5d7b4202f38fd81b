-- Mailgun signs a webhook's timestamp and token, not its event: each signature is taken for the
-- one event it first came with (services/relay-events.ts), so a signed request seen once cannot
-- carry another event. Kept a little longer than Mailgun's signatures are accepted, then pruned.
CREATE TABLE relay_signatures (
  token TEXT PRIMARY KEY,
  event_hash TEXT NOT NULL,
  seen_at TEXT NOT NULL
);
CREATE INDEX relay_signatures_seen ON relay_signatures (seen_at);
