// Conditional requests and caching of the public documents: light, as the worker's front answers
// with them before the rest is evaluated (routes/prerendered.ts).

/** Short: a status must not look stale for long, and a 304 costs one small KV read. */
export const PUBLIC_MAX_AGE = 30;

/** RFC 9110 §13.1.2: weak comparison, a list of tags, or `*`. */
export function matches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch.split(',').some((tag) => {
    const t = tag.trim();
    return t === '*' || t.replace(/^W\//, '') === etag;
  });
}
