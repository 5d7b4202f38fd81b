// Puts the read snapshot in KV within KV's limits: one write per second per key (429 beyond), so
// one publisher at a time, holding a lease on snapshot_state, coalesces the writes that come faster.
//
// A publisher takes the lease only when D1's version is ahead of the published one (or after a
// reader found KV empty) and no one holds it; otherwise it leaves, because the holder lets the
// lease go only once nothing newer is left (recordSnapshotPublished), so the last write always
// lands. What a crashed holder or a lasting 429 leaves behind, the cron publishes (worker.ts).
import type { Bindings } from '../env';
import { readConfig } from '../env';
import type { SnapshotState } from '../store/snapshot-state';
import {
  abandonSnapshotLease,
  acquireIdleSnapshotLease,
  acquireSnapshotLease,
  raiseSnapshotVersion,
  readSnapshotState,
  recordSnapshotPublished,
  renewSnapshotLease,
  unpublishSnapshotVersion,
} from '../store/snapshot-state';
import type { RenderedBundle } from './rendered-build';
import type { RenderedMetadata } from './rendered-held';
import { rendererOf, renderSiteOf } from './rendered-names';
import type { StoredRendering } from './rendered-store';
import { putRendered, renderedInKv, renderFor } from './rendered-store';
import type { Snapshot } from './snapshot-build';
import { buildSnapshot } from './snapshot-build';

/** v2: the version became snapshot_state's counter (v1 held random ids). */
export const SNAPSHOT_KEY = 'snapshot:v2';

export interface SnapshotMetadata {
  version: number;
  generatedAt: string;
}

/** Well above a build and a put with its retries, so a live holder never loses its lease. */
const LEASE_MS = 60_000;
/**
 * KV caches a miss too and shows a new value elsewhere within about a minute: a reader's miss
 * this soon after a publish is most likely that, and republishing would only add writes.
 */
const MISS_WINDOW_MS = 60_000;
/** KV answers 429 to a second write of a key within a second: retries wait 1 s, then 2 s. */
const PUT_ATTEMPTS = 3;
const RETRY_BASE_MS = 1_000;
/** Writes still coming after this many puts: the holder leaves the rest to the next writer or the cron. */
const MAX_ROUNDS = 10;

export interface PublishRequest {
  env: Bindings;
  /** The caller's clock: the document's 90-day windows and generatedAt. */
  now: Date;
  /** Real milliseconds between two puts (Deps.snapshotWriteGapMs). */
  writeGapMs: number;
  /** A snapshot already built, put as it is if it is still the newest. */
  held?: Snapshot;
  /** Its rendering, put with it (rendered again for a newer snapshot). */
  rendered?: RenderedBundle;
  /** A reader found KV empty: publish even if D1 says this version is published. */
  force?: boolean;
  /** The cron: take a free lease even with nothing new to publish, to put a rendering the clock made stale. */
  refresh?: boolean;
}

const sleep = (ms: number): Promise<void> => (ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve());

/**
 * Publishes the newest snapshot if no one else is at it. Returns the last snapshot it put, or null
 * when it put none (someone else holds the lease, nothing to publish, or KV kept refusing). Never
 * throws: the writes behind it are committed, and the cron publishes what this misses.
 */
export async function publishSnapshot(request: PublishRequest): Promise<Snapshot | null> {
  const db = request.env.DB;
  // A second turn only after a put that outlived its lease (see unpublishSnapshotVersion).
  for (let turn = 0; turn < 2; turn++) {
    const owner = crypto.randomUUID();
    try {
      const lease = { owner, nowMs: Date.now(), leaseMs: LEASE_MS };
      const state =
        (await acquireSnapshotLease(db, {
          ...lease,
          force: request.force && turn === 0 ? { missWindowMs: MISS_WINDOW_MS } : null,
        })) ?? (request.refresh && turn === 0 && (await renderingIsStale(request)) ? await acquireIdleSnapshotLease(db, lease) : null);
      if (!state) return null;
      const outcome = await publishHolding(request, owner, state);
      if (outcome.overtaken === null) return outcome.published;
      console.warn(`snapshot: the lease ran out while version ${outcome.overtaken} was being put; publishing the newest again`);
      await unpublishSnapshotVersion(db, outcome.overtaken);
    } catch (error) {
      console.error('snapshot: publish failed', error);
      await abandonSnapshotLease(db, owner).catch((abandon) => console.error('snapshot: lease not released', abandon));
      return null;
    }
  }
  return null;
}

interface Outcome {
  /** The last snapshot put. */
  published: Snapshot | null;
  /** The version of a put that ended after the lease had run out, else null. */
  overtaken: number | null;
}

