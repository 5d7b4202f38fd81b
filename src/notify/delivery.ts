// One claimed delivery: composed, sent in its lane's slot of the shared schedule, and settled.
// The queue consumer (consumer.ts) claims a message's worth and runs them through here.
import { reminderTooLate } from '../domain/notices';
import { isBounceMailbox } from '../domain/return-path';
import type { Subscriber } from '../domain/subscribers';
import { isActive, MAX_SEND_ATTEMPTS, retryDelaySeconds } from '../domain/subscribers';
import type { Config } from '../env';
import type { QueryBudget } from '../store/call-limit';
import {
  type Delivery,
  recordSentStatement,
  releaseDeliveriesStatement,
  type SentRecord,
  settleDeliveryStatement,
} from '../store/deliveries';
import { findNotice, type Notice } from '../store/notices';
import { bounceAuditStatement, markBouncedStatement } from '../store/subscribers';
import { confirmationMail, type MailSetting, noticeMail } from './assemble';
import { type BuiltMessage, buildForSending, mailAddress } from './compose';
import type { MessageSigner } from './dkim';
import type { Pacer, SendSlots } from './pace';
import { type Accepted, type MailTransport, SendError } from './transports';

/** A throttled e-mail is tried again in the same batch this many times before it waits in the queue. */
const THROTTLE_TRIES = 3;
/** How long everyone pauses after a throttle reply that does not say how long. */
const THROTTLE_PAUSE_MS = 1_000;
/** A slot further ahead than this is not waited for: the message goes back to the queue until then. */
export const MAX_SLOT_WAIT_MS = 60_000;
/** Thrown instead of sending when the transport was found down: the delivery goes back untried. */
class NotTried extends Error {}
/** Thrown instead of sending when the claim's lease is too near its end to send under it. */
class LeaseEnding extends Error {}

/** How long an accepted e-mail waits for others to be recorded in the same D1 write. */
export const SENT_GATHER_MS = 10;

/**
 * Records accepted e-mails as sent, several in one D1 write: a call into D1 costs the Worker more
 * CPU than the rows it changes (with every e-mail recorded alone, the record was a third of the
 * consumer's CPU per e-mail). The first e-mail accepted waits SENT_GATHER_MS for others, or less
 * when every lane has one waiting; those accepted while a write is in flight go in the next,
 * which starts the moment it ends. So the window in which a crash sends an e-mail again is at
 * most SENT_GATHER_MS and two D1 writes long (it was one write), and the copy carries the same
 * Message-ID. A failed write fails each of its records, and each caller tries again.
 */
export class SentRecords {
  private waiting: { record: SentRecord; resolve: () => void; reject: (error: unknown) => void }[] = [];
  private timer: ReturnType<typeof setTimeout> | null = null;
  private writing = false;

  /** @param upTo records at most waiting at once: the lanes, each of which waits for its record. */
  constructor(
    private readonly db: D1Database,
    private readonly upTo: number,
    private readonly gatherMs = SENT_GATHER_MS,
  ) {}

  record(record: SentRecord): Promise<void> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ record, resolve, reject });
      // While a write is in flight, this one goes in the next, as soon as it ends.
      if (this.writing) return;
      if (this.waiting.length >= this.upTo) this.start();
      else this.timer ??= setTimeout(() => this.start(), this.gatherMs);
    });
  }

  private start(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (!this.writing && this.waiting.length > 0) void this.write();
  }

  private async write(): Promise<void> {
    this.writing = true;
    try {
      while (this.waiting.length > 0) {
        const group = this.waiting.splice(0);
        try {
          await recordSentStatement(
            this.db,
            group.map((g) => g.record),
          ).run();
          for (const g of group) g.resolve();
        } catch (error) {
          for (const g of group) g.reject(error);
        }
      }
    } finally {
      this.writing = false;
    }
  }
}

