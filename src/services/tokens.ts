import { z } from 'zod';
import { NotFound, Unauthorized } from '../domain/errors';
import type { Ctx } from '../env';
import { randomId } from '../env';
import { auditStatement } from '../store/audit';
import type { ApiToken } from '../store/tokens';
import { findActiveTokenByHash, findToken, insertTokenStatement, revokeTokenStatement, touchTokenStatement } from '../store/tokens';
import { Name } from './schemas';

export const TokenInput = z.strictObject({ name: Name });
export type TokenInput = z.infer<typeof TokenInput>;

const encoder = new TextEncoder();

async function sha256Hex(value: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', encoder.encode(value));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** Compares two strings in time that depends on their length only. */
async function constantTimeEqual(a: string, b: string): Promise<boolean> {
  // Hashing first makes both sides the same length, which timingSafeEqual requires.
  const [ha, hb] = await Promise.all([a, b].map((v) => crypto.subtle.digest('SHA-256', encoder.encode(v))));
  return crypto.subtle.timingSafeEqual(ha as ArrayBuffer, hb as ArrayBuffer);
}

/** Mints a token; its secret is returned this once and only its hash is stored. */
export async function mintToken({ ctx, input }: { ctx: Ctx; input: TokenInput }): Promise<ApiToken & { token: string }> {
  const secret = `fw_${randomId(40)}`;
  const token: ApiToken = {
    id: ctx.newId(),
    name: input.name,
    prefix: secret.slice(0, 7),
    createdAt: ctx.now.toISOString(),
    createdBy: ctx.actor,
    lastUsedAt: null,
    revokedAt: null,
  };
  await ctx.db.batch([
    insertTokenStatement(ctx.db, token, await sha256Hex(secret)),
    auditStatement(ctx, 'token.create', 'token', token.id, { name: input.name, prefix: token.prefix }),
  ]);
  return { ...token, token: secret };
}

export async function revokeToken({ ctx, id }: { ctx: Ctx; id: string }): Promise<void> {
  const token = await findToken(ctx.db, id);
  if (!token) throw new NotFound('Token', id);
  await ctx.db.batch([
    revokeTokenStatement(ctx.db, id, ctx.now.toISOString()),
    auditStatement(ctx, 'token.revoke', 'token', id, { name: token.name }),
  ]);
}

/**
 * The actor behind an `Authorization: Bearer …` header: the bootstrap ADMIN_TOKEN or a minted,
 * unrevoked token. Anything else is a 401 that does not say which part was wrong.
 */
export async function authenticate(
  db: D1Database,
  adminToken: string | undefined,
  header: string | undefined,
  now: Date,
): Promise<{ actor: string; touch: D1PreparedStatement | null }> {
  const match = /^Bearer\s+(\S{8,200})\s*$/i.exec(header ?? '');
  if (!match?.[1]) throw new Unauthorized();
  const presented = match[1];
  if (adminToken && (await constantTimeEqual(presented, adminToken))) return { actor: 'admin-token', touch: null };
  const hash = await sha256Hex(presented);
  const token = await findActiveTokenByHash(db, hash);
  if (!token || !(await constantTimeEqual(hash, token.hash))) throw new Unauthorized();
  return { actor: `token:${token.id}`, touch: touchTokenStatement(db, token.id, now.toISOString()) };
}
