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
  const row = await db
    .prepare(
      `WITH touched(id) AS (
         SELECT json_extract(c.value, '$.id') FROM notices n, json_each(n.payload, '$.components') c
         WHERE n.subject_type = ?1 AND n.subject_id = ?2
         UNION SELECT value FROM json_each(?3)
       )
       SELECT COUNT(*) AS n FROM subscribers s
       WHERE s.confirmed_at IS NOT NULL AND s.unsubscribed_at IS NULL
         AND (s.all_components = 1
           OR NOT EXISTS (SELECT 1 FROM touched WHERE id IS NOT NULL)
           OR EXISTS (SELECT 1 FROM subscriber_components sc
             WHERE sc.subscriber_id = s.id AND sc.component_id IN (SELECT id FROM touched)))`,
    )
    .bind(subject.type, subject.id, JSON.stringify(components))
    .first<{ n: number }>();
  return row?.n ?? 0;
}
