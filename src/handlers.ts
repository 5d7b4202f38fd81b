// The worker's handlers behind its front (worker.ts): the router (pages rendered on request, the
// admin API and UI, subscribing), the cron, the queues and e-mail. worker.ts imports this module on
// first need, so an isolate that only serves the documents rendered at publish time never evaluates it.
import { createApp } from './app';
import type { Bindings, Deps } from './env';
import { createCtx } from './env';
import { consumeNotifyBatch } from './notify/consumer';
import { catchUpNotifications } from './notify/fan-out';
import { consumeWebhookBatch, splitWebhookMessages } from './notify/webhooks';
import { receiveDeliveryReport } from './services/delivery-reports';
import { pruneExpiredDeliveries } from './services/retention';
import { runScheduler } from './services/scheduler';
import { publishSnapshot } from './services/snapshot';
import { unsubscribeByMail } from './services/subscriptions';

export function createHandlers(deps: Deps) {
  const app = createApp(deps);
  return {
    app,
    async scheduled(_controller: ScheduledController, env: Bindings, _ctx: ExecutionContext): Promise<void> {
      // Each duty runs whatever the others did: a snapshot that cannot be published (KV refusing,
      // a rendering failing) must not keep stranded e-mails from being sent again, nor the reverse.
      const duty = async (name: string, work: () => Promise<void>) => {
        try {
          await work();
        } catch (error) {
          console.error(`cron: ${name} failed`, error);
        }
      };
      await duty('scheduler', async () => {
        const report = await runScheduler(createCtx(env, deps, 'scheduler'));
        if (report.started.length || report.completed.length || report.reminders.length) console.log('scheduler', JSON.stringify(report));
      });

      // The read snapshot: what D1 has and KV has not (a publisher that died, KV refusing for long).
      await duty('snapshot', async () => {
        await publishSnapshot(createCtx(env, deps, 'scheduler'), deps.snapshotWriteGapMs);
      });

      // The reminders just recorded, and anything an earlier fan-out or a lost message left behind.
      await duty('notify', async () => {
        const notify = await catchUpNotifications(createCtx(env, deps, 'scheduler'));
        if (notify.enqueued > 0 || notify.requeued > 0) console.log('notify', JSON.stringify(notify));
      });

      // Retention, last: finished deliveries older than RETENTION_DAYS, a bounded number a tick, and
      // the subscribers whose time is up.
      await duty('retention', async () => {
        const pruned = await pruneExpiredDeliveries(createCtx(env, deps, 'scheduler'));
        if (Object.values(pruned).some((n) => n > 0)) console.log('retention', JSON.stringify(pruned));
      });
    },

    async queue(batch: MessageBatch<unknown>, env: Bindings, _ctx: ExecutionContext): Promise<void> {
      // Dispatch on each message's `type`: webhook POSTs, or e-mail deliveries.
      const { webhooks, others } = splitWebhookMessages(batch);
      if (webhooks) await consumeWebhookBatch(webhooks, env, deps);
      if (others) await consumeNotifyBatch(others, env, deps);
    },

    // Mail that Cloudflare Email Routing sends to the worker: bounces reported later and spam
    // complaints, to BOUNCE_ADDRESS (with a delivery in its detail, or bare for a feedback loop),
    // and the List-Unsubscribe mailto: link's, to UNSUBSCRIBE_MAILTO.
    async email(message: ForwardableEmailMessage, env: Bindings, _ctx: ExecutionContext): Promise<void> {
      const report = await receiveDeliveryReport({ ctx: createCtx(env, deps, 'notifier'), to: message.to, raw: message.raw });
      if (report.kind === 'forged') return message.setReject('No e-mail of ours went out with this return address.');
      if (report.kind !== 'other') {
        // Ids and codes only: the report itself names the address.
        const { kind, ...what } = report;
        console.log('mail report', kind, JSON.stringify(what));
        return;
      }
      const done = await unsubscribeByMail({ ctx: createCtx(env, deps, 'subscriber'), subject: message.headers.get('subject') ?? '' });
      if (!done) message.setReject('This address only takes the unsubscribe requests our e-mails prepare.');
    },
  };
}

export type Handlers = ReturnType<typeof createHandlers>;
