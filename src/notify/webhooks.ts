// The webhook outbox: each notice is POSTed to every webhook that follows what it touches, as
// Statuspage's signed JSON (./webhook-body.ts) or a chat platform's message (./chat).
//
// The same outbox as e-mail: a delivery is claimed by one conditional UPDATE under a lease, so a
// redelivered message finds it taken or sent; a 2xx settles it. A 408, 429, 5xx or network error
// is tried again with backoff (a Retry-After, capped, decides the delay when given) until the last
// attempt fails it; any other answer (a 4xx, a redirect) cannot get better by waiting and fails it
// at once, and a 410 Gone also disables the webhook (Standard Webhooks' advice). A target that is
// not a public https address is never called and fails at once (./targets.ts). Attempts are the
// claims the row counts, so waiting for another consumer's lease costs none; a delivery that must
// come back goes back as a new queue message, not through `retry`, whose count the queue caps.

import { z } from 'zod';
import { inLocale } from '../domain/localized';
import { reminderTooLate } from '../domain/notices';
import { MAX_RETRY_DELAY_SECONDS, MAX_SEND_ATTEMPTS, retryDelaySeconds } from '../domain/subscribers';
import type { Bindings, Ctx, Deps } from '../env';
import { createCtx } from '../env';
import { readSnapshot, type Snapshot } from '../services/snapshot';
import { auditStatement } from '../store/audit';
import { findRecordedNotice, type RecordedNotice } from '../store/notices';
import {
  claimWebhookDelivery,
  disableWebhookStatement,
  findWebhook,
  findWebhookDelivery,
  pendingWebhookDeliveryIds,
  settleWebhookDeliveryStatement,
  strandedWebhookDeliveryIds,
  touchWebhookDeliveriesStatement,
  type Webhook,
} from '../store/webhooks';
import { chatRequest, isChatFormat } from './chat';
import { chatTestRequest } from './chat/test-message';
import { postToTarget, type TargetOutcome, targetPolicy } from './targets';
import { SIGNATURE_HEADER, standardWebhookHeaders, statuspageBody, statuspageTestBody, webhookSignature } from './webhook-body';

export { SIGNATURE_HEADER, webhookSignature } from './webhook-body';

export const WebhooksMessage = z.object({
  type: z.literal('webhooks'),
  ids: z
    .array(z.string().regex(/^[a-z0-9]{1,64}$/))
    .min(1)
    .max(100),
});
export type WebhooksMessage = z.infer<typeof WebhooksMessage>;

/** Longer than one POST can take (TARGET_TIMEOUT_MS), so a live sender never loses its claim. */
const LEASE_MS = 60_000;
const IDS_PER_MESSAGE = 10;
/** The longest delay Queues take on a message (12 hours). */
const MAX_QUEUE_DELAY_SECONDS = 43_200;

async function enqueue(queue: Queue<unknown>, ids: readonly string[], delaySeconds = 0): Promise<void> {
  const messages: MessageSendRequest<WebhooksMessage>[] = [];
  for (let i = 0; i < ids.length; i += IDS_PER_MESSAGE) {
    messages.push({
      body: { type: 'webhooks', ids: ids.slice(i, i + IDS_PER_MESSAGE) },
      contentType: 'json',
      ...(delaySeconds > 0 ? { delaySeconds: Math.min(delaySeconds, MAX_QUEUE_DELAY_SECONDS) } : {}),
    });
  }
  for (let i = 0; i < messages.length; i += 100) await queue.sendBatch(messages.slice(i, i + 100));
}

/** For fan-out: sends the notice's planned webhook deliveries to the queue; returns how many. */
export async function enqueueNoticeWebhooks(ctx: Ctx, noticeId: string): Promise<number> {
  const ids = await pendingWebhookDeliveryIds(ctx.db, noticeId);
  if (ids.length > 0) await enqueue(ctx.env.NOTIFY, ids);
  return ids.length;
}

/**
 * For the cron's sweep, with e-mail's cut (fan-out.ts): enqueues again the deliveries whose
 * message was lost (the claim makes a duplicate harmless).
 */
export async function requeueStrandedWebhooks(ctx: Ctx, cut: { dueBefore: string; leaseBefore: string }, limit: number): Promise<number> {
  const ids = await strandedWebhookDeliveryIds(ctx.db, cut, limit);
  if (ids.length === 0) return 0;
  await enqueue(ctx.env.NOTIFY, ids);
  await touchWebhookDeliveriesStatement(ctx.db, ids, ctx.now.toISOString()).run();
  return ids.length;
}

interface Batch {
  ctx: Ctx;
  snapshot: () => Promise<Snapshot>;
  notices: Map<string, RecordedNotice | null>;
}

