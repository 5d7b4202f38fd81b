// Statuspage webhook notifications (https://support.atlassian.com/statuspage/docs/enable-webhook-notifications/),
// signed with an HMAC header: each notice is POSTed to every webhook that follows what it touches.
//
// The same outbox as e-mail: a delivery is claimed by one conditional UPDATE under a lease, so a
// redelivered message finds it taken or sent; a 2xx settles it, anything else is retried with
// backoff through the NOTIFY queue until the last attempt fails it. A target that is not a public
// https address is never called and fails at once (./targets.ts).
import { z } from 'zod';
import { MAX_SEND_ATTEMPTS, retryDelaySeconds } from '../domain/subscribers';
import type { Bindings, Ctx, Deps } from '../env';
import { createCtx } from '../env';
import { incidentJson, maintenanceJson, statuspageView } from '../present/statuspage';
import { readSnapshot, type Snapshot } from '../services/snapshot';
import { findNotice, type Notice } from '../store/notices';
import {
  claimWebhookDelivery,
  findWebhook,
  findWebhookDelivery,
  pendingWebhookDeliveryIds,
  settleWebhookDeliveryStatement,
  strandedWebhookDeliveryIds,
  touchWebhookDeliveriesStatement,
  type Webhook,
} from '../store/webhooks';
import { postToTarget, targetPolicy } from './targets';

export const WebhooksMessage = z.object({
  type: z.literal('webhooks'),
  ids: z
    .array(z.string().regex(/^[a-z0-9]{1,64}$/))
    .min(1)
    .max(100),
});
export type WebhooksMessage = z.infer<typeof WebhooksMessage>;

export const SIGNATURE_HEADER = 'X-Forewarn-Signature';
const DOCUMENTATION = 'https://support.atlassian.com/statuspage/docs/enable-webhook-notifications/';
/** Longer than one POST can take (TARGET_TIMEOUT_MS), so a live sender never loses its claim. */
const LEASE_MS = 60_000;
const IDS_PER_MESSAGE = 10;

const encoder = new TextEncoder();

/** `t=<unix seconds>,v1=<hex HMAC-SHA256(secret, t + "." + body)>`, as Stripe-style receivers verify it. */
export async function webhookSignature(secret: string, at: Date, body: string): Promise<string> {
  const t = Math.floor(at.getTime() / 1000);
  const key = await crypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  const mac = new Uint8Array(await crypto.subtle.sign('HMAC', key, encoder.encode(`${t}.${body}`)));
  return `t=${t},v1=${[...mac].map((b) => b.toString(16).padStart(2, '0')).join('')}`;
}

async function enqueue(queue: Queue<unknown>, ids: readonly string[]): Promise<void> {
  const messages: MessageSendRequest<WebhooksMessage>[] = [];
  for (let i = 0; i < ids.length; i += IDS_PER_MESSAGE) {
    messages.push({ body: { type: 'webhooks', ids: ids.slice(i, i + IDS_PER_MESSAGE) }, contentType: 'json' });
  }
  for (let i = 0; i < messages.length; i += 100) await queue.sendBatch(messages.slice(i, i + 100));
}

/** For fan-out: sends the notice's planned webhook deliveries to the queue; returns how many. */
export async function enqueueNoticeWebhooks(ctx: Ctx, noticeId: string): Promise<number> {
  const ids = await pendingWebhookDeliveryIds(ctx.db, noticeId);
  if (ids.length > 0) await enqueue(ctx.env.NOTIFY, ids);
  return ids.length;
}

/** For the cron: enqueues again the deliveries whose message was lost (the claim makes a duplicate harmless). */
export async function requeueStrandedWebhooks(ctx: Ctx, before: string): Promise<number> {
  const ids = await strandedWebhookDeliveryIds(ctx.db, before, 1_000);
  if (ids.length === 0) return 0;
  await enqueue(ctx.env.NOTIFY, ids);
  await touchWebhookDeliveriesStatement(ctx.db, ids, ctx.now.toISOString()).run();
  return ids.length;
}

