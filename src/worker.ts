// The worker's three handlers, built from explicit dependencies (tests pass their own clock).
import { createApp } from './app';
import type { Bindings, Deps } from './env';
import { createCtx } from './env';
import { runScheduler } from './services/scheduler';

export function createWorker(deps: Deps) {
  const app = createApp(deps);
  return {
    fetch: (request: Request, env: Bindings, ctx: ExecutionContext) => app.fetch(request, env, ctx),

    async scheduled(_controller: ScheduledController, env: Bindings, _ctx: ExecutionContext): Promise<void> {
      const report = await runScheduler(createCtx(env, deps, 'scheduler'));
      if (report.started.length || report.completed.length || report.reminders.length) console.log('scheduler', JSON.stringify(report));
    },

    async queue(batch: MessageBatch<unknown>, _env: Bindings, _ctx: ExecutionContext): Promise<void> {
      // Deliveries arrive with the e-mail work; until then nothing is enqueued.
      batch.ackAll();
    },
  } satisfies ExportedHandler<Bindings>;
}
