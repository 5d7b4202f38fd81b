import { describe, expect, it } from 'vitest';
import { rollupIndicator } from '../../src/domain/rollup';
import type { ComponentStatus, Impact } from '../../src/domain/status';

const live = (...statuses: ComponentStatus[]) => statuses.map((status) => ({ status, heldByMaintenance: false }));

describe('page rollup', () => {
  const cases: [string, Parameters<typeof rollupIndicator>[0], string, string][] = [
    [
      'all operational',
      { components: live('operational', 'operational'), openIncidentImpacts: [], activeMaintenances: 0 },
      'none',
      'All Systems Operational',
    ],
    ['no components at all', { components: [], openIncidentImpacts: [], activeMaintenances: 0 }, 'none', 'All Systems Operational'],
    [
      'one degraded component',
      { components: live('operational', 'degraded_performance'), openIncidentImpacts: [], activeMaintenances: 0 },
      'minor',
      'Minor Service Outage',
    ],
    [
      'a partial outage',
      { components: live('degraded_performance', 'partial_outage'), openIncidentImpacts: [], activeMaintenances: 0 },
      'major',
      'Partial System Outage',
    ],
    [
      'a major outage wins',
      { components: live('partial_outage', 'major_outage', 'under_maintenance'), openIncidentImpacts: [], activeMaintenances: 1 },
      'critical',
      'Major System Outage',
    ],
    [
      'a component under maintenance',
      { components: live('operational', 'under_maintenance'), openIncidentImpacts: [], activeMaintenances: 0 },
      'maintenance',
      'Service Under Maintenance',
    ],
    [
      'a maintenance running, components fine',
      { components: live('operational'), openIncidentImpacts: [], activeMaintenances: 1 },
      'maintenance',
      'Service Under Maintenance',
    ],
    [
      'planned degradation during a maintenance reads as maintenance',
      {
        components: [
          { status: 'partial_outage', heldByMaintenance: true },
          { status: 'degraded_performance', heldByMaintenance: true },
          { status: 'under_maintenance', heldByMaintenance: true },
        ],
        openIncidentImpacts: [],
        activeMaintenances: 1,
      },
      'maintenance',
      'Service Under Maintenance',
    ],
    [
      'an incident outage during a maintenance still shows',
      {
        components: [{ status: 'under_maintenance', heldByMaintenance: true }, ...live('major_outage')],
        openIncidentImpacts: ['critical'],
        activeMaintenances: 1,
      },
      'critical',
      'Major System Outage',
    ],
    [
      'an open incident with no component',
      { components: live('operational'), openIncidentImpacts: ['minor'], activeMaintenances: 0 },
      'minor',
      'Minor Service Outage',
    ],
    [
      'an incident of impact none',
      { components: live('operational'), openIncidentImpacts: ['none' as Impact], activeMaintenances: 0 },
      'none',
      'All Systems Operational',
    ],
    [
      'the worst incident impact',
      { components: live('degraded_performance'), openIncidentImpacts: ['minor', 'major'], activeMaintenances: 0 },
      'major',
      'Partial System Outage',
    ],
  ];
  for (const [story, input, indicator, description] of cases) {
    it(`${story} → ${indicator}`, () => {
      expect(rollupIndicator(input)).toEqual({ indicator, description });
    });
  }
});
