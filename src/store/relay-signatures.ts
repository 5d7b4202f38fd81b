// Signatures of relay webhooks seen, each with the event it came with (table relay_signatures).

/**
 * The event `token`'s signature is taken for: `eventHash` when it is new, else the one it first
 * came with. One round trip: the claim, then the read.
 */
export async function claimSignature(db: D1Database, token: string, eventHash: string, at: string): Promise<string | null> {
  const [, seen] = await db.batch<{ event_hash: string }>([
    db
      .prepare('INSERT INTO relay_signatures (token, event_hash, seen_at) VALUES (?, ?, ?) ON CONFLICT (token) DO NOTHING')
      .bind(token, eventHash, at),
    db.prepare('SELECT event_hash FROM relay_signatures WHERE token = ?').bind(token),
  ]);
  return seen?.results[0]?.event_hash ?? null;
}

export function pruneSignaturesStatement(db: D1Database, before: string): D1PreparedStatement {
  return db.prepare('DELETE FROM relay_signatures WHERE seen_at < ?').bind(before);
}
