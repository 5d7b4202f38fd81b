// The worker's front: fetch, scheduled, queue and email, built from explicit dependencies (tests
// pass their own clock). It answers the public documents rendered at publish time from what KV
// holds, and imports everything else on first need: handlers.ts (the router, the admin API and
// UI, the cron, the queues, e-mail), and reading and rendering the snapshot (services/rendered.ts).
// An isolate evaluates its entry's whole static module graph before its first request; with the
// front, Forewarn's takes about half the CPU it did (zod schemas, Markdown and nodemailer's Node
// modules were most of it). See BENCHMARKS.md, "Startup"; test/local/startup-split.test.ts.
import type { Bindings, Deps } from './bindings';
import type { Handlers } from './handlers';
import { answerBeforeRouter } from './routes/prerendered';

export function createWorker(deps: Deps) {
  let handlers: Promise<Handlers> | undefined;
  const handlersOf = (): Promise<Handlers> => (handlers ??= import('./handlers').then((m) => m.createHandlers(deps)));
  const routed = (request: Request, env: Bindings, ctx: ExecutionContext): Promise<Response> =>
    handlersOf().then((h) => h.app.fetch(request, env, ctx));
  return {
    fetch(request: Request, env: Bindings, ctx: ExecutionContext): Response | Promise<Response> {
      // The public documents rendered at publish time, before the router (routes/prerendered.ts);
      // whatever that cannot answer (or fails at) is the router's, which renders it or says why not.
      // A held document answers at once, without a promise; one to be read from KV, once read.
      let early: ReturnType<typeof answerBeforeRouter>;
      try {
        early = answerBeforeRouter(request, env, ctx, deps);
      } catch {
        return routed(request, env, ctx);
      }
      if (!early) return routed(request, env, ctx);
      if (early instanceof Response) return early;
      return early.then(
        (response) => response ?? routed(request, env, ctx),
        () => routed(request, env, ctx),
      );
    },

    async scheduled(controller: ScheduledController, env: Bindings, ctx: ExecutionContext): Promise<void> {
      await (await handlersOf()).scheduled(controller, env, ctx);
    },

    async queue(batch: MessageBatch<unknown>, env: Bindings, ctx: ExecutionContext): Promise<void> {
      await (await handlersOf()).queue(batch, env, ctx);
    },

    async email(message: ForwardableEmailMessage, env: Bindings, ctx: ExecutionContext): Promise<void> {
      await (await handlersOf()).email(message, env, ctx);
    },
  } satisfies ExportedHandler<Bindings>;
}
