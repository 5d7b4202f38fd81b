// A read only the admin UI needs: subscribers found by part of their address.
import type { Subscriber } from '../domain/subscribers';
import { listSubscribersByEmail } from './subscribers';

/** Subscribers whose address contains `text` (no wildcards: % and _ match themselves), by address. */
export async function searchSubscribers(db: D1Database, text: string, limit: number): Promise<Subscriber[]> {
  const pattern = `%${text
    .trim()
    .toLowerCase()
    .replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
  const { results } = await db
    .prepare(`SELECT email FROM subscribers WHERE email LIKE ? ESCAPE '\\' ORDER BY email LIMIT ?`)
    .bind(pattern, limit)
    .all<{ email: string }>();
  const found = await listSubscribersByEmail(
    db,
    results.map((r) => r.email),
  );
  return found.sort((a, b) => a.email.localeCompare(b.email));
}
