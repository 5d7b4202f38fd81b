import { parseTranslations } from '../domain/localized';
import type { AffectedComponent, SubjectType, Update, UpdateFacts } from '../domain/model';
import type { ComponentStatus } from '../domain/status';

export function insertUpdateStatements(db: D1Database, subjectType: SubjectType, subjectId: string, u: Update): D1PreparedStatement[] {
  return [
    db
      .prepare(
        `INSERT INTO updates (id, subject_type, subject_id, status, body, created_at, display_at, deliver_notifications,
           translations, facts)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .bind(
        u.id,
        subjectType,
        subjectId,
        u.status,
        u.body,
        u.createdAt,
        u.displayAt,
        u.deliverNotifications ? 1 : 0,
        JSON.stringify(u.translations),
        u.facts ? JSON.stringify(u.facts) : null,
      ),
    ...u.affectedComponents.map((a) =>
      db
        .prepare('INSERT INTO update_components (update_id, component_id, old_status, new_status) VALUES (?, ?, ?, ?)')
        .bind(u.id, a.componentId, a.oldStatus, a.newStatus),
    ),
  ];
}

interface UpdateRow {
  id: string;
  subject_id: string;
  status: string;
  body: string;
  created_at: string;
  display_at: string;
  deliver_notifications: number;
  translations: string;
  facts: string | null;
}

function parseFacts(json: string | null): UpdateFacts | null {
  if (!json) return null;
  try {
    const facts = JSON.parse(json) as UpdateFacts;
    return facts && typeof facts === 'object' && 'automatic' in facts ? facts : null;
  } catch {
    return null;
  }
}

interface AffectedRow {
  update_id: string;
  component_id: string;
  name: string;
  old_status: ComponentStatus;
  new_status: ComponentStatus;
}

/** Updates of the given subjects, newest first, grouped by subject id. */
export async function listUpdates<S extends string>(
  db: D1Database,
  subjectType: SubjectType,
  subjectIds: readonly string[],
): Promise<Map<string, Update<S>[]>> {
  const bySubject = new Map<string, Update<S>[]>();
  if (subjectIds.length === 0) return bySubject;
  const ids = JSON.stringify(subjectIds);
  const [updates, affected] = await db.batch([
    db
      .prepare(
        `SELECT * FROM updates WHERE subject_type = ? AND subject_id IN (SELECT value FROM json_each(?))
         ORDER BY display_at DESC, created_at DESC, rowid DESC`,
      )
      .bind(subjectType, ids),
    db
      .prepare(
        `SELECT uc.update_id, uc.component_id, c.name, uc.old_status, uc.new_status
         FROM update_components uc JOIN updates u ON u.id = uc.update_id JOIN components c ON c.id = uc.component_id
         WHERE u.subject_type = ? AND u.subject_id IN (SELECT value FROM json_each(?))
         ORDER BY c.position, c.name`,
      )
      .bind(subjectType, ids),
  ]);
  const affectedByUpdate = new Map<string, AffectedComponent[]>();
  for (const a of (affected?.results ?? []) as AffectedRow[]) {
    const list = affectedByUpdate.get(a.update_id) ?? [];
    list.push({ componentId: a.component_id, name: a.name, oldStatus: a.old_status, newStatus: a.new_status });
    affectedByUpdate.set(a.update_id, list);
  }
  for (const r of (updates?.results ?? []) as UpdateRow[]) {
    const list = bySubject.get(r.subject_id) ?? [];
    list.push({
      id: r.id,
      status: r.status as S,
      body: r.body,
      createdAt: r.created_at,
      displayAt: r.display_at,
      deliverNotifications: r.deliver_notifications === 1,
      affectedComponents: affectedByUpdate.get(r.id) ?? [],
      translations: parseTranslations(r.translations),
      facts: parseFacts(r.facts),
    });
    bySubject.set(r.subject_id, list);
  }
  return bySubject;
}
