// Webhook subscribers: register an endpoint (optionally for some components), remove it.
import { z } from 'zod';
import { Invalid, NotFound } from '../domain/errors';
import { describeRefusal, targetRefusal } from '../domain/public-target';
import type { Ctx } from '../env';
import { targetPolicy } from '../notify/targets';
import { auditStatement } from '../store/audit';
import { disableWebhookStatement, findWebhook, insertWebhookStatements, type Webhook } from '../store/webhooks';
import { loadComponents } from './affected';
import { ComponentIds } from './subscriptions';

/** The address itself is checked by createWebhook, which knows whether this is development. */
export const WebhookUrl = z.url().max(2000).describe('https, to a public address');

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

/** Refuses, with the reason, a URL Forewarn would not call (notify/targets.ts checks again at each call). */
function checkTarget(ctx: Ctx, url: string): void {
  const policy = targetPolicy(ctx.env);
  const refusal = targetRefusal(url, policy);
  if (!refusal) return;
  const hint =
    refusal.reason === 'not-public' && refusal.kind === 'loopback'
      ? '; this machine is allowed only in development (ALLOW_LOOPBACK_TARGETS=1)'
      : '';
  throw new Invalid(`url must be https to a public address: ${describeRefusal(refusal)}${hint}`, {
    url: refusal.reason === 'not-public' ? { host: refusal.host, kind: refusal.kind } : { reason: refusal.reason },
  });
}

export async function createWebhook({ ctx, input }: { ctx: Ctx; input: WebhookInput }): Promise<Webhook> {
  checkTarget(ctx, input.url);
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
