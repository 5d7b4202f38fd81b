// Builds the worker exactly as src/index.ts does, but with a clock the test moves.
import { createExecutionContext, createScheduledController, env, waitOnExecutionContext } from 'cloudflare:test';
import type { Clock, Deps } from '../../src/env';
import { createCtx, randomId } from '../../src/env';
import { pruneExpiredDeliveries, type RetentionReport } from '../../src/services/retention';
import { createWorker } from '../../src/worker';
import type { DeliveryReport, QueuedMessage } from './queue';
import { TestQueue } from './queue';

export const ADMIN_TOKEN = 'test-admin-token-0123456789abcdef';
export const BASE = 'https://status.example.com';

export class TestClock implements Clock {
  private current: number;
  constructor(start: string | Date) {
    this.current = new Date(start).getTime();
  }
  now(): Date {
    return new Date(this.current);
  }
  set(at: string | Date): void {
    this.current = new Date(at).getTime();
  }
  advance(ms: number): void {
    this.current += ms;
  }
}

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

export interface ApiResult<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

export interface HarnessOptions {
  smtpUrl?: string;
  /** Settings the worker sees instead of vitest.config.ts's (MAIL_RATE_PER_SECOND, …). */
  vars?: Record<string, string>;
  /** The SNAPSHOT binding the worker sees instead of the real KV (a fault injector over it: test/support/faulty-kv.ts). */
  snapshot?: KVNamespace;
  /** The DB binding the worker sees instead of the real D1 (a watcher over it: test/support/db.ts's watchD1). */
  db?: D1Database;
}

export function harness(start: string | Date = '2026-11-20T09:00:00.000Z', options: HarnessOptions = {}) {
  const clock = new TestClock(start);
  const deps: Deps = { clock, newId: () => randomId(), snapshotWriteGapMs: 0 };
  const worker = createWorker(deps);
  const notify = new TestQueue(env.NOTIFY, clock);
  // The bindings the worker sees: the NOTIFY queue kept for the test to deliver, the SMTP server and the KV of the scenario.
  const workerEnv = {
    ...env,
    NOTIFY: notify,
    ...(options.smtpUrl ? { SMTP_URL: options.smtpUrl } : {}),
    ...options.vars,
    ...(options.snapshot ? { SNAPSHOT: options.snapshot } : {}),
    ...(options.db ? { DB: options.db } : {}),
  };

  async function fetch(input: string | Request, init?: RequestInit): Promise<Response> {
    const request = typeof input === 'string' ? new Request(new URL(input, BASE), init) : input;
    const ctx = createExecutionContext();
    const response = await worker.fetch(request, workerEnv, ctx);
    await waitOnExecutionContext(ctx);
    return response;
  }

  async function api<T = any>(method: string, path: string, body?: unknown, token: string | null = ADMIN_TOKEN): Promise<ApiResult<T>> {
    const headers: Record<string, string> = {};
    if (token) headers.authorization = `Bearer ${token}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(`/api/v1${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : null, headers: response.headers };
  }

  /** One cron tick at the clock's current time. */
  async function tick(): Promise<void> {
    const ctx = createExecutionContext();
    await worker.scheduled(createScheduledController({ scheduledTime: clock.now(), cron: '* * * * *' }), workerEnv, ctx);
    await waitOnExecutionContext(ctx);
  }

  /** The cron's retention duty alone, at the clock's time, with what it reports. */
  function prune(): Promise<RetentionReport> {
    return pruneExpiredDeliveries(createCtx(workerEnv, deps, 'scheduler'));
  }

  /** Cron ticks every `step` until the clock reaches `until`, as a running worker would see them. */
  async function tickEvery(until: string, step = 30 * MINUTE): Promise<void> {
    while (clock.now().getTime() < Date.parse(until)) {
      clock.advance(step);
      await tick();
    }
  }

  /** One batch of the NOTIFY messages due now (or of `messages`, to play a redelivery) through the queue handler. */
  async function queue(messages?: QueuedMessage[]): Promise<DeliveryReport> {
    return notify.deliver(worker.queue, workerEnv, messages ?? notify.takeDue());
  }

  /** Batches until no message is due at the clock's time. */
  async function drainQueue(): Promise<DeliveryReport[]> {
    const reports: DeliveryReport[] = [];
    for (let batch = notify.takeDue(); batch.length > 0; batch = notify.takeDue()) reports.push(await queue(batch));
    return reports;
  }

  return { clock, deps, worker, fetch, api, tick, prune, tickEvery, env: workerEnv, notify, queue, drainQueue };
}

export type Harness = ReturnType<typeof harness>;

/** Asserts a 2xx and returns the body, with the response shown when it fails. */
export function ok<T>(result: ApiResult<T>): T {
  if (result.status < 200 || result.status > 299) throw new Error(`expected 2xx, got ${result.status}: ${JSON.stringify(result.body)}`);
  return result.body;
}
