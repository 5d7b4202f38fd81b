import { describe, expect, it } from 'vitest';
import { statusLog } from '../support/db';
import { MIGRATION_WEEKEND, makeCatalogue, makeMigrationWeekend, runMigrationWeekend } from '../support/factories';
import { harness, ok } from '../support/harness';
import { noticesOf } from '../support/notices';

/** This scenario steps the clock through days of ticks (20–40 s on a busy 2-core host): twice the worker project's 30 s. */
const SCENARIO_TIMEOUT_MS = 60_000;

// DESIGN.md's scenario: Saturday 08:00 → Sunday 20:00 Europe/Paris (07:00Z → 19:00Z in December),
// scheduled two weeks ahead, with reminders 72 h, 24 h and 1 h before, run by the clock alone.
const { start: START, end: END } = MIGRATION_WEEKEND;

describe('the migration weekend, driven by the clock', () => {
  it('announces, reminds three times, starts, takes an update, completes and restores — each notice once', {
    timeout: SCENARIO_TIMEOUT_MS,
  }, async () => {
    const h = harness('2026-11-21T07:00:00.000Z');
    const { crawlers, webapp, api, login, alerts } = await makeCatalogue(h);
    const created = await makeMigrationWeekend(h, { crawlers, webapp, api, login });
    expect(created).toMatchObject({ status: 'scheduled', scheduled_for: START, scheduled_until: END, reminders: [4320, 1440, 60] });

    // The clock runs it, with an operator update on Saturday afternoon; at noon on Saturday the components are read.
    const seen: Record<string, string>[] = [];
    await runMigrationWeekend(h, created.id, async () => {
      if (h.clock.now().toISOString() === '2026-12-05T12:00:00.000Z') {
        const now = ok(await h.api('GET', '/components')).components;
        seen.push(Object.fromEntries(now.map((c: { id: string; status: string }) => [c.id, c.status])));
      }
    });

    const notices = await noticesOf(created.id);
    expect(notices.map((n) => [n.kind, n.payload.minutes_before ?? null, n.created_at])).toEqual([
      ['scheduled', null, '2026-11-21T07:00:00.000Z'],
      ['reminder', 4320, '2026-12-02T07:00:00.000Z'],
      ['reminder', 1440, '2026-12-04T07:00:00.000Z'],
      ['reminder', 60, '2026-12-05T06:00:00.000Z'],
      ['started', null, START],
      ['update', null, '2026-12-05T13:00:00.000Z'],
      ['completed', null, END],
    ]);
    expect(new Set(notices.map((n) => n.dedupe_key)).size).toBe(notices.length);
    expect(notices.find((n) => n.kind === 'started')?.payload.components).toEqual(
      expect.arrayContaining([
        { id: crawlers.id, name: 'Price crawlers', status: 'under_maintenance' },
        { id: webapp.id, name: 'Web app', status: 'degraded_performance' },
        { id: api.id, name: 'Public API', status: 'partial_outage' },
      ]),
    );
    expect(notices.find((n) => n.kind === 'reminder')?.payload).toMatchObject({
      still_working: 'Login and read-only dashboards.',
      window: { scheduled_for: START },
    });

    // In the middle of Saturday each component showed its own planned status.
    expect(seen[0]).toMatchObject({
      [crawlers.id]: 'under_maintenance',
      [webapp.id]: 'degraded_performance',
      [api.id]: 'partial_outage',
      [login.id]: 'operational',
      [alerts.id]: 'operational',
    });

    const done = ok(await h.api('GET', `/maintenances/${created.id}`)).maintenance;
    expect(done).toMatchObject({ status: 'completed', started_at: START, resolved_at: END });
    expect(done.incident_updates.map((u: { status: string }) => u.status)).toEqual([
      'completed',
      'in_progress',
      'in_progress',
      'scheduled',
    ]);

    const transitions = async (id: string) => (await statusLog(id)).map((r) => [r.old_status, r.new_status, r.changed_at, r.cause_type]);
    expect(await transitions(crawlers.id)).toEqual([
      [null, 'operational', '2026-11-21T07:00:00.000Z', 'operator'],
      ['operational', 'under_maintenance', START, 'maintenance'],
      ['under_maintenance', 'operational', END, 'maintenance'],
    ]);
    expect(await transitions(webapp.id)).toEqual([
      [null, 'operational', '2026-11-21T07:00:00.000Z', 'operator'],
      ['operational', 'degraded_performance', START, 'maintenance'],
      ['degraded_performance', 'operational', END, 'maintenance'],
    ]);
    expect(await transitions(api.id)).toEqual([
      [null, 'operational', '2026-11-21T07:00:00.000Z', 'operator'],
      ['operational', 'partial_outage', START, 'maintenance'],
      ['partial_outage', 'operational', END, 'maintenance'],
    ]);
    expect(await transitions(login.id)).toEqual([[null, 'operational', '2026-11-21T07:00:00.000Z', 'operator']]);
    expect(await transitions(alerts.id)).toEqual([[null, 'operational', '2026-11-21T07:00:00.000Z', 'operator']]);
  });
});
