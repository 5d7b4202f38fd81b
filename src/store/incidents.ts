import { parseTranslations } from '../domain/localized';
import type { Incident } from '../domain/model';
import type { ComponentStatus, Impact, IncidentStatus } from '../domain/status';
import { guarded } from './guard';
import { listUpdates } from './updates';

interface IncidentRow {
  id: string;
  name: string;
  status: IncidentStatus;
  impact: Impact;
  created_at: string;
  updated_at: string;
  started_at: string;
  monitoring_at: string | null;
  resolved_at: string | null;
  postmortem_body: string | null;
  postmortem_published_at: string | null;
  revision: string;
  translations: string;
}

async function hydrate(db: D1Database, rows: IncidentRow[]): Promise<Incident[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const [updates, held] = await Promise.all([
    listUpdates<IncidentStatus>(db, 'incident', ids),
    db
      .prepare('SELECT * FROM incident_components WHERE incident_id IN (SELECT value FROM json_each(?))')
      .bind(JSON.stringify(ids))
      .all<{ incident_id: string; component_id: string; status: ComponentStatus }>(),
  ]);
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    status: r.status,
    impact: r.impact,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    startedAt: r.started_at,
    monitoringAt: r.monitoring_at,
    resolvedAt: r.resolved_at,
    postmortemBody: r.postmortem_body,
    postmortemPublishedAt: r.postmortem_published_at,
    revision: r.revision,
    translations: parseTranslations(r.translations),
    components: held.results.filter((h) => h.incident_id === r.id).map((h) => ({ componentId: h.component_id, status: h.status })),
    updates: updates.get(r.id) ?? [],
  }));
}

export async function findIncident(db: D1Database, id: string): Promise<Incident | null> {
  const row = await db.prepare('SELECT * FROM incidents WHERE id = ?').bind(id).first<IncidentRow>();
  return row ? ((await hydrate(db, [row]))[0] ?? null) : null;
}

/** Newest first; `open` keeps the unresolved ones only. */
export async function listIncidents(
  db: D1Database,
  query: { limit: number; open?: boolean; since?: string | undefined; before?: string | undefined },
): Promise<Incident[]> {
  const { results } = await db
    .prepare(
      `SELECT * FROM incidents
       WHERE (?1 = 0 OR status IN ('investigating', 'identified', 'monitoring'))
         AND (?2 IS NULL OR created_at >= ?2) AND (?3 IS NULL OR created_at < ?3)
       ORDER BY created_at DESC, id DESC LIMIT ?4`,
    )
    .bind(query.open ? 1 : 0, query.since ?? null, query.before ?? null, query.limit)
    .all<IncidentRow>();
  return hydrate(db, results);
}

export function insertIncidentStatement(db: D1Database, i: Incident): D1PreparedStatement {
  return db
    .prepare(
      `INSERT INTO incidents (id, name, status, impact, created_at, updated_at, started_at, monitoring_at, resolved_at,
         postmortem_body, postmortem_published_at, revision, translations)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .bind(
      i.id,
      i.name,
      i.status,
      i.impact,
      i.createdAt,
      i.updatedAt,
      i.startedAt,
      i.monitoringAt,
      i.resolvedAt,
      i.postmortemBody,
      i.postmortemPublishedAt,
      i.revision,
      JSON.stringify(i.translations),
    );
}

/** Saves `next` only if the row still carries `expectedRevision`; otherwise the batch aborts. */
export function saveIncidentStatements(db: D1Database, next: Incident, expectedRevision: string): D1PreparedStatement[] {
  return guarded(
    db,
    db
      .prepare(
        `UPDATE incidents SET name = ?, status = ?, impact = ?, updated_at = ?, monitoring_at = ?, resolved_at = ?,
           postmortem_body = ?, postmortem_published_at = ?, revision = ?, translations = ?
         WHERE id = ? AND revision = ?`,
      )
      .bind(
        next.name,
        next.status,
        next.impact,
        next.updatedAt,
        next.monitoringAt,
        next.resolvedAt,
        next.postmortemBody,
        next.postmortemPublishedAt,
        next.revision,
        JSON.stringify(next.translations),
        next.id,
        expectedRevision,
      ),
  );
}

/** Replaces the set of components the incident holds, with their statuses. */
export function holdComponentsStatements(db: D1Database, incidentId: string, held: Incident['components']): D1PreparedStatement[] {
  return [
    db.prepare('DELETE FROM incident_components WHERE incident_id = ?').bind(incidentId),
    ...held.map((h) =>
      db
        .prepare('INSERT INTO incident_components (incident_id, component_id, status) VALUES (?, ?, ?)')
        .bind(incidentId, h.componentId, h.status),
    ),
  ];
}

/** Components held by open incidents, with each status they are held in. */
export async function componentsHeldByOpenIncidents(db: D1Database): Promise<Map<string, ComponentStatus[]>> {
  const { results } = await db
    .prepare(
      `SELECT ic.component_id, ic.status FROM incident_components ic JOIN incidents i ON i.id = ic.incident_id
       WHERE i.status IN ('investigating', 'identified', 'monitoring')`,
    )
    .all<{ component_id: string; status: ComponentStatus }>();
  const held = new Map<string, ComponentStatus[]>();
  for (const r of results) held.set(r.component_id, [...(held.get(r.component_id) ?? []), r.status]);
  return held;
}
