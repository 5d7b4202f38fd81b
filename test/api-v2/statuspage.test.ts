import { beforeEach, describe, expect, it } from 'vitest';
import { type StatuspageDocument, statuspageDocuments, statuspageView } from '../../src/present/statuspage';
import discordMaintenances from '../fixtures/statuspage/discord-scheduled-maintenances.json';
import githubComponents from '../fixtures/statuspage/github-components-2024-09-17.json';
import githubIncidents from '../fixtures/statuspage/github-incidents-2024-09-17.json';
import { HOUR, harness, ok } from '../support/harness';
import { snapshotInKv } from '../support/snapshots';
import { emptyPage, makeStatusStory } from '../support/status-story';
import { Component, Incident, ScheduledMaintenance, Summary, V2_ENDPOINTS } from '../support/statuspage-schema';

async function getJson(h: ReturnType<typeof harness>, path: string) {
  const response = await h.fetch(path);
  expect(response.status, path).toBe(200);
  expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
  return response.json() as Promise<any>;
}

const keysOf = (shape: { shape: Record<string, unknown> }) => Object.keys(shape.shape).sort();

describe('the Statuspage v2 schema these tests hold Forewarn to', () => {
  it('has exactly the keys of real Statuspage responses (plus the documented scheduled_* fields)', () => {
    const realComponent = githubComponents.components[0]!;
    const realIncident = githubIncidents.incidents[0]!;
    const realMaintenance = discordMaintenances.scheduled_maintenances[0]!;
    expect(keysOf(Component.options[0])).toEqual(Object.keys(realComponent).sort());
    expect(keysOf(Incident)).toEqual(Object.keys(realIncident).sort());
    expect(keysOf(Incident.shape.incident_updates.element)).toEqual(Object.keys(realIncident.incident_updates[0]!).sort());
    expect(keysOf(ScheduledMaintenance)).toEqual(
      [
        ...Object.keys(realMaintenance),
        'scheduled_remind_prior',
        'scheduled_reminded_at',
        'scheduled_auto_in_progress',
        'scheduled_auto_completed',
      ].sort(),
    );
    expect(() => Component.parse(realComponent)).not.toThrow();
  });
});

