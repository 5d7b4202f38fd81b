// The rendered public documents (rendered-build.tsx) in KV: how they are stored and put.
// rendered-held.ts holds them in this isolate and reads them back; services/rendered.ts serves them.
//
// Storage: a rendering is an index (RENDERED_KEY: JSON, a few KB, with its version in the
// metadata) naming each document's body by its ETag, a hash of its bytes; each body is a KV value
// of its own under that hash (bodyKey). The snapshot's publisher writes them right after the
// snapshot itself (same lease, same one-write-per-second pace on the index; other keys, so the
// puts do not compete for KV's per-key limit): the bodies first, only those KV does not hold
// yet, then the index. A reader downloads the index of a new version (a few KB) and then only the
// bodies it serves, each once per isolate: the first request after a write reads its own document,
// not the whole rendering (921 KB for the benchmark's large page, of which `/` is 32 KB). A body
// never changes under its key, so it is read with a long edge cache and cannot be seen out of
// step with the index. Bodies expire BODY_TTL after their last put; a put of a rendering puts
// again any body last put more than BODY_REFRESH ago, and the cron puts one at least every
// midnight, so no index outlives its bodies. A body missing all the same (KV lost it, or a
// location's cache says so) is rendered here from the snapshot, as when KV holds no rendering.
// The Cache API was not chosen: it is per location, so every cold location would render again.
//
// Freshness follows the snapshot's rules (services/snapshot.ts): the isolate that writes holds
// its rendering at once; others ask KV at most once a second (the metadata, edge-cached) and
// download only a newer version. A rendering past its validUntilMs (midnight in the page's zone,
// a countdown's next word) is rendered again once in the isolate that meets it, from the
// snapshot it holds, without any write; the cron then puts that day's rendering for everyone.
import { inLanes } from '../domain/lanes';
import { DAY_MS } from '../domain/time-units';
import type { Bindings } from '../env';
import { readConfig } from '../env';
import type { RenderedBundle, RenderedEntry } from './rendered-build';
import { renderBundle } from './rendered-build';
import type { Index, RenderedMetadata } from './rendered-held';
import { bodyKey, RENDERED_KEY, renderedBody } from './rendered-held';
import { renderSiteOf } from './rendered-names';
import type { Snapshot } from './snapshot-build';

/** A body leaves KV this long after its last put. */
const BODY_TTL_SECONDS = 30 * 86_400;
/** A rendering puts a body again once its last put is this old (the index says when it was). */
const BODY_REFRESH_MS = 7 * DAY_MS;
/** Bodies put at once (Workers allow six connections per invocation, D1 included). */
const BODY_PUTS_AT_ONCE = 3;

/** Renders `snapshot` at `now` (a write, the cron, or a rendering the clock made stale: `earlier`, whose clock-free documents it keeps). */
export function renderFor(env: Bindings, snapshot: Snapshot, now: Date, earlier?: RenderedBundle): Promise<RenderedBundle> {
  return renderBundle(snapshot, now, renderSiteOf(readConfig(env)), earlier);
}

/** When KV's index says each body was last put (empty: no index, or unreadable). */
async function bodiesInKv(env: Bindings): Promise<Record<string, number>> {
  return (await renderedInKv(env))?.bodies ?? {};
}

/**
 * Puts a rendering: the bodies KV does not hold (or holds from a put more than BODY_REFRESH ago),
 * then the index that names them. False when KV refused (the caller's retry or the cron puts it
 * later; an index is never put before its bodies).
 */
export async function putRendered(env: Bindings, bundle: RenderedBundle, inKv?: StoredRendering | null): Promise<boolean> {
  const metadata: RenderedMetadata = {
    version: bundle.version,
    validUntilMs: bundle.validUntilMs,
    renderer: bundle.renderer,
    renderedAtMs: bundle.renderedAtMs,
    dayEndsMs: bundle.dayEndsMs,
  };
  const nowMs = bundle.renderedAtMs;
  try {
    const previous = inKv === undefined ? await bodiesInKv(env) : (inKv?.bodies ?? {});
    const index: Index = { ...metadata, defaultLocale: bundle.defaultLocale, entries: {}, bodies: {} };
    const puts: RenderedEntry[] = [];
    for (const [key, entry] of bundle.entries) {
      index.entries[key] = entry.etag;
      if (entry.etag in index.bodies) continue;
      const putAt = previous[entry.etag];
      if (putAt !== undefined && nowMs - putAt < BODY_REFRESH_MS) {
        index.bodies[entry.etag] = putAt;
      } else {
        index.bodies[entry.etag] = nowMs;
        puts.push(entry);
      }
    }
    await inLanes(puts, BODY_PUTS_AT_ONCE, async (entry) => {
      const body = await renderedBody(env, entry);
      if (!body) throw new Error(`no bytes for ${entry.etag}`);
      await env.SNAPSHOT.put(bodyKey(entry.etag), body, { expirationTtl: BODY_TTL_SECONDS });
    });
    await env.SNAPSHOT.put(RENDERED_KEY, JSON.stringify(index), { metadata });
    return true;
  } catch (error) {
    console.error(`rendered: KV refused version ${bundle.version}`, error);
    return false;
  }
}

/** What KV's index says: its metadata, and when each body it names was last put. */
export type StoredRendering = RenderedMetadata & { bodies: Record<string, number> };

/** What KV holds (null: none, or unreadable), uncached: for the publisher and the cron. */
export async function renderedInKv(env: Bindings): Promise<StoredRendering | null> {
  try {
    const stored = await env.SNAPSHOT.getWithMetadata<RenderedMetadata>(RENDERED_KEY, 'text');
    if (stored.value === null || !stored.metadata) return null;
    return { ...stored.metadata, bodies: (JSON.parse(stored.value) as Partial<Index>).bodies ?? {} };
  } catch {
    return null;
  }
}
