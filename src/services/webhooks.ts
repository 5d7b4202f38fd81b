// Webhook subscribers and chat channels: register an endpoint (optionally for some components),
// test it, remove it.
import { z } from 'zod';
import { Invalid, NotFound } from '../domain/errors';
import { LOCALES } from '../domain/model';
import { describeRefusal, targetRefusal } from '../domain/public-target';
import { shownUrl } from '../domain/shown-url';
import type { Ctx } from '../env';
import { chatTargetRefusal, targetPolicy } from '../notify/targets';
import { sendWebhookTest } from '../notify/webhooks';
import { auditStatement } from '../store/audit';
import { disableWebhookStatement, findWebhook, insertWebhookStatements, WEBHOOK_FORMATS, type Webhook } from '../store/webhooks';
import { loadComponents } from './affected';
import { ComponentIds } from './subscriptions';

/** The address itself is checked by createWebhook, which knows whether this is development. */
export const WebhookUrl = z.url().max(2000).describe('https, to a public address');

export const WebhookInput = z.strictObject({
  url: WebhookUrl,
  /** None: every component. */
  components: ComponentIds,
  format: z
    .enum(WEBHOOK_FORMATS)
    .default('statuspage')
    .describe("statuspage: Statuspage's webhook JSON, signed; the others: that chat platform's incoming webhook"),
  locale: z.enum(LOCALES).optional().describe("a chat channel's language; none: the page's default one"),
});
export type WebhookInput = z.infer<typeof WebhookInput>;

/**
 * 32 random bytes, base64 behind `whsec_`: the Standard Webhooks form of a signing secret, which
 * their libraries take as it is (the X-Forewarn-Signature key is the whole string, as before).
 */
function newSecret(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return `whsec_${btoa(String.fromCharCode(...bytes))}`;
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

/** A chat channel points at its platform's incoming webhooks; a language is for chat channels only. */
function checkFormat(ctx: Ctx, input: WebhookInput): void {
  if (input.format === 'statuspage') {
    if (input.locale)
      throw new Invalid("locale is for chat formats: Statuspage's JSON has one language, the page's", { locale: input.locale });
    return;
  }
  const refusal = chatTargetRefusal(input.format, input.url, targetPolicy(ctx.env));
  if (refusal) throw new Invalid(`url is not a ${input.format} incoming webhook: ${refusal}`, { url: { format: input.format } });
}

export async function createWebhook({ ctx, input }: { ctx: Ctx; input: WebhookInput }): Promise<Webhook> {
  checkTarget(ctx, input.url);
  const format = input.format ?? 'statuspage';
  checkFormat(ctx, { ...input, format });
  const locale = input.locale ?? null;
  const components = [...new Set(input.components)];
  await loadComponents(ctx, components);
  const id = ctx.newId();
  const secret = newSecret();
  await ctx.db.batch([
    ...insertWebhookStatements(ctx.db, { id, url: input.url, secret, format, locale, components }, ctx.now.toISOString()),
    auditStatement(ctx, 'webhook.create', 'webhook', id, { url: shownUrl(input.url), components, format, locale }),
  ]);
  return {
    id,
    url: input.url,
    secret,
    format,
    locale,
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

/** What testing a webhook did: the far side's answer, or why it was not called. */
export interface WebhookTest {
  result: 'sent' | 'failed' | 'refused';
  http_status: number | null;
  error: string | null;
}

/**
 * Sends a webhook its test message now (notify/webhooks.ts sendWebhookTest) and audits it. A
 * test of a stopped webhook is a 404, as is a delete.
 */
export async function testWebhook({ ctx, id }: { ctx: Ctx; id: string }): Promise<WebhookTest> {
  const webhook = await findWebhook(ctx.db, id);
  if (!webhook || webhook.disabledAt) throw new NotFound('Webhook', id);
  const outcome = await sendWebhookTest(ctx, webhook);
  const test: WebhookTest = {
    result: outcome.result,
    http_status: outcome.result === 'refused' ? null : outcome.httpStatus,
    // As the delivery log shows errors: a chat channel's address is its secret.
    error: outcome.result === 'sent' ? null : outcome.error.replaceAll(webhook.url, shownUrl(webhook.url)),
  };
  await auditStatement(ctx, 'webhook.test', 'webhook', id, test).run();
  return test;
}
