import { describe, expect, it } from 'vitest';
import { auditActions, rows, statusLog } from '../support/db';
import { makeCatalogue } from '../support/factories';
import { HOUR, harness, ok } from '../support/harness';

describe('incidents through the admin API', () => {
  it('an incident moves components through its updates and lets them recover on resolution', async () => {
    const h = harness('2026-11-20T09:00:00.000Z');
    const { api, webapp } = await makeCatalogue(h);

    h.clock.advance(HOUR);
    const created = ok(
      await h.api('POST', '/incidents', {
        name: 'API errors',
        body: 'We see elevated error rates on the API.',
        components: { [api.id]: 'major_outage', [webapp.id]: 'degraded_performance' },
      }),
    ).incident;
    expect(created).toMatchObject({ status: 'investigating', impact: 'critical' });

    h.clock.advance(HOUR);
    ok(
      await h.api('POST', `/incidents/${created.id}/updates`, {
        status: 'identified',
        body: 'A bad deploy; rolling back.',
        components: { [api.id]: 'partial_outage' },
      }),
    );
    h.clock.advance(HOUR);
    const resolved = ok(await h.api('POST', `/incidents/${created.id}/updates`, { status: 'resolved', body: 'All good.' })).incident;

    expect(resolved.status).toBe('resolved');
    expect(resolved.resolved_at).toBe('2026-11-20T12:00:00.000Z');
    expect(resolved.incident_updates.map((u: { status: string }) => u.status)).toEqual(['resolved', 'identified', 'investigating']);
    expect(resolved.incident_updates[0].affected_components).toEqual(
      expect.arrayContaining([
        { code: api.id, name: 'Public API', old_status: 'partial_outage', new_status: 'operational' },
        { code: webapp.id, name: 'Web app', old_status: 'degraded_performance', new_status: 'operational' },
      ]),
    );
    expect((await statusLog(api.id)).map((r) => [r.old_status, r.new_status, r.changed_at, r.cause_type])).toEqual([
      [null, 'operational', '2026-11-20T09:00:00.000Z', 'operator'],
      ['operational', 'major_outage', '2026-11-20T10:00:00.000Z', 'incident'],
      ['major_outage', 'partial_outage', '2026-11-20T11:00:00.000Z', 'incident'],
      ['partial_outage', 'operational', '2026-11-20T12:00:00.000Z', 'incident'],
    ]);
    expect(await auditActions(created.id)).toEqual(['incident.create', 'incident.update', 'incident.update']);
    const components = ok(await h.api('GET', '/components')).components;
    expect(components.every((c: { status: string }) => c.status === 'operational')).toBe(true);
  });

  it('resolving one incident leaves a component another open incident still holds', async () => {
    const h = harness();
    const { api } = await makeCatalogue(h);
    const first = ok(
      await h.api('POST', '/incidents', { name: 'Slow API', body: 'Slow.', components: { [api.id]: 'degraded_performance' } }),
    ).incident;
    ok(await h.api('POST', '/incidents', { name: 'API down in EU', body: 'Down.', components: { [api.id]: 'major_outage' } }));
    ok(await h.api('POST', `/incidents/${first.id}/updates`, { status: 'resolved', body: 'Fixed.' }));
    expect(ok(await h.api('GET', `/components/${api.id}`)).component.status).toBe('major_outage');
  });

  it('an illegal transition answers 409 with the reason and writes nothing', async () => {
    const h = harness();
    const { api } = await makeCatalogue(h);
    const incident = ok(
      await h.api('POST', '/incidents', { name: 'Outage', body: 'Down.', components: { [api.id]: 'major_outage' } }),
    ).incident;
    const before = await rows('SELECT * FROM updates');
    const res = await h.api('POST', `/incidents/${incident.id}/updates`, { status: 'postmortem', body: 'Too early.' });
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({ code: 'conflict', message: expect.stringContaining('resolved before its postmortem') });
    expect(await rows('SELECT * FROM updates')).toEqual(before);

    ok(await h.api('POST', `/incidents/${incident.id}/updates`, { status: 'resolved', body: 'Back.' }));
    ok(await h.api('POST', `/incidents/${incident.id}/updates`, { status: 'postmortem', body: 'What happened.' }));
    const reopened = await h.api('POST', `/incidents/${incident.id}/updates`, { status: 'investigating', body: 'Again?' });
    expect(reopened.status).toBe(409);
    expect(ok(await h.api('GET', `/incidents/${incident.id}`)).incident.postmortem_body).toBe('What happened.');
  });

  it('a past incident is backfilled into the status log without touching current statuses', async () => {
    const h = harness('2026-11-20T09:00:00.000Z');
    const { crawlers } = await makeCatalogue(h);
    const incident = ok(
      await h.api('POST', '/incidents/backfill', {
        name: 'Delayed crawls',
        impact: 'minor',
        body: 'Crawls are late.',
        components: { [crawlers.id]: 'degraded_performance' },
        started_at: '2026-11-10T08:00:00Z',
        resolved_at: '2026-11-10T10:00:00Z',
      }),
    ).incident;
    expect(incident).toMatchObject({ status: 'resolved', started_at: '2026-11-10T08:00:00.000Z', resolved_at: '2026-11-10T10:00:00.000Z' });
    expect((await statusLog(crawlers.id)).map((r) => [r.old_status, r.new_status, r.changed_at])).toEqual([
      ['operational', 'degraded_performance', '2026-11-10T08:00:00.000Z'],
      ['degraded_performance', 'operational', '2026-11-10T10:00:00.000Z'],
      [null, 'operational', '2026-11-20T09:00:00.000Z'],
    ]);
    expect(ok(await h.api('GET', `/components/${crawlers.id}`)).component.status).toBe('operational');
    expect(await rows('SELECT * FROM notices WHERE subject_id = ?', incident.id)).toEqual([]);
  });
});
