// The rendered public documents (rendered-build.tsx) in KV and in this isolate: how they are
// stored, put and held. services/rendered.ts reads them for the routes.
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
import type { Bindings } from '../env';
import { readConfig } from '../env';
import type { RenderedBundle, RenderedEntry } from './rendered-build';
import { renderBundle, renderSiteOf } from './rendered-build';
import type { Snapshot } from './snapshot-build';

/** The index. v1 held every body in one value; readers of v1 (a release before this one) find no newer v1 and render for themselves. */
export const RENDERED_KEY = 'rendered:v2';

/** Where one body is: its ETag's hash, so the key names exactly these bytes. */
export const bodyKey = (etag: string): string => `rendered:body:${etag.replaceAll('"', '')}`;

/** A body leaves KV this long after its last put. */
const BODY_TTL_SECONDS = 30 * 86_400;
/** A rendering puts a body again once its last put is this old (the index says when it was). */
const BODY_REFRESH_MS = 7 * 86_400_000;
/** A body never changes under its key: locations may keep it as long as they like. */
const BODY_CACHE_TTL = 86_400;
/** Bodies put at once (Workers allow six connections per invocation, D1 included). */
const BODY_PUTS_AT_ONCE = 3;

export interface RenderedMetadata {
  version: number;
  validUntilMs: number;
  renderer: string;
  renderedAtMs: number;
  dayEndsMs: number;
}

let held: RenderedBundle | null = null;
/** When this isolate last asked KV (or rendered one itself). */
let checkedAt = Number.NEGATIVE_INFINITY;

/** The rendering this isolate holds, and when it last asked KV for a newer one. */
export const heldRendered = (): { bundle: RenderedBundle | null; checkedAt: number } => ({ bundle: held, checkedAt });

/** KV was asked at `atMs` and holds nothing newer. */
export function checkedRendered(atMs: number): void {
  checkedAt = atMs;
}

interface Index {
  version: number;
  renderer: string;
  renderedAtMs: number;
  validUntilMs: number;
  dayEndsMs: number;
  defaultLocale: RenderedBundle['defaultLocale'];
  /** Route key → the ETag naming its body. */
  entries: Record<string, string>;
  /** ETag → when its body was last put (ms). */
  bodies: Record<string, number>;
}

/** A rendering as KV's index: its bodies are loaded when first served (renderedBody). */
export function decodeIndex(text: string): RenderedBundle {
  const index = JSON.parse(text) as Index;
  const entries = new Map<string, RenderedEntry>();
  const byEtag = new Map<string, RenderedEntry>();
  for (const [key, etag] of Object.entries(index.entries)) {
    let entry = byEtag.get(etag);
    if (!entry) {
      entry = { body: null, etag };
      byEtag.set(etag, entry);
    }
    entries.set(key, entry);
  }
  return {
    version: index.version,
    renderer: index.renderer,
    renderedAtMs: index.renderedAtMs,
    validUntilMs: index.validUntilMs,
    dayEndsMs: index.dayEndsMs,
    defaultLocale: index.defaultLocale,
    entries,
  };
}

/**
 * The bytes of a document: held, or read from KV once and then held with the rendering. Null
 * when KV has no such body (the caller renders the document instead).
 */
export async function renderedBody(env: Bindings, entry: RenderedEntry): Promise<Uint8Array<ArrayBuffer> | null> {
  if (entry.body) return entry.body;
  try {
    const value = await env.SNAPSHOT.get(bodyKey(entry.etag), { type: 'arrayBuffer', cacheTtl: BODY_CACHE_TTL });
    if (!value) {
      console.error(`rendered: KV holds no body ${entry.etag}; rendering it here`);
      return null;
    }
    entry.body = new Uint8Array(value);
    return entry.body;
  } catch (error) {
    console.error(`rendered: cannot read body ${entry.etag}; rendering it here`, error);
    return null;
  }
}

/**
 * Holds a rendering in this isolate unless it holds one of a newer version (`force`: a write's,
 * trusted as the snapshot's adopt trusts it, for D1 may have been emptied or restored).
 */
export function holdRendered(bundle: RenderedBundle, atMs: number, force = false): RenderedBundle {
  if (!force && held && held.version > bundle.version) return held;
  // Bodies this isolate has already read serve the new rendering too where they are the same.
  if (held) {
    const loaded = new Map<string, Uint8Array<ArrayBuffer>>();
    for (const entry of held.entries.values()) if (entry.body) loaded.set(entry.etag, entry.body);
    for (const entry of bundle.entries.values()) entry.body ??= loaded.get(entry.etag) ?? null;
  }
  held = bundle;
  checkedAt = atMs;
  return bundle;
}

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
