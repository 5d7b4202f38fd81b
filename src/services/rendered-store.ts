// The rendered public documents (rendered-build.tsx) in KV and in this isolate: how they are
// stored, put and held. services/rendered.ts reads them for the routes.
//
// Storage: one KV key holds every document of one rendering, written by the snapshot's publisher
// right after the snapshot itself (same lease, same one-write-per-second pace; a different key,
// so the two puts do not compete for KV's per-key limit). A few hundred KB to a few MB for a
// large page: far under KV's 25 MiB value limit. The value is an index line (JSON: key → offset,
// length, ETag) and the bodies back to back, so a reader parses a few KB of JSON and serves each
// document as a view of the bytes it downloaded, however large the documents are. The Cache API
// was not chosen: it is per location, so every cold location would render again.
//
// Freshness follows the snapshot's rules (services/snapshot.ts): the isolate that writes holds
// its rendering at once; others ask KV at most once a second (the metadata, edge-cached) and
// download only a newer version. A rendering past its validUntilMs (midnight in the page's zone,
// a countdown's next word) is rendered again once in the isolate that meets it, from the
// snapshot it holds, without any write; the cron then puts that day's rendering for everyone.
import type { Bindings } from '../env';
import { readConfig } from '../env';
import type { RenderedBundle, RenderedEntry } from './rendered-build';
import { renderBundle, renderSiteOf } from './rendered-build';
import type { Snapshot } from './snapshot-build';

export const RENDERED_KEY = 'rendered:v1';

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
  entries: Record<string, [offset: number, length: number, etag: string]>;
}

/** The index line, a newline (JSON.stringify never writes a raw one), then every body. */
export function encodeBundle(bundle: RenderedBundle): Uint8Array {
  const index: Index = { ...bundle, entries: {} };
  let offset = 0;
  for (const [key, entry] of bundle.entries) {
    index.entries[key] = [offset, entry.body.byteLength, entry.etag];
    offset += entry.body.byteLength;
  }
  const head = new TextEncoder().encode(`${JSON.stringify(index)}\n`);
  const out = new Uint8Array(head.byteLength + offset);
  out.set(head, 0);
  let at = head.byteLength;
  for (const entry of bundle.entries.values()) {
    out.set(entry.body, at);
    at += entry.body.byteLength;
  }
  return out;
}

export function decodeBundle(bytes: Uint8Array<ArrayBuffer>): RenderedBundle {
  const newline = bytes.indexOf(10);
  const index = JSON.parse(new TextDecoder().decode(bytes.subarray(0, newline))) as Index;
  const base = newline + 1;
  const entries = new Map<string, RenderedEntry>();
  for (const [key, [offset, length, etag]] of Object.entries(index.entries)) {
    entries.set(key, { body: bytes.subarray(base + offset, base + offset + length), etag });
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
 * Holds a rendering in this isolate unless it holds one of a newer version (`force`: a write's,
 * trusted as the snapshot's adopt trusts it, for D1 may have been emptied or restored).
 */
export function holdRendered(bundle: RenderedBundle, atMs: number, force = false): RenderedBundle {
  if (!force && held && held.version > bundle.version) return held;
  held = bundle;
  checkedAt = atMs;
  return bundle;
}

/** Renders `snapshot` at `now` (a write, the cron, or a rendering the clock made stale: `earlier`, whose clock-free documents it keeps). */
export function renderFor(env: Bindings, snapshot: Snapshot, now: Date, earlier?: RenderedBundle): Promise<RenderedBundle> {
  return renderBundle(snapshot, now, renderSiteOf(readConfig(env)), earlier);
}

/** Puts a rendering; false when KV refused (the caller's retry or the cron puts it later). */
export async function putRendered(env: Bindings, bundle: RenderedBundle): Promise<boolean> {
  const metadata: RenderedMetadata = {
    version: bundle.version,
    validUntilMs: bundle.validUntilMs,
    renderer: bundle.renderer,
    renderedAtMs: bundle.renderedAtMs,
    dayEndsMs: bundle.dayEndsMs,
  };
  try {
    await env.SNAPSHOT.put(RENDERED_KEY, encodeBundle(bundle), { metadata });
    return true;
  } catch (error) {
    console.error(`rendered: KV refused version ${bundle.version}`, error);
    return false;
  }
}

/** What KV holds (null: none, or unreadable), uncached: for the publisher and the cron. */
export async function renderedInKv(env: Bindings): Promise<RenderedMetadata | null> {
  try {
    const stored = await env.SNAPSHOT.getWithMetadata<RenderedMetadata>(RENDERED_KEY, { type: 'stream' });
    await stored.value?.cancel();
    return stored.metadata ?? null;
  } catch {
    return null;
  }
}
