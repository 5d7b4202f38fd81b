// Atlassian Statuspage public API v2 (https://metastatuspage.com/api/v2): the /api/v2/*.json documents, from the snapshot.
import { isIncidentOpen, isMaintenanceActive } from '../domain/lifecycle';
import type { Component, ComponentGroup, Incident, Maintenance, Update } from '../domain/model';
import type { ComponentStatus } from '../domain/status';
import { worseStatus } from '../domain/status';
import type { Snapshot } from '../services/snapshot';
import { isoInZone, isoInZoneOrNull } from './iso-time';
import { localizeSnapshot } from './localize';
import type { StatuspageDocument } from './statuspage-documents';

/** Statuspage serves at most 50 incidents and 50 maintenances per list. */
export const LIST_LIMIT = 50;

/** What every mapper needs: the page's zone and id, and each component as Statuspage shows it. */
interface View {
  snapshot: Snapshot;
  baseUrl: string;
  time: (instant: string) => string;
  timeOrNull: (instant: string | null) => string | null;
  components: ReturnType<typeof componentJson>[];
  byId: Map<string, ReturnType<typeof componentJson>>;
}

function componentJson(view: Omit<View, 'components' | 'byId'>, c: Component, position: number) {
  return {
    id: c.id,
    name: c.name,
    status: c.status,
    created_at: view.time(c.createdAt),
    updated_at: view.time(c.updatedAt),
    position,
    description: c.description,
    showcase: c.showcase,
    start_date: c.startDate,
    group_id: c.groupId,
    page_id: view.snapshot.page.pageId,
    group: false,
    only_show_if_degraded: c.onlyShowIfDegraded,
  };
}

/** A group is a component with `group: true`, its members' ids, and the worst of their statuses. */
function groupJson(view: Omit<View, 'components' | 'byId'>, g: ComponentGroup, members: Component[], position: number) {
  const latest = [g.updatedAt, ...members.map((c) => c.updatedAt)].sort().at(-1) ?? g.updatedAt;
  return {
    ...componentJson(
      view,
      {
        id: g.id,
        groupId: null,
        name: g.name,
        description: g.description,
        position: g.position,
        status: members.reduce<ComponentStatus>((worst, c) => worseStatus(worst, c.status), 'operational'),
        onlyShowIfDegraded: false,
        showcase: false,
        startDate: null,
        createdAt: g.createdAt,
        updatedAt: latest,
        translations: g.translations,
      },
      position,
    ),
    group: true,
    components: members.map((c) => c.id),
  };
}

const byPosition = (a: { position: number; createdAt: string }, b: { position: number; createdAt: string }) =>
  a.position - b.position || a.createdAt.localeCompare(b.createdAt);

/**
 * Groups and components keep separate position sequences in Forewarn; Statuspage has one. The
 * list is in display order (top-level entries by position, each group followed by its members)
 * and `position` is the 1-based rank in it, so clients that sort by position see the page's order.
 * Empty groups are left out: Statuspage deletes a group when its last component goes.
 */
/** Statuspage has one language: the page's default one, Forewarn's own updates worded in it. */
export function statuspageView(raw: Snapshot, baseUrl: string): View {
  const snapshot = localizeSnapshot(raw, raw.page.defaultLocale);
  const zone = snapshot.page.timeZone;
  const base = {
    snapshot,
    baseUrl,
    time: (instant: string) => isoInZone(instant, zone),
    timeOrNull: (instant: string | null) => isoInZoneOrNull(instant, zone),
  };
  const groupIds = new Set(snapshot.groups.map((g) => g.id));
  const members = (groupId: string) => snapshot.components.filter((c) => c.groupId === groupId).sort(byPosition);
  const top = [
    ...snapshot.groups.filter((g) => members(g.id).length > 0).map((g) => ({ group: g, position: g.position, createdAt: g.createdAt })),
    ...snapshot.components
      .filter((c) => !c.groupId || !groupIds.has(c.groupId))
      .map((c) => ({ component: c, position: c.position, createdAt: c.createdAt })),
  ].sort(byPosition);
  const components: ReturnType<typeof componentJson>[] = [];
  for (const entry of top) {
    if ('component' in entry) {
      components.push(componentJson(base, { ...entry.component, groupId: null }, components.length + 1));
      continue;
    }
    const list = members(entry.group.id);
    components.push(groupJson(base, entry.group, list, components.length + 1));
    for (const c of list) components.push(componentJson(base, c, components.length + 1));
  }
  return { ...base, components, byId: new Map(components.filter((c) => !c.group).map((c) => [c.id, c])) };
}

const newestFirst = <U extends Update>(updates: readonly U[]): U[] =>
  [...updates].sort((a, b) => b.displayAt.localeCompare(a.displayAt) || b.createdAt.localeCompare(a.createdAt));

/** Statuspage calls the updates of incidents and of maintenances alike `incident_updates`. */
function updateJson(view: View, subjectId: string, u: Update) {
  return {
    id: u.id,
    status: u.status,
    body: u.body,
    incident_id: subjectId,
    created_at: view.time(u.createdAt),
    updated_at: view.time(u.createdAt),
    display_at: view.time(u.displayAt),
    affected_components:
      u.affectedComponents.length === 0
        ? null
        : u.affectedComponents.map((a) => ({ code: a.componentId, name: a.name, old_status: a.oldStatus, new_status: a.newStatus })),
    deliver_notifications: u.deliverNotifications,
    custom_tweet: null,
    tweet_id: null,
  };
}

