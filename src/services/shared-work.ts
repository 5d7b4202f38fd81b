// What the requests of one isolate share when they meet the same need at once. A promise dies
// with the request that created it: if that request ends first (its client went away), others
// awaiting it would wait forever, and so would every later request that joined it. So a check
// under way is not waited on at all (the others serve what is held), and work under way (a
// rendering, a snapshot built from D1) is joined only for a while.

/** Whether `since` covers `at`: no later than it, and less than `ms` before. */
export const within = (at: number, since: number, ms: number): boolean => at >= since && at - since < ms;

/**
 * A question one request is putting to KV (is there anything newer?). While it waits, the others
 * serve what is held, as they did a moment before, rather than each asking again; past
 * `patienceMs` a check that never came back no longer counts, and the next request asks.
 */
export class CheckUnderWay {
  private since = Number.NEGATIVE_INFINITY;

  constructor(private readonly patienceMs: number) {}

  /** Whether a request began checking within `patienceMs` of `at` and has not finished. */
  covers(at: number): boolean {
    return within(at, this.since, this.patienceMs);
  }

  /** The check begun at `at` is under way until `end(at)`. */
  begin(at: number): void {
    this.since = at;
  }

  end(at: number): void {
    if (this.since === at) this.since = Number.NEGATIVE_INFINITY;
  }
}

/**
 * Work one request starts and the others meeting the same need join: the work under way, if it
 * began within `patienceMs` of `at`; else `start()`'s, which the next requests join.
 */
export class SharedWork<T> {
  private current: { work: Promise<T>; since: number } | null = null;

  constructor(private readonly patienceMs: number) {}

  /** `started` says whether this request started it: the starter alone does what follows the work once. */
  join(at: number, start: () => Promise<T>): { work: Promise<T>; started: boolean } {
    const held = this.current;
    if (held && within(at, held.since, this.patienceMs)) return { work: held.work, started: false };
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
