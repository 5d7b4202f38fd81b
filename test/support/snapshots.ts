// What KV and D1 hold of the read snapshot, as a test checks it.
import { env } from 'cloudflare:test';
import { RENDERED_KEY } from '../../src/services/rendered-held';
import type { Snapshot } from '../../src/services/snapshot';
import { SNAPSHOT_KEY } from '../../src/services/snapshot';

export interface StateRow {
  version: number;
  published_version: number;
  published_at_ms: number;
  lease_owner: string | null;
  lease_until_ms: number | null;
}

/** The snapshot_state row. */
export async function snapshotState(): Promise<StateRow> {
  const row = await env.DB.prepare('SELECT * FROM snapshot_state WHERE id = 1').first<StateRow>();
  if (!row) throw new Error('no snapshot_state row');
  return row;
}

/** The document in KV and the version its metadata names (null: none). */
export async function snapshotInKv(): Promise<{ version: number; snapshot: Snapshot } | null> {
  const stored = await env.SNAPSHOT.getWithMetadata<Snapshot, { version: number }>(SNAPSHOT_KEY, 'json');
  if (stored.value === null || !stored.metadata) return null;
  return { version: stored.metadata.version, snapshot: stored.value };
}

/** A snapshot under `version` in KV, as another isolate's publish leaves it. */
export async function putInKv(snapshot: Snapshot): Promise<void> {
  await env.SNAPSHOT.put(SNAPSHOT_KEY, JSON.stringify(snapshot), {
    metadata: { version: snapshot.version, generatedAt: snapshot.generatedAt },
  });
}

/**
 * The first deploy of snapshot publishing on a page with history: D1 holds the page, migration
 * 0006 has just made the state row (version 1, nothing published), and KV holds nothing (no
 * snapshot, no rendering of it).
 */
export async function asFirstDeploy(): Promise<void> {
  await env.SNAPSHOT.delete(SNAPSHOT_KEY);
  await env.SNAPSHOT.delete(RENDERED_KEY);
  await env.DB.prepare(
    'UPDATE snapshot_state SET version = 1, published_version = 0, published_at_ms = 0, lease_owner = NULL, lease_until_ms = NULL',
  ).run();
}
