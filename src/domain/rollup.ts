// The overall page status, as Statuspage's `status.indicator` and `status.description`.
import type { ComponentStatus, Impact, Indicator } from './status';
import { COMPONENT_STATUS_INFO, INDICATOR_RANK } from './status';

/** Statuspage's own English descriptions; the page translates them by indicator. */
export const INDICATOR_DESCRIPTION: Record<Indicator, string> = {
  none: 'All Systems Operational',
  minor: 'Minor Service Outage',
  major: 'Partial System Outage',
  critical: 'Major System Outage',
  maintenance: 'Service Under Maintenance',
};

export interface RollupComponent {
  status: ComponentStatus;
  /** True while a running maintenance planned this status and no open incident holds the component. */
  heldByMaintenance: boolean;
}

export interface RollupInput {
  components: readonly RollupComponent[];
  /** Impacts of unresolved incidents. */
  openIncidentImpacts: readonly Impact[];
  /** Number of maintenances in progress or verifying. */
  activeMaintenances: number;
}

export interface Rollup {
  indicator: Indicator;
  description: string;
}

const worst = (a: Indicator, b: Indicator): Indicator => (INDICATOR_RANK[b] > INDICATOR_RANK[a] ? b : a);

/**
 * The worst of: each component's status, each open incident's impact, and `maintenance` while
 * a maintenance runs. A status that a running maintenance planned (the API in `partial_outage`
 * during a data-centre move) is planned work, not an outage: it counts as `maintenance`, so a
 * page whose only trouble is planned work reads "Service Under Maintenance".
 */
export function rollupIndicator(input: RollupInput): Rollup {
  let indicator: Indicator = input.activeMaintenances > 0 ? 'maintenance' : 'none';
  for (const c of input.components) {
    const own = COMPONENT_STATUS_INFO[c.status].indicator;
    indicator = worst(indicator, c.heldByMaintenance && own !== 'none' ? 'maintenance' : own);
  }
  for (const impact of input.openIncidentImpacts) indicator = worst(indicator, impact);
  return { indicator, description: INDICATOR_DESCRIPTION[indicator] };
}
