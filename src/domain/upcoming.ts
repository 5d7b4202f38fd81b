// Which planned maintenance the compact surfaces (the /embed widget, /badge.svg) announce ahead of
// time: the ones due to start within a week, so a widget seen on Monday warns of the weekend's.
// And what is announced and not over that a subscriber follows, shown when they confirm and on
// their manage page.
import { isIncidentOpen, isMaintenanceActive, isMaintenanceFinished } from './lifecycle';
import type { Incident, Maintenance } from './model';
import { follows, type Subscriber } from './subscribers';
import { DAY_MS } from './time-units';

export const SOON_DAYS = 7;
const SOON_MS = SOON_DAYS * DAY_MS;

/**
 * Scheduled maintenance starting within SOON_DAYS of `now` (or due and not begun yet), soonest
 * first; with `componentIds`, only those that plan for one of them.
 */
export function maintenanceSoon(maintenances: readonly Maintenance[], now: Date, componentIds?: ReadonlySet<string>): Maintenance[] {
  const horizon = now.getTime() + SOON_MS;
  return maintenances
    .filter((m) => m.status === 'scheduled' && Date.parse(m.scheduledFor) <= horizon)
    .filter((m) => !componentIds || m.components.some((p) => componentIds.has(p.componentId)))
    .sort((a, b) => a.scheduledFor.localeCompare(b.scheduledFor));
}

/** Incidents and maintenance that are not over: what a subscriber is shown of them (stillOpenFor). */
export interface StillOpen {
  /** Unresolved incidents, the latest begun first. */
  incidents: Incident[];
  /** Maintenance under way, then planned (soonest first); neither completed nor cancelled. */
  maintenances: Maintenance[];
}

/** The incidents and maintenance of `read` that are not over, in StillOpen's order. */
export function stillOpen(read: { incidents: readonly Incident[]; maintenances: readonly Maintenance[] }): StillOpen {
  const underWay = (m: Maintenance) => (isMaintenanceActive(m.status) ? 0 : 1);
  return {
    incidents: read.incidents.filter((i) => isIncidentOpen(i.status)).sort((a, b) => b.startedAt.localeCompare(a.startedAt)),
    maintenances: read.maintenances
      .filter((m) => !isMaintenanceFinished(m.status))
      .sort((a, b) => underWay(a) - underWay(b) || a.scheduledFor.localeCompare(b.scheduledFor)),
  };
}

/** The key of a subject in `named`: its type and id. */
export const subjectKey = (type: 'incident' | 'maintenance', id: string): string => `${type}:${id}`;

/**
 * Of `open`, what `subscriber` follows, as the notices' fan-out decides it: the next notice of
 * each reaches the followers of every component its notices named so far (`named`, by
 * subjectKey) and of those it concerns now, or everyone when there are none. So what comes next
 * of each reaches them.
 */
export function stillOpenFor(
  open: StillOpen,
  subscriber: Pick<Subscriber, 'allComponents' | 'components'>,
  named: ReadonlyMap<string, readonly string[]>,
): StillOpen {
  const theirs = (key: string, now: readonly { componentId: string }[]) =>
    follows(subscriber, [...now.map((p) => p.componentId), ...(named.get(key) ?? [])]);
  return {
    incidents: open.incidents.filter((i) => theirs(subjectKey('incident', i.id), i.components)),
    maintenances: open.maintenances.filter((m) => theirs(subjectKey('maintenance', m.id), m.components)),
  };
}