/** What a webhook is POSTed for a notice, or why nothing is. */
async function requestFor(
  b: Batch,
  webhook: Webhook,
  notice: RecordedNotice,
  deliveryId: string,
  now: Date,
): Promise<{ body: string; headers: Record<string, string> } | { skip: string }> {
  const snapshot = await b.snapshot();
  if (isChatFormat(webhook.format)) {
    // Chat channels get incidents and maintenances; a component's status change is Statuspage's alone.
    // A reminder is not posted once the maintenance was due to start, as it is not e-mailed then.
    if (reminderTooLate(notice, now)) return { skip: 'the maintenance was due to start before the reminder could be sent' };
    const locale = webhook.locale ?? snapshot.page.defaultLocale;
    const chat =
      notice.subjectType === 'component'
        ? null
        : chatRequest(webhook.format, notice, {
            locale,
            zone: snapshot.page.timeZone,
            pageName: inLocale(snapshot.page.name, snapshot.page.translations, 'name', locale),
            pageUrl: b.ctx.config.PUBLIC_URL,
            now,
          });
    if (!chat) return { skip: `no ${webhook.format} message for this notice` };
    // No signature headers: the platforms verify nothing, the URL itself is the secret.
    return { body: chat.body, headers: { 'Content-Type': chat.contentType, 'User-Agent': 'Forewarn-Webhook/1' } };
  }
  const payload = statuspageBody(snapshot, b.ctx.config.PUBLIC_URL, webhook, notice);
  if (!payload) return { skip: 'the notice or its subject no longer exists' };
  const body = JSON.stringify(payload);
  return { body, headers: await signedHeaders(webhook, deliveryId, now, body) };
}

/** The headers of a signed Statuspage-format delivery of `body`. */
async function signedHeaders(webhook: Webhook, deliveryId: string, now: Date, body: string): Promise<Record<string, string>> {
  return {
    'Content-Type': 'application/json',
    'User-Agent': 'Forewarn-Webhook/1',
    [SIGNATURE_HEADER]: await webhookSignature(webhook.secret, now, body),
    ...(await standardWebhookHeaders(webhook.secret, deliveryId, now, body)),
  };
}

/**
 * Posts `webhook` its test message now, once, under the same rules as a delivery (a public https
 * address, no redirect followed, the same timeout): a chat channel its platform's message saying
 * it works, a Statuspage-format webhook a signed body with no incident. Nothing is recorded in its
 * delivery log and nothing is tried again: the answer is the outcome.
 */
export async function sendWebhookTest(ctx: Ctx, webhook: Webhook): Promise<TargetOutcome> {
  const snapshot = await readSnapshot(ctx.env, ctx.now);
  const baseUrl = ctx.config.PUBLIC_URL;
  let request: { body: string; headers: Record<string, string> };
  if (isChatFormat(webhook.format)) {
    const locale = webhook.locale ?? snapshot.page.defaultLocale;
    const chat = chatTestRequest(webhook.format, {
      locale,
      zone: snapshot.page.timeZone,
      pageName: inLocale(snapshot.page.name, snapshot.page.translations, 'name', locale),
      pageUrl: baseUrl,
      now: ctx.now,
    });
    request = { body: chat.body, headers: { 'Content-Type': chat.contentType, 'User-Agent': 'Forewarn-Webhook/1' } };
  } else {
    const eventId = `test_${ctx.newId()}`;
    const body = JSON.stringify(statuspageTestBody(snapshot, baseUrl, webhook, eventId, ctx.now));
    request = { body, headers: await signedHeaders(webhook, eventId, ctx.now, body) };
  }
  return postToTarget(webhook.url, request, targetPolicy(ctx.env));
}

/** An answer that waiting cannot change: a 3xx or a 4xx, but for 408 Request Timeout and 429 Too Many Requests. */
const isPermanent = (httpStatus: number | null): boolean =>
  httpStatus !== null && httpStatus >= 300 && httpStatus < 500 && httpStatus !== 408 && httpStatus !== 429;

