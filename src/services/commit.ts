import { Conflict } from '../domain/errors';
import type { Ctx } from '../env';
import { fanOutQuietly } from '../notify/fan-out';
import { isStaleWrite } from '../store/guard';
import { bumpSnapshotVersionStatement } from '../store/snapshot-state';
import { publishAfterWrite } from './snapshot';

/**
 * Commits the statements of one use case together (D1 batches are transactions), with the bump
 * of the snapshot's version, then publishes a fresh read snapshot and fans out the notices it
 * recorded. A write whose guarded read went stale is refused whole with 409. The results are the
 * statements' own, in their order.
 */
export async function commit(ctx: Ctx, statements: D1PreparedStatement[]): Promise<D1Result[]> {
  let results: D1Result[];
  try {
    results = (await ctx.db.batch([...statements, bumpSnapshotVersionStatement(ctx.db)])).slice(0, statements.length);
  } catch (error) {
    if (isStaleWrite(error)) throw new Conflict('it was changed by someone else meanwhile; reload and try again');
    throw error;
  }
  await publishAfterWrite(ctx);
  // Notices this write recorded go out now, after the answer when the request allows it (a
  // notice to 100,000 subscribers is 10,000 queue messages); the cron catches what this misses.
  if (ctx.defer) ctx.defer(fanOutQuietly(ctx));
  else await fanOutQuietly(ctx);
  return results;
}
