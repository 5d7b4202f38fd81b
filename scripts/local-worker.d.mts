export interface LocalWorker {
  url: string;
  adminToken: string;
  /** Runs the scheduled handler once, through wrangler's /__scheduled route. */
  tick(): Promise<void>;
  stop(): Promise<void>;
  output(): string;
}

export function startLocalWorker(options?: {
  port?: number;
  persistDir?: string;
  seed?: boolean;
  vars?: Record<string, string>;
  log?: boolean;
}): Promise<LocalWorker>;
