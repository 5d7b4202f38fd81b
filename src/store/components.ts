import { parseTranslations } from '../domain/localized';
import type { Component, ComponentGroup } from '../domain/model';
import type { ComponentStatus } from '../domain/status';

interface ComponentRow {
  id: string;
  group_id: string | null;
  name: string;
  description: string | null;
  position: number;
  status: ComponentStatus;
  only_show_if_degraded: number;
  showcase: number;
  start_date: string | null;
  created_at: string;
  updated_at: string;
  translations: string;
}

const toComponent = (r: ComponentRow): Component => ({
  id: r.id,
  groupId: r.group_id,
  name: r.name,
  description: r.description,
  position: r.position,
  status: r.status,
  onlyShowIfDegraded: r.only_show_if_degraded === 1,
  showcase: r.showcase === 1,
  startDate: r.start_date,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  translations: parseTranslations(r.translations),
});

export async function listComponents(db: D1Database): Promise<Component[]> {
  const { results } = await db
    .prepare('SELECT * FROM components WHERE deleted_at IS NULL ORDER BY position, created_at')
    .all<ComponentRow>();
  return results.map(toComponent);
}

export async function findComponent(db: D1Database, id: string): Promise<Component | null> {
  const row = await db.prepare('SELECT * FROM components WHERE id = ? AND deleted_at IS NULL').bind(id).first<ComponentRow>();
  return row ? toComponent(row) : null;
}

