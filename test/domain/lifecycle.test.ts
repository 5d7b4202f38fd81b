import { describe, expect, it } from 'vitest';
import { incidentTransition, maintenanceTransition } from '../../src/domain/lifecycle';
import { INCIDENT_STATUSES, MAINTENANCE_STATUSES } from '../../src/domain/status';

// Every (from, to) pair of both machines, with the expected verdict written out by hand.
const INCIDENT_ALLOWED = new Set([
  'investigating→investigating',
  'investigating→identified',
  'investigating→monitoring',
  'investigating→resolved',
  'identified→investigating',
  'identified→identified',
  'identified→monitoring',
  'identified→resolved',
  'monitoring→investigating',
  'monitoring→identified',
  'monitoring→monitoring',
  'monitoring→resolved',
  'resolved→postmortem',
]);

const MAINTENANCE_ALLOWED = new Set([
  'scheduled→scheduled',
  'scheduled→in_progress',
  'scheduled→cancelled',
  'in_progress→in_progress',
  'in_progress→verifying',
  'in_progress→completed',
  'verifying→verifying',
  'verifying→in_progress',
  'verifying→completed',
]);

describe('incident state machine', () => {
  for (const from of INCIDENT_STATUSES) {
    for (const to of INCIDENT_STATUSES) {
      const allowed = INCIDENT_ALLOWED.has(`${from}→${to}`);
      it(`${from} → ${to} is ${allowed ? 'allowed' : 'refused with a reason'}`, () => {
        const verdict = incidentTransition(from, to);
        expect(verdict.ok).toBe(allowed);
        if (!verdict.ok) expect(verdict.reason.length).toBeGreaterThan(10);
      });
    }
  }

  it('explains why a postmortem needs a resolved incident', () => {
    expect(incidentTransition('investigating', 'postmortem')).toEqual({ ok: false, reason: expect.stringContaining('resolved before') });
    expect(incidentTransition('postmortem', 'investigating')).toEqual({ ok: false, reason: expect.stringContaining('closed') });
  });
});

describe('maintenance state machine', () => {
  for (const from of MAINTENANCE_STATUSES) {
    for (const to of MAINTENANCE_STATUSES) {
      const allowed = MAINTENANCE_ALLOWED.has(`${from}→${to}`);
      it(`${from} → ${to} is ${allowed ? 'allowed' : 'refused with a reason'}`, () => {
        const verdict = maintenanceTransition(from, to);
        expect(verdict.ok).toBe(allowed);
        if (!verdict.ok) expect(verdict.reason.length).toBeGreaterThan(10);
      });
    }
  }

  it('says a started maintenance is completed, not cancelled', () => {
    expect(maintenanceTransition('in_progress', 'cancelled')).toEqual({
      ok: false,
      reason: expect.stringContaining('completed, not cancelled'),
    });
    expect(maintenanceTransition('scheduled', 'completed')).toEqual({ ok: false, reason: expect.stringContaining('must start') });
  });
});
