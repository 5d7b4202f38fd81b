// Turns recorded notices into deliveries: one row per subscriber who follows what the notice
// touches, then their ids to the NOTIFY queue. Runs after every committed write and on each cron
// tick; each step is idempotent, and a notice's cursor lets a later run resume where one stopped.

import { DAY_MS } from '../domain/time-units';
import type { Ctx } from '../env';
import {
  expireDeliveriesStatement,
  followerPageEnd,
  lastConsumerActivity,
  pendingDeliveryIds,
  planNoticeDeliveriesStatement,
  strandedDeliveryIds,
  touchDeliveriesStatement,
} from '../store/deliveries';
import {
  closeFanOutStatement,
  listUnfannedNotices,
  setFanOutCursorStatement,
  touchedComponents,
  type UnfannedNotice,
} from '../store/notice-fan-out';
import { lastWebhookActivity, planWebhookDeliveriesStatement } from '../store/webhooks';
import { enqueueDeliveries } from './messages';
import { enqueueNoticeWebhooks, requeueStrandedWebhooks } from './webhooks';

/** Ids read and enqueued per step: ten sendBatch calls' worth of messages. */
const PAGE = 1_000;

/** Subscribers planned per statement. */
const PLAN_PAGE = 5_000;

/**
 * A notice this old that was never fanned out (mail was broken for a day) is not sent late:
 * "starts in 1 hour" a day after the start helps nobody.
 */
const MAX_AGE_MS = DAY_MS;

export interface FanOutReport {
  notices: number;
  enqueued: number;
}

async function fanOutNotice(ctx: Ctx, notice: UnfannedNotice): Promise<number> {
  const at = ctx.now.toISOString();
  if (!notice.deliver || ctx.now.getTime() - Date.parse(notice.createdAt) > MAX_AGE_MS) {
    await closeFanOutStatement(ctx.db, notice.id, at).run();
    return 0;
  }
  let cursor = notice.cursor;
  if (notice.subjectType === 'component') {
    // A component's status change: Statuspage-format webhooks only, never e-mail nor chat.
    await ctx.db.batch([
      planWebhookDeliveriesStatement(ctx.db, notice.id, [notice.subjectId], at, ['statuspage']),
      setFanOutCursorStatement(ctx.db, notice.id, ''),
    ]);
    const enqueued = await enqueueNoticeWebhooks(ctx, notice.id);
    await closeFanOutStatement(ctx.db, notice.id, at).run();
    return enqueued;
  }
  if (cursor === null) {
    const touched = await touchedComponents(ctx.db, notice);
    // A page of subscribers per statement: planning 100,000 in one would hold the database (and
    // every request's reads) for seconds. Pages are idempotent; an interrupted run plans again.
    for (let after = ''; ; ) {
      const until = await followerPageEnd(ctx.db, touched, after, PLAN_PAGE);
      await planNoticeDeliveriesStatement(ctx.db, notice.id, touched, at, { after, until }).run();
      if (until === null) break;
      after = until;
    }
    await ctx.db.batch([planWebhookDeliveriesStatement(ctx.db, notice.id, touched, at), setFanOutCursorStatement(ctx.db, notice.id, '')]);
    cursor = '';
  }
  let enqueued = 0;
  for (;;) {
    const ids = await pendingDeliveryIds(ctx.db, notice.id, cursor, PAGE);
    if (ids.length === 0) break;
    await enqueueDeliveries(ctx.env.NOTIFY, ids, notice.id);
    enqueued += ids.length;
    cursor = ids[ids.length - 1]!;
    await setFanOutCursorStatement(ctx.db, notice.id, cursor).run();
  }
  enqueued += await enqueueNoticeWebhooks(ctx, notice.id);
  await closeFanOutStatement(ctx.db, notice.id, at).run();
  return enqueued;
}

/** Fans out every notice still owed, oldest first. */
export async function fanOutNotices(ctx: Ctx, limit = 50): Promise<FanOutReport> {
  const report: FanOutReport = { notices: 0, enqueued: 0 };
  for (const notice of await listUnfannedNotices(ctx.db, limit)) {
    report.enqueued += await fanOutNotice(ctx, notice);
    report.notices += 1;
  }
  return report;
}

/**
 * A consumer that has claimed or settled nothing for this long while deliveries are due is not
 * working through a backlog: their messages were lost (a crash took an in-memory queue with it,
 * a message ran out of retries). Longer than a batch takes.
 */
const IDLE_MS = 60_000;

/** With the consumer busy, a delivery due this long ago is still given up as lost: a backstop. */
const BACKLOG_MS = 30 * 60_000;

/**
 * Where the sweep cuts: a delivery due before `dueBefore` whose message the consumer has not
 * taken, or claimed under a lease that ran out before `leaseBefore`, has lost its message or its
 * consumer. E-mail reads the e-mail consumer's activity alone, as it always has; webhook messages
 * wait in the same queue behind e-mail's, so their cut reads both outboxes' activity.
 */
async function strandedCut(ctx: Ctx, channel: 'email' | 'webhook'): Promise<{ dueBefore: string; leaseBefore: string }> {
  const now = ctx.now.getTime();
  const [mail, webhooks] = await Promise.all([
    lastConsumerActivity(ctx.db),
    channel === 'webhook' ? lastWebhookActivity(ctx.db) : Promise.resolve(null),
  ]);
  const active = mail !== null && (webhooks === null || mail > webhooks) ? mail : webhooks;
  const idle = active === null || Date.parse(active) < now - IDLE_MS;
  return {
    dueBefore: new Date(now - (idle ? IDLE_MS : BACKLOG_MS)).toISOString(),
    leaseBefore: new Date(now - IDLE_MS).toISOString(),
  };
}

/** Deliveries to enqueue again: their message is lost, or the consumer holding them died. */
async function strandedDeliveries(ctx: Ctx): Promise<string[]> {
  return strandedDeliveryIds(ctx.db, await strandedCut(ctx, 'email'), PAGE);
}

/**
 * The cron's share: fan out what is owed, give up on what is too old, and enqueue again the
 * deliveries whose message was lost (the claim makes a duplicate harmless).
 */
export async function catchUpNotifications(ctx: Ctx): Promise<FanOutReport & { requeued: number }> {
  const report = await fanOutNotices(ctx);
  const at = ctx.now.toISOString();
  await expireDeliveriesStatement(ctx.db, new Date(ctx.now.getTime() - MAX_AGE_MS).toISOString(), at).run();
  let requeued = 0;
  // A page per step, until none is left: after a crash, every lost message goes out again now.
  for (let page = 0; page < 100; page++) {
    const stranded = await strandedDeliveries(ctx);
    if (stranded.length === 0) break;
    await enqueueDeliveries(ctx.env.NOTIFY, stranded);
    await touchDeliveriesStatement(ctx.db, stranded, at).run();
    requeued += stranded.length;
    if (stranded.length < PAGE) break;
  }
  // Webhook deliveries on the same cut, a page per step likewise.
  for (let page = 0; page < 100; page++) {
    const stranded = await requeueStrandedWebhooks(ctx, await strandedCut(ctx, 'webhook'), PAGE);
    requeued += stranded;
    if (stranded < PAGE) break;
  }
  return { ...report, requeued };
}

/** For commit(): a failure here must not fail the write that recorded the notice; cron retries. */
export async function fanOutQuietly(ctx: Ctx): Promise<void> {
  try {
    await fanOutNotices(ctx);
  } catch (error) {
    console.error('fan-out failed; the next cron tick retries', error);
  }
}
