// Reading rows straight from D1, to assert what must or must not have been written.
import { env } from 'cloudflare:test';

export const TABLES = [
  'page_settings',
  'component_groups',
  'components',
  'component_status_log',
  'incidents',
  'incident_components',
  'maintenances',
  'maintenance_components',
  'maintenance_reminders',
  'updates',
  'update_components',
  'drafts',
  'notices',
  'subscribers',
  'subscriber_components',
  'deliveries',
  'webhooks',
  'webhook_components',
  'webhook_deliveries',
  'pruned_deliveries',
  'send_pace',
  'api_tokens',
  'admin_sessions',
  'audit_log',
  'write_checks',
  'snapshot_state',
] as const;

/** Tables `fingerprint` leaves out: what a refused request may rightly write (rate_limits counts refused attempts too). */
export const UNFINGERPRINTED = ['rate_limits'] as const;

/**
 * `db` as the code sees it, counting the rows D1 reports read by every statement run through it:
 * what a query costs, whatever plan SQLite picks.
 */
export function countingReads(db: D1Database): { db: D1Database; rowsRead: () => number } {
  let read = 0;
  const count = <R extends D1Result | D1Result[]>(result: R): R => {
    for (const r of Array.isArray(result) ? result : [result]) read += r.meta.rows_read ?? 0;
    return result;
  };
  const wrap = (statement: D1PreparedStatement): D1PreparedStatement =>
    ({
      bind: (...values: unknown[]) => wrap(statement.bind(...values)),
      run: async () => count(await statement.run()),
      all: async () => count(await statement.all()),
      first: async (column?: string) => {
        const { results } = count(await statement.all());
        const row = (results[0] ?? null) as Record<string, unknown> | null;
        return column === undefined || row === null ? row : row[column];
      },
    }) as unknown as D1PreparedStatement;
  return { db: { prepare: (query: string) => wrap(db.prepare(query)) } as unknown as D1Database, rowsRead: () => read };
}

/**
 * `db` as Cloudflare serves it to one invocation: past `limit` statements every call fails (D1's
 * queries per Worker invocation; Miniflare does not enforce it). `used` counts every statement tried.
 */
export function d1LimitedTo(db: D1Database, limit: number): { db: D1Database; used: () => number } {
  let used = 0;
  const spend = (statements: number) => {
    used += statements;
    if (used > limit) throw new Error('D1_ERROR: Too many API requests by single Worker invocation');
  };
  const wrap = (statement: D1PreparedStatement): D1PreparedStatement => {
    const wrapped = {
      bind: (...values: unknown[]) => wrap(statement.bind(...values)),
      first: async (column?: string) => {
        spend(1);
        return column === undefined ? statement.first() : statement.first(column);
      },
      run: async () => {
        spend(1);
        return statement.run();
      },
      all: async () => {
        spend(1);
        return statement.all();
      },
      raw: async (options?: { columnNames?: boolean }) => {
        spend(1);
        return statement.raw(options as { columnNames: true });
      },
    } as unknown as D1PreparedStatement;
    originals.set(wrapped, statement);
    return wrapped;
  };
  const originals = new WeakMap<object, D1PreparedStatement>();
  return {
    db: {
      prepare: (query: string) => wrap(db.prepare(query)),
      batch: async (statements: D1PreparedStatement[]) => {
        spend(statements.length);
        return db.batch(statements.map((s) => originals.get(s) ?? s));
      },
      exec: async (query: string) => {
        spend(1);
        return db.exec(query);
      },
      withSession: (constraint?: string) => db.withSession(constraint),
    } as unknown as D1Database,
    used: () => used,
  };
}

export async function rows<T = Record<string, unknown>>(sql: string, ...params: unknown[]): Promise<T[]> {
  return (
    await env.DB.prepare(sql)
      .bind(...params)
      .all<T>()
  ).results;
}

/** A fingerprint of every table's content: equal fingerprints mean nothing was written. */
export async function fingerprint(): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  // Sorted here rather than by rowid: some tables have none (WITHOUT ROWID).
  for (const table of TABLES) out[table] = JSON.stringify((await rows(`SELECT * FROM ${table}`)).map((r) => JSON.stringify(r)).sort());
  return out;
}

export async function statusLog(componentId: string) {
  return rows<{ old_status: string | null; new_status: string; changed_at: string; cause_type: string; cause_id: string | null }>(
    'SELECT old_status, new_status, changed_at, cause_type, cause_id FROM component_status_log WHERE component_id = ? ORDER BY changed_at, id',
    componentId,
  );
}

export async function auditActions(targetId: string): Promise<string[]> {
  return (await rows<{ action: string }>('SELECT action FROM audit_log WHERE target_id = ? ORDER BY id', targetId)).map((r) => r.action);
}
