import { describe, expect, it } from 'vitest';
import { rows, statusLog } from '../support/db';
import { makeCatalogue, makeMaintenance } from '../support/factories';
import { HOUR, harness, ok } from '../support/harness';
import { noticesOf, noticeTrail } from '../support/notices';

const START = '2026-12-05T07:00:00.000Z';
const END = '2026-12-05T11:00:00.000Z';

const schedule = (h: ReturnType<typeof harness>, components: Record<string, string>, reminders = [1440, 60]) =>
  makeMaintenance(h, { name: 'Database upgrade', components, reminders });

describe('a cron that comes late or twice', () => {
  it('three hours late: no "starts in 1 hour" after the start, and the maintenance still starts', async () => {
    const h = harness('2026-12-01T07:00:00.000Z');
    const { crawlers } = await makeCatalogue(h);
    const m = await schedule(h, { [crawlers.id]: 'under_maintenance' });

    h.clock.set('2026-12-04T07:00:00.000Z');
    await h.tick();
    // The worker is down from 05:00 to 10:00; the next tick lands three hours after the start.
    h.clock.set('2026-12-05T10:00:00.000Z');
    await h.tick();

    expect(await noticeTrail(m.id)).toEqual(['scheduled', 'reminder:1440', 'started']);
    expect(ok(await h.api('GET', `/maintenances/${m.id}`)).maintenance.status).toBe('in_progress');
    expect(ok(await h.api('GET', `/components/${crawlers.id}`)).component.status).toBe('under_maintenance');
  });

  it('down for the whole window: one late tick starts then completes, in order, and restores statuses', async () => {
    const h = harness('2026-12-01T07:00:00.000Z');
    const { api } = await makeCatalogue(h);
    const m = await schedule(h, { [api.id]: 'partial_outage' });

    h.clock.set('2026-12-05T14:00:00.000Z');
    await h.tick();

    expect(await noticeTrail(m.id)).toEqual(['scheduled', 'started', 'completed']);
    expect((await statusLog(api.id)).map((r) => [r.old_status, r.new_status])).toEqual([
      [null, 'operational'],
      ['operational', 'partial_outage'],
      ['partial_outage', 'operational'],
    ]);
    expect(ok(await h.api('GET', `/maintenances/${m.id}`)).maintenance.status).toBe('completed');
  });

  it('a reminder the worker missed by days is replaced by the latest one due, never sent late', async () => {
    const h = harness('2026-11-25T07:00:00.000Z');
    const { crawlers } = await makeCatalogue(h);
    const m = await schedule(h, { [crawlers.id]: 'under_maintenance' }, [4320, 1440, 60]);
    // Down from before the 72 h reminder until 20 hours before the start.
    h.clock.set('2026-12-04T11:00:00.000Z');
    await h.tick();
    h.clock.advance(HOUR);
    await h.tick();
    expect(await noticeTrail(m.id)).toEqual(['scheduled', 'reminder:1440']);
  });

  it('two cron runs at the same moment record each notice and each status change once', async () => {
    const h = harness('2026-12-01T07:00:00.000Z');
    const { crawlers, webapp } = await makeCatalogue(h);
    const m = await schedule(h, { [crawlers.id]: 'under_maintenance', [webapp.id]: 'degraded_performance' });

    h.clock.set('2026-12-04T07:00:00.000Z');
    await Promise.all([h.tick(), h.tick(), h.tick()]);
    h.clock.set(START);
    await Promise.all([h.tick(), h.tick()]);
    h.clock.set(END);
    await Promise.all([h.tick(), h.tick()]);

    expect(await noticeTrail(m.id)).toEqual(['scheduled', 'reminder:1440', 'started', 'completed']);
    expect((await statusLog(crawlers.id)).map((r) => r.new_status)).toEqual(['operational', 'under_maintenance', 'operational']);
    expect((await statusLog(webapp.id)).map((r) => r.new_status)).toEqual(['operational', 'degraded_performance', 'operational']);
    const updates = await rows<{ status: string }>('SELECT status FROM updates WHERE subject_id = ? ORDER BY created_at, rowid', m.id);
    expect(updates.map((u) => u.status)).toEqual(['scheduled', 'in_progress', 'completed']);
  });

  it('a second tick in the same minute and later ticks add nothing', async () => {
    const h = harness('2026-12-01T07:00:00.000Z');
    const { crawlers } = await makeCatalogue(h);
    const m = await schedule(h, { [crawlers.id]: 'under_maintenance' });
    for (const at of ['2026-12-04T07:00:00.000Z', '2026-12-04T07:00:30.000Z', '2026-12-04T08:00:00.000Z', '2026-12-05T06:59:00.000Z']) {
      h.clock.set(at);
      await h.tick();
    }
    expect(await noticeTrail(m.id)).toEqual(['scheduled', 'reminder:1440', 'reminder:60']);
    // The 1 h reminder went out with the first tick after its moment (06:00), at 06:59.
    expect((await noticesOf(m.id))[2]?.created_at).toBe('2026-12-05T06:59:00.000Z');
  });
});
