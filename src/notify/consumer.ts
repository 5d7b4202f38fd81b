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
import type { SendMailOptions } from 'nodemailer';
import type { DeliveryStatus } from '../domain/subscribers';
import { isActive, isPermanentSmtpFailure, LEASE_MS, MAX_SEND_ATTEMPTS, retryDelaySeconds } from '../domain/subscribers';
import type { Bindings, Deps } from '../env';
import { createCtx } from '../env';
import { claimDelivery, findDelivery, settleDeliveryStatement } from '../store/deliveries';
import { findNotice, type Notice } from '../store/notices';
import { findSubscriber } from '../store/subscribers';
import { confirmationMail, loadMailSetting, type MailSetting, noticeMail } from './assemble';
import { DeliveriesMessage } from './messages';
import { type MailTransport, openTransport } from './transport';

const DONE_STATUSES: readonly DeliveryStatus[] = ['sent', 'failed', 'skipped'];

/** Errors that mean the server is unreachable: the rest of the batch waits for the retry. */
const CONNECTION_ERRORS = new Set(['ECONNECTION', 'ESOCKET', 'ETIMEDOUT', 'EDNS', 'ECONNREFUSED', 'EGREETING']);

interface Batch {
  setting: MailSetting;
  transport: () => MailTransport;
  notices: Map<string, Notice | null>;
  smtpDown: boolean;
}

type Outcome = { retryIn: number } | null;

const reasonOf = (error: unknown): string => {
  const e = error as { responseCode?: number; code?: string; message?: string };
  return [e.responseCode, e.code, e.message ?? String(error)].filter(Boolean).join(' ');
};

async function settle(db: D1Database, id: string, at: Date, outcome: Parameters<typeof settleDeliveryStatement>[3]) {
  await settleDeliveryStatement(db, id, at.toISOString(), outcome).run();
}

type Composed = { mail: SendMailOptions; skip?: never } | { mail?: never; skip: string };

async function compose(
  db: D1Database,
  b: Batch,
  delivery: { id: string; noticeId: string | null; subscriberId: string },
  now: Date,
): Promise<Composed> {
  const subscriber = await findSubscriber(db, delivery.subscriberId);
  if (!subscriber) return { skip: 'the subscriber was deleted' };
  if (!delivery.noticeId) return { mail: await confirmationMail(b.setting, subscriber, delivery.id, now) };
  if (!isActive(subscriber)) return { skip: 'the subscriber left before it was sent' };
  if (!b.notices.has(delivery.noticeId)) b.notices.set(delivery.noticeId, await findNotice(db, delivery.noticeId));
  const notice = b.notices.get(delivery.noticeId);
  if (!notice) return { skip: 'the notice no longer exists' };
  return { mail: await noticeMail(b.setting, notice, subscriber, { deliveryId: delivery.id, now }) };
}

async function deliver(db: D1Database, b: Batch, id: string, messageAttempts: number, clock: () => Date): Promise<Outcome> {
  // The server was unreachable a moment ago: wait with the rest, unless this is the last attempt.
  if (b.smtpDown && messageAttempts < MAX_SEND_ATTEMPTS) return { retryIn: retryDelaySeconds(messageAttempts) };
  const claimed = await claimDelivery(db, id, clock(), LEASE_MS);
  if (!claimed) {
    const current = await findDelivery(db, id);
    if (!current || DONE_STATUSES.includes(current.status)) return null;
    // Someone holds it: come back when their lease runs out, in case they died.
    const leaseLeft = current.leaseUntil ? Date.parse(current.leaseUntil) - clock().getTime() : 0;
    return { retryIn: Math.max(1, Math.ceil(leaseLeft / 1000) + 1) };
  }

  let mail: SendMailOptions;
  try {
    const composed = await compose(db, b, claimed, clock());
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
    await b.transport().send(mail);
  } catch (error) {
    const e = error as { responseCode?: number; code?: string };
    if (e.code && CONNECTION_ERRORS.has(e.code)) b.smtpDown = true;
    const attempts = Math.max(messageAttempts, claimed.attempts);
    if (isPermanentSmtpFailure(e.responseCode) || attempts >= MAX_SEND_ATTEMPTS) {
      await settle(db, id, clock(), { status: 'failed', error: reasonOf(error) });
      return null;
    }
    await settle(db, id, clock(), { status: 'pending', error: reasonOf(error) });
    return { retryIn: retryDelaySeconds(attempts) };
  }

  // Accepted by the server: recording it is all that is left, so try hard, and never resend.
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
      smtpDown: false,
    };
  } catch (error) {
    console.error('notify: cannot prepare the batch; retrying it', error);
    batch.retryAll({ delaySeconds: 60 });
    return;
  }
  try {
    for (const message of batch.messages) {
      const parsed = DeliveriesMessage.safeParse(message.body);
      if (!parsed.success) {
        console.error('notify: dropping a message this consumer does not know', JSON.stringify(message.body).slice(0, 200));
        message.ack();
        continue;
      }
      let retryIn = 0;
      for (const id of parsed.data.ids) {
        const outcome = await deliver(ctx.db, b, id, message.attempts, clock);
        if (outcome) retryIn = Math.max(retryIn, outcome.retryIn);
      }
      if (retryIn > 0) message.retry({ delaySeconds: retryIn });
      else message.ack();
    }
  } finally {
    (transport as MailTransport | null)?.close();
  }
}
