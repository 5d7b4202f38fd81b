// The NOTIFY queue consumer: claims each delivery, composes it, sends it through the configured
// transport at the configured rate, records the outcome, and retries what failed with backoff.
//
// Exactly once, as far as SMTP allows: a delivery is claimed by one conditional UPDATE (pending →
// sending, with a lease), so a redelivered or duplicated message finds it taken or sent and
// sends nothing. A consumer that dies before the relay accepts leaves a lease that runs out; the
// queue redelivers its message and the next claim sends it. The one window left is between the
// relay's acceptance and the UPDATE that records it (one D1 write): a death there sends the
// message again once the lease runs out, with the same Message-ID, which mailbox providers use to
// drop the copy.
//
// At the relay's pace: every send waits for a slot of the shared schedule (pace.ts), and a
// message waits for its first slot before it is claimed, so no lease runs while it waits. A relay
// that says "too fast" (SMTP 421/451/454, E_RATE_LIMIT_EXCEEDED) pauses everyone; the message is
// tried again, and its attempt is not counted.
//
// Within Workers' six simultaneous connections per invocation: the transport's connections plus
// the D1 queries in flight (limitD1Calls) never pass six.
import type { DeliveryStatus, Subscriber } from '../domain/subscribers';
import { isActive, MAX_SEND_ATTEMPTS, retryDelaySeconds } from '../domain/subscribers';
import type { Bindings, Deps } from '../env';
import { createCtx } from '../env';
import { Gate, limitD1Calls } from '../store/call-limit';
import { claimDeliveries, type Delivery, findDeliveries, releaseDeliveriesStatement, settleDeliveryStatement } from '../store/deliveries';
import { findNotice, type Notice } from '../store/notices';
import { findSubscribers } from '../store/subscribers';
import { confirmationMail, loadMailSetting, type MailSetting, noticeMail } from './assemble';
import { type BuiltMessage, buildForSending } from './compose';
import { dkimSigner, type MessageSigner } from './dkim';
import { DeliveriesMessage } from './messages';
import { LaneSlots, Pacer, sleepUntil } from './pace';
import { type MailTransport, openTransport, SendError } from './transports';

const DONE_STATUSES: readonly DeliveryStatus[] = ['sent', 'failed', 'skipped'];

/** Workers' simultaneous connections per invocation (D1 queries, sockets, sends included). */
const CONNECTIONS_PER_INVOCATION = 6;

/**
 * Queue messages (10 deliveries each) worked on at once in one invocation: enough to keep the
 * transport busy at the rate (each lane waits for its slots), never more than 16.
 */
const lanesFor = (ratePerSecond: number): number => Math.max(1, Math.min(16, Math.ceil(ratePerSecond * 2)));

/** A throttled e-mail is tried again in the same batch this many times before it waits in the queue. */
const THROTTLE_TRIES = 3;
/** How long everyone pauses after a throttle reply that does not say how long. */
const THROTTLE_PAUSE_MS = 1_000;
/** A slot further ahead than this is not waited for: the message goes back to the queue until then. */
const MAX_SLOT_WAIT_MS = 60_000;
/** A batch starts no message after this long: Queues give a consumer invocation 15 minutes. */
const BATCH_BUDGET_MS = 10 * 60_000;

/**
 * Our own DKIM signature for SMTP relays. The Email Service signs for the onboarded domain
 * itself and sets DKIM-Signature as its own header, so a second signature there adds nothing
 * and could be refused.
 */
function signerFor(transport: MailTransport, config: Parameters<typeof dkimSigner>[0]): MessageSigner | null {
  if (transport.kind === 'email-service') {
    if (config.DKIM_PRIVATE_KEY) console.warn('notify: DKIM_PRIVATE_KEY is ignored with the Email Service, which signs itself');
    return null;
  }
  return dkimSigner(config);
}

/** Thrown instead of sending when the transport was found down: the delivery goes back untried. */
class NotTried extends Error {}

