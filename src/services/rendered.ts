// Reading the rendered public documents for a request: the rendering this isolate holds while
// it is current, else KV's when newer (its index; each body is read when first served), else one
// rendered here from the snapshot (KV holds none yet, or the clock made the held one stale: past
// midnight in the page's zone, a countdown's next word). See rendered-store.ts for how they are
// stored and why.
import type { Bindings } from '../bindings';
import { KV_WRITE_GAP_MS } from '../bindings';
import type { RenderedBundle } from './rendered-build';
import type { RenderedMetadata } from './rendered-held';
import { checkedRendered, decodeIndex, heldRendered, holdRendered, RENDERED_KEY } from './rendered-held';
import { rendererFor } from './rendered-names';
import { CheckUnderWay, SharedWork, within } from './shared-work';
import type { Publishing } from './snapshot';

/** KV's minimum: how long a location may serve the version it read before asking again. */
const KV_CACHE_TTL = 30;
/** As services/snapshot.ts: an isolate asks KV at most once a second. */
const RECHECK_MS = 1_000;

/** How far ahead another machine's clock may be when it rendered. */
const CLOCK_SKEW_MS = 5_000;

/** Until then the held rendering serves though stale: the snapshot to render it again is not here yet. */
let behindUntil = Number.NEGATIVE_INFINITY;

/** How long a rendering under way is joined rather than started again (one takes milliseconds). */
const RENDER_PATIENCE_MS = 5_000;

/** A rendering in progress in this isolate, shared by the requests that meet the same need. */
const rendering = new SharedWork<RenderedBundle>(RENDER_PATIENCE_MS);

/**
 * A request of this isolate asking KV for a newer rendering: the others serve what is held
 * meanwhile (at a second's turn under load, dozens would otherwise ask: a KV read each).
 */
const checking = new CheckUnderWay(RECHECK_MS);

/** Whether this isolate asked KV within the second before `at`, or is asking now. */
const checkedFor = (at: number, checkedAt: number): boolean => within(at, checkedAt, RECHECK_MS) || checking.covers(at);

/**
 * readSnapshot, imported when first needed: reading and rendering the snapshot (D1, the
 * renderers, zod) are the rest of Forewarn, which a new isolate serving rendered documents from
 * KV does not evaluate (worker.ts).
 */
const readSnapshotLater = async (env: Bindings, now: Date, publishing: Publishing) =>
  (await import('./snapshot')).readSnapshot(env, now, publishing);

/**
 * Renders from the snapshot this isolate reads, once for all the requests that need it now. When
 * that snapshot is older than the rendering held (KV showed this isolate the new rendering before
 * the new snapshot), the held one serves a second more rather than being rendered on every request.
 */
function renderHere(env: Bindings, now: Date, publishing: Publishing): Promise<RenderedBundle> {
  return rendering.join(now.getTime(), () =>
    readSnapshotLater(env, now, publishing)
      .then(async (snapshot) => (await import('./rendered-store')).renderFor(env, snapshot, now, heldRendered().bundle ?? undefined))
      .then((bundle) => {
        // Other code's rendering may link to assets this code does not serve: an older version
        // of the page that works beats a newer one that does not.
        const foreign = heldRendered().bundle?.renderer !== bundle.renderer;
        const kept = holdRendered(bundle, now.getTime(), foreign);
        if (kept !== bundle) behindUntil = now.getTime() + RECHECK_MS;
        return kept;
      }),
  ).work;
}

/**
 * The rendering to serve at `now`: the one this isolate holds while it is current, else KV's
 * when newer, else (KV holds none, or it is past its validUntilMs, or other code rendered it)
 * one rendered here.
 */
export async function readRendered(
  env: Bindings,
  now: Date,
  publishing: Publishing = { writeGapMs: KV_WRITE_GAP_MS },
): Promise<RenderedBundle> {
  const current = currentRendered(env, now);
  if (current) return current;
  const askedAt = now.getTime();
  const mine = rendererFor(env);
  const { bundle: held, checkedAt } = heldRendered();
  if (!(held && checkedFor(askedAt, checkedAt))) {
    checking.begin(askedAt);
    try {
      // The index is a few KB: read whole, as text (a stream would be read through a Response).
      const stored = await env.SNAPSHOT.getWithMetadata<RenderedMetadata>(RENDERED_KEY, { type: 'text', cacheTtl: KV_CACHE_TTL });
      if (stored.value === null) return await withoutKv(env, now, publishing, mine);
      checkedRendered(askedAt);
      const meta = stored.metadata;
      const newer =
        !held ||
        !meta ||
        meta.version > held.version ||
        (meta.version === held.version && meta.renderer === mine && (held.renderer !== mine || meta.validUntilMs > held.validUntilMs));
      if (newer) holdRendered(decodeIndex(stored.value), askedAt);
    } catch (error) {
      if (!held) return renderHere(env, now, publishing);
      console.error('rendered: KV read failed, serving the rendering this isolate holds', error);
    } finally {
      checking.end(askedAt);
    }
  }
  const latest = heldRendered().bundle as RenderedBundle;
  return fresh(latest, askedAt, mine) ? latest : renderHere(env, now, publishing);
}

/**
 * readRendered's answer when it needs no waiting: the rendering this isolate holds, checked
 * against KV within the second (or being checked by another request now) and current at `now`;
 * else null (readRendered asks KV, or renders).
 */
export function currentRendered(env: Bindings, now: Date): RenderedBundle | null {
  const askedAt = now.getTime();
  const { bundle: held, checkedAt } = heldRendered();
  if (!held || !checkedFor(askedAt, checkedAt)) return null;
  return fresh(held, askedAt, rendererFor(env)) ? held : null;
}

/**
 * KV holds no rendering (this release's first minute, before the cron puts one; or KV was
 * emptied). The snapshot is read as usual (when KV holds none either, that read builds it from D1
 * and publishes both); what this isolate rendered serves while it is current and of that
 * snapshot's version, rather than a rendering every second.
 */
async function withoutKv(env: Bindings, now: Date, publishing: Publishing, mine: string): Promise<RenderedBundle> {
  const snapshot = await readSnapshotLater(env, now, publishing);
  const held = heldRendered().bundle;
  if (held && held.version >= snapshot.version && fresh(held, now.getTime(), mine)) {
    checkedRendered(now.getTime());
    return held;
  }
  return renderHere(env, now, publishing);
}

/**
 * Whether `bundle` may serve at `askedAt`. A rendering from a later clock than this one (another
 * machine's, a few ms ahead) says what this moment may not show yet: past the skew allowed, it is
 * rendered for now. Another release's rendering (during a rollout, or just after one) is rendered
 * again by this code.
 */
const fresh = (bundle: RenderedBundle, askedAt: number, mine: string): boolean =>
  bundle.renderer === mine && (askedAt < bundle.validUntilMs || askedAt < behindUntil) && askedAt >= bundle.renderedAtMs - CLOCK_SKEW_MS;
