// The NOTIFY queue consumer: claims each delivery, composes it, sends it through the configured
// transport at the configured rate, records the outcome, and retries what failed with backoff.
//
// Exactly once, as far as SMTP allows: a delivery is claimed by one conditional UPDATE (pending →
// sending, with a lease), so a redelivered or duplicated message finds it taken or sent and
// sends nothing. A consumer that dies before the relay accepts leaves a lease that runs out; the
// queue redelivers its message and the next claim sends it. The one window left is between the
// relay's acceptance and the UPDATE that records it (at most 10 ms gathering the e-mails accepted
// meanwhile, and two D1 writes: SentRecords in delivery.ts): a death there sends the message
// again once the lease runs out, with the same Message-ID over SMTP, which mailbox providers use
// to drop the copy. The Email Service gives every message a Message-ID of its own, so there the
// copy arrives as a second e-mail.
//
// At the relay's pace: every send waits for a slot of the shared schedule (pace.ts), and a
// message waits for its first slot before it is claimed, so no lease runs while it waits. A relay
// that says "too fast" (SMTP 421/451/454, E_RATE_LIMIT_EXCEEDED) pauses everyone; the message is
// tried again, and its attempt is not counted.
//
// A message that must come back later goes back as a new message (its `round` says which attempt
// it is on), not through `retry`: the queue counts every retry against `max_retries` and drops the
// message at the end, so waits (a slot far ahead, another consumer's claim) would use up the
// attempts meant for failures, and a message dropped while its deliveries are pending waits for
// the cron's sweep. `retry` is left for invocations that fail under us.
//
// Within Workers' six simultaneous connections per invocation: the transport's connections plus
// the D1 queries in flight (limitD1Calls) never pass six.
import { inLanes } from '../domain/lanes';
import type { DeliveryStatus, Subscriber } from '../domain/subscribers';
import { MAX_SEND_ATTEMPTS, retryDelaySeconds } from '../domain/subscribers';
import type { Bindings, Deps } from '../env';
import { createCtx } from '../env';
import { limitD1Calls, QueryBudget } from '../store/call-limit';
import {
  claimDeliveriesStatement,
  claimedDeliveries,
  type Delivery,
  findDeliveries,
  threadRootsFrom,
  threadRootsOfClaimStatement,
} from '../store/deliveries';
import { subscribersFrom, subscribersOfClaimStatement } from '../store/subscribers';
import { loadMailSetting } from './assemble';
import { type Batch, deliverOne, failureReport, MAX_SLOT_WAIT_MS, noFailures, release, SentRecords, sendBy } from './delivery';
import { dkimSigner, type MessageSigner } from './dkim';
import { DeliveriesMessage } from './messages';
import { Pacer, SendSlots, slotChunk } from './pace';
import { type MailTransport, openTransport } from './transports';

const DONE_STATUSES: readonly DeliveryStatus[] = ['sent', 'failed', 'skipped'];

/** Workers' simultaneous connections per invocation (D1 queries, sockets, sends included). */
const CONNECTIONS_PER_INVOCATION = 6;

/**
 * Queue messages (10 deliveries each) worked on at once in one invocation: enough to keep the
 * transport busy at the rate, few enough that a message's ten sends end well within its lease
 * (ten sends per lane at rate ÷ lanes: about 20 s whatever the rate), never more than 16.
 */
const lanesFor = (ratePerSecond: number): number => Math.max(1, Math.min(16, Math.ceil(ratePerSecond * 2)));

/**
 * The most D1 statements a message's start makes (the next free slot, its claim, who holds the
 * rest, its readers, and with the Email Service its threads' first ids), and a send (its slot, a
 * late slot booked again, three tries under "slow down" replies with a hold each, then its
 * release, or a bounce's three statements; or its record, tried three times; and the notice, read
 * once per batch). Each is taken from the invocation's QueryBudget before it starts.
 */
const QUERIES_TO_START_MESSAGE = 5;
const QUERIES_PER_SEND = 10;

/** A batch starts no message after this long: Queues give a consumer invocation 15 minutes. */
const BATCH_BUDGET_MS = 10 * 60_000;

/** The longest delay Queues take on a message (12 hours). */
const MAX_QUEUE_DELAY_SECONDS = 43_200;

/** When a message comes back: in `retryIn` seconds, on the next round after a failure. */
type Again = { retryIn: number; failed: boolean };

const waitFor = (seconds: number): Again => ({ retryIn: seconds, failed: false });

