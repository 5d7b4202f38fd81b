// The NOTIFY queue consumer: claims each delivery, composes it, sends it over SMTP, records the
// outcome, and retries what failed with backoff.
//
// Exactly once, as far as SMTP allows: a delivery is claimed by one conditional UPDATE (pending →
// sending, with a lease), so a redelivered or duplicated message finds it taken or sent and
// sends nothing. A consumer that dies before the SMTP server accepts leaves a lease that runs
// out; the queue redelivers its message and the next claim sends it. The one window left is
// between the server's 250 reply and the UPDATE that records it (one D1 write): a death there
// sends the message again once the lease runs out, with the same Message-ID, which mailbox
// providers use to drop the copy.
import type { DeliveryStatus, Subscriber } from '../domain/subscribers';
import { isActive, isPermanentSmtpFailure, MAX_SEND_ATTEMPTS, retryDelaySeconds } from '../domain/subscribers';
import type { Bindings, Deps } from '../env';
import { createCtx } from '../env';
import { claimDeliveries, type Delivery, findDeliveries, releaseDeliveriesStatement, settleDeliveryStatement } from '../store/deliveries';
import { findNotice, type Notice } from '../store/notices';
import { findSubscribers } from '../store/subscribers';
import { confirmationMail, loadMailSetting, type MailSetting, noticeMail } from './assemble';
import { type BuiltMessage, buildForSending } from './compose';
import { DeliveriesMessage } from './messages';
import { type MailTransport, openTransport } from './transport';

const DONE_STATUSES: readonly DeliveryStatus[] = ['sent', 'failed', 'skipped'];

/** Errors that mean the server is unreachable: the rest of the batch waits for the retry. */
const CONNECTION_ERRORS = new Set(['ECONNECTION', 'ESOCKET', 'ETIMEDOUT', 'EDNS', 'ECONNREFUSED', 'EGREETING']);

/**
 * Queue messages (10 deliveries each) worked on at once in one invocation. Composing waits on
 * nodemailer's setImmediate chain and sending on SMTP round trips, so lanes overlap the waits;
 * the transport's pool (SMTP_CONNECTIONS) bounds the sockets.
 */
const LANES = 16;

/** Thrown instead of sending when the server was found down: the delivery goes back untried. */
class NotTried extends Error {}

interface Batch {
  setting: MailSetting;
  transport: () => MailTransport;
  notices: Map<string, Promise<Notice | null>>;
  leaseMs: number;
  smtpDown: boolean;
  /** The batch's first send: the others wait for it, so a dead server costs one attempt. */
  firstSend: Promise<void> | null;
}

type Outcome = { retryIn: number } | null;

const reasonOf = (error: unknown): string => {
  const e = error as { responseCode?: number; code?: string; message?: string };
  return [e.responseCode, e.code, e.message ?? String(error)].filter(Boolean).join(' ');
};

async function settle(db: D1Database, id: string, at: Date, outcome: Parameters<typeof settleDeliveryStatement>[3]) {
  await settleDeliveryStatement(db, id, at.toISOString(), outcome).run();
}

const dueIn = (now: Date, seconds: number): string => new Date(now.getTime() + seconds * 1000).toISOString();

type Composed = { mail: BuiltMessage; skip?: never } | { mail?: never; skip: string };

async function compose(b: Batch, db: D1Database, delivery: Delivery, subscriber: Subscriber | null, now: Date): Promise<Composed> {
  if (!subscriber) return { skip: 'the subscriber was deleted' };
  if (!delivery.noticeId) return { mail: await buildForSending(await confirmationMail(b.setting, subscriber, delivery.id, now)) };
  if (!isActive(subscriber)) return { skip: 'the subscriber left before it was sent' };
  let notice = b.notices.get(delivery.noticeId);
  if (!notice) {
    notice = findNotice(db, delivery.noticeId);
    b.notices.set(delivery.noticeId, notice);
  }
  const found = await notice;
  if (!found) return { skip: 'the notice no longer exists' };
  return { mail: await buildForSending(await noticeMail(b.setting, found, subscriber, { deliveryId: delivery.id, now })) };
}

