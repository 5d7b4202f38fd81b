// The NOTIFY queue as the tests drive it. Everything the worker sends goes to the real queue
// binding (whose queue nothing consumes in tests) and is also kept here, so that a test delivers
// it to the worker's queue handler when it chooses, at its clock's time, the way the Queues
// broker would: up to 25 messages a batch, retried messages back with one more attempt after
// their delay, and any batch deliverable again to play a redelivery. What the handler sends back
// to the queue while it works (a message due later, as the consumer does) is reported as `requeued`.
import { createExecutionContext, createMessageBatch, getQueueResult } from 'cloudflare:test';
import { MAX_SEND_ATTEMPTS } from '../../src/domain/subscribers';
import type { Clock } from '../../src/env';

export interface QueuedMessage {
  id: string;
  body: unknown;
  attempts: number;
  /** Epoch ms before which the broker would not hand it out. */
  notBefore: number;
}

export interface DeliveryReport {
  delivered: QueuedMessage[];
  acked: string[];
  retried: { id: string; delaySeconds: number }[];
  /** Messages the handler sent to the queue while it ran, with their delay. */
  requeued: { body: unknown; delaySeconds: number }[];
  /** Retried after its last attempt: the broker drops it (no dead-letter queue is configured). */
  dropped: string[];
}

type QueueHandler = (batch: MessageBatch<unknown>, env: any, ctx: ExecutionContext) => Promise<void>;

const MAX_BATCH = 25;

export class TestQueue implements Queue<unknown> {
  /** Every body ever sent, in order. */
  readonly sent: unknown[] = [];
  private waiting: QueuedMessage[] = [];
  private nextId = 1;
  /** While a delivery runs: what the handler sends. */
  private capture: { body: unknown; delaySeconds: number }[] | null = null;

  constructor(
    private readonly real: Queue<unknown>,
    private readonly clock: Clock,
  ) {}

  private keep(body: unknown, delaySeconds = 0): void {
    this.sent.push(body);
    this.capture?.push({ body, delaySeconds });
    const notBefore = this.clock.now().getTime() + delaySeconds * 1000;
    this.waiting.push({ id: `m${this.nextId++}`, body, attempts: 1, notBefore });
  }

  async send(body: unknown, options?: QueueSendOptions): Promise<QueueSendResponse> {
    this.keep(body, options?.delaySeconds);
    return this.real.send(body, options);
  }

  async sendBatch(messages: Iterable<MessageSendRequest<unknown>>, options?: QueueSendBatchOptions): Promise<QueueSendBatchResponse> {
    const list = [...messages];
    for (const m of list) this.keep(m.body, m.delaySeconds ?? options?.delaySeconds);
    return this.real.sendBatch(list, options);
  }

  metrics(): Promise<QueueMetrics> {
    return this.real.metrics();
  }

  /** Messages waiting, due or not. */
  get backlog(): readonly QueuedMessage[] {
    return this.waiting;
  }

  /** Up to one batch of the messages due now, taken off the queue. */
  takeDue(): QueuedMessage[] {
    const now = this.clock.now().getTime();
    const due = this.waiting.filter((m) => m.notBefore <= now).slice(0, MAX_BATCH);
    this.waiting = this.waiting.filter((m) => !due.includes(m));
    return due;
  }

  /** Hands `messages` to the worker's queue handler as one batch; what it retries comes back later. */
  async deliver(handler: QueueHandler, env: unknown, messages: QueuedMessage[]): Promise<DeliveryReport> {
    const report: DeliveryReport = { delivered: messages, acked: [], retried: [], requeued: [], dropped: [] };
    if (messages.length === 0) return report;
    const batch = createMessageBatch(
      'forewarn-notify',
      messages.map((m) => ({ id: m.id, timestamp: this.clock.now(), attempts: m.attempts, body: m.body })),
    );
    // getQueueResult() does not report retry delays: note them on the way through.
    const delays = new Map<string, number>();
    for (const message of batch.messages) {
      const retry = message.retry.bind(message);
      Object.defineProperty(message, 'retry', {
        value: (options?: QueueRetryOptions) => {
          delays.set(message.id, options?.delaySeconds ?? 0);
          retry();
        },
      });
    }
    const retryAll = batch.retryAll.bind(batch);
    let batchDelay = 0;
    Object.defineProperty(batch, 'retryAll', {
      value: (options?: QueueRetryOptions) => {
        batchDelay = options?.delaySeconds ?? 0;
        retryAll();
      },
    });
    const ctx = createExecutionContext();
    this.capture = report.requeued;
    try {
      await handler(batch, env, ctx);
    } finally {
      this.capture = null;
    }
    const result = await getQueueResult(batch, ctx);
    for (const m of messages) {
      const retry = result.retryMessages.find((r) => r.msgId === m.id);
      const explicitAck = result.explicitAcks.includes(m.id);
      if (!explicitAck && (retry || result.retryBatch.retry)) {
        const delaySeconds = retry ? (delays.get(m.id) ?? 0) : batchDelay;
        if (m.attempts >= MAX_SEND_ATTEMPTS) {
          report.dropped.push(m.id);
          continue;
        }
        report.retried.push({ id: m.id, delaySeconds });
        this.waiting.push({ ...m, attempts: m.attempts + 1, notBefore: this.clock.now().getTime() + delaySeconds * 1000 });
      } else report.acked.push(m.id);
    }
    return report;
  }
}
