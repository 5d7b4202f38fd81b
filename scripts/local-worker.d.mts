export interface LocalWorker {
  url: string;
  adminToken: string;
  /** Runs the scheduled handler once, through wrangler's /__scheduled route. */
  tick(): Promise<void>;
  stop(): Promise<void>;
  /** SIGKILL to wrangler and workerd at once (needs `killable`), as a crash would. */
  kill(): Promise<void>;
  /** CPU seconds used so far by this run's workerd processes (needs `killable`; Linux). */
  workerdCpuSeconds(): number;
  output(): string;
}

export function startLocalWorker(options?: {
  port?: number;
  persistDir?: string;
  seed?: boolean;
  vars?: Record<string, string>;
  log?: boolean;
  killable?: boolean;
  /** More `wrangler dev` arguments (e.g. --inspector-port for a CPU profile). */
  args?: string[];
  /** Another wrangler configuration than wrangler.toml (its secrets then come from .dev.vars as vars). */
  config?: string;
}): Promise<LocalWorker>;