/** Sends one delivery; returns in how many seconds it must come back (null: done, or someone else's). */
async function deliver(b: Batch, id: string, clock: () => Date): Promise<number | null> {
  const db = b.ctx.db;
  const claimed = await claimWebhookDelivery(db, id, clock(), LEASE_MS);
  if (!claimed) {
    const current = await findWebhookDelivery(db, id);
    if (current?.status !== 'sending') return null;
    // Another consumer holds it: come back when its lease runs out, in case it died. Not an attempt.
    const leaseLeft = current.leaseUntil ? Date.parse(current.leaseUntil) - clock().getTime() : 0;
    return Math.max(1, Math.ceil(leaseLeft / 1000) + 1);
  }
  const settle = (outcome: Parameters<typeof settleWebhookDeliveryStatement>[3]) =>
    settleWebhookDeliveryStatement(db, id, clock().toISOString(), outcome).run();

  const webhook = await findWebhook(db, claimed.webhookId);
  if (!webhook || webhook.disabledAt) {
    await settle({ status: 'skipped', error: 'the webhook was deleted before it was sent' });
    return null;
  }
  if (!b.notices.has(claimed.noticeId)) b.notices.set(claimed.noticeId, await findRecordedNotice(db, claimed.noticeId));
  const notice = b.notices.get(claimed.noticeId);
  const request = notice ? await requestFor(b, webhook, notice, id, clock()) : { skip: 'the notice no longer exists' };
  if ('skip' in request) {
    await settle({ status: 'skipped', error: request.skip });
    return null;
  }

  const outcome = await postToTarget(webhook.url, request, targetPolicy(b.ctx.env));
  if (outcome.result === 'sent') {
    await settle({ status: 'sent', httpStatus: outcome.httpStatus });
    return null;
  }
  if (outcome.result === 'refused') {
    // Stored before the rule, or while the development setting was on: no retry will make it public.
    console.warn(`webhooks: refused to call webhook ${webhook.id}: not a public https address`);
    await settle({ status: 'failed', httpStatus: null, error: outcome.error });
    return null;
  }
  const { httpStatus, error } = outcome;
  if (isPermanent(httpStatus)) {
    console.warn(`webhooks: webhook ${webhook.id} answered ${httpStatus}; not retried`);
    if (httpStatus === 410) {
      // Gone: the receiver asks to hear no more (Standard Webhooks). The delivery log stays.
      await db.batch([
        settleWebhookDeliveryStatement(db, id, clock().toISOString(), {
          status: 'failed',
          httpStatus,
          error: `${error}: the webhook is disabled`,
        }),
        disableWebhookStatement(db, webhook.id, clock().toISOString()),
        auditStatement(b.ctx, 'webhook.disable', 'webhook', webhook.id, { reason: 'the receiver answered 410 Gone', delivery_id: id }),
      ]);
      return null;
    }
    await settle({ status: 'failed', httpStatus, error: `${error}: not retried` });
    return null;
  }
  if (claimed.attempts >= MAX_SEND_ATTEMPTS) {
    await settle({ status: 'failed', httpStatus, error });
    return null;
  }
  const wait =
    outcome.retryAfterSeconds !== undefined
      ? Math.max(1, Math.min(outcome.retryAfterSeconds, MAX_RETRY_DELAY_SECONDS))
      : retryDelaySeconds(claimed.attempts);
  await settle({ status: 'pending', httpStatus, error, dueAt: new Date(clock().getTime() + wait * 1000).toISOString() });
  return wait;
}

export async function consumeWebhookBatch(batch: MessageBatch<unknown>, env: Bindings, deps: Deps): Promise<void> {
  const ctx = createCtx(env, deps, 'notifier');
  const clock = () => deps.clock.now();
  let snapshot: Promise<Snapshot> | null = null;
  const b: Batch = {
    ctx,
    snapshot: () => (snapshot ??= readSnapshot(env, clock(), { writeGapMs: deps.snapshotWriteGapMs })),
    notices: new Map(),
  };
  for (const message of batch.messages) {
    const parsed = WebhooksMessage.safeParse(message.body);
    if (!parsed.success) {
      message.ack();
      continue;
    }
    try {
      // Each delivery that must come back goes in a new message due when it is; the rest are done.
      const again = new Map<number, string[]>();
      for (const id of parsed.data.ids) {
        const wait = await deliver(b, id, clock);
        if (wait !== null) again.set(wait, [...(again.get(wait) ?? []), id]);
      }
      for (const [wait, ids] of again) await enqueue(env.NOTIFY, ids, wait);
      message.ack();
    } catch (error) {
      // D1, KV or the queue failed: the claims run out, and the retry takes them again.
      console.error('webhooks: cannot deliver; retrying the message', error);
      message.retry({ delaySeconds: LEASE_MS / 1000 + 1 });
    }
  }
}

const subBatch = (batch: MessageBatch<unknown>, messages: readonly Message<unknown>[]): MessageBatch<unknown> => ({
  queue: batch.queue,
  metadata: batch.metadata,
  messages,
  retryAll: (options) => {
    for (const m of messages) m.retry(options);
  },
  ackAll: () => {
    for (const m of messages) m.ack();
  },
});

/** The NOTIFY queue carries e-mail and webhook messages: each consumer gets its own, a batch untouched when it holds one kind. */
export function splitWebhookMessages(batch: MessageBatch<unknown>): {
  webhooks: MessageBatch<unknown> | null;
  others: MessageBatch<unknown> | null;
} {
  const isWebhook = (m: Message<unknown>) => (m.body as { type?: unknown } | null)?.type === 'webhooks';
  const webhooks = batch.messages.filter(isWebhook);
  if (webhooks.length === 0) return { webhooks: null, others: batch };
  if (webhooks.length === batch.messages.length) return { webhooks: batch, others: null };
  return {
    webhooks: subBatch(batch, webhooks),
    others: subBatch(
      batch,
      batch.messages.filter((m) => !isWebhook(m)),
    ),
  };
}
