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
  'notices',
  'subscribers',
  'subscriber_components',
  'deliveries',
  'webhooks',
  'webhook_components',
  'webhook_deliveries',
  'api_tokens',
  'audit_log',
  'write_checks',
] as const;

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
  for (const table of TABLES) out[table] = JSON.stringify(await rows(`SELECT * FROM ${table} ORDER BY rowid`));
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
