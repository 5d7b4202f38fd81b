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
