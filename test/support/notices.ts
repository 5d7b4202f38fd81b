import { rows } from './db';

export interface NoticeRow {
  kind: string;
  subject_id: string;
  created_at: string;
  dedupe_key: string;
  payload: Record<string, any>;
}

/** The notices of a subject in the order they were recorded. */
export async function noticesOf(subjectId: string): Promise<NoticeRow[]> {
  const list = await rows<NoticeRow & { payload: string }>(
    'SELECT kind, subject_id, created_at, dedupe_key, payload FROM notices WHERE subject_id = ? ORDER BY created_at, rowid',
    subjectId,
  );
  return list.map((n) => ({ ...n, payload: JSON.parse(n.payload) }));
}

/** `kind` or `reminder:<minutes>`, in order. */
export async function noticeTrail(subjectId: string): Promise<string[]> {
  return (await noticesOf(subjectId)).map((n) => (n.kind === 'reminder' ? `reminder:${n.payload.minutes_before}` : n.kind));
}
