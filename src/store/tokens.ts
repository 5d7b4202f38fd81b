export interface ApiToken {
  id: string;
  name: string;
  prefix: string;
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
  created_at: string;
  created_by: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

const toToken = (r: TokenRow): ApiToken => ({
  id: r.id,
  name: r.name,
  prefix: r.prefix,
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

export function insertTokenStatement(db: D1Database, t: ApiToken, hash: string): D1PreparedStatement {
  return db
    .prepare('INSERT INTO api_tokens (id, name, token_hash, prefix, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?)')
    .bind(t.id, t.name, hash, t.prefix, t.createdAt, t.createdBy);
}

export function revokeTokenStatement(db: D1Database, id: string, at: string): D1PreparedStatement {
  return db.prepare('UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL').bind(at, id);
}

export function touchTokenStatement(db: D1Database, id: string, at: string): D1PreparedStatement {
  return db.prepare('UPDATE api_tokens SET last_used_at = ? WHERE id = ?').bind(at, id);
}