async function send(b: Batch, mail: BuiltMessage, lastAttempt: boolean): Promise<void> {
  const first = b.firstSend;
  if (first) await first;
  if (b.smtpDown && !lastAttempt) throw new NotTried();
  const sending = b.transport().send(mail);
  const settled = sending.then(
    () => undefined,
    (error: { code?: string }) => {
      if (error.code && CONNECTION_ERRORS.has(error.code)) b.smtpDown = true;
    },
  );
  b.firstSend ??= settled;
  await sending;
}

async function deliverOne(
  db: D1Database,
  b: Batch,
  delivery: Delivery,
  subscriber: Subscriber | null,
  messageAttempts: number,
  clock: () => Date,
): Promise<Outcome> {
  const id = delivery.id;
  let mail: BuiltMessage;
  try {
    const composed = await compose(b, db, delivery, subscriber, clock());
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

  try {
    await send(b, mail, messageAttempts >= MAX_SEND_ATTEMPTS);
  } catch (error) {
    if (error instanceof NotTried) {
      const retryIn = retryDelaySeconds(messageAttempts);
      const now = clock();
      await releaseDeliveriesStatement(db, [id], now.toISOString(), dueIn(now, retryIn)).run();
      return { retryIn };
    }
    const e = error as { responseCode?: number };
    const attempts = Math.max(messageAttempts, delivery.attempts);
    if (isPermanentSmtpFailure(e.responseCode) || attempts >= MAX_SEND_ATTEMPTS) {
      await settle(db, id, clock(), { status: 'failed', error: reasonOf(error) });
      return null;
    }
    const retryIn = retryDelaySeconds(attempts);
    await settle(db, id, clock(), { status: 'pending', error: reasonOf(error), dueAt: dueIn(clock(), retryIn) });
    return { retryIn };
  }

  // Accepted by the server: recording it is all that is left, so try hard, and never resend.
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

/** One queue message: claims its deliveries in one write, then sends them in turn. */
async function deliverMessage(
  db: D1Database,
  b: Batch,
  ids: readonly string[],
  messageAttempts: number,
  clock: () => Date,
): Promise<number> {
  const lastAttempt = messageAttempts >= MAX_SEND_ATTEMPTS;
  // The server was unreachable a moment ago: wait with the rest, unless this is the last attempt.
  if (b.smtpDown && !lastAttempt) return retryDelaySeconds(messageAttempts);
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
    if (b.smtpDown && !lastAttempt) {
      const wait = retryDelaySeconds(messageAttempts);
      const now = clock();
      const rest = claimed.slice(i).map((d) => d.id);
      await releaseDeliveriesStatement(db, rest, now.toISOString(), dueIn(now, wait)).run();
      return Math.max(retryIn, wait);
    }
    const outcome = await deliverOne(db, b, delivery, subscribers.get(delivery.subscriberId) ?? null, messageAttempts, clock);
    if (outcome) retryIn = Math.max(retryIn, outcome.retryIn);
  }
  return retryIn;
}

/** Runs `work` over `items`, LANES at a time. */
async function inLanes<T>(items: readonly T[], work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < items.length) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(LANES, items.length) }, lane));
}

export async function consumeNotifyBatch(batch: MessageBatch<unknown>, env: Bindings, deps: Deps): Promise<void> {
  const ctx = createCtx(env, deps, 'notifier');
  const clock = () => deps.clock.now();
  let transport: MailTransport | null = null;
  let b: Batch;
  try {
    b = {
      setting: await loadMailSetting(ctx.db, ctx.config),
      transport: () => {
        transport ??= openTransport(ctx.config);
        return transport;
      },
      notices: new Map(),
      leaseMs: ctx.config.DELIVERY_LEASE_SECONDS * 1000,
      smtpDown: false,
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
      const retryIn = await deliverMessage(ctx.db, b, ids, message.attempts, clock);
      if (retryIn > 0) message.retry({ delaySeconds: retryIn });
      else message.ack();
    } catch (error) {
      // D1 failed under us: what this message claimed stays under lease; try again later.
      console.error('notify: a message failed; retrying it', error);
      message.retry({ delaySeconds: 30 });
    }
  };
  try {
    for (const group of groups.values()) await inLanes(group, work);
  } finally {
    (transport as MailTransport | null)?.close();
  }
}
