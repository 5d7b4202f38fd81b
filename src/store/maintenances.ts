import { parseTranslations } from '../domain/localized';
import type { Maintenance } from '../domain/model';
import type { ComponentStatus, Impact, MaintenanceStatus } from '../domain/status';
import { guarded } from './guard';
import { listUpdates } from './updates';

interface MaintenanceRow {
  id: string;
  name: string;
  status: MaintenanceStatus;
  impact: Impact;
  scheduled_for: string;
  scheduled_until: string;
  still_working: string | null;
  auto_start: number;
  auto_complete: number;
  sequence: number;
  window_set_at: string;
  created_at: string;
  updated_at: string;
  started_at: string | null;
  monitoring_at: string | null;
  resolved_at: string | null;
  cancelled_at: string | null;
  revision: string;
  translations: string;
}

async function hydrate(db: D1Database, rows: MaintenanceRow[]): Promise<Maintenance[]> {
  if (rows.length === 0) return [];
  const ids = JSON.stringify(rows.map((r) => r.id));
  const [updates, [planned, reminders]] = await Promise.all([
    listUpdates<MaintenanceStatus>(
      db,
      'maintenance',
      rows.map((r) => r.id),
    ),
    db.batch([
      db
        .prepare(
          `SELECT mc.* FROM maintenance_components mc JOIN components c ON c.id = mc.component_id
           WHERE mc.maintenance_id IN (SELECT value FROM json_each(?)) ORDER BY c.position, c.name`,
        )
        .bind(ids),
      db
        .prepare(
          'SELECT * FROM maintenance_reminders WHERE maintenance_id IN (SELECT value FROM json_each(?)) ORDER BY minutes_before DESC',
        )
        .bind(ids),
    ]),
  ]);
  const plannedRows = (planned?.results ?? []) as {
    maintenance_id: string;
    component_id: string;
    planned_status: ComponentStatus;
    prior_status: ComponentStatus | null;
  }[];
  const reminderRows = (reminders?.results ?? []) as { maintenance_id: string; minutes_before: number }[];
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    status: r.status,
    impact: r.impact,
    scheduledFor: r.scheduled_for,
    scheduledUntil: r.scheduled_until,
    stillWorking: r.still_working,
    autoStart: r.auto_start === 1,
    autoComplete: r.auto_complete === 1,
    sequence: r.sequence,
    windowSetAt: r.window_set_at,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    startedAt: r.started_at,
    monitoringAt: r.monitoring_at,
    resolvedAt: r.resolved_at,
    cancelledAt: r.cancelled_at,
    revision: r.revision,
    translations: parseTranslations(r.translations),
    components: plannedRows
      .filter((p) => p.maintenance_id === r.id)
      .map((p) => ({ componentId: p.component_id, plannedStatus: p.planned_status, priorStatus: p.prior_status })),
    reminders: reminderRows.filter((m) => m.maintenance_id === r.id).map((m) => m.minutes_before),
    updates: updates.get(r.id) ?? [],
  }));
}

export async function findMaintenance(db: D1Database, id: string): Promise<Maintenance | null> {
  const row = await db.prepare('SELECT * FROM maintenances WHERE id = ?').bind(id).first<MaintenanceRow>();
  return row ? ((await hydrate(db, [row]))[0] ?? null) : null;
}

/** Newest window first. */
export async function listMaintenances(
  db: D1Database,
  query: { limit: number; statuses?: readonly MaintenanceStatus[]; since?: string | undefined },
): Promise<Maintenance[]> {
  const { results } = await db
    .prepare(
      `SELECT * FROM maintenances
       WHERE (?1 IS NULL OR status IN (SELECT value FROM json_each(?1))) AND (?2 IS NULL OR scheduled_until >= ?2)
       ORDER BY scheduled_for DESC, id DESC LIMIT ?3`,
    )
    .bind(query.statuses ? JSON.stringify(query.statuses) : null, query.since ?? null, query.limit)
    .all<MaintenanceRow>();
  return hydrate(db, results);
}

