import type { Scope } from '../domain/scopes';

export interface ApiToken {
  id: string;
  name: string;
  prefix: string;
  scope: Scope;
  expiresAt: string | null;
  /** The token that minted this one; null when ADMIN_TOKEN or an Access user did. */
  mintedBy: string | null;
  createdAt: string;
  createdBy: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

interface TokenRow {
  id: string;
  name: string;
  token_hash: string;
  prefix: string;
  scope: Scope;
  expires_at: string | null;
  minted_by: string | null;
  created_at: string;
  created_by: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

const toToken = (r: TokenRow): ApiToken => ({
  id: r.id,
  name: r.name,
  prefix: r.prefix,
  scope: r.scope,
  expiresAt: r.expires_at,
  mintedBy: r.minted_by,
  createdAt: r.created_at,
  createdBy: r.created_by,
  lastUsedAt: r.last_used_at,
  revokedAt: r.revoked_at,
});

export async function findActiveTokenByHash(db: D1Database, hash: string): Promise<(ApiToken & { hash: string }) | null> {
  const row = await db.prepare('SELECT * FROM api_tokens WHERE token_hash = ? AND revoked_at IS NULL').bind(hash).first<TokenRow>();
  return row ? { ...toToken(row), hash: row.token_hash } : null;
}

export async function listTokens(db: D1Database): Promise<ApiToken[]> {
  const { results } = await db.prepare('SELECT * FROM api_tokens ORDER BY created_at DESC').all<TokenRow>();
  return results.map(toToken);
}

export async function findToken(db: D1Database, id: string): Promise<ApiToken | null> {
  const row = await db.prepare('SELECT * FROM api_tokens WHERE id = ?').bind(id).first<TokenRow>();
  return row ? toToken(row) : null;
}

/**
 * Inserts the token only while its minter is still unrevoked, so a token cannot slip in under a
 * minter revoked a moment before (wrap it in `guarded` to fail the batch when it does not).
 */
export function insertTokenStatement(db: D1Database, t: ApiToken, hash: string): D1PreparedStatement {
  return db
    .prepare(
      `INSERT INTO api_tokens (id, name, token_hash, prefix, scope, expires_at, minted_by, created_at, created_by)
       SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9
       WHERE ?7 IS NULL OR EXISTS (SELECT 1 FROM api_tokens WHERE id = ?7 AND revoked_at IS NULL)`,
    )
    .bind(t.id, t.name, hash, t.prefix, t.scope, t.expiresAt, t.mintedBy, t.createdAt, t.createdBy);
}

/** Every token `id` minted, directly or through others, still unrevoked, nearest first. */
export async function listMintedBelow(db: D1Database, id: string): Promise<Pick<ApiToken, 'id' | 'name'>[]> {
  const { results } = await db
    .prepare(
      `WITH RECURSIVE below (id, depth) AS (
         SELECT id, 1 FROM api_tokens WHERE minted_by = ?1
         UNION
         SELECT t.id, b.depth + 1 FROM api_tokens t JOIN below b ON t.minted_by = b.id
       )
       SELECT t.id, t.name FROM below b JOIN api_tokens t ON t.id = b.id
       WHERE t.revoked_at IS NULL ORDER BY b.depth, t.created_at`,
    )
    .bind(id)
    .all<{ id: string; name: string }>();
  return results;
}

/** Revokes the token and, in the same statement, every token below it in the minting tree. */
export function revokeTokenTreeStatement(db: D1Database, id: string, at: string): D1PreparedStatement {
  return db
    .prepare(
      `WITH RECURSIVE tree (id) AS (
         SELECT ?1
         UNION
         SELECT t.id FROM api_tokens t JOIN tree ON t.minted_by = tree.id
       )
       UPDATE api_tokens SET revoked_at = ?2 WHERE revoked_at IS NULL AND id IN (SELECT id FROM tree)`,
    )
    .bind(id, at);
}

export function touchTokenStatement(db: D1Database, id: string, at: string): D1PreparedStatement {
  return db.prepare('UPDATE api_tokens SET last_used_at = ? WHERE id = ?').bind(at, id);
}
