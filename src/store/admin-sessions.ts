// Admin UI sessions (table admin_sessions), each read with the token it signed in with.
import type { Scope } from '../domain/scopes';

export interface AdminSessionRow {
  idHash: string;
  actor: string;
  tokenId: string | null;
  accessIdentity: string | null;
  adminKey: string | null;
  createdAt: string;
  lastSeenAt: string;
  expiresAt: string;
}

/** A live session row and, for a token session, its token as it stands now (null: no such token). */
export interface StoredAdminSession extends AdminSessionRow {
  token: { scope: Scope; expiresAt: string | null; revokedAt: string | null } | null;
}

interface Row {
  id_hash: string;
  actor: string;
  token_id: string | null;
  access_identity: string | null;
  admin_key: string | null;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
  token_found: number | null;
  token_scope: Scope | null;
  token_expires_at: string | null;
  token_revoked_at: string | null;
}

export function insertAdminSessionStatement(db: D1Database, s: AdminSessionRow): D1PreparedStatement {
  return db
    .prepare(
      `INSERT INTO admin_sessions (id_hash, actor, token_id, access_identity, admin_key, created_at, last_seen_at, expires_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .bind(s.idHash, s.actor, s.tokenId, s.accessIdentity, s.adminKey, s.createdAt, s.lastSeenAt, s.expiresAt);
}

/** Sessions past their expiry, revoked or not: nothing reads them again. */
export function deleteExpiredAdminSessionsStatement(db: D1Database, now: string): D1PreparedStatement {
  return db.prepare('DELETE FROM admin_sessions WHERE expires_at <= ?').bind(now);
}

/**
 * The unrevoked, unexpired session `idHash`, joined with its token: one query per admin request
 * answers both whether the session is live and whether its token still is.
 */
export async function findLiveAdminSession(db: D1Database, idHash: string, now: string): Promise<StoredAdminSession | null> {
  const row = await db
    .prepare(
      `SELECT s.id_hash, s.actor, s.token_id, s.access_identity, s.admin_key, s.created_at, s.last_seen_at, s.expires_at,
              t.id IS NOT NULL AS token_found, t.scope AS token_scope, t.expires_at AS token_expires_at,
              t.revoked_at AS token_revoked_at
       FROM admin_sessions s LEFT JOIN api_tokens t ON t.id = s.token_id
       WHERE s.id_hash = ? AND s.revoked_at IS NULL AND s.expires_at > ?`,
    )
    .bind(idHash, now)
    .first<Row>();
  if (!row) return null;
  return {
    idHash: row.id_hash,
    actor: row.actor,
    tokenId: row.token_id,
    accessIdentity: row.access_identity,
    adminKey: row.admin_key,
    createdAt: row.created_at,
    lastSeenAt: row.last_seen_at,
    expiresAt: row.expires_at,
    token:
      row.token_found && row.token_scope
        ? { scope: row.token_scope, expiresAt: row.token_expires_at, revokedAt: row.token_revoked_at }
        : null,
  };
}

export function revokeAdminSessionStatement(db: D1Database, idHash: string, at: string): D1PreparedStatement {
  return db.prepare('UPDATE admin_sessions SET revoked_at = ? WHERE id_hash = ? AND revoked_at IS NULL').bind(at, idHash);
}

export function touchAdminSessionStatement(db: D1Database, idHash: string, at: string): D1PreparedStatement {
  return db.prepare('UPDATE admin_sessions SET last_seen_at = ? WHERE id_hash = ?').bind(at, idHash);
}