interface Batch {
  db: D1Database;
  setting: MailSetting;
  /** DKIM over the built MIME, when a key is configured: the same signature whatever carries it. */
  sign: MessageSigner | null;
  transport: MailTransport;
  /** One per connection of the transport: a send holds one from before its slot to its answer. */
  connections: Gate;
  pacer: Pacer;
  notices: Map<string, Promise<Notice | null>>;
  leaseMs: number;
  startedAt: number;
  down: boolean;
  /** The batch's first send: the others wait for it, so a dead relay costs one attempt. */
  firstSend: Promise<void> | null;
}

type Outcome = { retryIn: number } | null;

const reasonOf = (error: unknown): string => (error instanceof Error ? error.message : String(error)).slice(0, 500);

const failureOf = (error: unknown): SendError => (error instanceof SendError ? error : new SendError('temporary', reasonOf(error)));

async function settle(db: D1Database, id: string, at: Date, outcome: Parameters<typeof settleDeliveryStatement>[3]) {
  await settleDeliveryStatement(db, id, at.toISOString(), outcome).run();
}

/** Hands claimed deliveries back untried: pending again, due later, the claim's attempt not counted. */
async function release(db: D1Database, ids: readonly string[], now: Date, retryIn: number): Promise<void> {
  await releaseDeliveriesStatement(db, ids, now.toISOString(), dueIn(now, retryIn)).run();
}

const dueIn = (now: Date, seconds: number): string => new Date(now.getTime() + seconds * 1000).toISOString();

type Composed = { mail: BuiltMessage; skip?: never } | { mail?: never; skip: string };

async function compose(b: Batch, delivery: Delivery, subscriber: Subscriber | null, now: Date): Promise<Composed> {
  if (!subscriber) return { skip: 'the subscriber was deleted' };
  if (!delivery.noticeId) return { mail: await buildForSending(await confirmationMail(b.setting, subscriber, delivery.id, now), b.sign) };
  if (!isActive(subscriber)) return { skip: 'the subscriber left before it was sent' };
  let notice = b.notices.get(delivery.noticeId);
  if (!notice) {
    notice = findNotice(b.db, delivery.noticeId);
    b.notices.set(delivery.noticeId, notice);
  }
  const found = await notice;
  if (!found) return { skip: 'the notice no longer exists' };
  return { mail: await buildForSending(await noticeMail(b.setting, found, subscriber, { deliveryId: delivery.id, now }), b.sign) };
}

/**
 * Sends at the lane's next slot. The slot is taken only once a connection is free and the batch's
 * first send has answered, so the transaction starts on the wire at the slot, not later in a burst.
 */
function send(b: Batch, slots: LaneSlots, mail: BuiltMessage, lastAttempt: boolean): Promise<void> {
  return b.connections.run(async () => {
    const first = b.firstSend;
    if (first) await first;
    if (b.down && !lastAttempt) throw new NotTried();
    await slots.take();
    const sending = b.transport.send(mail);
    const settled = sending.then(
      () => undefined,
      (error: unknown) => {
        if (failureOf(error).kind === 'unavailable') b.down = true;
      },
    );
    b.firstSend ??= settled;
    await sending;
  });
}