/** The current objects of the given components, in page order, each once; deleted ones are skipped. */
function componentsById(view: View, ids: Iterable<string>) {
  const wanted = new Set(ids);
  return view.components.filter((c) => !c.group && wanted.has(c.id));
}

/** Statuspage's incident object, which a scheduled maintenance is too: the fields both carry. */
function incidentFields(
  view: View,
  x: Incident | Maintenance,
  path: 'incidents' | 'maintenances',
  startedAt: string,
  touched: Iterable<string>,
) {
  return {
    id: x.id,
    name: x.name,
    status: x.status,
    created_at: view.time(x.createdAt),
    updated_at: view.time(x.updatedAt),
    monitoring_at: view.timeOrNull(x.monitoringAt),
    resolved_at: view.timeOrNull(x.resolvedAt),
    impact: x.impact,
    shortlink: `${view.baseUrl}/${path}/${x.id}`,
    started_at: view.time(startedAt),
    page_id: view.snapshot.page.pageId,
    incident_updates: newestFirst<Update>(x.updates).map((u) => updateJson(view, x.id, u)),
    components: componentsById(view, touched),
  };
}

export function incidentJson(view: View, i: Incident) {
  const touched = [...i.components.map((h) => h.componentId), ...i.updates.flatMap((u) => u.affectedComponents.map((a) => a.componentId))];
  return { ...incidentFields(view, i, 'incidents', i.startedAt, touched), reminder_intervals: null };
}

/**
 * Statuspage's `started_at` of a maintenance is when it was posted (the window is
 * `scheduled_for`/`scheduled_until`); `scheduled_remind_prior` says whether reminders are set.
 */
export function maintenanceJson(view: View, m: Maintenance) {
  return {
    ...incidentFields(
      view,
      m,
      'maintenances',
      m.createdAt,
      m.components.map((p) => p.componentId),
    ),
    scheduled_for: view.time(m.scheduledFor),
    scheduled_until: view.time(m.scheduledUntil),
    scheduled_remind_prior: m.reminders.length > 0,
    scheduled_reminded_at: view.timeOrNull(view.snapshot.remindedAt?.[m.id] ?? null),
    scheduled_auto_in_progress: m.autoStart,
    scheduled_auto_completed: m.autoComplete,
  };
}

/**
 * When anything the page shows last changed: its settings, a group, a component, an incident or a
 * maintenance. Not when the snapshot was built, which a rendering again at the same version (the
 * cron's, for the page's midnight or a countdown) would move without any change.
 */
function lastChange(s: Snapshot): string {
  let newest = s.page.updatedAt ?? '';
  for (const list of [s.groups, s.components, s.incidents, s.maintenances]) {
    for (const x of list) if (x.updatedAt > newest) newest = x.updatedAt;
  }
  return newest || s.generatedAt;
}

const pageJson = (view: View) => ({
  id: view.snapshot.page.pageId,
  name: view.snapshot.page.name,
  url: view.snapshot.page.url,
  time_zone: view.snapshot.page.timeZone,
  updated_at: view.time(lastChange(view.snapshot)),
});

const statusJson = (view: View) => ({ indicator: view.snapshot.status.indicator, description: view.snapshot.status.description });

/**
 * Statuspage has no cancelled maintenance (it deletes them), so the v2 lists leave cancelled ones
 * out; the page, the feeds and the calendar still show them as cancelled.
 */
const listed = (view: View) => view.snapshot.maintenances.filter((m) => m.status !== 'cancelled');
const upcoming = (view: View) => listed(view).filter((m) => m.status === 'scheduled');
const active = (view: View) => listed(view).filter((m) => isMaintenanceActive(m.status));
const unresolved = (view: View) => view.snapshot.incidents.filter((i) => isIncidentOpen(i.status));

/** Snapshot lists are newest first (incidents by creation, maintenances by window start). */
export const statuspageDocuments = {
  'summary.json': (view: View) => ({
    page: pageJson(view),
    components: view.components,
    incidents: unresolved(view).map((i) => incidentJson(view, i)),
    scheduled_maintenances: listed(view)
      .filter((m) => m.status === 'scheduled' || isMaintenanceActive(m.status))
      .map((m) => maintenanceJson(view, m)),
    status: statusJson(view),
  }),
  'status.json': (view: View) => ({ page: pageJson(view), status: statusJson(view) }),
  'components.json': (view: View) => ({ page: pageJson(view), components: view.components }),
  'incidents.json': (view: View) => ({
    page: pageJson(view),
    incidents: view.snapshot.incidents.slice(0, LIST_LIMIT).map((i) => incidentJson(view, i)),
  }),
  'incidents/unresolved.json': (view: View) => ({ page: pageJson(view), incidents: unresolved(view).map((i) => incidentJson(view, i)) }),
  'scheduled-maintenances.json': (view: View) => ({
    page: pageJson(view),
    scheduled_maintenances: listed(view)
      .slice(0, LIST_LIMIT)
      .map((m) => maintenanceJson(view, m)),
  }),
  'scheduled-maintenances/upcoming.json': (view: View) => ({
    page: pageJson(view),
    scheduled_maintenances: upcoming(view).map((m) => maintenanceJson(view, m)),
  }),
  'scheduled-maintenances/active.json': (view: View) => ({
    page: pageJson(view),
    scheduled_maintenances: active(view).map((m) => maintenanceJson(view, m)),
  }),
} as const satisfies Record<StatuspageDocument, (view: View) => unknown>;

export type { StatuspageDocument };
