-- Admin UI sessions kept server-side (issue 15), so that they end at once: signing out revokes
-- the row; a token session lives only while its token is unrevoked and unexpired (read through
-- the join on every request); an ADMIN_TOKEN session only while ADMIN_TOKEN is the one it signed
-- in with; an Access session only while each request carries a valid Access JWT for its identity.
CREATE TABLE admin_sessions (
  -- SHA-256 (hex) of the cookie's random 256-bit id: the table holds no cookie anyone could replay.
  id_hash TEXT PRIMARY KEY,
  -- 'admin-token', 'token:<id>' or 'access:<identity>', as the audit log records it.
  actor TEXT NOT NULL,
  -- Token sessions: the token signed in with.
  token_id TEXT REFERENCES api_tokens (id),
  -- Access sessions: the identity (e-mail or service token client id) Access vouched for.
  access_identity TEXT,
  -- ADMIN_TOKEN sessions: a digest of the ADMIN_TOKEN signed in with, so rotating it signs them out.
  admin_key TEXT,
  created_at TEXT NOT NULL,
  -- Moved at most every few minutes, so a busy session does not write on every page.
  last_seen_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  revoked_at TEXT,
  CHECK ((actor = 'admin-token') = (admin_key IS NOT NULL)),
  CHECK ((actor LIKE 'token:%') = (token_id IS NOT NULL)),
  CHECK ((actor LIKE 'access:%') = (access_identity IS NOT NULL))
);

-- Opening a session deletes the expired ones: this keeps that delete to the rows it removes.
CREATE INDEX admin_sessions_expires_at ON admin_sessions (expires_at);
