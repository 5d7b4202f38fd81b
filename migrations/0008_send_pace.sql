-- The send rate every queue consumer invocation shares (MAIL_RATE_PER_SECOND): one row per
-- transport holding the next free send slot, in milliseconds since the epoch. A consumer reserves
-- slots with one UPDATE, so invocations running at once never send faster than the rate together.
CREATE TABLE send_pace (
  transport TEXT PRIMARY KEY,
  next_slot_ms REAL NOT NULL
);
