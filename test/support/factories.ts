// Rows a test needs, made through the admin API like an operator would.
import type { Harness } from './harness';
import { ok } from './harness';

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
