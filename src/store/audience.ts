import { FOLLOWERS } from './deliveries';

// How many subscribers a notice about an incident or maintenance would be e-mailed to, counted
// before it is recorded, for the admin's "N subscribers will be e-mailed" confirmation. The rule
// is fan-out's (notify/fan-out.ts, FOLLOWERS in store/deliveries.ts): confirmed and not
// unsubscribed, following every component or one the subject has touched in any earlier notice or
// touches now; anyone at all when nothing is touched.

/**
 * Subscribers the next notice of `subject` would reach if it touched `components` (ids). A count
 * over the subscribers table: one scan, fine for a page an operator opens before an action.
 */
export async function countAudience(
  db: D1Database,
  subject: { type: 'incident' | 'maintenance'; id: string },
  components: readonly string[],
): Promise<number> {
  const earlier = await db
    .prepare(
      `SELECT DISTINCT json_extract(c.value, '$.id') AS id FROM notices n, json_each(n.payload, '$.components') c
       WHERE n.subject_type = ?1 AND n.subject_id = ?2`,
    )
    .bind(subject.type, subject.id)
    .all<{ id: string | null }>();
  const touched = [...new Set([...earlier.results.flatMap((r) => (r.id ? [r.id] : [])), ...components])];
  // Fan-out's own rule: ?2 the touched components, ?3 the id to count after (all of them).
  const row = await db.prepare(`SELECT COUNT(*) AS n ${FOLLOWERS}`).bind(null, JSON.stringify(touched), '').first<{ n: number }>();
  return row?.n ?? 0;
}
