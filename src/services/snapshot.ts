// The read snapshot: one document with everything the public surfaces show, published to KV
// after every write so that reads never need D1 (and survive it being down).
import type { Component, ComponentGroup, Incident, Maintenance, PageSettings } from '../domain/model';
import type { Rollup } from '../domain/rollup';
import { rollupIndicator } from '../domain/rollup';
import type { Bindings, Ctx } from '../env';
import type { StatusLogEntry } from '../store/components';
import { listComponents, listGroups, listStatusLog } from '../store/components';
import { listIncidents } from '../store/incidents';
import { listMaintenances } from '../store/maintenances';
import { findPageSettings } from '../store/page';

export const SNAPSHOT_KEY = 'snapshot:v1';
const HISTORY_DAYS = 90;

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
}

export const DEFAULT_PAGE: Omit<PageSettings, 'updatedAt' | 'pageId'> = {
  name: 'Status',
  url: 'http://localhost:8787',
  timeZone: 'Etc/UTC',
  defaultLocale: 'en',
  logoUrl: null,
  supportUrl: null,
};

export async function buildSnapshot(db: D1Database, now: Date): Promise<Snapshot> {
  const since = new Date(now.getTime() - HISTORY_DAYS * 86_400_000).toISOString();
  const [page, groups, components, recentIncidents, openIncidents, maintenances, log] = await Promise.all([
    findPageSettings(db),
    listGroups(db),
    listComponents(db),
    listIncidents(db, { limit: 500, since }),
    listIncidents(db, { limit: 100, open: true }),
    listMaintenances(db, { limit: 500, since }),
    listStatusLog(db, {}),
  ]);
  const incidents = recentIncidents.length >= 50 ? recentIncidents : await listIncidents(db, { limit: 50 });
  for (const open of openIncidents) if (!incidents.some((i) => i.id === open.id)) incidents.unshift(open);
  incidents.sort((a, b) => b.createdAt.localeCompare(a.createdAt));

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
  const lastBefore = new Map<string, StatusLogEntry>();
  const statusLog: StatusLogEntry[] = [];
  for (const entry of log) {
    if (entry.changedAt < since) lastBefore.set(entry.componentId, entry);
    else statusLog.push(entry);
  }
  return {
    version: crypto.randomUUID(),
    generatedAt: now.toISOString(),
    page: page ?? { ...DEFAULT_PAGE, pageId: 'forewarn', updatedAt: now.toISOString() },
    status: rollup,
    groups,
    components,
    incidents,
    maintenances,
    statusLog: [...lastBefore.values(), ...statusLog],
  };
}

/** Rebuilds the snapshot from D1 and stores it. A failure is logged, not thrown: the write itself is committed. */
export async function publishSnapshot(ctx: Ctx): Promise<Snapshot | null> {
  try {
    const snapshot = await buildSnapshot(ctx.db, ctx.now);
    await ctx.env.SNAPSHOT.put(SNAPSHOT_KEY, JSON.stringify(snapshot));
    return snapshot;
  } catch (error) {
    console.error('snapshot: publish failed', error);
    return null;
  }
}

/** The last published snapshot; built from D1 (and published) only when none exists yet. */
export async function readSnapshot(env: Bindings, now: Date): Promise<Snapshot> {
  const stored = await env.SNAPSHOT.get<Snapshot>(SNAPSHOT_KEY, 'json');
  if (stored) return stored;
  const built = await buildSnapshot(env.DB, now);
  await env.SNAPSHOT.put(SNAPSHOT_KEY, JSON.stringify(built));
  return built;
}
