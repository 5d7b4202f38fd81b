// The send rate (MAIL_RATE_PER_SECOND) held across every queue consumer invocation at once.
//
// Why D1 and not `max_concurrency = 1` or a Durable Object: Queues' max_concurrency is a ceiling,
// not a promise that two invocations never overlap, and an in-memory bucket forgets itself
// between isolates; D1 already serialises every write, so one UPDATE hands out send slots to all
// invocations in order, at one D1 write per queue message (ten e-mails). A Durable Object would
// do the same with another binding and deployment step for no gain at relay rates (tens a second).
import { holdSends, nextSendSlot, reserveSendSlots } from '../store/send-pace';

/**
 * Slots are spaced 5 % wider than the rate asks. A send reaches the relay a little after its
 * slot (the worker busy composing another e-mail, a connection being opened): with this margin,
 * up to 50 ms of such delay never lets a relay counting per second see one message too many.
 */
const SPACING_MARGIN = 1.05;

/**
 * A slot this far behind when its send could start is not used: sending at once would bunch
 * with the slots after it.
 */
const LATE_MS = 10;

export const sleepUntil = (at: number): Promise<void> => {
  const ms = at - Date.now();
  return ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve();
};

export class Pacer {
  readonly intervalMs: number;

  constructor(
    private readonly db: D1Database,
    private readonly transport: string,
    ratePerSecond: number,
  ) {
    this.intervalMs = (1000 / ratePerSecond) * SPACING_MARGIN;
  }

  /** `count` slot times (ms since the epoch), in order, reserved for this caller alone. */
  async reserve(count: number): Promise<number[]> {
    const first = await reserveSendSlots(this.db, this.transport, Date.now(), count, this.intervalMs);
    return Array.from({ length: count }, (_, i) => first + i * this.intervalMs);
  }

  /** When the next free slot is (now when nothing is reserved ahead). */
  async nextFree(): Promise<number> {
    return Math.max(Date.now(), (await nextSendSlot(this.db, this.transport)) ?? 0);
  }

  /** Nobody sends before `ms` from now: the relay asked to slow down. */
  async hold(ms: number): Promise<void> {
    await holdSends(this.db, this.transport, Date.now() + ms);
  }
}

/**
 * An invocation's slots: reserved a few at a time and handed, in order, to whichever send is
 * ready next. A send that is slower than the rate (composing, waiting for a connection) never
 * pushes the others to the back of the schedule; a slot nobody was ready for is left unused.
 */
export class SendSlots {
  private times: number[] = [];
  private refill: Promise<void> | null = null;

  /** @param chunk slots reserved per D1 write (about half a second's worth). */
  constructor(
    private readonly pacer: Pacer,
    private readonly chunk: number,
  ) {}

  /** Waits for the next free slot; call it when the send can start at once. */
  async take(): Promise<void> {
    for (;;) {
      const at = await this.next();
      await sleepUntil(at);
      if (Date.now() - at <= LATE_MS) return;
    }
  }

  /** Forgets the slots held: after a hold they would come too early. */
  drop(): void {
    this.times = [];
  }

  private async next(): Promise<number> {
    for (;;) {
      while (this.times.length > 0 && Date.now() - this.times[0]! > LATE_MS) this.times.shift();
      const at = this.times.shift();
      if (at !== undefined) return at;
      this.refill ??= this.pacer
        .reserve(this.chunk)
        .then((times) => {
          this.times.push(...times);
        })
        .finally(() => {
          this.refill = null;
        });
      await this.refill;
    }
  }
}

/** Slots reserved per D1 write: half a second's worth, between 1 and 50. */
export const slotChunk = (ratePerSecond: number): number => Math.max(1, Math.min(50, Math.round(ratePerSecond / 2)));