/** Sends one claimed delivery in its lane's slots; a throttle reply pauses everyone and tries again. */
async function sendInSlots(
  b: Batch,
  slots: LaneSlots,
  id: string,
  mail: BuiltMessage,
  messageAttempts: number,
  clock: () => Date,
): Promise<Outcome | 'sent' | SendError> {
  const lastAttempt = messageAttempts >= MAX_SEND_ATTEMPTS;
  for (let tries = 1; ; tries++) {
    try {
      await send(b, slots, mail, lastAttempt);
      return 'sent';
    } catch (error) {
      if (error instanceof NotTried) {
        const retryIn = retryDelaySeconds(messageAttempts);
        await release(b.db, [id], clock(), retryIn);
        return { retryIn };
      }
      const failure = failureOf(error);
      if (failure.kind !== 'throttled') return failure;
      const pauseMs = failure.retryAfterMs ?? THROTTLE_PAUSE_MS;
      await b.pacer.hold(pauseMs);
      slots.drop();
      if (tries < THROTTLE_TRIES && pauseMs <= MAX_SLOT_WAIT_MS) continue;
      // Slowed down, not refused: back to the queue untried, its attempt not counted.
      const retryIn = Math.ceil(pauseMs / 1000);
      await release(b.db, [id], clock(), retryIn);
      return { retryIn };
    }
  }
}

async function deliverOne(
  b: Batch,
  slots: LaneSlots,
  delivery: Delivery,
  subscriber: Subscriber | null,
  messageAttempts: number,
  clock: () => Date,
): Promise<Outcome> {
  const { db } = b;
  const id = delivery.id;
  let mail: BuiltMessage;
  try {
    const composed = await compose(b, delivery, subscriber, clock());
    if (!composed.mail) {
      await settle(db, id, clock(), { status: 'skipped', error: composed.skip });
      return null;
    }
    mail = composed.mail;
  } catch (error) {
    // Composing is deterministic: what fails now fails every time.
    console.error('notify: cannot compose delivery', id, error);
    await settle(db, id, clock(), { status: 'failed', error: `compose: ${reasonOf(error)}` });
    return null;
  }

  const result = await sendInSlots(b, slots, id, mail, messageAttempts, clock);
  if (result instanceof SendError) {
    const attempts = Math.max(messageAttempts, delivery.attempts);
    if (result.kind === 'rejected' || attempts >= MAX_SEND_ATTEMPTS) {
      await settle(db, id, clock(), { status: 'failed', error: result.reason });
      return null;
    }
    const retryIn = retryDelaySeconds(attempts);
    await settle(db, id, clock(), { status: 'pending', error: result.reason, dueAt: dueIn(clock(), retryIn) });
    return { retryIn };
  }
  if (result !== 'sent') return result;

  // Accepted by the relay: recording it is all that is left, so try hard, and never resend.
  // Recorded one by one, at once: the window in which a crash resends is this one write.
  for (let attempt = 1; ; attempt++) {
    try {
      await settle(db, id, clock(), { status: 'sent', messageId: String(mail.messageId) });
      return null;
    } catch (error) {
      if (attempt >= 3) {
        console.error('notify: sent but not recorded; left under lease', id, error);
        return null;
      }
    }
  }
}

/** Seconds until the ids another consumer holds come free (0 when none is held). */
async function heldElsewhere(db: D1Database, ids: readonly string[], clock: () => Date): Promise<number> {
  let retryIn = 0;
  for (const current of await findDeliveries(db, ids)) {
    if (DONE_STATUSES.includes(current.status)) continue;
    // Someone holds it: come back when their lease runs out, in case they died.
    const leaseLeft = current.leaseUntil ? Date.parse(current.leaseUntil) - clock().getTime() : 0;
    retryIn = Math.max(retryIn, Math.max(1, Math.ceil(leaseLeft / 1000) + 1));
  }
  return retryIn;
}

/**
 * One queue message: waits for its first send slot, claims its deliveries in one write, then
 * sends them in turn. Returns the seconds before the queue should bring it back (0: done).
 */
