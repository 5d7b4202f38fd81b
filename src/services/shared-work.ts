// Work that one request of an isolate starts and the others meeting the same need join (a
// rendering, a snapshot built from D1), for a while. A promise dies with the request that created
// it: if that request ends first (its client went away), the others would wait on it forever, and
// so would every later request of the isolate that joined it. Past `patienceMs` from its start, a
// request no longer joins the work under way but starts it afresh.

export class SharedWork<T> {
  private current: { work: Promise<T>; since: number } | null = null;

  constructor(private readonly patienceMs: number) {}

  /**
   * The work under way, if it began within `patienceMs` of `at`; else `start()`'s, which the next
   * requests join. `started` says which: the starter alone does what follows the work once.
   */
  join(at: number, start: () => Promise<T>): { work: Promise<T>; started: boolean } {
    const held = this.current;
    if (held && at >= held.since && at - held.since < this.patienceMs) return { work: held.work, started: false };
    const entry = { since: at, work: start() };
    this.current = entry;
    entry.work
      .finally(() => {
        if (this.current === entry) this.current = null;
      })
      .catch(() => {
        // The joiners see the failure; this chain only clears the entry.
      });
    return { work: entry.work, started: true };
  }
}
