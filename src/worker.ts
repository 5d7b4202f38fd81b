// The worker's handlers (fetch, scheduled, queue, email), built from explicit dependencies (tests pass their own clock).
import { createApp } from './app';
import type { Bindings, Deps } from './env';
import { createCtx } from './env';
import { consumeNotifyBatch } from './notify/consumer';
import { catchUpNotifications } from './notify/fan-out';
import { consumeWebhookBatch, splitWebhookMessages } from './notify/webhooks';
import { answerBeforeRouter } from './routes/prerendered';
import { pruneExpiredDeliveries } from './services/retention';
import { runScheduler } from './services/scheduler';
import { publishSnapshot } from './services/snapshot';
import { unsubscribeByMail } from './services/subscriptions';

export function createWorker(deps: Deps) {
  const app = createApp(deps);
  return {
    fetch(request: Request, env: Bindings, ctx: ExecutionContext): Response | Promise<Response> {
      // The public documents rendered at publish time, before the router (routes/prerendered.ts);
      // whatever that cannot answer (or fails at) is the router's, which renders it or says why not.
      // A held document answers at once, without a promise; one to be read from KV, once read.
      let early: ReturnType<typeof answerBeforeRouter>;
      try {
        early = answerBeforeRouter(request, env, ctx, deps);
      } catch {
        return app.fetch(request, env, ctx);
      }
      if (!early) return app.fetch(request, env, ctx);
      if (early instanceof Response) return early;
      return early.then(
        (response) => response ?? app.fetch(request, env, ctx),
        () => app.fetch(request, env, ctx),
      );
    },

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

      // Retention, last: finished deliveries older than RETENTION_DAYS, a bounded number a tick.
      await duty('retention', async () => {
        const pruned = await pruneExpiredDeliveries(createCtx(env, deps, 'scheduler'));
        if (pruned.deliveries > 0 || pruned.webhookDeliveries > 0) console.log('retention', JSON.stringify(pruned));
      });
    },

    async queue(batch: MessageBatch<unknown>, env: Bindings, _ctx: ExecutionContext): Promise<void> {
      // Dispatch on each message's `type`: webhook POSTs, or e-mail deliveries.
      const { webhooks, others } = splitWebhookMessages(batch);
      if (webhooks) await consumeWebhookBatch(webhooks, env, deps);
      if (others) await consumeNotifyBatch(others, env, deps);
    },

    // Mail to UNSUBSCRIBE_MAILTO (Cloudflare Email Routing): the List-Unsubscribe mailto: link.
    async email(message: ForwardableEmailMessage, env: Bindings, _ctx: ExecutionContext): Promise<void> {
      const done = await unsubscribeByMail({ ctx: createCtx(env, deps, 'subscriber'), subject: message.headers.get('subject') ?? '' });
      if (!done) message.setReject('This address only takes the unsubscribe requests our e-mails prepare.');
    },
  } satisfies ExportedHandler<Bindings>;
}
