// The send rate (MAIL_RATE_PER_SECOND) held across every queue consumer invocation at once.
//
// Why D1 and not `max_concurrency = 1` or a Durable Object: Queues' max_concurrency is a ceiling,
// not a promise that two invocations never overlap, and an in-memory bucket forgets itself
// between isolates; D1 already serialises every write, so one UPDATE hands out send slots to all
// invocations in order, at one D1 write per queue message (ten e-mails). A Durable Object would
// do the same with another binding and deployment step for no gain at relay rates (tens a second).
import { holdSends, nextSendSlot, reserveSendSlots } from '../store/send-pace';

/**
 * Slots are spaced 2 % wider than the rate asks: timers and the network jitter by a few
 * milliseconds, and a relay counting per second must never see one message too many.
 */
const SPACING_MARGIN = 1.02;

/**
 * A slot this far behind when its send could start is not used: sending at once would bunch
 * with the slots after it. Within the spacing margin, so no second ever holds one send too many.
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

/** One lane's slots: reserved a message's worth at a time, handed out in order. */
export class LaneSlots {
  private times: number[] = [];

  constructor(private readonly pacer: Pacer) {}

  /** Reserves slots for `count` sends ahead; returns when the first of them is. */
  async prepare(count: number): Promise<number> {
    if (this.times.length < count) this.times.push(...(await this.pacer.reserve(count - this.times.length)));
    return this.times[0]!;
  }

  /**
   * Waits for this lane's next slot, reserving one when none is left; call it when the send can
   * start at once. A slot missed while the lane waited (for a connection) is left, not used late.
   */
  async take(): Promise<void> {
    for (;;) {
      if (this.times.length === 0) await this.prepare(1);
      const at = this.times.shift()!;
      await sleepUntil(at);
      if (Date.now() - at <= LATE_MS) return;
    }
  }

  /** Forgets the slots held: after a hold they would come too early. */
  drop(): void {
    this.times = [];
  }
}
