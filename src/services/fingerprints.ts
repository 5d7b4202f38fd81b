// The keyed fingerprints of addresses erased after leaving (migrations/0016_erased_subscribers.sql):
// which addresses have one, and removing one. Keyed with SIGNING_SECRET; without it none exists.
import { addressHash } from '../domain/subscribers';
import type { Ctx } from '../env';
import { erasedAmong, forgetErasedStatement } from '../store/subscribers';

/** Which of `emails` (folded) belong to subscribers erased after leaving. */
export async function erasedAddresses(ctx: Ctx, emails: readonly string[]): Promise<Set<string>> {
  const secret = ctx.config.SIGNING_SECRET;
  if (!secret) return new Set();
  const hashes = new Map(await Promise.all(emails.map(async (e) => [await addressHash(secret, e), e] as const)));
  const found = await erasedAmong(ctx.db, [...hashes.keys()]);
  return new Set([...found].map((hash) => hashes.get(hash) ?? hash));
}

/**
 * The removal of an address's fingerprint, if it has one: its owner confirmed again, or an
 * operator erased them (erasing someone keeps nothing of them).
 */
export async function forgetFingerprintStatements(ctx: Ctx, email: string): Promise<D1PreparedStatement[]> {
  const secret = ctx.config.SIGNING_SECRET;
  return secret ? [forgetErasedStatement(ctx.db, await addressHash(secret, email))] : [];
}
