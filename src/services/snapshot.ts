// The read snapshot: one document with everything the public surfaces show, published to KV
// after every write so that reads never need D1 (and survive it being down).
//
// Consistency: a write publishes to KV and to this isolate's cache at once, so the next read in
// the same isolate sees it. Every read asks KV for the current version (the document's metadata,
// edge-cached for KV_CACHE_TTL seconds); only a new version is downloaded and parsed. Other
// isolates and locations therefore see a write within KV's own propagation delay (about a minute
// at worst), and a public request normally costs one small KV read and no JSON.parse.
import type { Component, ComponentGroup, Incident, Maintenance, PageSettings } from '../domain/model';
import type { Rollup } from '../domain/rollup';
import { rollupIndicator } from '../domain/rollup';
import type { Bindings, Ctx } from '../env';
import { readConfig } from '../env';
import type { StatusLogEntry } from '../store/components';
import { listComponents, listGroups, listStatusLogWindow } from '../store/components';
import { listIncidents } from '../store/incidents';
import { listMaintenances } from '../store/maintenances';
import { findPageSettings } from '../store/page';
import { lastRemindedAt } from '../store/reminders-sent';

export const SNAPSHOT_KEY = 'snapshot:v1';
const HISTORY_DAYS = 90;
/** KV's minimum: how long a location may serve the version it read before asking again. */
const KV_CACHE_TTL = 30;

export interface Snapshot {
  version: string;
  generatedAt: string;
  page: PageSettings;
  status: Rollup;
  groups: ComponentGroup[];
  components: Component[];
  /** Open incidents and those of the last 90 days (at least the last 50), newest first. */
  incidents: Incident[];
  /** Scheduled and running ones, and those whose window ended in the last 90 days; newest window first. */
  maintenances: Maintenance[];
  /** The status log since 90 days ago, plus each component's last entry before that. */
  statusLog: StatusLogEntry[];
  /** Maintenance id → when its current window last sent a reminder (absent: never). */
  remindedAt: Record<string, string>;
}

interface SnapshotMetadata {
  version: string;
  generatedAt: string;
}

export const DEFAULT_PAGE: Omit<PageSettings, 'updatedAt' | 'pageId'> = {
  name: 'Status',
  url: 'http://localhost:8787',
  timeZone: 'Etc/UTC',
  defaultLocale: 'en',
  logoUrl: null,
  supportUrl: null,
};

/** `publicUrl` stands in for the page URL until the operator saves page settings. */
export async function buildSnapshot(db: D1Database, now: Date, publicUrl: string = DEFAULT_PAGE.url): Promise<Snapshot> {
  const since = new Date(now.getTime() - HISTORY_DAYS * 86_400_000).toISOString();
  const [page, groups, components, recentIncidents, openIncidents, maintenances, log] = await Promise.all([
    findPageSettings(db),
    listGroups(db),
    listComponents(db),
    listIncidents(db, { limit: 500, since }),
    listIncidents(db, { limit: 100, open: true }),
    listMaintenances(db, { limit: 500, since }),
    listStatusLogWindow(db, since),
  ]);
  const incidents = recentIncidents.length >= 50 ? recentIncidents : await listIncidents(db, { limit: 50 });
  for (const open of openIncidents) if (!incidents.some((i) => i.id === open.id)) incidents.unshift(open);
  incidents.sort((a, b) => b.createdAt.localeCompare(a.createdAt));

  const remindedAt = await lastRemindedAt(
    db,
    maintenances.map((m) => m.id),
  );
  const running = maintenances.filter((m) => m.status === 'in_progress' || m.status === 'verifying');
  const held = new Set(openIncidents.flatMap((i) => i.components.map((h) => h.componentId)));
  const rollup = rollupIndicator({
    components: components.map((c) => ({
      status: c.status,
      heldByMaintenance:
        !held.has(c.id) && running.some((m) => m.components.some((p) => p.componentId === c.id && p.plannedStatus === c.status)),
    })),
    openIncidentImpacts: openIncidents.map((i) => i.impact),
    activeMaintenances: running.length,
  });
  return {
    version: crypto.randomUUID(),
    generatedAt: now.toISOString(),
    page: page ?? { ...DEFAULT_PAGE, url: publicUrl, pageId: 'forewarn', updatedAt: now.toISOString() },
    status: rollup,
    groups,
    components,
    incidents,
    maintenances,
    statusLog: log,
    remindedAt: Object.fromEntries(remindedAt),
  };
}

/** The snapshot this isolate parsed last; a read reuses it while KV still holds its version. */
let current: Snapshot | null = null;
/** When this isolate last asked KV (or wrote): within RECHECK_MS it does not ask again. */
let checkedAt = Number.NEGATIVE_INFINITY;

/**
 * How long an isolate serves the snapshot it holds without asking KV. KV itself lets a location
 * serve a version for KV_CACHE_TTL seconds; one more second costs nothing in freshness and spares
 * busy isolates a KV read per request.
 */
const RECHECK_MS = 1_000;

async function storeSnapshot(env: Bindings, snapshot: Snapshot, now: Date): Promise<void> {
  const metadata: SnapshotMetadata = { version: snapshot.version, generatedAt: snapshot.generatedAt };
  await env.SNAPSHOT.put(SNAPSHOT_KEY, JSON.stringify(snapshot), { metadata });
  current = snapshot;
  checkedAt = now.getTime();
}

/** Rebuilds the snapshot from D1 and stores it. A failure is logged, not thrown: the write itself is committed. */
export async function publishSnapshot(ctx: Ctx): Promise<Snapshot | null> {
  try {
    const snapshot = await buildSnapshot(ctx.db, ctx.now, ctx.config.PUBLIC_URL);
    await storeSnapshot(ctx.env, snapshot, ctx.now);
    return snapshot;
  } catch (error) {
    console.error('snapshot: publish failed', error);
    return null;
  }
}

/**
 * The last published snapshot, parsed once per version per isolate; built from D1 (and
 * published) only when none exists yet. If KV cannot be read, the one this isolate holds serves.
 */
export async function readSnapshot(env: Bindings, now: Date): Promise<Snapshot> {
  const askedAt = now.getTime();
  if (current && askedAt - checkedAt < RECHECK_MS && askedAt >= checkedAt) return current;
  let stored: KVNamespaceGetWithMetadataResult<ReadableStream, SnapshotMetadata>;
  try {
    stored = await env.SNAPSHOT.getWithMetadata<SnapshotMetadata>(SNAPSHOT_KEY, { type: 'stream', cacheTtl: KV_CACHE_TTL });
  } catch (error) {
    if (!current) throw error;
    console.error('snapshot: KV read failed, serving the last one this isolate holds', error);
    return current;
  }
  if (stored.value === null) {
    const built = await buildSnapshot(env.DB, now, readConfig(env).PUBLIC_URL);
    await storeSnapshot(env, built, now);
    return built;
  }
  checkedAt = askedAt;
  if (current && stored.metadata?.version === current.version) {
    await stored.value.cancel();
    return current;
  }
  current = JSON.parse(await new Response(stored.value).text()) as Snapshot;
  return current;
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
