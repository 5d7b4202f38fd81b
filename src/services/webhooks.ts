// Webhook subscribers: register an endpoint (optionally for some components), remove it.
import { z } from 'zod';
import { NotFound } from '../domain/errors';
import type { Ctx } from '../env';
import { auditStatement } from '../store/audit';
import { disableWebhookStatement, findWebhook, insertWebhookStatements, type Webhook } from '../store/webhooks';
import { loadComponents } from './affected';
import { ComponentIds } from './subscriptions';

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** https anywhere; plain http only to this machine, for local development and tests. */
export const WebhookUrl = z
  .url()
  .max(2000)
  .refine((value) => {
    const url = new URL(value);
    return url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname));
  }, 'must be an https URL (or http://127.0.0.1 / http://localhost for local use)');

export const WebhookInput = z.strictObject({
  url: WebhookUrl,
  /** None: every component. */
  components: ComponentIds,
});
export type WebhookInput = z.infer<typeof WebhookInput>;

/** 32 random bytes, hex: the HMAC key the receiver verifies with. */
function newSecret(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return `whsec_${[...bytes].map((b) => b.toString(16).padStart(2, '0')).join('')}`;
}

export async function createWebhook({ ctx, input }: { ctx: Ctx; input: WebhookInput }): Promise<Webhook> {
  const components = [...new Set(input.components)];
  await loadComponents(ctx, components);
  const id = ctx.newId();
  const secret = newSecret();
  await ctx.db.batch([
    ...insertWebhookStatements(ctx.db, { id, url: input.url, secret, components }, ctx.now.toISOString()),
    auditStatement(ctx, 'webhook.create', 'webhook', id, { url: input.url, components }),
  ]);
  return {
    id,
    url: input.url,
    secret,
    allComponents: components.length === 0,
    components: components.sort(),
    createdAt: ctx.now.toISOString(),
    disabledAt: null,
  };
}

/** Stops every POST to it, now and for what is still queued; its delivery log stays. */
export async function deleteWebhook({ ctx, id }: { ctx: Ctx; id: string }): Promise<void> {
  const webhook = await findWebhook(ctx.db, id);
  if (!webhook || webhook.disabledAt) throw new NotFound('Webhook', id);
  await ctx.db.batch([disableWebhookStatement(ctx.db, id, ctx.now.toISOString()), auditStatement(ctx, 'webhook.delete', 'webhook', id)]);
}
