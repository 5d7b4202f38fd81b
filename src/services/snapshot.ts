// The read snapshot: one document with everything the public surfaces show, published to KV
// after every write so that reads never need D1 (and survive it being down).
//
// Consistency: a write rebuilds the snapshot and this isolate serves it at once, so the next read
// in the same isolate sees it; the put to KV follows within KV's one write per second per key
// (snapshot-publisher.ts). Every read asks KV for the current version (the document's metadata,
// edge-cached for KV_CACHE_TTL seconds); only a newer version is downloaded and parsed, and an
// older one (an edge still serving it) is ignored. Other isolates and locations therefore see a
// write within KV's own propagation delay (about a minute at worst), and a public request
// normally costs one small KV read and no JSON.parse. While KV holds nothing (a first deploy), a
// reader serves a snapshot built from D1 and publishes it, one publisher at a time.
import type { Bindings, Ctx } from '../env';
import { KV_WRITE_GAP_MS, readConfig } from '../env';
import { readSnapshotState } from '../store/snapshot-state';
import { holdRendered } from './rendered-held';
import { renderFor } from './rendered-store';
import { CheckUnderWay, SharedWork, within } from './shared-work';
import type { Snapshot } from './snapshot-build';
import { buildSnapshot } from './snapshot-build';
import type { SnapshotMetadata } from './snapshot-publisher';
import { publishSnapshot as publish, SNAPSHOT_KEY } from './snapshot-publisher';

export type { Snapshot } from './snapshot-build';
export { buildSnapshot, DEFAULT_PAGE } from './snapshot-build';
export { SNAPSHOT_KEY } from './snapshot-publisher';

/** KV's minimum: how long a location may serve the version it read before asking again. */
const KV_CACHE_TTL = 30;
/**
 * How long an isolate serves the snapshot it holds without asking KV. KV itself lets a location
 * serve a version for KV_CACHE_TTL seconds; one more second costs nothing in freshness and spares
 * busy isolates a KV read per request.
 */
const RECHECK_MS = 1_000;

/** The snapshot this isolate holds; a read reuses it while KV holds nothing newer. */
let current: Snapshot | null = null;
/** When this isolate last asked KV (or built one): within RECHECK_MS it does not ask again. */
let checkedAt = Number.NEGATIVE_INFINITY;
/** How long a build from D1 under way is joined rather than started again. */
const BUILD_PATIENCE_MS = 5_000;
/** The build of a KV miss, shared by the requests of this isolate that meet the same miss. */
const building = new SharedWork<Snapshot>(BUILD_PATIENCE_MS);
/**
 * A request of this isolate asking KV for a newer snapshot: the others serve the one held
 * meanwhile, rather than each asking (and, for a new version, each downloading and parsing it).
 */
const checking = new CheckUnderWay(RECHECK_MS);

/** How the KV put after a read or a write runs. */
export interface Publishing {
  /** Real milliseconds between two puts: Deps.snapshotWriteGapMs. */
  writeGapMs: number;
  /** A request's waitUntil: the put (which may wait for KV's gap) runs after the answer. Without it, the caller waits. */
  defer?: (work: Promise<unknown>) => void;
}

async function runPublish(publishing: Publishing, work: Promise<unknown>): Promise<void> {
  if (publishing.defer) publishing.defer(work);
  else await work;
}

/**
 * Holds a snapshot built from D1. One labelled below the one held is older (a build that raced a
 * later write) and is dropped, unless D1's count went back (an emptied or restored database).
 */
async function adopt(db: D1Database, built: Snapshot, at: number): Promise<Snapshot> {
  if (current && built.version < current.version && (await readSnapshotState(db)).version >= current.version) return current;
  current = built;
  checkedAt = at;
  return built;
}

/**
 * After a committed write: rebuilds the snapshot, serves it in this isolate at once, and
 * publishes it (after the answer when the request allows). A failure is logged, not thrown: the
 * write itself is committed, and the cron publishes what this misses.
 */
