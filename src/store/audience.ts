import type { Locale } from '../domain/model';
import { LOCALES } from '../domain/model';
import { FOLLOWERS } from './deliveries';

// How many subscribers a notice about an incident or maintenance would be e-mailed to, counted
// before it is recorded, for the admin's "N subscribers will be e-mailed" confirmation and a
// draft's preview. The rule is fan-out's (notify/fan-out.ts, FOLLOWERS in store/deliveries.ts):
// confirmed and not unsubscribed, following every component or one the subject has touched in any
// earlier notice or touches now; anyone at all when nothing is touched.

/** Who would be e-mailed: in all, and by the language each subscriber reads. */
export interface Audience {
  total: number;
  byLocale: Record<Locale, number>;
}

/**
 * Subscribers the next notice of `subject` would reach if it touched `components` (ids); `subject`
 * null for one not created yet (a draft, a create being confirmed), which has no earlier notices.
 * A count over the subscribers table: one scan, fine for a page an operator opens before an action.
 */
export async function countAudience(
  db: D1Database,
  subject: { type: 'incident' | 'maintenance'; id: string } | null,
  components: readonly string[],
): Promise<Audience> {
  const earlier = subject
    ? (
        await db
          .prepare(
            `SELECT DISTINCT json_extract(c.value, '$.id') AS id FROM notices n, json_each(n.payload, '$.components') c
             WHERE n.subject_type = ?1 AND n.subject_id = ?2`,
          )
          .bind(subject.type, subject.id)
          .all<{ id: string | null }>()
      ).results.flatMap((r) => (r.id ? [r.id] : []))
    : [];
  const touched = [...new Set([...earlier, ...components])];
  // Fan-out's own rule: ?2 the touched components, ?3 the id to count after (all of them).
  const { results } = await db
    .prepare(`SELECT s.locale AS locale, COUNT(*) AS n ${FOLLOWERS} GROUP BY s.locale`)
    .bind(null, JSON.stringify(touched), '')
    .all<{ locale: string; n: number }>();
  const byLocale = Object.fromEntries(LOCALES.map((l) => [l, 0])) as Record<Locale, number>;
  let total = 0;
  for (const r of results) {
    total += r.n;
    if ((LOCALES as readonly string[]).includes(r.locale)) byLocale[r.locale as Locale] += r.n;
  }
  return { total, byLocale };
}