async function publishHolding(request: PublishRequest, owner: string, acquired: SnapshotState): Promise<Outcome> {
  const { env, writeGapMs } = request;
  const db = env.DB;
  const publicUrl = readConfig(env).PUBLIC_URL;
  let state = acquired;
  let snapshot = request.held ?? null;
  let published: Snapshot | null = null;
  // Read once: after a put of ours, KV may yet be overwritten by a holder that outlived its lease.
  const versions = await versionsInKv(env);
  let { snapshot: inKv, newest: newestInKv } = versions;
  // KV's rendering as read with them, for the first put (undefined: read it again before a put).
  let renderingInKv: StoredRendering | null | undefined = versions.rendering;

  for (let round = 0; round < MAX_ROUNDS; round++) {
    // Capped at the gap: the last put's stamp comes from another machine's clock.
    const wait = Math.min(state.publishedAtMs + writeGapMs - Date.now(), writeGapMs);
    if (wait > 0) {
      await sleep(wait);
      // Writes committed during the wait go out with this put.
      state = await readSnapshotState(db);
    }
    if (!snapshot || snapshot.version < state.version) snapshot = await buildSnapshot(db, request.now, publicUrl);
    if (newestInKv !== null && newestInKv > snapshot.version) {
      // D1 was restored to a point before a version KV holds: readers would ignore anything
      // labelled lower, so the count goes on above it.
      console.warn(
        `snapshot: D1's version ${snapshot.version} is behind KV's ${newestInKv} (a D1 restore?); continuing from ${newestInKv + 1}`,
      );
      await raiseSnapshotVersion(db, newestInKv);
      inKv = null;
      newestInKv = null;
      renderingInKv = undefined;
      state = await readSnapshotState(db);
      snapshot = null;
      continue;
    }

    let putAtMs = state.publishedAtMs;
    if (inKv !== snapshot.version) {
      // A holder that outlived its lease must not overwrite a newer holder's put.
      if (!(await renewSnapshotLease(db, owner, Date.now(), LEASE_MS))) return { published, overtaken: null };
      if (!(await putSnapshot(env, snapshot))) {
        await abandonSnapshotLease(db, owner);
        return { published, overtaken: null };
      }
      putAtMs = Date.now();
      published = snapshot;
    }
    await putRenderingOf(request, snapshot, renderingInKv);
    inKv = null;
    newestInKv = null;
    renderingInKv = undefined;
    const recorded = await recordSnapshotPublished(db, owner, snapshot.version, putAtMs);
    if (recorded.lost) return { published, overtaken: published === snapshot ? snapshot.version : null };
    if (recorded.released) return { published, overtaken: null };
    state = recorded.state;
  }
  await abandonSnapshotLease(db, owner);
  return { published, overtaken: null };
}

/**
 * Within a day, a rendering made stale only by a countdown's next word is put again at most this
 * often: within 72 hours of a maintenance the words change every minute, and isolates render
 * those for themselves; KV's copy need not follow each one.
 */
const COUNTDOWN_REFRESH_MS = 10 * 60_000;

/**
 * KV's rendering is missing, of an older version than D1's published one, or other code's; or
 * the page's day has ended; or it is stale and COUNTDOWN_REFRESH_MS old.
 */
async function renderingIsStale(request: PublishRequest): Promise<boolean> {
  const inKv = await renderedInKv(request.env);
  if (!inKv) return true;
  const nowMs = request.now.getTime();
  const { publishedVersion } = await readSnapshotState(request.env.DB);
  return (
    inKv.version < publishedVersion ||
    inKv.renderer !== rendererOf(renderSiteOf(readConfig(request.env))) ||
    nowMs >= inKv.dayEndsMs ||
    (nowMs >= inKv.validUntilMs && nowMs - inKv.renderedAtMs >= COUNTDOWN_REFRESH_MS)
  );
}

/**
 * Puts the rendering of `snapshot` after the snapshot itself (another key: KV's per-key limit
 * does not couple them), unless KV already holds a current one of it. A refusal is logged; the
 * cron puts it later, and readers render for themselves meanwhile.
 */
async function putRenderingOf(request: PublishRequest, snapshot: Snapshot, read?: StoredRendering | null): Promise<void> {
  const inKv = read === undefined ? await renderedInKv(request.env) : read;
  const renderer = rendererOf(renderSiteOf(readConfig(request.env)));
  const current = (r: Pick<RenderedMetadata, 'version' | 'validUntilMs' | 'renderer'> | null | undefined) =>
    !!r && r.version === snapshot.version && r.validUntilMs > request.now.getTime() && r.renderer === renderer;
  if (current(inKv)) return;
  const bundle = request.rendered && current(request.rendered) ? request.rendered : await renderFor(request.env, snapshot, request.now);
  await putRendered(request.env, bundle, inKv);
}

/**
 * The version of the snapshot KV holds, and the newest of it and its rendering's (null: none, or
 * unreadable): either one ahead of D1 means D1 went back, and readers would ignore anything lower.
 */
async function versionsInKv(env: Bindings): Promise<{ snapshot: number | null; newest: number | null; rendering: StoredRendering | null }> {
  let snapshot: number | null = null;
  try {
    const stored = await env.SNAPSHOT.getWithMetadata<SnapshotMetadata>(SNAPSHOT_KEY, { type: 'stream' });
    await stored.value?.cancel();
    if (typeof stored.metadata?.version === 'number') snapshot = stored.metadata.version;
  } catch {
    // Unreadable: as if absent; the put goes ahead.
  }
  const rendering = await renderedInKv(env);
  const rendered = rendering?.version;
  const newest = typeof rendered === 'number' && rendered > (snapshot ?? Number.NEGATIVE_INFINITY) ? rendered : snapshot;
  return { snapshot, newest, rendering };
}

/** Puts the document, retrying a refusal (KV's 429 is `KV PUT failed: 429 Too Many Requests`). */
async function putSnapshot(env: Bindings, snapshot: Snapshot): Promise<boolean> {
  const metadata: SnapshotMetadata = { version: snapshot.version, generatedAt: snapshot.generatedAt };
  const body = JSON.stringify(snapshot);
  for (let attempt = 1; ; attempt++) {
    try {
      await env.SNAPSHOT.put(SNAPSHOT_KEY, body, { metadata });
      return true;
    } catch (error) {
      if (attempt >= PUT_ATTEMPTS) {
        console.error(`snapshot: KV refused version ${snapshot.version} ${attempt} times; the cron will publish it`, error);
        return false;
      }
      await sleep(RETRY_BASE_MS * 2 ** (attempt - 1));
    }
  }
}
