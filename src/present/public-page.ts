// What the public page shows, derived from the read snapshot: the home page's sections, the
// components in their groups with their 90-day uptime, and the before → after of a detail page.
import { isIncidentOpen, isMaintenanceActive } from '../domain/lifecycle';
import type { Component, ComponentGroup, Incident, Maintenance, Update } from '../domain/model';
import type { ComponentStatus } from '../domain/status';
import { worseStatus } from '../domain/status';
import type { ComponentUptime } from '../domain/uptime';
import { componentUptime, UPTIME_DAYS } from '../domain/uptime';
import { knownZone, lastDays } from '../domain/zone-days';
import type { Snapshot } from '../services/snapshot';

export interface ComponentRow {
  component: Component;
  uptime: ComponentUptime;
}

export type ComponentEntry =
  | { kind: 'component'; row: ComponentRow }
  | { kind: 'group'; group: ComponentGroup; status: ComponentStatus; rows: ComponentRow[] };

export interface HomeModel {
  activeIncidents: Incident[];
  runningMaintenances: Maintenance[];
  upcomingMaintenances: Maintenance[];
  entries: ComponentEntry[];
  /** Every component in page order, for the subscribe form. */
  components: Component[];
}

const byPosition = (a: { position: number; createdAt: string }, b: { position: number; createdAt: string }) =>
  a.position - b.position || a.createdAt.localeCompare(b.createdAt);

/** Statuspage hides a component marked "only show if degraded" while it is operational. */
const shown = (c: Component) => !(c.onlyShowIfDegraded && c.status === 'operational');

export function homeModel(snapshot: Snapshot, now: Date): HomeModel {
  const zone = knownZone(snapshot.page.timeZone);
  const days = lastDays(now, zone, UPTIME_DAYS);
  const rowOf = (component: Component): ComponentRow => ({
    component,
    uptime: componentUptime({
      componentId: component.id,
      startDate: component.startDate,
      log: snapshot.statusLog,
      incidents: snapshot.incidents,
      maintenances: snapshot.maintenances,
      days,
      timeZone: zone,
      now,
    }),
  });
  const groupIds = new Set(snapshot.groups.map((g) => g.id));
  const ordered = [...snapshot.components].sort(byPosition);
  const top: ({ position: number; createdAt: string } & ({ group: ComponentGroup } | { component: Component }))[] = [
    ...snapshot.groups.map((group) => ({ group, position: group.position, createdAt: group.createdAt })),
    ...ordered.filter((c) => !c.groupId || !groupIds.has(c.groupId)).map((component) => ({ component, ...component })),
  ];
  const entries: ComponentEntry[] = [];
  for (const entry of top.sort(byPosition)) {
    if ('component' in entry) {
      if (shown(entry.component)) entries.push({ kind: 'component', row: rowOf(entry.component) });
      continue;
    }
    const members = ordered.filter((c) => c.groupId === entry.group.id && shown(c));
    if (members.length === 0) continue;
    entries.push({
      kind: 'group',
      group: entry.group,
      status: members.reduce<ComponentStatus>((worst, c) => worseStatus(worst, c.status), 'operational'),
      rows: members.map(rowOf),
    });
  }
  const listed = snapshot.maintenances.filter((m) => m.status !== 'cancelled');
  return {
    activeIncidents: snapshot.incidents.filter((i) => isIncidentOpen(i.status)),
    runningMaintenances: listed.filter((m) => isMaintenanceActive(m.status)),
    upcomingMaintenances: listed.filter((m) => m.status === 'scheduled').sort((a, b) => a.scheduledFor.localeCompare(b.scheduledFor)),
    entries,
    components: ordered,
  };
}

/** Updates as a timeline reads them: newest first. */
export const newestFirst = <U extends Update>(updates: readonly U[]): U[] =>
  [...updates].sort((a, b) => b.displayAt.localeCompare(a.displayAt) || b.createdAt.localeCompare(a.createdAt));

export const latestUpdate = <U extends Update>(updates: readonly U[]): U | null => newestFirst(updates)[0] ?? null;

export interface AffectedRow {
  componentId: string;
  name: string;
  before: ComponentStatus;
  /** The worst status an incident put it in; the status a maintenance plans for it. */
  during: ComponentStatus;
  /** Once it is over: the status it was left in. */
  after: ComponentStatus | null;
}

/** Rows in the page's component order, components deleted since at the end. */
function inPageOrder(rows: Iterable<AffectedRow>, components: readonly Component[]): AffectedRow[] {
  const rank = new Map([...components].sort(byPosition).map((c, i) => [c.id, i]));
  return [...rows].sort((a, b) => (rank.get(a.componentId) ?? Infinity) - (rank.get(b.componentId) ?? Infinity));
}

/**
 * Each component an incident touched: its status before the first update that changed it, the
 * worst one the incident put it in, and once resolved the one it was left in.
 */
export function incidentAffected(incident: Incident, components: readonly Component[]): AffectedRow[] {
  const names = new Map(components.map((c) => [c.id, c.name]));
  const rows = new Map<string, AffectedRow & { last: ComponentStatus }>();
  const see = (componentId: string, name: string, before: ComponentStatus, status: ComponentStatus) => {
    const row = rows.get(componentId);
    if (!row) {
      rows.set(componentId, { componentId, name: names.get(componentId) ?? name, before, during: status, after: null, last: status });
      return;
    }
    row.last = status;
    row.during = worseStatus(row.during, status);
  };
  for (const update of newestFirst(incident.updates).reverse()) {
    for (const a of update.affectedComponents) see(a.componentId, a.name, a.oldStatus, a.newStatus);
  }
  for (const held of incident.components) see(held.componentId, held.componentId, 'operational', held.status);
  const over = !isIncidentOpen(incident.status);
  return inPageOrder(
    [...rows.values()].map(({ last, ...row }) => ({ ...row, after: over ? last : null })),
    components,
  );
}

/**
 * Each component a maintenance plans for: its status before the work (when the work started,
 * or now if it has not), the planned one, and once completed the one it returned to.
 */
export function maintenanceAffected(maintenance: Maintenance, components: readonly Component[]): AffectedRow[] {
  const byId = new Map(components.map((c) => [c.id, c]));
  const returned = new Map<string, ComponentStatus>();
  if (maintenance.status === 'completed') {
    for (const update of newestFirst(maintenance.updates).reverse()) {
      for (const a of update.affectedComponents) returned.set(a.componentId, a.newStatus);
    }
  }
  return inPageOrder(
    maintenance.components.map((p) => {
      const component = byId.get(p.componentId);
      return {
        componentId: p.componentId,
        name: component?.name ?? p.componentId,
        before: p.priorStatus ?? (maintenance.status === 'scheduled' ? component?.status : null) ?? 'operational',
        during: p.plannedStatus,
        after: maintenance.status === 'completed' ? (returned.get(p.componentId) ?? p.priorStatus ?? 'operational') : null,
      };
    }),
    components,
  );
}
