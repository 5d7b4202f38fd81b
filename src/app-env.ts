import type { Bindings, Ctx, Deps } from './env';

/** Hono's typing of this app: bindings, and the per-request values middleware sets. */
export type AppEnv = {
  Bindings: Bindings;
  Variables: { deps: Deps; ctx: Ctx };
};
