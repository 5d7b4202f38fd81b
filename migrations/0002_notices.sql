-- Notices: each lifecycle moment of an incident or maintenance that subscribers are owed,
-- recorded exactly once (dedupe_key), in the same batch as the write that caused it.
CREATE TABLE notices (
  id TEXT PRIMARY KEY,
  dedupe_key TEXT NOT NULL UNIQUE,
  subject_type TEXT NOT NULL CHECK (subject_type IN ('incident', 'maintenance')),
  subject_id TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('scheduled', 'reminder', 'started', 'update', 'completed', 'rescheduled',
    'cancelled', 'created', 'resolved', 'postmortem')),
  update_id TEXT,
  -- 0 when the operator chose not to notify: the notice is kept for the record, nobody is mailed.
  deliver INTEGER NOT NULL DEFAULT 1 CHECK (deliver IN (0, 1)),
  created_at TEXT NOT NULL,
  -- JSON: { body, components: [{ id, name, status }], minutes_before?, previous?: { scheduled_for, scheduled_until },
  --         window?: { scheduled_for, scheduled_until }, sequence? }
  payload TEXT NOT NULL
);
CREATE INDEX notices_subject ON notices (subject_type, subject_id, created_at);
CREATE INDEX notices_created ON notices (created_at);