export interface Batch {
  db: D1Database;
  /**
   * The D1 statements `db` has made in this invocation, against the limit per invocation: each
   * message's start and each send takes its room first, so a record of an accepted e-mail never
   * meets the limit.
   */
  queries: QueryBudget;
  /** Where accepted e-mails are recorded (over `db`). */
  sent: SentRecords;
  setting: MailSetting;
  /** DKIM over the built MIME, when a key is configured: the same signature whatever carries it. */
  sign: MessageSigner | null;
  transport: MailTransport;
  pacer: Pacer;
  /** The invocation's share of the send schedule. */
  slots: SendSlots;
  notices: Map<string, Promise<Notice | null>>;
  leaseMs: number;
  startedAt: number;
  down: boolean;
  /** The batch's first send: the others wait for it, so a dead relay costs one attempt. */
  firstSend: Promise<void> | null;
  /** Sends the relay refused or that failed, told once per batch (failureReport). */
  failures: SendFailures;
}

/**
 * A batch's failed sends: how many will be tried again, how many were given up, the first reason,
 * and how many were handed back untried because the relay was down.
 */
export interface SendFailures {
  retried: number;
  givenUp: number;
  untried: number;
  first: string | null;
}

export const noFailures = (): SendFailures => ({ retried: 0, givenUp: 0, untried: 0, first: null });

/**
 * An address in a relay's answer ("550 5.1.1 <ada@example.com>: …", `"ada l"@example.com`,
 * `o'brien@example.com`): logs keep no subscriber's address.
 */
const ADDRESS = /"[^"\r\n]*"@[^\s<>"',;]+|[^\s<>"(),;:]+@[^\s<>"'(),;:]+/g;

/**
 * What the operator reads in the Worker's logs (`wrangler tail`) when sends fail: one line per
 * batch, with the relay's first answer, every address but the sender's (MAIL_FROM's, or a return
 * address of BOUNCE_ADDRESS's: what a relay refusing the sender names) masked; null when none failed. The
 * deliveries' rows keep each reason.
 */
export function failureReport(failures: SendFailures, config: Pick<Config, 'MAIL_FROM' | 'BOUNCE_ADDRESS'>): string | null {
  const count = failures.retried + failures.givenUp;
  if (count === 0) return null;
  const sender = mailAddress(config.MAIL_FROM).toLowerCase();
  const bounces = config.BOUNCE_ADDRESS;
  // A return address is ours too, its detail masked: with the tag, it could report on that delivery.
  const ours = (found: string) =>
    found.toLowerCase() === sender
      ? found
      : bounces !== undefined && isBounceMailbox(bounces, found)
        ? found.replace(/\+[^@]*@/, '+***@')
        : '***';
  const reason = (failures.first ?? '').replace(ADDRESS, ours);
  const untried = failures.untried > 0 ? `, ${failures.untried} more handed back untried, the relay being down` : '';
  return `notify: ${count} ${count === 1 ? 'send' : 'sends'} failed in this batch (${failures.retried} to be tried again, ${failures.givenUp} given up${untried}); the first: ${reason}`;
}

/** Accepted by the carrier, under the Message-ID its reader gets. */
type Sent = { messageId: string };

/**
 * Come back in `retryIn` seconds; `failed`: after a failed try (the round of attempts moves on),
 * otherwise after a wait (the same round).
 */
export type Outcome = { retryIn: number; failed: boolean } | null;

const reasonOf = (error: unknown): string => (error instanceof Error ? error.message : String(error)).slice(0, 500);

const failureOf = (error: unknown): SendError => (error instanceof SendError ? error : new SendError('temporary', reasonOf(error)));

/** The `lease_until` a claim wrote: what proves the row is still this claim's. */
const claimLease = (delivery: Delivery): string => {
  if (!delivery.leaseUntil) throw new Error(`delivery ${delivery.id} is not under a claim`);
  return delivery.leaseUntil;
};

/**
 * The last moment a claimed delivery may start its SMTP transaction: a third of the lease before
 * it runs out, so the transaction (bounded by the transport's timeouts) ends while the claim is
 * still ours. Past it, another consumer may take the row over (the lease ran out, or the cron
 * requeued it as dead) and send it too.
 */
