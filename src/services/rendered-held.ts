// The rendering this isolate holds, and how a reader gets it from KV: the index, then each body on
// first use. Light on purpose: the worker's front serves from it before the rest of Forewarn is
// evaluated (worker.ts). How renderings are stored and put: rendered-store.ts.
import type { Bindings } from '../bindings';
import type { RenderedBundle, RenderedEntry } from './rendered-build';

/** The index. v1 held every body in one value; readers of v1 (a release before this one) find no newer v1 and render for themselves. */
export const RENDERED_KEY = 'rendered:v2';

/** Where one body is: its ETag's hash, so the key names exactly these bytes. */
export const bodyKey = (etag: string): string => `rendered:body:${etag.replaceAll('"', '')}`;

/** A body never changes under its key: locations may keep it as long as they like. */
const BODY_CACHE_TTL = 86_400;

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

export interface Index {
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