async function deliverMessage(b: Batch, ids: readonly string[], messageAttempts: number, clock: () => Date): Promise<number> {
  const { db } = b;
  const lastAttempt = messageAttempts >= MAX_SEND_ATTEMPTS;
  // The relay was unreachable a moment ago: wait with the rest, unless this is the last attempt.
  if (b.down && !lastAttempt) return retryDelaySeconds(messageAttempts);
  if (Date.now() - b.startedAt > BATCH_BUDGET_MS) return 1;
  const wait = (await b.pacer.nextFree()) - Date.now();
  if (wait > MAX_SLOT_WAIT_MS) return Math.ceil(wait / 1000);
  const slots = new LaneSlots(b.pacer);
  await sleepUntil(await slots.prepare(ids.length));

  const claimed = await claimDeliveries(db, ids, clock(), b.leaseMs);
  const won = new Set(claimed.map((d) => d.id));
  let retryIn =
    won.size < ids.length
      ? await heldElsewhere(
          db,
          ids.filter((id) => !won.has(id)),
          clock,
        )
      : 0;
  if (claimed.length === 0) return retryIn;
  const subscribers = await findSubscribers(db, [...new Set(claimed.map((d) => d.subscriberId))]);
  for (const [i, delivery] of claimed.entries()) {
    if (b.down && !lastAttempt) {
      const wait = retryDelaySeconds(messageAttempts);
      await release(
        db,
        claimed.slice(i).map((d) => d.id),
        clock(),
        wait,
      );
      return Math.max(retryIn, wait);
    }
    const outcome = await deliverOne(b, slots, delivery, subscribers.get(delivery.subscriberId) ?? null, messageAttempts, clock);
    if (outcome) retryIn = Math.max(retryIn, outcome.retryIn);
  }
  return retryIn;
}

/** Runs `work` over `items`, `lanes` at a time. */
async function inLanes<T>(items: readonly T[], lanes: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < items.length) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(lanes, items.length) }, lane));
}

export async function consumeNotifyBatch(batch: MessageBatch<unknown>, env: Bindings, deps: Deps): Promise<void> {
  const ctx = createCtx(env, deps, 'notifier');
  const clock = () => deps.clock.now();
  let b: Batch;
  try {
    const transport = openTransport(ctx.config, env);
    const db = limitD1Calls(ctx.db, CONNECTIONS_PER_INVOCATION - transport.concurrency);
    b = {
      db,
      setting: await loadMailSetting(db, ctx.config),
      sign: signerFor(transport, ctx.config),
      transport,
      connections: new Gate(transport.concurrency),
      pacer: new Pacer(db, transport.kind, ctx.config.MAIL_RATE_PER_SECOND),
      notices: new Map(),
      leaseMs: ctx.config.DELIVERY_LEASE_SECONDS * 1000,
      startedAt: Date.now(),
      down: false,
      firstSend: null,
    };
  } catch (error) {
    console.error('notify: cannot prepare the batch; retrying it', error);
    batch.retryAll({ delaySeconds: 60 });
    return;
  }
  // Notices in the order the batch brings them (an incident's "investigating" before its
  // "resolved"), each one's messages in parallel lanes.
  const groups = new Map<string, { message: Message<unknown>; ids: string[] }[]>();
  for (const message of batch.messages) {
    const parsed = DeliveriesMessage.safeParse(message.body);
    if (!parsed.success) {
      console.error('notify: dropping a message this consumer does not know', JSON.stringify(message.body).slice(0, 200));
      message.ack();
      continue;
    }
    const key = parsed.data.notice ?? '';
    const group = groups.get(key) ?? [];
    group.push({ message, ids: parsed.data.ids });
    groups.set(key, group);
  }
  const work = async ({ message, ids }: { message: Message<unknown>; ids: string[] }) => {
    try {
      const retryIn = await deliverMessage(b, ids, message.attempts, clock);
      if (retryIn > 0) message.retry({ delaySeconds: retryIn });
      else message.ack();
    } catch (error) {
      // D1 failed under us: what this message claimed stays under lease; try again later.
      console.error('notify: a message failed; retrying it', error);
      message.retry({ delaySeconds: 30 });
    }
  };
  const lanes = lanesFor(ctx.config.MAIL_RATE_PER_SECOND);
  try {
    for (const group of groups.values()) await inLanes(group, lanes, work);
  } finally {
    b.transport.close();
  }
}
