// What an admin API token may do, and what a token may hand on when it mints another.
import { AppError, Invalid } from './errors';

/** Ordered from least to most: each scope covers the ones before it. */
export const SCOPES = ['read', 'write', 'admin'] as const;
export type Scope = (typeof SCOPES)[number];

/** What a route needs: a scope, or nothing at all for the few documents anyone may read. */
export type Requirement = Scope | 'public';

export const SCOPE_MEANING: Record<Scope, string> = {
  read: "GET requests only, subscribers' addresses excepted (their counts are readable)",
  write:
    "everything but tokens: create, edit and delete components, incidents, maintenances, subscribers, webhooks, settings, and read subscribers' addresses",
  admin: 'everything, and the only scope that lists, mints or revokes tokens',
};

/** True when a token of scope `held` may call a route that needs `needed`; anything unknown is refused. */
export function covers(held: string, needed: string): boolean {
  const have = SCOPES.indexOf(held as Scope);
  const want = SCOPES.indexOf(needed as Scope);
  return have >= 0 && want >= 0 && have >= want;
}

/** What a token holds: its scope and the moment it stops working (null: never). */
export interface Grant {
  scope: Scope;
  expiresAt: Date | null;
}

/**
 * The grant of a token minted by `minter`. Only an admin mints, and admin is the widest scope, so
 * no token mints a wider one than its own; nor a later expiry (a token asked for without one
 * expires with its minter), so nothing minted outlives or outranks its minter.
 */
export function grantWithin(minter: Grant, requested: Grant, now: Date): Grant {
  if (minter.scope !== 'admin') throw new AppError('forbidden', 'only a token of scope admin may mint tokens', { scope: minter.scope });
  if (requested.expiresAt && requested.expiresAt.getTime() <= now.getTime()) {
    throw new Invalid('expires_at must be in the future', { expires_at: requested.expiresAt.toISOString() });
  }
  if (minter.expiresAt && (!requested.expiresAt || requested.expiresAt.getTime() > minter.expiresAt.getTime())) {
    if (requested.expiresAt) {
      throw new AppError('forbidden', `a token cannot mint one that expires after itself (${minter.expiresAt.toISOString()})`, {
        expires_at: requested.expiresAt.toISOString(),
        limit: minter.expiresAt.toISOString(),
      });
    }
    return { scope: requested.scope, expiresAt: minter.expiresAt };
  }
  return requested;
}
