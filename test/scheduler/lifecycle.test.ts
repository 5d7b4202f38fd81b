import { describe, expect, it } from 'vitest';
import { statusLog } from '../support/db';
import { makeCatalogue, makeMaintenance } from '../support/factories';
import { HOUR, harness, MINUTE, ok } from '../support/harness';
import { noticesOf, noticeTrail } from '../support/notices';

/** This scenario steps the clock through days of ticks (20–40 s on a busy 2-core host): twice the worker project's 30 s. */
const SCENARIO_TIMEOUT_MS = 60_000;

const START = '2026-12-05T07:00:00.000Z';
const END = '2026-12-05T11:00:00.000Z';

describe('rescheduling, cancelling and starting by hand', () => {
  it('a reschedule says "previously … now …" and moves the pending reminders to the new window', {
    timeout: SCENARIO_TIMEOUT_MS,
  }, async () => {
    const h = harness('2026-12-01T07:00:00.000Z');
    const { crawlers } = await makeCatalogue(h);
    const m = await makeMaintenance(h, { components: { [crawlers.id]: 'under_maintenance' }, reminders: [1440, 60] });
    await h.tickEvery('2026-12-04T08:00:00.000Z', HOUR);

    const moved = ok(
      await h.api('PATCH', `/maintenances/${m.id}`, { scheduled_for: '2026-12-12T07:00:00Z', scheduled_until: '2026-12-12T11:00:00Z' }),
    ).maintenance;
    expect(moved).toMatchObject({ sequence: 1, scheduled_for: '2026-12-12T07:00:00.000Z', status: 'scheduled' });

    await h.tickEvery('2026-12-12T12:00:00.000Z', HOUR);
    const notices = await noticesOf(m.id);
    expect(notices.map((n) => [n.kind === 'reminder' ? `reminder:${n.payload.minutes_before}` : n.kind, n.created_at])).toEqual([
      ['scheduled', '2026-12-01T07:00:00.000Z'],
      ['reminder:1440', '2026-12-04T07:00:00.000Z'],
      ['rescheduled', '2026-12-04T08:00:00.000Z'],
      ['reminder:1440', '2026-12-11T07:00:00.000Z'],
      ['reminder:60', '2026-12-12T06:00:00.000Z'],
      ['started', '2026-12-12T07:00:00.000Z'],
      ['completed', '2026-12-12T11:00:00.000Z'],
    ]);
    expect(notices[2]?.payload).toMatchObject({
      previous: { scheduled_for: START, scheduled_until: END },
      window: { scheduled_for: '2026-12-12T07:00:00.000Z', scheduled_until: '2026-12-12T11:00:00.000Z' },
      sequence: 1,
    });
    expect(notices[3]?.payload.sequence).toBe(1);
  });

  it('a cancelled maintenance drops its reminders and never starts', async () => {
    const h = harness('2026-12-01T07:00:00.000Z');
    const { crawlers } = await makeCatalogue(h);
    const m = await makeMaintenance(h, { components: { [crawlers.id]: 'under_maintenance' }, reminders: [1440, 60] });
    h.clock.set('2026-12-02T07:00:00.000Z');
    ok(await h.api('POST', `/maintenances/${m.id}/updates`, { status: 'cancelled', body: 'Postponed to next year.' }));
    await h.tickEvery('2026-12-06T00:00:00.000Z', HOUR);

    expect(await noticeTrail(m.id)).toEqual(['scheduled', 'cancelled']);
    expect(ok(await h.api('GET', `/maintenances/${m.id}`)).maintenance).toMatchObject({
      status: 'cancelled',
      cancelled_at: '2026-12-02T07:00:00.000Z',
    });
    expect((await statusLog(crawlers.id)).map((r) => r.new_status)).toEqual(['operational']);
    expect(
      (await h.api('PATCH', `/maintenances/${m.id}`, { scheduled_for: '2027-01-09T07:00:00Z', scheduled_until: '2027-01-09T11:00:00Z' }))
        .status,
    ).toBe(409);
  });

  it('created 30 minutes before its start with reminders of 24 h and 1 h: the announcement only', async () => {
    const h = harness('2026-12-05T06:30:00.000Z');
    const { crawlers } = await makeCatalogue(h);
    const m = await makeMaintenance(h, { components: { [crawlers.id]: 'under_maintenance' }, reminders: [1440, 60] });
    await h.tickEvery('2026-12-05T06:59:00.000Z', MINUTE);
    expect(await noticeTrail(m.id)).toEqual(['scheduled']);
    await h.tickEvery('2026-12-05T07:01:00.000Z', MINUTE);
    expect(await noticeTrail(m.id)).toEqual(['scheduled', 'started']);
  });

  it('started by hand before its time: no late reminder, no second start, auto-completed at the end', async () => {
    const h = harness('2026-12-01T07:00:00.000Z');
    const { crawlers, api } = await makeCatalogue(h);
    const m = await makeMaintenance(h, { components: { [crawlers.id]: 'under_maintenance', [api.id]: 'partial_outage' }, reminders: [60] });
    h.clock.set('2026-12-05T05:00:00.000Z');
    const started = ok(
      await h.api('POST', `/maintenances/${m.id}/updates`, { status: 'in_progress', body: 'Starting early.' }),
    ).maintenance;
    expect(started).toMatchObject({
      status: 'in_progress',
      started_at: '2026-12-05T05:00:00.000Z',
      prior_statuses: { [crawlers.id]: 'operational' },
    });
    expect(ok(await h.api('GET', `/components/${api.id}`)).component.status).toBe('partial_outage');

    await h.tickEvery('2026-12-05T12:00:00.000Z');
    expect(await noticeTrail(m.id)).toEqual(['scheduled', 'started', 'completed']);
    expect((await statusLog(api.id)).map((r) => [r.new_status, r.changed_at])).toEqual([
      ['operational', '2026-12-01T07:00:00.000Z'],
      ['partial_outage', '2026-12-05T05:00:00.000Z'],
      ['operational', END],
    ]);
  });

  it('completed while an incident holds a component: that one keeps the incident status, the rest recover', async () => {
    const h = harness('2026-12-01T07:00:00.000Z');
    const { crawlers, api } = await makeCatalogue(h);
    const m = await makeMaintenance(h, { components: { [crawlers.id]: 'under_maintenance', [api.id]: 'partial_outage' }, reminders: [] });
    h.clock.set(START);
    await h.tick();
    h.clock.set('2026-12-05T09:00:00.000Z');
    const incident = ok(
      await h.api('POST', '/incidents', {
        name: 'API down after the move',
        body: 'The new load balancer drops requests.',
        components: { [api.id]: 'major_outage' },
      }),
    ).incident;
    h.clock.set(END);
    await h.tick();

    expect(ok(await h.api('GET', `/maintenances/${m.id}`)).maintenance.status).toBe('completed');
    expect(ok(await h.api('GET', `/components/${api.id}`)).component.status).toBe('major_outage');
    expect(ok(await h.api('GET', `/components/${crawlers.id}`)).component.status).toBe('operational');

    h.clock.set('2026-12-05T12:00:00.000Z');
    ok(await h.api('POST', `/incidents/${incident.id}/updates`, { status: 'resolved', body: 'Load balancer fixed.' }));
    expect(ok(await h.api('GET', `/components/${api.id}`)).component.status).toBe('operational');
    expect(await noticeTrail(incident.id)).toEqual(['created', 'resolved']);
  });
});
