// The read snapshot's content: one document with everything the public surfaces show, built from D1.
import type { Component, ComponentGroup, Incident, Maintenance, PageSettings } from '../domain/model';
import type { Rollup } from '../domain/rollup';
import { rollupIndicator } from '../domain/rollup';
import { DAY_MS } from '../domain/time-units';
import type { StatusLogEntry } from '../store/components';
import { listComponents, listGroups, listStatusLogWindow } from '../store/components';
import { listIncidents } from '../store/incidents';
import { listMaintenances } from '../store/maintenances';
import { announcedMaintenances } from '../store/notices';
import { findPageSettings } from '../store/page';
import { lastRemindedAt } from '../store/reminders-sent';
import { readSnapshotState } from '../store/snapshot-state';

const HISTORY_DAYS = 90;

export interface Snapshot {
  /**
   * snapshot_state.version when the build started: every write bumps it, so a document labelled
   * higher holds every write of a lower one (its data is read after the label, never before).
   */
  version: number;
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

export const DEFAULT_PAGE: Omit<PageSettings, 'updatedAt' | 'pageId'> = {
  name: 'Status',
  url: 'http://localhost:8787',
  timeZone: 'Etc/UTC',
  defaultLocale: 'en',
  logoUrl: null,
  supportUrl: null,
  privacyUrl: null,
  legalUrl: null,
  translations: {},
};

/** `publicUrl` stands in for the page URL until the operator saves page settings. */
export async function buildSnapshot(db: D1Database, now: Date, publicUrl: string = DEFAULT_PAGE.url): Promise<Snapshot> {
  const { version } = await readSnapshotState(db);
  const since = new Date(now.getTime() - HISTORY_DAYS * DAY_MS).toISOString();
  const [page, groups, components, recentIncidents, openIncidents, listed, log] = await Promise.all([
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

  // A maintenance cancelled before any subscriber was told of it was never public news.
  const cancelled = listed.filter((m) => m.status === 'cancelled').map((m) => m.id);
  const [remindedAt, announced] = await Promise.all([
    lastRemindedAt(
      db,
      listed.map((m) => m.id),
    ),
    announcedMaintenances(db, cancelled),
  ]);
  const maintenances = listed.filter((m) => m.status !== 'cancelled' || announced.has(m.id));
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
    version,
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
