// The NOTIFY queue's messages. Each names its `type`: webhooks will share the queue later.
import { z } from 'zod';

export const DeliveriesMessage = z.object({
  type: z.literal('deliveries'),
  /** The notice all `ids` belong to, when they do: the consumer keeps a batch's notices in order. */
  notice: z
    .string()
    .regex(/^[a-z0-9]{1,64}$/)
    .optional(),
  ids: z
    .array(z.string().regex(/^[a-z0-9]{1,64}$/))
    .min(1)
    .max(100),
  /**
   * The send attempt this message is on (1 when absent). The consumer sends a message back as a
   * new one, with `round` one higher after a failure (the relay down, a temporary refusal) and
   * unchanged after a wait (its slot far ahead, another consumer's claim), so waiting never uses
   * up the attempts. The queue's own `attempts` then only counts invocations that died.
   */
  round: z.number().int().min(1).max(1000).optional(),
});
export type DeliveriesMessage = z.infer<typeof DeliveriesMessage>;

/** Ids per message: a consumer batch (100 messages in wrangler.toml, Queues' most) then sends at most 1,000 e-mails. */
export const IDS_PER_MESSAGE = 10;

/** Cloudflare Queues takes at most 100 messages per sendBatch. */
const MESSAGES_PER_SEND = 100;

export async function enqueueDeliveries(queue: Queue<unknown>, ids: readonly string[], notice?: string): Promise<void> {
  const messages: MessageSendRequest<DeliveriesMessage>[] = [];
  for (let i = 0; i < ids.length; i += IDS_PER_MESSAGE) {
    const body: DeliveriesMessage = { type: 'deliveries', ids: ids.slice(i, i + IDS_PER_MESSAGE) };
    if (notice) body.notice = notice;
    messages.push({ body, contentType: 'json' });
  }
  for (let i = 0; i < messages.length; i += MESSAGES_PER_SEND) {
    await queue.sendBatch(messages.slice(i, i + MESSAGES_PER_SEND));
  }
}
