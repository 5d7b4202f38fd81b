// State machines of incidents and maintenances: which status may follow which, and why not.
import type { IncidentStatus, MaintenanceStatus } from './status';

export type Transition = { ok: true } | { ok: false; reason: string };

const OPEN_INCIDENT: readonly IncidentStatus[] = ['investigating', 'identified', 'monitoring'];

/**
 * Open statuses may follow each other in any order (a fix that fails sends `monitoring` back to
 * `investigating`) and may resolve. A resolved incident takes only a postmortem; a postmortem is
 * final. Posting a second update in the same open status is allowed.
 */
export const INCIDENT_TRANSITIONS: Record<IncidentStatus, readonly IncidentStatus[]> = {
  investigating: [...OPEN_INCIDENT, 'resolved'],
  identified: [...OPEN_INCIDENT, 'resolved'],
  monitoring: [...OPEN_INCIDENT, 'resolved'],
  resolved: ['postmortem'],
  postmortem: [],
};

/**
 * scheduled → in_progress → verifying → completed, with `verifying` able to go back to
 * `in_progress`; only a maintenance that has not started can be cancelled, and one that has
 * started is completed instead. Same-status updates are allowed while it is not finished.
 */
export const MAINTENANCE_TRANSITIONS: Record<MaintenanceStatus, readonly MaintenanceStatus[]> = {
  scheduled: ['scheduled', 'in_progress', 'cancelled'],
  in_progress: ['in_progress', 'verifying', 'completed'],
  verifying: ['verifying', 'in_progress', 'completed'],
  completed: [],
  cancelled: [],
};

export function incidentTransition(from: IncidentStatus, to: IncidentStatus): Transition {
  if (INCIDENT_TRANSITIONS[from].includes(to)) return { ok: true };
  if (from === 'postmortem') return { ok: false, reason: 'the incident has a postmortem and is closed' };
  if (from === 'resolved') return { ok: false, reason: `a resolved incident can only take a postmortem, not ${to}` };
  return { ok: false, reason: `an open incident must be resolved before its postmortem (it is ${from})` };
}

export function maintenanceTransition(from: MaintenanceStatus, to: MaintenanceStatus): Transition {
  if (MAINTENANCE_TRANSITIONS[from].includes(to)) return { ok: true };
  if (from === 'completed' || from === 'cancelled') return { ok: false, reason: `the maintenance is ${from}` };
  if (to === 'cancelled') return { ok: false, reason: 'a maintenance that has started is completed, not cancelled' };
  if (to === 'scheduled') return { ok: false, reason: 'a maintenance that has started cannot go back to scheduled' };
  return { ok: false, reason: `a maintenance must start before it is ${to}` };
}

export const isIncidentOpen = (status: IncidentStatus): boolean => OPEN_INCIDENT.includes(status);

export const isMaintenanceActive = (status: MaintenanceStatus): boolean => status === 'in_progress' || status === 'verifying';

export const isMaintenanceFinished = (status: MaintenanceStatus): boolean => status === 'completed' || status === 'cancelled';
