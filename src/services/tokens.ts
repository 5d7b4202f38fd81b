import { z } from 'zod';
import { AppError, NotFound, Unauthorized } from '../domain/errors';
import { constantTimeEqual, toHex } from '../domain/hmac';
import type { Grant, Scope } from '../domain/scopes';
import { grantWithin, SCOPES } from '../domain/scopes';
import type { Actor, Ctx } from '../env';
import { randomId } from '../env';
import { auditStatement } from '../store/audit';
import { guarded, isStaleWrite } from '../store/guard';
import type { ApiToken } from '../store/tokens';
import {
  findActiveTokenByHash,
  findToken,
  insertTokenStatement,
  listMintedBelow,
  revokeTokenTreeStatement,
  touchTokenStatement,
} from '../store/tokens';
import { Name } from './schemas';

const TEN_YEARS_S = 10 * 366 * 24 * 3600;

export const TokenInput = z
  .strictObject({
    // A name ends up in audit lines and headers of the admin UI: no control characters.
    name: Name.regex(/^[^\p{Cc}]*$/u, 'must not contain control characters'),
    scope: z.enum(SCOPES).default('read').describe('read: GET only; write: everything but tokens; admin: everything'),
    expires_at: z.iso.datetime({ offset: true }).optional().describe('When the token stops working; absent: never'),
    expires_in: z.number().int().min(60).max(TEN_YEARS_S).optional().describe('Seconds from now until the token stops working'),
  })
  .refine((t) => t.expires_at === undefined || t.expires_in === undefined, {
    message: 'give expires_at or expires_in, not both',
    path: ['expires_in'],
  });
export type TokenInput = z.infer<typeof TokenInput>;

/** Who calls the admin API, and with what rights. */
export interface Principal {
  actor: Actor;
  scope: Scope;
  /** The minted token presented; null for ADMIN_TOKEN. */
  tokenId: string | null;
}

const encoder = new TextEncoder();

async function sha256Hex(value: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', encoder.encode(value));
  return toHex(digest);
}

const isExpired = (t: Pick<ApiToken, 'expiresAt'>, now: Date): boolean => t.expiresAt !== null && Date.parse(t.expiresAt) <= now.getTime();

/**
 * What the actor of `ctx` holds. ADMIN_TOKEN and people let in by Cloudflare Access (the admin
 * UI) are operators: admin, forever. A token holds what its row says, read afresh.
 */
async function grantOf(ctx: Ctx): Promise<Grant & { tokenId: string | null }> {
  if (ctx.actor === 'admin-token' || ctx.actor.startsWith('access:')) return { scope: 'admin', expiresAt: null, tokenId: null };
  if (ctx.actor.startsWith('token:')) {
    const token = await findToken(ctx.db, ctx.actor.slice('token:'.length));
    if (!token || token.revokedAt !== null || isExpired(token, ctx.now)) throw new Unauthorized();
    return { scope: token.scope, expiresAt: token.expiresAt ? new Date(token.expiresAt) : null, tokenId: token.id };
  }
  throw new AppError('forbidden', 'only a token of scope admin may manage tokens');
}

/** Mints a token; its secret is returned this once and only its hash is stored. */
export async function mintToken({ ctx, input }: { ctx: Ctx; input: TokenInput }): Promise<ApiToken & { token: string }> {
  const minter = await grantOf(ctx);
  const asked =
    input.expires_at !== undefined
      ? new Date(input.expires_at)
      : input.expires_in !== undefined
        ? new Date(ctx.now.getTime() + input.expires_in * 1000)
        : null;
  const grant = grantWithin(minter, { scope: input.scope, expiresAt: asked }, ctx.now);
  const secret = `fw_${randomId(40)}`;
  const token: ApiToken = {
    id: ctx.newId(),
    name: input.name,
    prefix: secret.slice(0, 7),
    scope: grant.scope,
    expiresAt: grant.expiresAt?.toISOString() ?? null,
    mintedBy: minter.tokenId,
    createdAt: ctx.now.toISOString(),
    createdBy: ctx.actor,
    lastUsedAt: null,
    revokedAt: null,
  };
  try {
    await ctx.db.batch([
      ...guarded(ctx.db, insertTokenStatement(ctx.db, token, await sha256Hex(secret))),
      auditStatement(ctx, 'token.create', 'token', token.id, {
        name: input.name,
        prefix: token.prefix,
        scope: token.scope,
        expires_at: token.expiresAt,
      }),
    ]);
  } catch (error) {
    // The minter was revoked between the check above and the insert.
    if (isStaleWrite(error)) throw new Unauthorized();
    throw error;
  }
  return { ...token, token: secret };
}

/** Revokes a token and every token minted below it, in one statement. */
export async function revokeToken({ ctx, id }: { ctx: Ctx; id: string }): Promise<void> {
  const revoker = await grantOf(ctx);
  if (revoker.scope !== 'admin') throw new AppError('forbidden', 'only a token of scope admin may revoke tokens');
  const token = await findToken(ctx.db, id);
  if (!token) throw new NotFound('Token', id);
  const below = await listMintedBelow(ctx.db, id);
  await ctx.db.batch([
    revokeTokenTreeStatement(ctx.db, id, ctx.now.toISOString()),
    auditStatement(ctx, 'token.revoke', 'token', id, { name: token.name, ...(below.length ? { also_revoked: below } : {}) }),
  ]);
}

/**
 * Who is behind an `Authorization: Bearer …` header: the bootstrap ADMIN_TOKEN or a minted,
 * unrevoked, unexpired token. Anything else is a 401; only the holder of a real but expired
 * secret learns that it expired.
 */
export async function authenticate(
  db: D1Database,
  adminToken: string | undefined,
  header: string | undefined,
  now: Date,
): Promise<Principal & { touch: D1PreparedStatement | null }> {
  const match = /^Bearer\s+(\S{8,200})\s*$/i.exec(header ?? '');
  if (!match?.[1]) throw new Unauthorized();
  const presented = match[1];
  if (adminToken && (await constantTimeEqual(presented, adminToken))) {
    return { actor: 'admin-token', scope: 'admin', tokenId: null, touch: null };
  }
  const hash = await sha256Hex(presented);
  const token = await findActiveTokenByHash(db, hash);
  if (!token || !(await constantTimeEqual(hash, token.hash))) throw new Unauthorized();
  if (isExpired(token, now)) throw new Unauthorized('this token has expired');
  return { actor: `token:${token.id}`, scope: token.scope, tokenId: token.id, touch: touchTokenStatement(db, token.id, now.toISOString()) };
}
