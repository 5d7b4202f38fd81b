// Which planned maintenance the compact surfaces (the /embed widget, /badge.svg) announce ahead of
// time: the ones due to start within a week, so a widget seen on Monday warns of the weekend's.
// And what a new subscriber missed that is not over yet, shown when they confirm.
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

/** What a subscriber who has just joined missed and is not over, as they would have been told it. */
export interface StillOpen {
  /** Unresolved incidents, the latest begun first. */
  incidents: Incident[];
  /** Maintenance under way, then planned (soonest first); neither completed nor cancelled. */
  maintenances: Maintenance[];
}

/**
 * The incidents and maintenance announced before `subscriber` joined that they follow (as the
 * notices' fan-out decides it) and that are not over: what comes next of them will reach them.
 */
export function stillOpenFor(
  read: { incidents: readonly Incident[]; maintenances: readonly Maintenance[] },
  subscriber: Pick<Subscriber, 'allComponents' | 'components'>,
): StillOpen {
  const theirs = (planned: readonly { componentId: string }[]) =>
    follows(
      subscriber,
      planned.map((p) => p.componentId),
    );
  const incidents = read.incidents
    .filter((i) => isIncidentOpen(i.status) && theirs(i.components))
    .sort((a, b) => b.startedAt.localeCompare(a.startedAt));
  const underWay = (m: Maintenance) => (isMaintenanceActive(m.status) ? 0 : 1);
  const maintenances = read.maintenances
    .filter((m) => !isMaintenanceFinished(m.status) && theirs(m.components))
    .sort((a, b) => underWay(a) - underWay(b) || a.scheduledFor.localeCompare(b.scheduledFor));
  return { incidents, maintenances };
}
