// The read snapshot's version and its publisher's lease: the one row of snapshot_state
// (migrations/0006_snapshot_state.sql). Lease times are real milliseconds (Date.now()), not the
// request's clock: they bound how long a live publisher may take.

/** A row that is missing (an emptied database) reads as the migration's: version 1, never published. */
const FIRST = '(1, 1, 0, 0)';
const COLUMNS = '(id, version, published_version, published_at_ms)';

export interface SnapshotState {
  version: number;
  publishedVersion: number;
  publishedAtMs: number;
}

interface StateRow {
  version: number;
  published_version: number;
  published_at_ms: number;
}

const toState = (row: StateRow): SnapshotState => ({
  version: row.version,
  publishedVersion: row.published_version,
  publishedAtMs: row.published_at_ms,
});

/** For the batch of every write that changes what the snapshot shows. */
export function bumpSnapshotVersionStatement(db: D1Database): D1PreparedStatement {
  return db.prepare(`INSERT INTO snapshot_state ${COLUMNS} VALUES ${FIRST} ON CONFLICT (id) DO UPDATE SET version = version + 1`);
}

export async function readSnapshotState(db: D1Database): Promise<SnapshotState> {
  const row = await db.prepare('SELECT version, published_version, published_at_ms FROM snapshot_state WHERE id = 1').first<StateRow>();
  return row ? toState(row) : { version: 1, publishedVersion: 0, publishedAtMs: 0 };
}

export interface LeaseRequest {
  owner: string;
  nowMs: number;
  leaseMs: number;
  /**
   * A reader found KV empty: take the lease even if D1 says the current version is published,
   * unless that publish is recent enough that the reader may be seeing KV's cached miss.
   */
  force: { missWindowMs: number } | null;
}

/**
 * Takes the lease when there is something to publish and no live lease; null when it is not
 * taken (nothing to publish, or the holder will publish the newer version on its way out).
 */
export async function acquireSnapshotLease(db: D1Database, lease: LeaseRequest): Promise<SnapshotState | null> {
  const [, taken] = await db.batch<StateRow>([
    db.prepare(`INSERT INTO snapshot_state ${COLUMNS} VALUES ${FIRST} ON CONFLICT (id) DO NOTHING`),
    db
      .prepare(
        `UPDATE snapshot_state SET lease_owner = ?1, lease_until_ms = ?2 + ?3
         WHERE id = 1 AND (lease_until_ms IS NULL OR lease_until_ms <= ?2)
           AND (published_version < version OR (?4 AND published_at_ms <= ?2 - ?5))
         RETURNING version, published_version, published_at_ms`,
      )
      .bind(lease.owner, lease.nowMs, lease.leaseMs, lease.force ? 1 : 0, lease.force?.missWindowMs ?? 0),
  ]);
  const row = taken?.results[0];
  return row ? toState(row) : null;
}

/** Takes the lease if no one holds it, whatever is published (the cron putting a rendering the clock made stale). */
export async function acquireIdleSnapshotLease(
  db: D1Database,
  lease: { owner: string; nowMs: number; leaseMs: number },
): Promise<SnapshotState | null> {
  const [, taken] = await db.batch<StateRow>([
    db.prepare(`INSERT INTO snapshot_state ${COLUMNS} VALUES ${FIRST} ON CONFLICT (id) DO NOTHING`),
    db
      .prepare(
        `UPDATE snapshot_state SET lease_owner = ?1, lease_until_ms = ?2 + ?3
         WHERE id = 1 AND (lease_until_ms IS NULL OR lease_until_ms <= ?2)
         RETURNING version, published_version, published_at_ms`,
      )
      .bind(lease.owner, lease.nowMs, lease.leaseMs),
  ]);
  const row = taken?.results[0];
  return row ? toState(row) : null;
}

/** Right before a put: extends the lease, or false when it ran out and may be someone else's now. */
export async function renewSnapshotLease(db: D1Database, owner: string, nowMs: number, leaseMs: number): Promise<boolean> {
  const result = await db
    .prepare('UPDATE snapshot_state SET lease_until_ms = ?2 + ?3 WHERE id = 1 AND lease_owner = ?1 AND lease_until_ms > ?2')
    .bind(owner, nowMs, leaseMs)
    .run();
  return result.meta.changes === 1;
}

/**
 * Records a put and lets the lease go only if no newer version was committed meanwhile: a writer
 * that found the lease taken left its version to the holder, which must then publish it. Returns
 * the state after, with `released` false when the holder has to go round again, and `lost` when
 * the lease had run out (nothing was recorded).
 */
export async function recordSnapshotPublished(
  db: D1Database,
  owner: string,
  version: number,
  atMs: number,
): Promise<{ lost: boolean; released: boolean; state: SnapshotState }> {
  const [record, release, read] = await db.batch<StateRow>([
    db
      .prepare(
        'UPDATE snapshot_state SET published_version = MAX(published_version, ?2), published_at_ms = ?3 WHERE id = 1 AND lease_owner = ?1',
      )
      .bind(owner, version, atMs),
    db
      .prepare(
        'UPDATE snapshot_state SET lease_owner = NULL, lease_until_ms = NULL WHERE id = 1 AND lease_owner = ?1 AND version <= published_version',
      )
      .bind(owner),
    db.prepare('SELECT version, published_version, published_at_ms FROM snapshot_state WHERE id = 1'),
  ]);
  const row = read?.results[0];
  return {
    lost: record?.meta.changes !== 1,
    released: release?.meta.changes === 1,
    state: row ? toState(row) : { version, publishedVersion: version, publishedAtMs: atMs },
  };
}

/** Lets the lease go whatever is left to publish (a put that kept failing): the cron retries. */
export async function abandonSnapshotLease(db: D1Database, owner: string): Promise<void> {
  await db
    .prepare('UPDATE snapshot_state SET lease_owner = NULL, lease_until_ms = NULL WHERE id = 1 AND lease_owner = ?1')
    .bind(owner)
    .run();
}

/** D1 went back in time (a restore) behind a version KV already holds: continue above it. */
export async function raiseSnapshotVersion(db: D1Database, above: number): Promise<void> {
  await db
    .prepare(`INSERT INTO snapshot_state ${COLUMNS} VALUES (1, ?1, 0, 0) ON CONFLICT (id) DO UPDATE SET version = MAX(version, ?1)`)
    .bind(above + 1)
    .run();
}

/**
 * A holder found its lease gone after its put: that put may have landed over a newer holder's.
 * Marking its version unpublished makes the next publisher (or the newer holder, whose release
 * now fails) put the newest again.
 */
export async function unpublishSnapshotVersion(db: D1Database, version: number): Promise<void> {
  await db.prepare('UPDATE snapshot_state SET published_version = MIN(published_version, ?1 - 1) WHERE id = 1').bind(version).run();
}
