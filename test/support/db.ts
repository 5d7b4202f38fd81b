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
  'erased_subscribers',
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
  'relay_signatures',
] as const;

/** Tables `fingerprint` leaves out: what a refused request may rightly write (rate_limits counts refused attempts too). */
export const UNFINGERPRINTED = ['rate_limits'] as const;

/**
 * `db` with every statement run through it handed to `around` first: how many (a batch counts
 * its statements), the values bound to it, and the call to make (or not). The one wrapper the
 * helpers below share.
 */
export function watchD1(
  db: D1Database,
  around: <R>(statements: number, bound: unknown[], run: () => Promise<R>) => Promise<R>,
): D1Database {
  const originals = new WeakMap<object, D1PreparedStatement>();
  const wrap = (statement: D1PreparedStatement, bound: unknown[]): D1PreparedStatement => {
    const wrapped = {
      bind: (...values: unknown[]) => wrap(statement.bind(...values), values),
      // Through all(), so that `around` sees the result's meta (first() gives the row alone).
      first: (column?: string) =>
        around(1, bound, () => statement.all()).then(({ results }) => {
          const row = (results[0] ?? null) as Record<string, unknown> | null;
          return column === undefined || row === null ? row : row[column];
        }),
      run: () => around(1, bound, () => statement.run()),
      all: () => around(1, bound, () => statement.all()),
      raw: (options?: { columnNames?: boolean }) => around(1, bound, () => statement.raw(options as { columnNames: true })),
    } as unknown as D1PreparedStatement;
    originals.set(wrapped, statement);
    return wrapped;
  };
  return {
    prepare: (query: string) => wrap(db.prepare(query), []),
    batch: (statements: D1PreparedStatement[]) =>
      around(statements.length, [], () => db.batch(statements.map((s) => originals.get(s) ?? s))),
    exec: (query: string) => around(1, [], () => db.exec(query)),
    withSession: (constraint?: string) => db.withSession(constraint),
  } as unknown as D1Database;
}

/**
 * `db` as the code sees it, counting the rows D1 reports read by every statement run through it:
 * what a query costs, whatever plan SQLite picks.
 */
export function countingReads(db: D1Database): { db: D1Database; rowsRead: () => number } {
  let read = 0;
  const counted = watchD1(db, async (_statements, _bound, run) => {
    const result = await run();
    for (const r of Array.isArray(result) ? result : [result]) read += (r as D1Result | null)?.meta?.rows_read ?? 0;
    return result;
  });
  return { db: counted, rowsRead: () => read };
}

/**
 * `db` as Cloudflare serves it to one invocation: past `limit` statements every call fails (D1's
 * queries per Worker invocation; Miniflare does not enforce it). `used` counts every statement tried.
 */
export function d1LimitedTo(db: D1Database, limit: number): { db: D1Database; used: () => number } {
  let used = 0;
  const limited = watchD1(db, async (statements, _bound, run) => {
    used += statements;
    if (used > limit) throw new Error('D1_ERROR: Too many API requests by single Worker invocation');
    return run();
  });
  return { db: limited, used: () => used };
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
