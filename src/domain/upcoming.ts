// Which planned maintenance the compact surfaces (the /embed widget, /badge.svg) announce ahead of
// time: the ones due to start within a week, so a widget seen on Monday warns of the weekend's.
import type { Maintenance } from './model';
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
