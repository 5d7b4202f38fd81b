import { describe, expect, it } from 'vitest';
import { auditActions, rows } from '../support/db';
import { makeCatalogue, makeMaintenance } from '../support/factories';
import { harness, ok } from '../support/harness';

describe('maintenances through the admin API', () => {
  it('an operator schedules, edits, reschedules and cancels; every write is audited', async () => {
    const h = harness('2026-11-21T07:00:00.000Z');
    const { crawlers, webapp } = await makeCatalogue(h);
    const created = ok(
      await h.api('POST', '/maintenances', {
        name: 'Data-centre migration',
        scheduled_for: '2026-12-05T08:00:00+01:00',
        scheduled_until: '2026-12-06T20:00:00+01:00',
        components: { [crawlers.id]: 'under_maintenance', [webapp.id]: 'degraded_performance' },
        reminders: [60, 4320, 1440],
        still_working: 'Login',
        auto_complete: false,
      }),
    ).maintenance;
    expect(created).toMatchObject({
      status: 'scheduled',
      impact: 'minor',
      reminders: [4320, 1440, 60],
      auto_start: true,
      auto_complete: false,
      components: { [crawlers.id]: 'under_maintenance', [webapp.id]: 'degraded_performance' },
    });
    expect(
      await rows('SELECT minutes_before FROM maintenance_reminders WHERE maintenance_id = ? ORDER BY minutes_before', created.id),
    ).toEqual([{ minutes_before: 60 }, { minutes_before: 1440 }, { minutes_before: 4320 }]);

    const edited = ok(
      await h.api('PATCH', `/maintenances/${created.id}`, { still_working: 'Login and dashboards', reminders: [1440] }),
    ).maintenance;
    expect(edited).toMatchObject({ still_working: 'Login and dashboards', reminders: [1440], sequence: 0 });
    const moved = ok(
      await h.api('PATCH', `/maintenances/${created.id}`, {
        scheduled_for: '2026-12-12T07:00:00Z',
        scheduled_until: '2026-12-13T19:00:00Z',
      }),
    ).maintenance;
    expect(moved.sequence).toBe(1);
    // Forewarn's own update is facts, worded per reader and zone where it is shown.
    expect(moved.incident_updates[0]).toMatchObject({
      body: '',
      facts: {
        automatic: 'rescheduled',
        shift: 'later',
        previous: { scheduled_for: '2026-12-05T07:00:00.000Z' },
        window: { scheduled_for: '2026-12-12T07:00:00.000Z', scheduled_until: '2026-12-13T19:00:00.000Z' },
      },
    });
    ok(await h.api('POST', `/maintenances/${created.id}/updates`, { status: 'scheduled', body: 'Racks are booked.' }));
    const cancelled = ok(
      await h.api('POST', `/maintenances/${created.id}/updates`, { status: 'cancelled', body: 'Postponed.' }),
    ).maintenance;
    expect(cancelled.status).toBe('cancelled');

    expect(await auditActions(created.id)).toEqual([
      'maintenance.create',
      'maintenance.edit',
      'maintenance.reschedule',
      'maintenance.update',
      'maintenance.cancel',
    ]);
    const listed = ok(await h.api('GET', '/maintenances?status=cancelled')).maintenances;
    expect(listed.map((m: { id: string }) => m.id)).toEqual([created.id]);
  });

  it('a running maintenance can move its end but not its start or components', async () => {
    const h = harness('2026-12-05T07:00:00.000Z');
    const { crawlers } = await makeCatalogue(h);
    const m = await makeMaintenance(h, { components: { [crawlers.id]: 'under_maintenance' } });
    await h.tick();
    const extended = ok(
      await h.api('PATCH', `/maintenances/${m.id}`, { scheduled_until: '2026-12-05T13:00:00Z', body: 'Two more hours.' }),
    ).maintenance;
    expect(extended).toMatchObject({ status: 'in_progress', scheduled_until: '2026-12-05T13:00:00.000Z', sequence: 1 });
    expect((await h.api('PATCH', `/maintenances/${m.id}`, { scheduled_for: '2026-12-05T08:00:00Z' })).status).toBe(409);
    expect((await h.api('PATCH', `/maintenances/${m.id}`, { components: { [crawlers.id]: 'major_outage' } })).status).toBe(409);
  });
});