export async function publishAfterWrite(ctx: Ctx): Promise<Snapshot | null> {
  let held: Snapshot;
  try {
    held = await adopt(ctx.db, await buildSnapshot(ctx.db, ctx.now, ctx.config.PUBLIC_URL), ctx.now.getTime());
  } catch (error) {
    console.error('snapshot: rebuild after a write failed; the cron will publish it', error);
    return null;
  }
  // The public documents are rendered here, once, for this isolate to serve at once and for the
  // publisher to put beside the snapshot: requests then only read them (services/rendered.ts).
  let rendered: Awaited<ReturnType<typeof renderFor>> | undefined;
  try {
    rendered = holdRendered(await renderFor(ctx.env, held, ctx.now), ctx.now.getTime(), true);
  } catch (error) {
    console.error('snapshot: rendering after a write failed; readers will render it', error);
  }
  const publishing: Publishing = { writeGapMs: ctx.snapshotWriteGapMs, ...(ctx.defer ? { defer: ctx.defer } : {}) };
  await runPublish(
    publishing,
    publish({ env: ctx.env, now: ctx.now, writeGapMs: publishing.writeGapMs, held, ...(rendered ? { rendered } : {}) }),
  );
  return held;
}

/**
 * Publishes whatever D1 has that KV has not (the cron: after a crash or a lasting 429), and holds
 * it here; also puts a rendering the clock made stale (the page zone's midnight), so that readers
 * everywhere serve the new day's without each rendering it.
 */
export async function publishSnapshot(ctx: Ctx, writeGapMs = ctx.snapshotWriteGapMs): Promise<Snapshot | null> {
  const published = await publish({ env: ctx.env, now: ctx.now, writeGapMs, refresh: true });
  return published ? adopt(ctx.db, published, ctx.now.getTime()) : null;
}

/**
 * The last published snapshot, parsed once per version per isolate. If KV cannot be read, the
 * one this isolate holds serves; if KV holds none, one is built from D1, served, and published.
 */
export async function readSnapshot(env: Bindings, now: Date, publishing: Publishing = { writeGapMs: KV_WRITE_GAP_MS }): Promise<Snapshot> {
  const askedAt = now.getTime();
  if (current && (within(askedAt, checkedAt, RECHECK_MS) || checking.covers(askedAt))) return current;
  checking.begin(askedAt);
  try {
    return await askKv(env, now, publishing);
  } finally {
    checking.end(askedAt);
  }
}

/** readSnapshot's question to KV: a newer version than the one held? */
async function askKv(env: Bindings, now: Date, publishing: Publishing): Promise<Snapshot> {
  let stored: KVNamespaceGetWithMetadataResult<ReadableStream, SnapshotMetadata>;
  try {
    stored = await env.SNAPSHOT.getWithMetadata<SnapshotMetadata>(SNAPSHOT_KEY, { type: 'stream', cacheTtl: KV_CACHE_TTL });
  } catch (error) {
    if (!current) throw error;
    console.error('snapshot: KV read failed, serving the last one this isolate holds', error);
    return current;
  }
  if (stored.value === null) return builtOnMiss(env, now, publishing);
  checkedAt = now.getTime();
  const version = stored.metadata?.version;
  if (current && typeof version === 'number' && version <= current.version) {
    await stored.value.cancel();
    return current;
  }
  current = JSON.parse(await new Response(stored.value).text()) as Snapshot;
  return current;
}

/** KV holds no snapshot: a first deploy (or the key was deleted). D1 has the state; publish it. */
async function builtOnMiss(env: Bindings, now: Date, publishing: Publishing): Promise<Snapshot> {
  const { work, started: starter } = building.join(now.getTime(), () =>
    buildSnapshot(env.DB, now, readConfig(env).PUBLIC_URL).then((built) => adopt(env.DB, built, now.getTime())),
  );
  let held: Snapshot;
  try {
    held = await work;
  } catch (error) {
    if (!current) throw error;
    console.error('snapshot: KV holds none and D1 cannot build one; serving the one this isolate holds', error);
    return current;
  }
  // The other requests that met this miss serve the same build; one publish attempt per build.
  if (starter) {
    console.warn(`snapshot: KV holds none; serving version ${held.version} built from D1, and publishing it`);
    await runPublish(publishing, publish({ env, now, writeGapMs: publishing.writeGapMs, held, force: true }));
  }
  return held;
}

const derived = new WeakMap<Snapshot, Map<string, unknown>>();

/**
 * A value computed from one snapshot once per isolate (a rendered document, its ETag): a
 * snapshot never changes, and the parsed one lives as long as its version is current.
 */
export function fromSnapshot<T>(snapshot: Snapshot, key: string, compute: () => T): T {
  let values = derived.get(snapshot);
  if (!values) {
    values = new Map();
    derived.set(snapshot, values);
  }
  if (!values.has(key)) values.set(key, compute());
  return values.get(key) as T;
}
