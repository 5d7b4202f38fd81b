// Retention, one bounded sweep per cron tick: D1 holds 10 GB at most, and both outboxes grow with
// every notice (one row per subscriber and per webhook), so finished rows go after RETENTION_DAYS.
// Each notice's tallies keep counting them (store/retention.ts). Subscribers who never confirmed
// go after UNCONFIRMED_DAYS, with what they chose and the confirmations sent to them; those who
// left go once the last record of what was sent to them has (RETENTION_DAYS after they left), all
// but a keyed fingerprint of their address that keeps an import from signing them up again; those
// whose address bounced go the same way, without a fingerprint.
import { UNCONFIRMED_DAYS } from '../domain/signed-links';
import { addressHash } from '../domain/subscribers';
import { DAY_MS } from '../domain/time-units';
import type { Ctx } from '../env';
import { deleteExpiredAdminSessionsStatement } from '../store/admin-sessions';
import type { OutboxTable } from '../store/outbox';
import { pruneRateLimitsStatement } from '../store/rate-limits';
import { pruneSignaturesStatement } from '../store/relay-signatures';
import { prunableIds, pruneStatements } from '../store/retention';
import { deleteUnconfirmedStatement, eraseBouncedStatements, eraseLeaversStatements, leaversToErase } from '../store/subscribers';
import { MAILGUN_SIGNATURE_MAX_AGE_MS } from './relay-events';

/**
 * Rows per statement: short enough that the DELETE (six index entries a delivery row) holds the
 * database for milliseconds, and one JSON parameter whatever the count (D1 binds 100 at most).
 */
export const PRUNE_CHUNK = 1_000;

/**
 * Rows per tick, over both outboxes: at three D1 queries a chunk, a tick stays far under the
 * invocation's query limit (1,000 on Workers Paid, 50 on Free) beside the scheduler's own work,
 * and at one tick a minute it still prunes 7.2 million rows a day, far more than any page sends.
 */
export const PRUNE_PER_TICK = 5 * PRUNE_CHUNK;

/** Subscription-form counters are per hour or per day; a window a day old counts for nothing. */
const RATE_LIMIT_KEEP_MS = DAY_MS;

export interface RetentionReport {
  deliveries: number;
  webhookDeliveries: number;
  unconfirmedSubscribers: number;
  erasedSubscribers: number;
  /** Bounced addresses erased (store/subscribers.ts eraseBouncedStatements). */
  erasedBounced: number;
}

/**
 * Leavers (and, apart, bounced addresses) erased a tick: a keyed hash each (a few microseconds) and two statements for the chunk.
 * Unsubscribing is one click per person, so a tick a minute keeps far ahead of any page.
 */
export const ERASE_CHUNK = 500;

/**
 * Deletes up to `budget` finished deliveries and webhook deliveries older than RETENTION_DAYS,
 * a chunk of each outbox in turn, up to PRUNE_CHUNK subscribers unconfirmed for UNCONFIRMED_DAYS,
 * and the rate-limit windows long past. Safe to run twice at once: each chunk counts only the rows
 * its own DELETE removes.
 */
export async function pruneExpiredDeliveries(ctx: Ctx, budget = PRUNE_PER_TICK): Promise<RetentionReport> {
  const before = new Date(ctx.now.getTime() - ctx.config.RETENTION_DAYS * DAY_MS).toISOString();
  const deleted: Record<OutboxTable, number> = { deliveries: 0, webhook_deliveries: 0 };
  let left = budget;
  let active: OutboxTable[] = ['deliveries', 'webhook_deliveries'];
  while (left > 0 && active.length > 0) {
    const next: OutboxTable[] = [];
    for (const table of active) {
      const ids = left > 0 ? await prunableIds(ctx.db, table, before, Math.min(PRUNE_CHUNK, left)) : [];
      if (ids.length === 0) continue;
      const [, removal] = await ctx.db.batch(pruneStatements(ctx.db, table, ids, before));
      deleted[table] += removal?.meta.changes ?? 0;
      left -= ids.length;
      // A short chunk was the last one; a full one may have more behind it.
      if (ids.length === PRUNE_CHUNK) next.push(table);
    }
    active = next;
  }
  // Counters past their window, admin sessions past their end and relay signatures no longer
  // accepted, in one round trip.
  await ctx.db.batch([
    pruneRateLimitsStatement(ctx.db, new Date(ctx.now.getTime() - RATE_LIMIT_KEEP_MS).toISOString()),
    deleteExpiredAdminSessionsStatement(ctx.db, ctx.now.toISOString()),
    pruneSignaturesStatement(ctx.db, new Date(ctx.now.getTime() - 2 * MAILGUN_SIGNATURE_MAX_AGE_MS).toISOString()),
  ]);
  // One chunk a tick is plenty: the form lets at most SUBSCRIBE_LIMITS.overallHour new addresses
  // in an hour, 60 ticks. Their confirmations have no notice, so no tally counts them.
  const unconfirmedBefore = new Date(ctx.now.getTime() - UNCONFIRMED_DAYS * DAY_MS).toISOString();
  const unconfirmed = await deleteUnconfirmedStatement(ctx.db, unconfirmedBefore, PRUNE_CHUNK).all();
  return {
    deliveries: deleted.deliveries,
    webhookDeliveries: deleted.webhook_deliveries,
    unconfirmedSubscribers: unconfirmed.results.length,
    erasedSubscribers: await eraseLeavers(ctx, before),
    // Never sooner than a confirmation link lives (RETENTION_DAYS may be set lower): one sent to
    // a bounced reader who asked to come back must find them.
    erasedBounced: await eraseBounced(
      ctx,
      new Date(ctx.now.getTime() - Math.max(ctx.config.RETENTION_DAYS, UNCONFIRMED_DAYS) * DAY_MS).toISOString(),
    ),
  };
}

/**
 * Erases up to ERASE_CHUNK bounced subscribers, bounced and last changed before `before`, whose
 * last e-mail's record is gone (store/subscribers.ts eraseBouncedStatements says why no fingerprint).
 */
async function eraseBounced(ctx: Ctx, before: string): Promise<number> {
  const [, erased] = await ctx.db.batch(eraseBouncedStatements(ctx.db, before, ERASE_CHUNK));
  return erased?.results.length ?? 0;
}

/**
 * Erases up to ERASE_CHUNK subscribers who left before `before` (RETENTION_DAYS ago: the manage
 * link lets them come back until then) and of whom no delivery row is left, keeping the keyed
 * fingerprint of each address. Without SIGNING_SECRET nothing is erased: the fingerprint needs it.
 */
async function eraseLeavers(ctx: Ctx, before: string): Promise<number> {
  const secret = ctx.config.SIGNING_SECRET;
  if (!secret) return 0;
  const leavers = await leaversToErase(ctx.db, before, ERASE_CHUNK);
  if (leavers.length === 0) return 0;
  const hashed = await Promise.all(leavers.map(async (l) => ({ ...l, addressHash: await addressHash(secret, l.email) })));
  // One fingerprint written per subscriber erased (the DELETE's count takes in their choices too).
  const [kept] = await ctx.db.batch(eraseLeaversStatements(ctx.db, hashed, ctx.now.toISOString()));
  return kept?.meta.changes ?? 0;
}