describe('/api/v2 follows the Statuspage public API', () => {
  beforeEach(emptyPage);

  it('serves every endpoint key by key and type by type for a page with groups, incidents and maintenances', async () => {
    const h = harness('2026-11-20T09:00:00.000Z');
    await makeStatusStory(h);
    for (const [path, schema] of Object.entries(V2_ENDPOINTS)) {
      const result = schema.safeParse(await getJson(h, path));
      expect(result.error?.issues ?? [], path).toEqual([]);
    }
  });

  it('summary.json shows the rollup, the groups, the open incident and the upcoming and running maintenances', async () => {
    const h = harness('2026-11-20T09:00:00.000Z');
    const story = await makeStatusStory(h);
    const summary = Summary.parse(await getJson(h, '/api/v2/summary.json'));

    expect(summary.page).toMatchObject({ name: 'Acme Intel', url: 'https://status.example.com', time_zone: 'Europe/Paris' });
    expect(summary.status).toEqual({ indicator: 'major', description: 'Partial System Outage' });
    expect(summary.components.map((c) => [c.name, c.position])).toEqual([
      ['Platform', 1],
      ['Price crawlers', 2],
      ['Web app', 3],
      ['Public API', 4],
      ['Login', 5],
      ['E-mail alerts', 6],
    ]);
    const platform = summary.components[0]!;
    expect(platform).toMatchObject({
      group: true,
      status: 'partial_outage',
      components: [story.crawlers.id, story.webapp.id, story.api.id],
    });
    expect(summary.components.find((c) => c.id === story.api.id)).toMatchObject({ group_id: story.platform.id, status: 'partial_outage' });
    expect(summary.components.find((c) => c.id === story.login.id)).toMatchObject({ group_id: null, group: false });

    expect(summary.incidents.map((i) => i.id)).toEqual([story.open.id]);
    expect(summary.scheduled_maintenances.map((m) => m.id)).toEqual([story.upcoming.id, story.running.id]);
  });

  it('writes times in the page time zone with their offset, and the move as planned', async () => {
    const h = harness('2026-11-20T09:00:00.000Z');
    const story = await makeStatusStory(h);
    const { scheduled_maintenances } = await getJson(h, '/api/v2/scheduled-maintenances/upcoming.json');
    expect(scheduled_maintenances).toHaveLength(1);
    const move = scheduled_maintenances[0];
    expect(move).toMatchObject({
      id: story.upcoming.id,
      status: 'scheduled',
      impact: 'major',
      scheduled_for: '2026-12-05T08:00:00.000+01:00',
      scheduled_until: '2026-12-06T20:00:00.000+01:00',
      scheduled_remind_prior: true,
      scheduled_reminded_at: null,
      scheduled_auto_in_progress: true,
      scheduled_auto_completed: true,
      shortlink: `https://status.example.com/maintenances/${story.upcoming.id}`,
    });
    expect(move.components.map((c: { name: string }) => c.name)).toEqual(['Price crawlers', 'Web app', 'Public API', 'Login']);
    expect(move.incident_updates[0]).toMatchObject({ status: 'scheduled', incident_id: story.upcoming.id, affected_components: null });
  });

  it('lists incidents newest first with updates newest first and the components each update moved', async () => {
    const h = harness('2026-11-20T09:00:00.000Z');
    const story = await makeStatusStory(h);
    const { incidents } = await getJson(h, '/api/v2/incidents.json');
    expect(incidents.map((i: { id: string }) => i.id)).toEqual([story.open.id, story.resolved.id]);
    const [open, resolved] = incidents;
    expect(open.incident_updates.map((u: { status: string }) => u.status)).toEqual(['monitoring', 'identified']);
    expect(open.incident_updates[1].affected_components).toEqual([
      { code: story.api.id, name: 'Public API', old_status: 'operational', new_status: 'partial_outage' },
    ]);
    expect(open).toMatchObject({ status: 'monitoring', impact: 'major', resolved_at: null, reminder_intervals: null });
    expect(open.monitoring_at).toMatch(/\+01:00$/);
    expect(resolved).toMatchObject({ status: 'resolved', created_at: '2026-11-20T10:00:00.000+01:00' });
    expect(resolved.resolved_at).toBe('2026-11-20T10:30:00.000+01:00');
    expect(resolved.components.map((c: { id: string }) => c.id)).toEqual([story.login.id]);

    const unresolved = await getJson(h, '/api/v2/incidents/unresolved.json');
    expect(unresolved.incidents.map((i: { id: string }) => i.id)).toEqual([story.open.id]);
  });

  it('keeps cancelled maintenances out of the Statuspage lists, which have no such status', async () => {
    const h = harness('2026-11-20T09:00:00.000Z');
    const story = await makeStatusStory(h);
    const all = await getJson(h, '/api/v2/scheduled-maintenances.json');
    expect(all.scheduled_maintenances.map((m: { id: string }) => m.id)).toEqual([story.upcoming.id, story.running.id, story.completed.id]);
    const active = await getJson(h, '/api/v2/scheduled-maintenances/active.json');
    expect(active.scheduled_maintenances.map((m: { id: string; status: string }) => [m.id, m.status])).toEqual([
      [story.running.id, 'in_progress'],
    ]);
    const completed = all.scheduled_maintenances[2];
    expect(completed.incident_updates.map((u: { status: string }) => u.status)).toEqual(['completed', 'in_progress', 'scheduled']);
    expect(completed.resolved_at).not.toBeNull();
  });

  it('says when the current window last sent a reminder', async () => {
    const h = harness('2026-11-20T09:00:00.000Z');
    const web = ok(await h.api('POST', '/components', { name: 'Web app' })).component;
    const m = ok(
      await h.api('POST', '/maintenances', {
        name: 'Upgrade',
        scheduled_for: '2026-11-20T11:00:00.000Z',
        scheduled_until: '2026-11-20T12:00:00.000Z',
        reminders: [60],
      }),
    ).maintenance;
    h.clock.set('2026-11-20T10:01:00.000Z');
    await h.tick();
    // The scheduler records reminders without publishing; the next write carries them.
    ok(await h.api('PATCH', `/components/${web.id}`, { description: 'The dashboard' }));
    const reminded = (await getJson(h, '/api/v2/scheduled-maintenances/upcoming.json')).scheduled_maintenances[0];
    expect(reminded.scheduled_reminded_at).toBe('2026-11-20T10:01:00.000Z');

    ok(
      await h.api('PATCH', `/maintenances/${m.id}`, {
        scheduled_for: '2026-11-21T11:00:00.000Z',
        scheduled_until: '2026-11-21T12:00:00.000Z',
      }),
    );
    const moved = (await getJson(h, '/api/v2/scheduled-maintenances/upcoming.json')).scheduled_maintenances[0];
    expect(moved.scheduled_reminded_at).toBeNull();
  });

  it('page.updated_at is the last change on the page, not when the snapshot was rebuilt: a rendering again at the same version keeps every byte', async () => {
    const h = harness('2026-11-20T09:00:00.000Z');
    await makeStatusStory(h);
    const before = await (await h.fetch('/api/v2/status.json')).text();
    const summary = await getJson(h, '/api/v2/summary.json');
    const changes = [
      ...summary.components.map((c: { updated_at: string }) => c.updated_at),
      ...summary.incidents.map((i: { updated_at: string }) => i.updated_at),
      ...summary.scheduled_maintenances.map((m: { updated_at: string }) => m.updated_at),
    ].map((t: string) => Date.parse(t));
    expect(Date.parse(summary.page.updated_at)).toBe(Math.max(...changes));

    // The same snapshot built again later (the cron's rendering at the page's midnight builds it
    // anew at the same version): every document keeps its bytes.
    const { snapshot } = (await snapshotInKv())!;
    const view = (generatedAt: string) => statuspageView({ ...snapshot, generatedAt }, 'https://status.example.com');
    for (const name of Object.keys(statuspageDocuments) as StatuspageDocument[]) {
      const again = JSON.stringify(statuspageDocuments[name](view('2026-11-21T00:30:00.000Z')));
      expect(again, name).toBe(JSON.stringify(statuspageDocuments[name](view(snapshot.generatedAt))));
    }
    expect(before).toContain(summary.page.updated_at);
  });

  it('serves at most the 50 newest incidents', async () => {
    const h = harness('2026-11-20T09:00:00.000Z');
    for (let n = 1; n <= 53; n++) {
      h.clock.advance(HOUR);
      ok(await h.api('POST', '/incidents', { name: `Incident ${n}`, body: 'Something broke.' }));
    }
    const { incidents } = await getJson(h, '/api/v2/incidents.json');
    expect(incidents).toHaveLength(50);
    expect(incidents[0].name).toBe('Incident 53');
    expect(incidents[49].name).toBe('Incident 4');
  });

  it('writes UTC times with Z on a page kept in UTC, as githubstatus.com does', async () => {
    const h = harness('2026-11-20T09:00:00.000Z');
    ok(await h.api('POST', '/components', { name: 'Web app' }));
    const { page, components } = await getJson(h, '/api/v2/components.json');
    expect(page.time_zone).toBe('Etc/UTC');
    expect(page.url).toBe('https://status.example.com');
    expect(components[0].created_at).toBe('2026-11-20T09:00:00.000Z');
  });
});
