import { describe, expect, it } from 'vitest';
import { statusLog } from '../support/db';
import { makeCatalogue } from '../support/factories';
import { harness, MINUTE, ok } from '../support/harness';
import { noticesOf } from '../support/notices';

// DESIGN.md's scenario: Saturday 08:00 → Sunday 20:00 Europe/Paris (07:00Z → 19:00Z in December),
// scheduled two weeks ahead, with reminders 72 h, 24 h and 1 h before, run by the clock alone.
const START = '2026-12-05T07:00:00.000Z';
const END = '2026-12-06T19:00:00.000Z';

describe('the migration weekend, driven by the clock', () => {
  it('announces, reminds three times, starts, takes an update, completes and restores — each notice once', async () => {
    const h = harness('2026-11-21T07:00:00.000Z');
    const { crawlers, webapp, api, login, alerts } = await makeCatalogue(h);

    const created = ok(
      await h.api('POST', '/maintenances', {
        name: 'Data-centre migration',
        body: 'We move our ~15 servers to a new data centre.',
        scheduled_for: '2026-12-05T08:00:00+01:00',
        scheduled_until: '2026-12-06T20:00:00+01:00',
        components: {
          [crawlers.id]: 'under_maintenance',
          [webapp.id]: 'degraded_performance',
          [api.id]: 'partial_outage',
          [login.id]: 'operational',
        },
        reminders: [72 * 60, 24 * 60, 60],
        still_working: 'Login and read-only dashboards.',
      }),
    ).maintenance;
    expect(created).toMatchObject({ status: 'scheduled', scheduled_for: START, scheduled_until: END, reminders: [4320, 1440, 60] });

    // A cron tick every hour for the two weeks (enough to land on each moment), and an operator update on Saturday afternoon.
    const updateAt = Date.parse('2026-12-05T13:00:00.000Z');
    const finish = Date.parse(END) + 60 * MINUTE;
    let updated = false;
    const seen: Record<string, string>[] = [];
    while (h.clock.now().getTime() <= finish) {
      h.clock.advance(60 * MINUTE);
      await h.tick();
      if (!updated && h.clock.now().getTime() >= updateAt) {
        ok(
          await h.api('POST', `/maintenances/${created.id}/updates`, {
            status: 'in_progress',
            body: 'Crawlers are racked in the new room.',
          }),
        );
        updated = true;
      }
      if (h.clock.now().toISOString() === '2026-12-05T12:00:00.000Z') {
        const now = ok(await h.api('GET', '/components')).components;
        seen.push(Object.fromEntries(now.map((c: { id: string; status: string }) => [c.id, c.status])));
      }
    }

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