export const sendBy = (delivery: Delivery, leaseMs: number): number => Date.parse(claimLease(delivery)) - leaseMs / 3;

async function settle(db: D1Database, delivery: Delivery, at: Date, outcome: Parameters<typeof settleDeliveryStatement>[3]) {
  await settleDeliveryStatement(db, delivery.id, at.toISOString(), outcome, claimLease(delivery)).run();
}

/**
 * Hands claimed deliveries (of one claim) back untried: pending again, due later, the claim's
 * attempt not counted. Rows another claim has taken since are left to it.
 */
export async function release(db: D1Database, deliveries: readonly Delivery[], now: Date, retryIn: number): Promise<void> {
  if (deliveries.length === 0) return;
  const ids = deliveries.map((d) => d.id);
  await releaseDeliveriesStatement(db, ids, now.toISOString(), dueIn(now, retryIn), claimLease(deliveries[0]!)).run();
}

const dueIn = (now: Date, seconds: number): string => new Date(now.getTime() + seconds * 1000).toISOString();

type Composed = { mail: BuiltMessage; skip?: never } | { mail?: never; skip: string };

async function compose(b: Batch, delivery: Delivery, subscriber: Subscriber | null, now: Date, threadRoot?: string): Promise<Composed> {
  if (!subscriber) return { skip: 'the subscriber was deleted' };
  if (!delivery.noticeId) return { mail: await buildForSending(await confirmationMail(b.setting, subscriber, delivery.id, now), b.sign) };
  if (!isActive(subscriber)) return { skip: 'the subscriber left before it was sent' };
  if (subscriber.bouncedAt) return { skip: 'the address bounced before it was sent: its server refuses it' };
  let notice = b.notices.get(delivery.noticeId);
  if (!notice) {
    notice = findNotice(b.db, delivery.noticeId);
    b.notices.set(delivery.noticeId, notice);
  }
  const found = await notice;
  if (!found) return { skip: 'the notice no longer exists' };
  if (reminderTooLate(found, now)) return { skip: 'the maintenance was due to start before the reminder could be sent' };
  return {
    mail: await buildForSending(
      await noticeMail(b.setting, found, subscriber, { deliveryId: delivery.id, now, forSending: true, threadRoot }),
      b.sign,
    ),
  };
}

/**
 * Sends in the invocation's next slot, taken when the transport is ready to start the
 * transaction at once (an open connection is ours), so the relay sees it at the slot. Waits for
 * the batch's first send: a dead relay costs one attempt, not one per lane.
 */
async function send(b: Batch, mail: BuiltMessage, lastAttempt: boolean, deadline: number, clock: () => Date): Promise<Accepted> {
  const first = b.firstSend;
  if (first) await first;
  if (b.down && !lastAttempt) throw new NotTried();
  const sending = b.transport.send(mail, async () => {
    if (b.down && !lastAttempt) throw new NotTried();
    await b.slots.take();
    // The slot may have been long in coming (a relay's pause, a busy schedule).
    if (clock().getTime() > deadline) throw new LeaseEnding();
  });
  const settled = sending.then(
    () => undefined,
    (error: unknown) => {
      if (failureOf(error).kind === 'unavailable') b.down = true;
    },
  );
  b.firstSend ??= settled;
  return await sending;
}

