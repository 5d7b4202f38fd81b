// Statuspage v2 vocabulary: enum strings exactly as Atlassian's public API spells them.

export const COMPONENT_STATUSES = ['operational', 'degraded_performance', 'partial_outage', 'major_outage', 'under_maintenance'] as const;
export type ComponentStatus = (typeof COMPONENT_STATUSES)[number];

export const INDICATORS = ['none', 'minor', 'major', 'critical', 'maintenance'] as const;
export type Indicator = (typeof INDICATORS)[number];

export const IMPACTS = ['none', 'minor', 'major', 'critical'] as const;
export type Impact = (typeof IMPACTS)[number];

export const INCIDENT_STATUSES = ['investigating', 'identified', 'monitoring', 'resolved', 'postmortem'] as const;
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];

/** Statuspage's four, plus `cancelled`, which Forewarn keeps (Statuspage deletes instead). */
export const MAINTENANCE_STATUSES = ['scheduled', 'in_progress', 'verifying', 'completed', 'cancelled'] as const;
export type MaintenanceStatus = (typeof MAINTENANCE_STATUSES)[number];

/**
 * The one status table. `severity` orders statuses (higher is worse), `indicator` is what one
 * component in that status contributes to the page rollup, `color` is used by the page, the
 * badge and the e-mails, `counts_as_down` feeds uptime.
 */
export const COMPONENT_STATUS_INFO: Record<
  ComponentStatus,
  { severity: number; indicator: Indicator; color: string; countsAsDown: 'no' | 'partly' | 'fully' }
> = {
  operational: { severity: 0, indicator: 'none', color: '#2fcc66', countsAsDown: 'no' },
  under_maintenance: { severity: 1, indicator: 'maintenance', color: '#3498db', countsAsDown: 'no' },
  degraded_performance: { severity: 2, indicator: 'minor', color: '#f1c40f', countsAsDown: 'no' },
  partial_outage: { severity: 3, indicator: 'major', color: '#e67e22', countsAsDown: 'partly' },
  major_outage: { severity: 4, indicator: 'critical', color: '#e74c3c', countsAsDown: 'fully' },
};

/** Order of indicators from best to worst; `maintenance` ranks above `none` and below any outage. */
export const INDICATOR_RANK: Record<Indicator, number> = {
  none: 0,
  maintenance: 1,
  minor: 2,
  major: 3,
  critical: 4,
};

export const INDICATOR_COLOR: Record<Indicator, string> = {
  none: '#2fcc66',
  maintenance: '#3498db',
  minor: '#f1c40f',
  major: '#e67e22',
  critical: '#e74c3c',
};

export const isComponentStatus = (value: unknown): value is ComponentStatus =>
  typeof value === 'string' && (COMPONENT_STATUSES as readonly string[]).includes(value);

export const worseStatus = (a: ComponentStatus, b: ComponentStatus): ComponentStatus =>
  COMPONENT_STATUS_INFO[b].severity > COMPONENT_STATUS_INFO[a].severity ? b : a;

/** Statuspage derives an impact from the worst component status when none is given. */
export function impactOfStatuses(statuses: readonly ComponentStatus[]): Impact {
  let impact: Impact = 'none';
  for (const s of statuses) {
    const indicator = COMPONENT_STATUS_INFO[s].indicator;
    if (indicator !== 'maintenance' && INDICATOR_RANK[indicator] > INDICATOR_RANK[impact]) impact = indicator;
  }
  return impact;
}