/** Two reasons to come back: the sooner is not enough for both, so the later one; failed if either failed. */
const later = (a: Again | null, b: Again | null): Again | null =>
  !a || a.retryIn <= 0 ? b : !b || b.retryIn <= 0 ? a : { retryIn: Math.max(a.retryIn, b.retryIn), failed: a.failed || b.failed };

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
 * One queue message on its `round` of attempts: claims its deliveries in one write, then sends
 * them in turn, each in the next slot of the schedule. A schedule booked far ahead (other
 * invocations, a relay's pause) sends the message back before anything is claimed, so no lease
 * runs while it waits. Returns when to bring it back (null: done).
 */
async function deliverMessage(b: Batch, ids: readonly string[], round: number, clock: () => Date): Promise<Again | null> {
  const { db } = b;
  const lastAttempt = round >= MAX_SEND_ATTEMPTS;
  // The relay was unreachable a moment ago: wait with the rest, unless this is the last attempt.
  if (b.down && !lastAttempt) return { retryIn: retryDelaySeconds(round), failed: true };
  if (Date.now() - b.startedAt > BATCH_BUDGET_MS) return waitFor(1);
  // Near D1's limit per invocation: back to the queue untouched, for an invocation of its own.
  // A message starts only with room for its first send too, so every message started sends.
  if (!b.queries.take(QUERIES_TO_START_MESSAGE + QUERIES_PER_SEND)) return waitFor(1);
  let held = QUERIES_PER_SEND;
  try {
    const start = await startMessage(b, ids, clock).finally(() => b.queries.give(QUERIES_TO_START_MESSAGE));
    if (!start.claimed) return start.again;
    const { claimed, subscribers, threadRoots } = start;
    let { again } = start;
    for (const [i, delivery] of claimed.entries()) {
      if (b.down && !lastAttempt) {
        const wait = retryDelaySeconds(round);
        await release(db, claimed.slice(i), clock(), wait);
        return later(again, { retryIn: wait, failed: true });
      }
      if (held === 0 && b.queries.take(QUERIES_PER_SEND)) held = QUERIES_PER_SEND;
      // The claim is near its end (slow slots, a relay's pauses), or the invocation near D1's
      // limit: the rest go back to be claimed afresh rather than be sent where another consumer
      // could take them over, or where their records could fail.
      if (clock().getTime() > sendBy(delivery, b.leaseMs) || held === 0) {
        await release(db, claimed.slice(i), clock(), 1);
        return later(again, waitFor(1));
      }
      try {
        const reader = subscribers.get(delivery.subscriberId) ?? null;
        again = later(again, await deliverOne(b, delivery, reader, round, clock, threadRoots.get(delivery.id)));
      } finally {
        b.queries.give(held);
        held = 0;
      }
    }
    return again;
  } finally {
    b.queries.give(held);
  }
}

/**
 * A message's start: waits for its first slot if it is near (a slot far ahead sends it back
 * before anything is claimed, so no lease runs while it waits), claims its deliveries in one
 * write, and reads their readers.
 */
async function startMessage(
  b: Batch,
  ids: readonly string[],
  clock: () => Date,
): Promise<
  | { claimed: Delivery[]; subscribers: Map<string, Subscriber>; threadRoots: Map<string, string>; again: Again | null }
  | { claimed?: never; again: Again | null }
> {
  const { db } = b;
  const wait = (await b.pacer.nextFree()) - Date.now();
  // Waited for before the claim, and well within the lease the claim takes: a claim that outlived
  // its lease while its message waited for slots could be taken and sent by another consumer too.
  if (wait > Math.min(MAX_SLOT_WAIT_MS, b.leaseMs / 3)) return { again: waitFor(Math.ceil(wait / 1000)) };

  // One round trip: the claim, and the readers of what it won (named by the claim's own lease).
  // The Email Service gives every message a Message-ID of its own: a reply must name the one its
  // reader's first e-mail got, as recorded. Over SMTP the ids Forewarn writes are the readers'.
  const claim = claimDeliveriesStatement(db, ids, clock(), b.leaseMs);
  const [took, readers, roots] = await db.batch([
    claim.statement,
    subscribersOfClaimStatement(db, ids, claim.leaseUntil),
    ...(b.transport.kind === 'email-service' ? [threadRootsOfClaimStatement(db, ids, claim.leaseUntil)] : []),
  ]);
  const claimed = claimedDeliveries(took as D1Result);
  const won = new Set(claimed.map((d) => d.id));
  const held =
    won.size < ids.length
      ? await heldElsewhere(
          db,
          ids.filter((id) => !won.has(id)),
          clock,
        )
      : 0;
  const again: Again | null = held > 0 ? waitFor(held) : null;
  if (claimed.length === 0) return { again };
  return {
    claimed,
    subscribers: subscribersFrom(readers as D1Result),
    threadRoots: roots ? threadRootsFrom(roots) : new Map(),
    again,
  };
}

/**
 * Sends `body` back to the queue as a new message due in `again.retryIn` seconds, a round further
 * on after a failure, and acknowledges the one in hand. Should the queue refuse, the message is
 * retried instead: it comes back all the same, its attempt counted.
 */
async function sendBack(queue: Queue<unknown>, message: Message<unknown>, body: DeliveriesMessage, again: Again): Promise<void> {
  const round = body.round ?? 1;
  const next: DeliveriesMessage = { ...body, round: again.failed ? round + 1 : round };
  const delaySeconds = Math.min(Math.ceil(again.retryIn), MAX_QUEUE_DELAY_SECONDS);
  try {
    await queue.send(next, { contentType: 'json', delaySeconds });
    message.ack();
  } catch (error) {
    console.error('notify: cannot send a message back to the queue; retrying it', error);
    message.retry({ delaySeconds });
  }
}

export async function consumeNotifyBatch(batch: MessageBatch<unknown>, env: Bindings, deps: Deps): Promise<void> {
  const ctx = createCtx(env, deps, 'notifier');
  const clock = () => deps.clock.now();
  const lanes = lanesFor(ctx.config.MAIL_RATE_PER_SECOND);
  let b: Batch;
  try {
    const transport = openTransport(ctx.config, env);
    // Kept aside: a release for every lane whose next step finds no room, and the batch's own
    // reads (the mail settings, its notices).
    const queries = new QueryBudget(ctx.config.D1_QUERIES_PER_INVOCATION, lanes + 10);
    const db = limitD1Calls(ctx.db, CONNECTIONS_PER_INVOCATION - transport.concurrency, queries);
    const pacer = new Pacer(db, transport.kind, ctx.config.MAIL_RATE_PER_SECOND);
    b = {
      db,
      queries,
      sent: new SentRecords(db, lanes),
      setting: await loadMailSetting(db, ctx.config, transport.kind),
      sign: signerFor(transport, ctx.config),
      transport,
      pacer,
      slots: new SendSlots(pacer, slotChunk(ctx.config.MAIL_RATE_PER_SECOND)),
      notices: new Map(),
      leaseMs: ctx.config.DELIVERY_LEASE_SECONDS * 1000,
      startedAt: Date.now(),
      down: false,
      firstSend: null,
      failures: noFailures(),
    };
  } catch (error) {
    console.error('notify: cannot prepare the batch; retrying it', error);
    batch.retryAll({ delaySeconds: 60 });
    return;
  }
  // Notices in the order the batch brings them (an incident's "investigating" before its
  // "resolved"), each one's messages in parallel lanes.
  const groups = new Map<string, { message: Message<unknown>; body: DeliveriesMessage }[]>();
  for (const message of batch.messages) {
    const parsed = DeliveriesMessage.safeParse(message.body);
    if (!parsed.success) {
      console.error('notify: dropping a message this consumer does not know', JSON.stringify(message.body).slice(0, 200));
      message.ack();
      continue;
    }
    const key = parsed.data.notice ?? '';
    const group = groups.get(key) ?? [];
    group.push({ message, body: parsed.data });
    groups.set(key, group);
  }
  const work = async ({ message, body }: { message: Message<unknown>; body: DeliveriesMessage }) => {
    try {
      const again = await deliverMessage(b, body.ids, body.round ?? 1, clock);
      if (again && again.retryIn > 0) await sendBack(env.NOTIFY, message, body, again);
      else message.ack();
    } catch (error) {
      // D1 failed under us: what this message claimed stays under lease; try again later.
      console.error('notify: a message failed; retrying it', error);
      message.retry({ delaySeconds: 30 });
    }
  };
  // The relay's greeting and EHLO take a round trip or three, and many relays hold the greeting
  // to catch clients that talk early (the local sink 100 ms): under way while the lanes claim and
  // compose.
  if (groups.size > 0) b.transport.warm?.(lanes);
  try {
    for (const group of groups.values()) await inLanes(group, lanes, work);
  } finally {
    b.transport.close();
    const report = failureReport(b.failures, ctx.config);
    if (report) console.warn(report);
  }
}
