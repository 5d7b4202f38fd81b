// A page with a history, made through the admin API: what the machine-readable surfaces show.
import { env } from 'cloudflare:test';
import { RENDERED_KEY } from '../../src/services/rendered-held';
import { SNAPSHOT_KEY } from '../../src/services/snapshot';
import { makeCatalogue } from './factories';
import type { Harness } from './harness';
import { DAY, HOUR, MINUTE, ok } from './harness';

/**
 * Tests of one file share D1 and KV, and these surfaces show the whole page: each test that
 * asserts on whole lists starts from an empty page (every table emptied, no snapshot).
 */
export async function emptyPage(): Promise<void> {
  const { results } = await env.DB.prepare(
    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%' AND name != 'd1_migrations'",
  ).all<{ name: string }>();
  await env.DB.batch([env.DB.prepare('PRAGMA defer_foreign_keys = ON'), ...results.map((r) => env.DB.prepare(`DELETE FROM "${r.name}"`))]);
  await env.SNAPSHOT.delete(SNAPSHOT_KEY);
  await env.SNAPSHOT.delete(RENDERED_KEY);
}

/** The data-centre move of DESIGN.md, Saturday 08:00 → Sunday 20:00 Europe/Paris. */
export const MOVE_WINDOW = { scheduled_for: '2026-12-05T07:00:00.000Z', scheduled_until: '2026-12-06T19:00:00.000Z' };

/**
 * Starting 2026-11-20 09:00 UTC: a resolved incident, a completed, a cancelled and an
 * in-progress maintenance, the upcoming move, then an open incident on the API.
 */
export async function makeStatusStory(h: Harness) {
  ok(await h.api('PATCH', '/page', { name: 'Acme Intel', time_zone: 'Europe/Paris', url: 'https://status.example.com' }));
  const catalogue = await makeCatalogue(h);
  const { crawlers, webapp, api, login, alerts } = catalogue;

  const resolved = ok(
    await h.api('POST', '/incidents', {
      name: 'Slow logins',
      body: 'Logins take up to a minute.',
      components: { [login.id]: 'degraded_performance' },
    }),
  ).incident;
  h.clock.advance(30 * MINUTE);
  ok(await h.api('POST', `/incidents/${resolved.id}/updates`, { status: 'resolved', body: 'Logins are fast again.' }));

  h.clock.advance(HOUR);
  const window = (startIn: number, length: number) => ({
    scheduled_for: new Date(h.clock.now().getTime() + startIn).toISOString(),
    scheduled_until: new Date(h.clock.now().getTime() + startIn + length).toISOString(),
  });
  const completed = ok(
    await h.api('POST', '/maintenances', {
      name: 'Database upgrade',
      body: 'Upgrading the database.',
      ...window(10 * MINUTE, HOUR),
      components: { [alerts.id]: 'under_maintenance' },
    }),
  ).maintenance;
  h.clock.advance(10 * MINUTE);
  ok(await h.api('POST', `/maintenances/${completed.id}/updates`, { status: 'in_progress' }));
  h.clock.advance(HOUR);
  ok(await h.api('POST', `/maintenances/${completed.id}/updates`, { status: 'completed' }));

  h.clock.advance(HOUR);
  const cancelled = ok(
    await h.api('POST', '/maintenances', { name: 'Mail relay swap', body: 'Swapping relays.', ...window(2 * DAY, HOUR) }),
  ).maintenance;
  h.clock.advance(MINUTE);
  ok(await h.api('POST', `/maintenances/${cancelled.id}/updates`, { status: 'cancelled', body: 'Not needed after all.' }));

  h.clock.advance(HOUR);
  const running = ok(
    await h.api('POST', '/maintenances', {
      name: 'Crawler fleet reboot',
      body: 'Rebooting the crawlers.',
      ...window(5 * MINUTE, 6 * HOUR),
      components: { [crawlers.id]: 'under_maintenance' },
      reminders: [],
    }),
  ).maintenance;
  h.clock.advance(5 * MINUTE);
  ok(await h.api('POST', `/maintenances/${running.id}/updates`, { status: 'in_progress', body: 'Rebooting now.' }));

  h.clock.advance(MINUTE);
  const upcoming = ok(
    await h.api('POST', '/maintenances', {
      name: 'Data-centre move',
      body: 'We move to a new data centre; crawlers pause and dashboards are read-only.',
      ...MOVE_WINDOW,
      components: {
        [crawlers.id]: 'under_maintenance',
        [webapp.id]: 'degraded_performance',
        [api.id]: 'partial_outage',
        [login.id]: 'operational',
      },
      reminders: [4320, 1440, 60],
      still_working: 'Logging in and reading existing reports.',
    }),
  ).maintenance;

  h.clock.advance(HOUR);
  const open = ok(
    await h.api('POST', '/incidents', {
      name: 'API errors',
      status: 'identified',
      body: 'A bad deploy causes errors on the API.',
      components: { [api.id]: 'partial_outage' },
    }),
  ).incident;
  h.clock.advance(20 * MINUTE);
  ok(await h.api('POST', `/incidents/${open.id}/updates`, { status: 'monitoring', body: 'Rolled back; watching.' }));

  return { ...catalogue, resolved, open, completed, cancelled, running, upcoming };
}
