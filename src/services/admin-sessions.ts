// Admin UI sessions, kept in D1 so that each can end at once: signing out revokes it, and every
// request checks it against what it signed in with (the token's row, ADMIN_TOKEN, the Access JWT).
// The cookie holds a random 256-bit id; the table holds its hash.
import { toBase64Url, toHex } from '../domain/hmac';
import type { Scope } from '../domain/scopes';
import {
  deleteExpiredAdminSessionsStatement,
  findLiveAdminSession,
  insertAdminSessionStatement,
  revokeAdminSessionStatement,
  touchAdminSessionStatement,
} from '../store/admin-sessions';

/** Long enough for a migration night, short enough that a forgotten laptop does not stay in. */
export const SESSION_TTL_MS = 12 * 3_600_000;
/** last_seen_at is moved at most this often: a session read on every page, written now and then. */
const TOUCH_EVERY_MS = 5 * 60_000;

/** What a session signed in with, which it stays valid only as long as. */
export type SessionOrigin =
  | { kind: 'admin-token'; adminKey: string }
  | { kind: 'token'; tokenId: string; scope: Scope }
  | { kind: 'access'; actor: `access:${string}` };

export interface LiveSession {
  idHash: string;
  actor: string;
  /** ADMIN_TOKEN and Access users are admin; a token session holds its token's scope, read afresh. */
  scope: Scope;
  expiresAt: Date;
}

/** What the request shows besides the cookie, to check the session against. */
export interface Presented {
  /** The digest of the ADMIN_TOKEN configured now; null when there is none. */
  adminKey: string | null;
  /** The actor of the request's valid Access JWT, null without one; asked for Access sessions only. */
  accessActor: () => Promise<string | null>;
}

const encoder = new TextEncoder();

export async function sessionIdHash(id: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', encoder.encode(id)));
  return toHex(digest);
}

/** A fresh session id: 256 bits from the platform's CSPRNG, never from ctx's ids. */
export const newSessionId = (): string => toBase64Url(crypto.getRandomValues(new Uint8Array(32)));

const actorOf = (origin: SessionOrigin): string =>
  origin.kind === 'admin-token' ? 'admin-token' : origin.kind === 'token' ? `token:${origin.tokenId}` : origin.actor;

/** Opens a session (and clears out expired ones); returns the id for the cookie, which nothing stores. */
export async function openAdminSession(db: D1Database, origin: SessionOrigin, now: Date): Promise<{ id: string; session: LiveSession }> {
  const id = newSessionId();
  const idHash = await sessionIdHash(id);
  const at = now.toISOString();
  const expiresAt = new Date(now.getTime() + SESSION_TTL_MS);
  const actor = actorOf(origin);
  await db.batch([
    deleteExpiredAdminSessionsStatement(db, at),
    insertAdminSessionStatement(db, {
      idHash,
      actor,
      tokenId: origin.kind === 'token' ? origin.tokenId : null,
      accessIdentity: origin.kind === 'access' ? origin.actor.slice('access:'.length) : null,
      adminKey: origin.kind === 'admin-token' ? origin.adminKey : null,
      createdAt: at,
      lastSeenAt: at,
      expiresAt: expiresAt.toISOString(),
    }),
  ]);
  return { id, session: { idHash, actor, scope: origin.kind === 'token' ? origin.scope : 'admin', expiresAt } };
}

/**
 * The session `id` names, if it is live and what it signed in with still holds: its token
 * unrevoked and unexpired, ADMIN_TOKEN unchanged, or a valid Access JWT for the same identity on
 * this very request. One D1 read; `touch` is the occasional last_seen_at write, for after the answer.
 */
export async function findAdminSession(
  db: D1Database,
  id: string,
  now: Date,
  presented: Presented,
): Promise<{ session: LiveSession; touch: D1PreparedStatement | null } | null> {
  const row = await findLiveAdminSession(db, await sessionIdHash(id), now.toISOString());
  if (!row) return null;
  let scope: Scope | null = null;
  if (row.actor === 'admin-token') {
    scope = presented.adminKey !== null && row.adminKey === presented.adminKey ? 'admin' : null;
  } else if (row.tokenId !== null) {
    const t = row.token;
    const live = t !== null && t.revokedAt === null && (t.expiresAt === null || Date.parse(t.expiresAt) > now.getTime());
    scope = live ? t.scope : null;
  } else if (row.accessIdentity !== null) {
    scope = (await presented.accessActor()) === row.actor ? 'admin' : null;
  }
  if (!scope) return null;
  const stale = now.getTime() - Date.parse(row.lastSeenAt) >= TOUCH_EVERY_MS;
  return {
    session: { idHash: row.idHash, actor: row.actor, scope, expiresAt: new Date(row.expiresAt) },
    touch: stale ? touchAdminSessionStatement(db, row.idHash, now.toISOString()) : null,
  };
}

/** Signing out: the session is revoked at once, whoever still holds its cookie. */
export async function endAdminSession(db: D1Database, idHash: string, now: Date): Promise<void> {
  await revokeAdminSessionStatement(db, idHash, now.toISOString()).run();
}
