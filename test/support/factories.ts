// Rows a test needs, made through the admin API like an operator would.
import type { Subscriber } from '../../src/domain/subscribers';
import type { Harness } from './harness';
import { MINUTE, ok } from './harness';

export async function makeComponent(
  h: Harness,
  name: string,
  extra: Record<string, unknown> = {},
): Promise<{ id: string; name: string; status: string }> {
  return ok(await h.api('POST', '/components', { name, ...extra })).component;
}

export async function makeGroup(h: Harness, name: string): Promise<{ id: string }> {
  return ok(await h.api('POST', '/groups', { name })).group;
}

/** The competitive-intelligence SaaS of DESIGN.md: what the migration weekend touches. */
export async function makeCatalogue(h: Harness) {
  const platform = await makeGroup(h, 'Platform');
  const crawlers = await makeComponent(h, 'Price crawlers', { group_id: platform.id });
  const webapp = await makeComponent(h, 'Web app', { group_id: platform.id });
  const api = await makeComponent(h, 'Public API', { group_id: platform.id });
  const login = await makeComponent(h, 'Login');
  const alerts = await makeComponent(h, 'E-mail alerts');
  return { platform, crawlers, webapp, api, login, alerts };
}

export async function rowCount(db: D1Database, table: string): Promise<number> {
  const row = await db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).first<{ n: number }>();
  return row?.n ?? 0;
}

/** A four-hour maintenance on Saturday 5 December 2026, 07:00–11:00 UTC, unless told otherwise. */
export async function makeMaintenance(h: Harness, fields: Record<string, unknown>): Promise<any> {
  const body = { name: 'Move', scheduled_for: '2026-12-05T07:00:00.000Z', scheduled_until: '2026-12-05T11:00:00.000Z', ...fields };
  return ok(await h.api('POST', '/maintenances', body)).maintenance;
}

/** DESIGN.md's data-centre move: Saturday 08:00 → Sunday 20:00 Europe/Paris, in UTC. */
export const MIGRATION_WEEKEND = { start: '2026-12-05T07:00:00.000Z', end: '2026-12-06T19:00:00.000Z' } as const;

/**
 * The move, scheduled on makeCatalogue's components with reminders 72 h, 24 h and 1 h before:
 * crawlers, web app and API planned down to different degrees, login named but untouched.
 */
export async function makeMigrationWeekend(
  h: Harness,
  { crawlers, webapp, api, login }: Record<'crawlers' | 'webapp' | 'api' | 'login', { id: string }>,
): Promise<any> {
  return makeMaintenance(h, {
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
  });
}

/**
 * The clock runs the move: a cron tick every hour until an hour past its end (enough to land on
 * each moment), an operator update on Saturday at 13:00 UTC, and `eachHour` after every tick.
 */
export async function runMigrationWeekend(h: Harness, maintenanceId: string, eachHour: () => Promise<unknown>): Promise<void> {
  const updateAt = Date.parse('2026-12-05T13:00:00.000Z');
  const finish = Date.parse(MIGRATION_WEEKEND.end) + 60 * MINUTE;
  let updated = false;
  while (h.clock.now().getTime() <= finish) {
    h.clock.advance(60 * MINUTE);
    await h.tick();
    if (!updated && h.clock.now().getTime() >= updateAt) {
      ok(
        await h.api('POST', `/maintenances/${maintenanceId}/updates`, {
          status: 'in_progress',
          body: 'Crawlers are racked in the new room.',
        }),
      );
      updated = true;
    }
    await eachHour();
  }
}

/** A confirmed subscriber of every component as the store reads one, for code that takes a Subscriber. */
export function confirmedSubscriber(fields: Pick<Subscriber, 'id'> & Partial<Subscriber>): Subscriber {
  return {
    email: `${fields.id}@example.com`,
    locale: 'en',
    timeZone: 'UTC',
    allComponents: true,
    components: [],
    source: 'import',
    createdAt: '2026-11-01T00:00:00.000Z',
    updatedAt: '2026-11-01T00:00:00.000Z',
    confirmedAt: '2026-11-01T00:00:00.000Z',
    unsubscribedAt: null,
    bouncedAt: null,
    bounceReason: null,
    ...fields,
  };
}