export function insertComponent(db: D1Database, c: Component): D1PreparedStatement {
  return db
    .prepare(
      `INSERT INTO components (id, group_id, name, description, position, status, only_show_if_degraded, showcase,
         start_date, created_at, updated_at, translations)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .bind(
      c.id,
      c.groupId,
      c.name,
      c.description,
      c.position,
      c.status,
      c.onlyShowIfDegraded ? 1 : 0,
      c.showcase ? 1 : 0,
      c.startDate,
      c.createdAt,
      c.updatedAt,
      JSON.stringify(c.translations),
    );
}

/** Saves everything but the status, which only `statusChangeStatements` writes. */
export function saveComponentDetails(db: D1Database, c: Component): D1PreparedStatement {
  return db
    .prepare(
      `UPDATE components SET group_id = ?, name = ?, description = ?, position = ?, only_show_if_degraded = ?,
         showcase = ?, start_date = ?, updated_at = ?, translations = ? WHERE id = ?`,
    )
    .bind(
      c.groupId,
      c.name,
      c.description,
      c.position,
      c.onlyShowIfDegraded ? 1 : 0,
      c.showcase ? 1 : 0,
      c.startDate,
      c.updatedAt,
      JSON.stringify(c.translations),
      c.id,
    );
}

export function deleteComponentStatement(db: D1Database, id: string, at: string): D1PreparedStatement {
  return db.prepare('UPDATE components SET deleted_at = ?, updated_at = ? WHERE id = ?').bind(at, at, id);
}

export interface StatusChange {
  componentId: string;
  oldStatus: ComponentStatus;
  newStatus: ComponentStatus;
}

export interface StatusCause {
  type: 'operator' | 'incident' | 'maintenance';
  id: string | null;
  at: string;
}

/**
 * The one path that changes a component's status: the new status and its status-log row, for
 * each change that really changes something.
 */
export function statusChangeStatements(db: D1Database, changes: readonly StatusChange[], cause: StatusCause): D1PreparedStatement[] {
  return changes
    .filter((c) => c.oldStatus !== c.newStatus)
    .flatMap((c) => [
      db.prepare('UPDATE components SET status = ?, updated_at = ? WHERE id = ?').bind(c.newStatus, cause.at, c.componentId),
      db
        .prepare(
          `INSERT INTO component_status_log (component_id, old_status, new_status, changed_at, cause_type, cause_id)
           VALUES (?, ?, ?, ?, ?, ?)`,
        )
        .bind(c.componentId, c.oldStatus, c.newStatus, cause.at, cause.type, cause.id),
    ]);
}

/** The first log row of a new component, so uptime knows since when it exists. */
export function initialStatusStatement(db: D1Database, c: Component, cause: StatusCause): D1PreparedStatement {
  return db
    .prepare(
      `INSERT INTO component_status_log (component_id, old_status, new_status, changed_at, cause_type, cause_id)
       VALUES (?, NULL, ?, ?, ?, ?)`,
    )
    .bind(c.id, c.status, cause.at, cause.type, cause.id);
}

export interface StatusLogEntry {
  componentId: string;
  oldStatus: ComponentStatus | null;
  newStatus: ComponentStatus;
  changedAt: string;
  causeType: StatusCause['type'];
  causeId: string | null;
}

type StatusLogRow = {
  component_id: string;
  old_status: ComponentStatus | null;
  new_status: ComponentStatus;
  changed_at: string;
  cause_type: StatusCause['type'];
  cause_id: string | null;
};

const toLogEntry = (r: StatusLogRow): StatusLogEntry => ({
  componentId: r.component_id,
  oldStatus: r.old_status,
  newStatus: r.new_status,
  changedAt: r.changed_at,
  causeType: r.cause_type,
  causeId: r.cause_id,
});

/**
 * What uptime over a window needs: each component's last change before `since` (its status when
 * the window opens), then every change since, oldest first. Reads only the window, however long
 * the history.
 */
export async function listStatusLogWindow(db: D1Database, since: string): Promise<StatusLogEntry[]> {
  const { results } = await db
    .prepare(
      `SELECT * FROM (
         SELECT l.* FROM component_status_log l
         WHERE l.id = (SELECT p.id FROM component_status_log p WHERE p.component_id = l.component_id AND p.changed_at < ?1
                       ORDER BY p.changed_at DESC, p.id DESC LIMIT 1)
         UNION ALL
         SELECT * FROM component_status_log WHERE changed_at >= ?1
       ) ORDER BY changed_at, id`,
    )
    .bind(since)
    .all<StatusLogRow>();
  return results.map(toLogEntry);
}

export async function listStatusLog(db: D1Database, query: { since?: string; componentId?: string } = {}): Promise<StatusLogEntry[]> {
  const { results } = await db
    .prepare(
      `SELECT * FROM component_status_log WHERE (?1 IS NULL OR changed_at >= ?1) AND (?2 IS NULL OR component_id = ?2)
       ORDER BY changed_at, id`,
    )
    .bind(query.since ?? null, query.componentId ?? null)
    .all<StatusLogRow>();
  return results.map(toLogEntry);
}

interface GroupRow {
  id: string;
  name: string;
  description: string | null;
  position: number;
  collapsed: number;
  created_at: string;
  updated_at: string;
  translations: string;
}

const toGroup = (r: GroupRow): ComponentGroup => ({
  id: r.id,
  name: r.name,
  description: r.description,
  position: r.position,
  collapsed: r.collapsed === 1,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  translations: parseTranslations(r.translations),
});

export async function listGroups(db: D1Database): Promise<ComponentGroup[]> {
  const { results } = await db.prepare('SELECT * FROM component_groups ORDER BY position, created_at').all<GroupRow>();
  return results.map(toGroup);
}

export async function findGroup(db: D1Database, id: string): Promise<ComponentGroup | null> {
  const row = await db.prepare('SELECT * FROM component_groups WHERE id = ?').bind(id).first<GroupRow>();
  return row ? toGroup(row) : null;
}

export function saveGroup(db: D1Database, g: ComponentGroup): D1PreparedStatement {
  return db
    .prepare(
      `INSERT INTO component_groups (id, name, description, position, collapsed, created_at, updated_at, translations)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET name = excluded.name, description = excluded.description,
         position = excluded.position, collapsed = excluded.collapsed, updated_at = excluded.updated_at,
         translations = excluded.translations`,
    )
    .bind(g.id, g.name, g.description, g.position, g.collapsed ? 1 : 0, g.createdAt, g.updatedAt, JSON.stringify(g.translations));
}

/** Deleting a group keeps its components, ungrouped. */
export function deleteGroupStatements(db: D1Database, id: string, at: string): D1PreparedStatement[] {
  return [
    db.prepare('UPDATE components SET group_id = NULL, updated_at = ? WHERE group_id = ?').bind(at, id),
    db.prepare('DELETE FROM component_groups WHERE id = ?').bind(id),
  ];
}
