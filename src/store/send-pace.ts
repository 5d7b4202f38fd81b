// The shared send schedule (migration 0008): slots handed out one UPDATE at a time.

/**
 * Reserves `count` consecutive slots `intervalMs` apart, from `nowMs` or after the last slot
 * anyone reserved, whichever is later. Returns the first slot's time.
 */
export async function reserveSendSlots(
  db: D1Database,
  transport: string,
  nowMs: number,
  count: number,
  intervalMs: number,
): Promise<number> {
  const row = await db
    .prepare(
      `INSERT INTO send_pace (transport, next_slot_ms) VALUES (?1, ?2 + ?3 * ?4)
       ON CONFLICT (transport) DO UPDATE SET next_slot_ms = MAX(next_slot_ms, ?2) + ?3 * ?4
       RETURNING next_slot_ms - ?3 * ?4 AS first_slot_ms`,
    )
    .bind(transport, nowMs, count, intervalMs)
    .first<{ first_slot_ms: number }>();
  if (!row) throw new Error('send_pace: reserving slots returned nothing');
  return row.first_slot_ms;
}

/** The next free slot (null before the first send). */
export async function nextSendSlot(db: D1Database, transport: string): Promise<number | null> {
  const row = await db.prepare('SELECT next_slot_ms FROM send_pace WHERE transport = ?').bind(transport).first<{ next_slot_ms: number }>();
  return row?.next_slot_ms ?? null;
}

/** No slot before `untilMs` for anyone: the relay asked us to slow down. */
export async function holdSends(db: D1Database, transport: string, untilMs: number): Promise<void> {
  await db
    .prepare(
      `INSERT INTO send_pace (transport, next_slot_ms) VALUES (?1, ?2)
       ON CONFLICT (transport) DO UPDATE SET next_slot_ms = MAX(next_slot_ms, ?2)`,
    )
    .bind(transport, untilMs)
    .run();
}
