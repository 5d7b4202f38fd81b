// Fixed-window counters (table rate_limits).

/** Counts one more hit of `key` in the window starting at `windowStart`; returns the hits so far. */
export async function hitRateLimit(db: D1Database, key: string, windowStart: string): Promise<number> {
  const row = await db
    .prepare(
      `INSERT INTO rate_limits (key, window_start, hits) VALUES (?, ?, 1)
       ON CONFLICT (key, window_start) DO UPDATE SET hits = hits + 1 RETURNING hits`,
    )
    .bind(key, windowStart)
    .first<{ hits: number }>();
  return row?.hits ?? 1;
}

export function pruneRateLimitsStatement(db: D1Database, before: string): D1PreparedStatement {
  return db.prepare('DELETE FROM rate_limits WHERE window_start < ?').bind(before);
}