/** Sends one claimed delivery in a slot of the schedule; a throttle reply pauses everyone and tries again. */
async function sendPaced(
  b: Batch,
  delivery: Delivery,
  mail: BuiltMessage,
  round: number,
  clock: () => Date,
): Promise<Outcome | Sent | SendError> {
  const lastAttempt = round >= MAX_SEND_ATTEMPTS;
  const deadline = sendBy(delivery, b.leaseMs);
  for (let tries = 1; ; tries++) {
    try {
      const accepted = await send(b, mail, lastAttempt, deadline, clock);
      return { messageId: accepted.messageId ?? String(mail.messageId) };
    } catch (error) {
      if (error instanceof NotTried) {
        b.failures.untried++;
        const retryIn = retryDelaySeconds(round);
        await release(b.db, [delivery], clock(), retryIn);
        return { retryIn, failed: true };
      }
      if (error instanceof LeaseEnding) {
        // Not sent, nothing failed: back to the queue to be claimed afresh.
        await release(b.db, [delivery], clock(), 1);
        return { retryIn: 1, failed: false };
      }
      const failure = failureOf(error);
      if (failure.kind !== 'throttled') return failure;
      const pauseMs = failure.retryAfterMs ?? THROTTLE_PAUSE_MS;
      await b.pacer.hold(pauseMs);
      b.slots.drop();
      if (tries < THROTTLE_TRIES && pauseMs <= MAX_SLOT_WAIT_MS) continue;
      // Slowed down, not refused: back to the queue untried, its attempt not counted.
      const retryIn = Math.ceil(pauseMs / 1000);
      await release(b.db, [delivery], clock(), retryIn);
      return { retryIn, failed: false };
    }
  }
}

/** `threadRoot`: the Message-ID the reply names, when the carrier set the first e-mail's (threadIds). */
export async function deliverOne(
  b: Batch,
  delivery: Delivery,
  subscriber: Subscriber | null,
  round: number,
  clock: () => Date,
  threadRoot?: string,
): Promise<Outcome> {
  const { db } = b;
  const id = delivery.id;
  let mail: BuiltMessage;
  try {
    const composed = await compose(b, delivery, subscriber, clock(), threadRoot);
    if (!composed.mail) {
      await settle(db, delivery, clock(), { status: 'skipped', error: composed.skip });
      return null;
    }
    mail = composed.mail;
  } catch (error) {
    // Composing is deterministic: what fails now fails every time.
    console.error('notify: cannot compose delivery', id, error);
    await settle(db, delivery, clock(), { status: 'failed', error: `compose: ${reasonOf(error)}` });
    return null;
  }

  const result = await sendPaced(b, delivery, mail, round, clock);
  if (result instanceof SendError) {
    const attempts = Math.max(round, delivery.attempts);
    b.failures.first ??= result.reason;
    if (result.kind === 'rejected' && result.undeliverable) {
      // The address itself is refused: nothing more goes to it until its owner confirms again, or
      // an operator sends to it again (clearBounces).
      b.failures.givenUp++;
      const at = clock();
      await db.batch([
        settleDeliveryStatement(db, delivery.id, at.toISOString(), { status: 'failed', error: result.reason }, claimLease(delivery)),
        markBouncedStatement(db, delivery.subscriberId, at.toISOString(), result.reason),
        bounceAuditStatement(db, delivery.subscriberId, at.toISOString(), delivery.id),
      ]);
      return null;
    }
    if (result.kind === 'rejected' || attempts >= MAX_SEND_ATTEMPTS) {
      b.failures.givenUp++;
      await settle(db, delivery, clock(), { status: 'failed', error: result.reason });
      return null;
    }
    b.failures.retried++;
    const retryIn = retryDelaySeconds(attempts);
    await settle(db, delivery, clock(), { status: 'pending', error: result.reason, dueAt: dueIn(clock(), retryIn) });
    return { retryIn, failed: true };
  }
  if (!(result && 'messageId' in result)) return result;

  // Accepted by the relay: recording it is all that is left, so try hard, and never resend.
  // Recorded within SENT_GATHER_MS, with others (SentRecords): a crash meanwhile resends it.
  const accepted: SentRecord = { id, messageId: result.messageId, at: clock().toISOString() };
  for (let attempt = 1; ; attempt++) {
    try {
      await b.sent.record(accepted);
      return null;
    } catch (error) {
      if (attempt >= 3) {
        console.error('notify: sent but not recorded; left under lease', id, error);
        return null;
      }
    }
  }
}
