// Compare-and-swap for D1 batches (see write_checks in migrations/0001_foundation.sql).

/**
 * Wraps a guarded UPDATE (one that matches zero rows when the read it was built on is stale)
 * so that the batch it opens aborts and rolls back as a whole instead of half-applying.
 */
export function guarded(db: D1Database, update: D1PreparedStatement): D1PreparedStatement[] {
  return [update, db.prepare('INSERT INTO write_checks (changed) VALUES (changes())'), db.prepare('DELETE FROM write_checks')];
}

/** True when D1 rejected a batch because a guard found its read stale. */
export const isStaleWrite = (error: unknown): boolean =>
  error instanceof Error && /CHECK constraint failed: changed = 1/.test(error.message);

/** True when D1 rejected a batch because a UNIQUE key already existed. */
export const isUniqueViolation = (error: unknown): boolean => error instanceof Error && /UNIQUE constraint failed/.test(error.message);
