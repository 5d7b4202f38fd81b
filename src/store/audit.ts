import type { Ctx } from '../env';

export interface AuditEntry {
  id: number;
  at: string;
  actor: string;
  action: string;
  targetType: string;
  targetId: string | null;
  details: unknown;
}

/**
 * The audit row of one write; services put it in the same batch as the write itself. A token
 * actor (`token:<id>`) is written with its name as `token:<name> (<id>)`, read from the token's
 * row in the same statement, so the log says who acted even for the admin UI's token sessions.
 */
export function auditStatement(
  ctx: Ctx,
  action: string,
  targetType: string,
  targetId: string | null,
  details: unknown = {},
): D1PreparedStatement {
  return ctx.db
    .prepare(
      `INSERT INTO audit_log (at, actor, action, target_type, target_id, details)
       VALUES (?1, COALESCE((SELECT 'token:' || name || ' (' || id || ')' FROM api_tokens
                             WHERE ?2 LIKE 'token:%' AND id = substr(?2, 7)), ?2), ?3, ?4, ?5, ?6)`,
    )
    .bind(ctx.now.toISOString(), ctx.actor, action, targetType, targetId, JSON.stringify(details));
}

interface AuditRow {
  id: number;
  at: string;
  actor: string;
  action: string;
  target_type: string;
  target_id: string | null;
  details: string;
}

export async function listAudit(
  db: D1Database,
  query: { limit: number; before?: number | undefined; targetType?: string | undefined; targetId?: string | undefined },
): Promise<AuditEntry[]> {
  const { results } = await db
    .prepare(
      `SELECT * FROM audit_log
       WHERE (?1 IS NULL OR id < ?1) AND (?2 IS NULL OR target_type = ?2) AND (?3 IS NULL OR target_id = ?3)
       ORDER BY id DESC LIMIT ?4`,
    )
    .bind(query.before ?? null, query.targetType ?? null, query.targetId ?? null, query.limit)
    .all<AuditRow>();
  return results.map((r) => ({
    id: r.id,
    at: r.at,
    actor: r.actor,
    action: r.action,
    targetType: r.target_type,
    targetId: r.target_id,
    details: JSON.parse(r.details),
  }));
}

/**
 * Blanks the details of the audit rows about the subscribers whose ids `idsSql` selects (a
 * subquery over ?1): the choices they saved are theirs, and go when they are erased. Who acted,
 * what and when stay.
 */
export function redactSubscriberAuditStatement(db: D1Database, idsSql: string, ...bound: unknown[]): D1PreparedStatement {
  return db
    .prepare(`UPDATE audit_log SET details = '{}' WHERE target_type = 'subscriber' AND details != '{}' AND target_id IN (${idsSql})`)
    .bind(...bound);
}