/** The Statuspage webhook body of an incident or maintenance notice (maintenances go out as incidents, as Statuspage does). */
export function webhookPayload(snapshot: Snapshot, baseUrl: string, webhook: Webhook, notice: Notice) {
  const view = statuspageView(snapshot, baseUrl);
  const incident =
    notice.subjectType === 'incident'
      ? snapshot.incidents.find((i) => i.id === notice.subjectId)
      : snapshot.maintenances.find((m) => m.id === notice.subjectId);
  if (!incident) return null;
  return {
    meta: { unsubscribe: `${baseUrl}/api/v1/webhooks/${webhook.id}`, documentation: DOCUMENTATION },
    page: { id: snapshot.page.pageId, status_indicator: snapshot.status.indicator, status_description: snapshot.status.description },
    incident:
      notice.subjectType === 'incident'
        ? incidentJson(view, incident as Snapshot['incidents'][number])
        : maintenanceJson(view, incident as Snapshot['maintenances'][number]),
  };
}

interface Batch {
  ctx: Ctx;
  snapshot: () => Promise<Snapshot>;
  notices: Map<string, Notice | null>;
}

type Outcome = { retryIn: number } | null;

async function deliver(b: Batch, id: string, messageAttempts: number, clock: () => Date): Promise<Outcome> {
  const db = b.ctx.db;
  const claimed = await claimWebhookDelivery(db, id, clock(), LEASE_MS);
  if (!claimed) {
    const current = await findWebhookDelivery(db, id);
    if (current?.status !== 'sending') return null;
    const leaseLeft = current.leaseUntil ? Date.parse(current.leaseUntil) - clock().getTime() : 0;
    return { retryIn: Math.max(1, Math.ceil(leaseLeft / 1000) + 1) };
  }
  const settle = (outcome: Parameters<typeof settleWebhookDeliveryStatement>[3]) =>
    settleWebhookDeliveryStatement(db, id, clock().toISOString(), outcome).run();

  const webhook = await findWebhook(db, claimed.webhookId);
  if (!webhook || webhook.disabledAt) {
    await settle({ status: 'skipped', error: 'the webhook was deleted before it was sent' });
    return null;
  }
  if (!b.notices.has(claimed.noticeId)) b.notices.set(claimed.noticeId, await findNotice(db, claimed.noticeId));
  const notice = b.notices.get(claimed.noticeId);
  const payload = notice ? webhookPayload(await b.snapshot(), b.ctx.config.PUBLIC_URL, webhook, notice) : null;
  if (!payload) {
    await settle({ status: 'skipped', error: 'the notice or its subject no longer exists' });
    return null;
  }

  const body = JSON.stringify(payload);
  const headers = {
    'Content-Type': 'application/json',
    'User-Agent': 'Forewarn-Webhook/1',
    [SIGNATURE_HEADER]: await webhookSignature(webhook.secret, clock(), body),
  };
  const outcome = await postToTarget(webhook.url, { headers, body }, targetPolicy(b.ctx.env));
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
  const attempts = Math.max(messageAttempts, claimed.attempts);
  if (attempts >= MAX_SEND_ATTEMPTS) {
    await settle({ status: 'failed', httpStatus, error });
    return null;
  }
  await settle({ status: 'pending', httpStatus, error });
  return { retryIn: retryDelaySeconds(attempts) };
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
    let retryIn = 0;
    try {
      for (const id of parsed.data.ids) {
        const outcome = await deliver(b, id, message.attempts, clock);
        if (outcome) retryIn = Math.max(retryIn, outcome.retryIn);
      }
    } catch (error) {
      // D1 or KV failed: the claims run out, and the retry takes them again.
      console.error('webhooks: cannot deliver; retrying the message', error);
      retryIn = Math.max(retryIn, LEASE_MS / 1000 + 1);
    }
    if (retryIn > 0) message.retry({ delaySeconds: retryIn });
    else message.ack();
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
