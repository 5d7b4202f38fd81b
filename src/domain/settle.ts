// Which status a component should show when the things that hold it change.
import type { ComponentStatus } from './status';
import { COMPONENT_STATUS_INFO, worseStatus } from './status';

export interface Holds {
  /** Statuses that open incidents hold the component in. */
  incidents: readonly ComponentStatus[];
  /** The status a running maintenance planned for it, if one runs. */
  maintenance: ComponentStatus | null;
}

/** An open incident wins over a maintenance; with neither, the component rests at `fallback`. */
export function settledStatus(holds: Holds, fallback: ComponentStatus): ComponentStatus {
  if (holds.incidents.length > 0) return holds.incidents.reduce(worseStatus);
  return holds.maintenance ?? fallback;
}

/** At a maintenance's start: the planned status, unless an incident already holds it worse. */
export function startingStatus(planned: ComponentStatus, holds: Holds): ComponentStatus {
  if (holds.incidents.length === 0) return planned;
  const incident = holds.incidents.reduce(worseStatus);
  return COMPONENT_STATUS_INFO[incident].severity > COMPONENT_STATUS_INFO[planned].severity ? incident : planned;
}

/**
 * At a maintenance's end: back to the status it had before, unless someone changed it during the
 * window (it no longer shows the planned status: leave the operator's choice) or an open incident
 * holds it (show the incident's status).
 */
export function completingStatus(
  current: ComponentStatus,
  planned: ComponentStatus,
  prior: ComponentStatus | null,
  holds: Holds,
): ComponentStatus {
  if (holds.incidents.length > 0) return holds.incidents.reduce(worseStatus);
  if (current !== planned) return current;
  if (holds.maintenance) return holds.maintenance;
  return prior ?? 'operational';
}
