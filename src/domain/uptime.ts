// Uptime per component per day, after Atlassian Statuspage's uptime showcase
// (https://help.statuspage.io/help/uptime-calendar): driven by the time each component spends in
// each status, 90 days, one bar per day, and the percentage over the whole window.
//
// Weights: `major_outage` is downtime in full and `partial_outage` counts 30 % of its duration,
// the weight Statuspage's model uses (Instatus documents the same formula:
// https://instatus.com/help/status-page/uptime-colors); degraded performance is not downtime.
// Maintenance is planned: time `under_maintenance`, or in any status a maintenance set (the API
// in `partial_outage` during a data-centre move), is shown as maintenance and never as downtime.

import type { Incident, Maintenance } from './model';
import type { ComponentStatus, Impact } from './status';
import { COMPONENT_STATUS_INFO } from './status';
import type { DayWindow } from './zone-days';
import { startOfDay } from './zone-days';

export const UPTIME_DAYS = 90;

/** How much of the time spent in a status counts as downtime, from the status table. */
export const DOWNTIME_WEIGHT: Record<'no' | 'partly' | 'fully', number> = { no: 0, partly: 0.3, fully: 1 };

/** One row of the component status log, as the snapshot carries it. */
export interface StatusChangeRecord {
  componentId: string;
  oldStatus: ComponentStatus | null;
  newStatus: ComponentStatus;
  changedAt: string;
  causeType: 'operator' | 'incident' | 'maintenance';
}

/** What a day's bar is painted as: a status of the status table, or no data before tracking began. */
export type DayTone = ComponentStatus | 'no_data';

export interface UptimeDay {
  date: string;
  tone: DayTone;
  /** 0…1 over the tracked part of the day; null without data. */
  uptime: number | null;
  downtimeMs: number;
  maintenanceMs: number;
  /** The worst status held outside maintenance, if any time was tracked. */
  worst: ComponentStatus | null;
  incidents: { id: string; name: string; impact: Impact }[];
  maintenances: { id: string; name: string }[];
}

export interface ComponentUptime {
  componentId: string;
  days: UptimeDay[];
  /** 0…1 over every tracked moment of the window; null when nothing was tracked. */
  uptime: number | null;
}

interface Segment {
  from: number;
  until: number;
  status: ComponentStatus;
  maintenance: boolean;
}

const inMaintenance = (status: ComponentStatus, cause: StatusChangeRecord['causeType']): boolean =>
  status === 'under_maintenance' || (cause === 'maintenance' && status !== 'operational');

/**
 * The component's history as consecutive segments up to `now`. Before its first log row it is
 * untracked, unless a `startDate` (Statuspage's `start_date`) says since when it existed: then it
 * held the first row's old status from that date on.
 */
function segmentsOf(log: readonly StatusChangeRecord[], componentId: string, now: number, startDate: Date | null): Segment[] {
  const rows = log.filter((r) => r.componentId === componentId).sort((a, b) => a.changedAt.localeCompare(b.changedAt));
  const segments: Segment[] = [];
  const first = rows[0];
  if (startDate && (!first || startDate.getTime() < Date.parse(first.changedAt))) {
    segments.push({
      from: startDate.getTime(),
      until: first ? Date.parse(first.changedAt) : now,
      status: first?.oldStatus ?? 'operational',
      maintenance: false,
    });
  }
  rows.forEach((row, i) => {
    const next = rows[i + 1];
    segments.push({
      from: Date.parse(row.changedAt),
      until: next ? Date.parse(next.changedAt) : now,
      status: row.newStatus,
      maintenance: inMaintenance(row.newStatus, row.causeType),
    });
  });
  return segments;
}

const touches = (incident: Incident, componentId: string): boolean =>
  incident.components.some((h) => h.componentId === componentId) ||
  incident.updates.some((u) => u.affectedComponents.some((a) => a.componentId === componentId));

/** An event's span in milliseconds, parsed once rather than once per day. */
interface Span<T> {
  from: number;
  until: number;
  item: T;
}

const during = <T>(spans: readonly Span<T>[], from: number, until: number): T[] =>
  spans.filter((s) => s.from < until && s.until > from).map((s) => s.item);

export interface UptimeInput {
  componentId: string;
  /** "YYYY-MM-DD" in the page's zone, or null. */
  startDate: string | null;
  log: readonly StatusChangeRecord[];
  incidents: readonly Incident[];
  maintenances: readonly Maintenance[];
  /** The window, oldest day first (see `lastDays`). */
  days: readonly DayWindow[];
  timeZone: string;
  now: Date;
}

/** The component's days and its uptime over them. */
export function componentUptime(input: UptimeInput): ComponentUptime {
  const now = input.now.getTime();
  const start = input.startDate ? startOfDay(input.startDate, input.timeZone) : null;
  const segments = segmentsOf(input.log, input.componentId, now, start);
  const incidents: Span<UptimeDay['incidents'][number]>[] = input.incidents
    .filter((i) => touches(i, input.componentId))
    .map((i) => ({
      from: Date.parse(i.startedAt),
      until: i.resolvedAt ? Date.parse(i.resolvedAt) : now,
      item: { id: i.id, name: i.name, impact: i.impact },
    }))
    .sort((a, b) => a.from - b.from);
  const maintenances: Span<UptimeDay['maintenances'][number]>[] = input.maintenances
    .filter((m) => m.startedAt !== null && m.status !== 'cancelled' && m.components.some((p) => p.componentId === input.componentId))
    .map((m) => ({
      from: Date.parse(m.startedAt as string),
      until: m.resolvedAt ? Date.parse(m.resolvedAt) : now,
      item: { id: m.id, name: m.name },
    }));

  let trackedTotal = 0;
  let downTotal = 0;
  const days = input.days.map((day): UptimeDay => {
    const dayFrom = day.from.getTime();
    const dayUntil = day.until.getTime();
    let tracked = 0;
    let down = 0;
    let maintenance = 0;
    let worst: ComponentStatus | null = null;
    for (const s of segments) {
      const ms = Math.min(s.until, dayUntil) - Math.max(s.from, dayFrom);
      if (ms <= 0) continue;
      tracked += ms;
      if (s.maintenance) {
        maintenance += ms;
        continue;
      }
      const info = COMPONENT_STATUS_INFO[s.status];
      down += ms * DOWNTIME_WEIGHT[info.countsAsDown];
      if (worst === null || info.severity > COMPONENT_STATUS_INFO[worst].severity) worst = s.status;
    }
    trackedTotal += tracked;
    downTotal += down;
    let tone: DayTone = 'no_data';
    if (tracked > 0) {
      if (worst && worst !== 'operational') tone = worst;
      else tone = maintenance > 0 ? 'under_maintenance' : 'operational';
    }
    return {
      date: day.date,
      tone,
      uptime: tracked > 0 ? 1 - down / tracked : null,
      downtimeMs: down,
      maintenanceMs: maintenance,
      worst,
      incidents: during(incidents, dayFrom, dayUntil),
      maintenances: during(maintenances, dayFrom, dayUntil),
    };
  });
  return { componentId: input.componentId, days, uptime: trackedTotal > 0 ? 1 - downTotal / trackedTotal : null };
}
