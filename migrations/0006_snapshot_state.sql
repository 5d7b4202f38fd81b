-- The read snapshot's publishing state, one row. KV takes one write per second per key, so the
-- snapshot has one publisher at a time, coalescing the writes that come faster than that.
--
-- version: bumped in the same batch as every write that changes what the snapshot shows; a
--   snapshot is labelled with the version read before its data, so a higher label is newer.
-- published_version, published_at_ms: the last version put in KV, and when (real time, ms).
-- lease_owner, lease_until_ms: the publisher holding the row (real time, ms); one that dies
--   leaves a lease that runs out, and the cron publishes what it left (version > published_version).
CREATE TABLE snapshot_state (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  version INTEGER NOT NULL,
  published_version INTEGER NOT NULL,
  published_at_ms INTEGER NOT NULL,
  lease_owner TEXT,
  lease_until_ms INTEGER
);

-- Nothing published under this state yet: the first cron tick or the first reader publishes.
INSERT INTO snapshot_state (id, version, published_version, published_at_ms) VALUES (1, 1, 0, 0);