/** Unfinished maintenances whose start or end is at or before `at` (the scheduler's work). */
export async function listDueMaintenances(db: D1Database, at: string): Promise<Maintenance[]> {
  const { results } = await db
    .prepare(
      `SELECT * FROM maintenances
       WHERE (status = 'scheduled' AND auto_start = 1 AND scheduled_for <= ?1)
          OR (status IN ('in_progress', 'verifying') AND auto_complete = 1 AND scheduled_until <= ?1)
       ORDER BY scheduled_for, id`,
    )
    .bind(at)
    .all<MaintenanceRow>();
  return hydrate(db, results);
}

export function insertMaintenanceStatements(db: D1Database, m: Maintenance): D1PreparedStatement[] {
  return [
    db
      .prepare(
        `INSERT INTO maintenances (id, name, status, impact, scheduled_for, scheduled_until, still_working, auto_start,
           auto_complete, sequence, window_set_at, created_at, updated_at, started_at, monitoring_at, resolved_at,
           cancelled_at, revision, translations)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .bind(
        m.id,
        m.name,
        m.status,
        m.impact,
        m.scheduledFor,
        m.scheduledUntil,
        m.stillWorking,
        m.autoStart ? 1 : 0,
        m.autoComplete ? 1 : 0,
        m.sequence,
        m.windowSetAt,
        m.createdAt,
        m.updatedAt,
        m.startedAt,
        m.monitoringAt,
        m.resolvedAt,
        m.cancelledAt,
        m.revision,
        JSON.stringify(m.translations),
      ),
    ...plannedStatements(db, m),
  ];
}

function plannedStatements(db: D1Database, m: Maintenance): D1PreparedStatement[] {
  return [
    ...m.components.map((p) =>
      db
        .prepare('INSERT INTO maintenance_components (maintenance_id, component_id, planned_status, prior_status) VALUES (?, ?, ?, ?)')
        .bind(m.id, p.componentId, p.plannedStatus, p.priorStatus),
    ),
    ...m.reminders.map((minutes) =>
      db.prepare('INSERT INTO maintenance_reminders (maintenance_id, minutes_before) VALUES (?, ?)').bind(m.id, minutes),
    ),
  ];
}

/**
 * Saves `next` (row, planned components, reminders) only if the row still carries
 * `expectedRevision`; otherwise the whole batch aborts.
 */
export function saveMaintenanceStatements(db: D1Database, next: Maintenance, expectedRevision: string): D1PreparedStatement[] {
  return [
    ...guarded(
      db,
      db
        .prepare(
          `UPDATE maintenances SET name = ?, status = ?, impact = ?, scheduled_for = ?, scheduled_until = ?,
             still_working = ?, auto_start = ?, auto_complete = ?, sequence = ?, window_set_at = ?, updated_at = ?, started_at = ?,
             monitoring_at = ?, resolved_at = ?, cancelled_at = ?, revision = ?, translations = ?
           WHERE id = ? AND revision = ?`,
        )
        .bind(
          next.name,
          next.status,
          next.impact,
          next.scheduledFor,
          next.scheduledUntil,
          next.stillWorking,
          next.autoStart ? 1 : 0,
          next.autoComplete ? 1 : 0,
          next.sequence,
          next.windowSetAt,
          next.updatedAt,
          next.startedAt,
          next.monitoringAt,
          next.resolvedAt,
          next.cancelledAt,
          next.revision,
          JSON.stringify(next.translations),
          next.id,
          expectedRevision,
        ),
    ),
    db.prepare('DELETE FROM maintenance_components WHERE maintenance_id = ?').bind(next.id),
    db.prepare('DELETE FROM maintenance_reminders WHERE maintenance_id = ?').bind(next.id),
    ...plannedStatements(db, next),
  ];
}

/** Components that a running maintenance (other than `exceptId`) holds in a planned status. */
export async function componentsHeldByActiveMaintenances(db: D1Database, exceptId: string | null): Promise<Set<string>> {
  const { results } = await db
    .prepare(
      `SELECT DISTINCT mc.component_id FROM maintenance_components mc JOIN maintenances m ON m.id = mc.maintenance_id
       WHERE m.status IN ('in_progress', 'verifying') AND (?1 IS NULL OR m.id != ?1)`,
    )
    .bind(exceptId)
    .all<{ component_id: string }>();
  return new Set(results.map((r) => r.component_id));
}
