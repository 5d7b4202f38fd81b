import { z } from 'zod';
import { NotFound } from '../../domain/errors';
import { WebhookDeliveryJson, WebhookJson, webhookDeliveryJson, webhookJson } from '../../present/webhook-json';
import type { Assert, Same } from '../../present/wire-schema';
import { createWebhook, deleteWebhook, testWebhook, WebhookInput, type WebhookTest } from '../../services/webhooks';
import { findWebhook, listWebhookDeliveries, listWebhooks, WEBHOOK_DELIVERY_STATUSES } from '../../store/webhooks';
import { readJson, readQuery } from '../http';
import type { AdminRouter } from './operations';
import { idParam } from './params';

const DeliveryQuery = z.strictObject({
  status: z.enum(WEBHOOK_DELIVERY_STATUSES).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});

const Webhook = WebhookJson.meta({ id: 'Webhook' });

const WebhookTestJson = z
  .object({
    result: z
      .enum(['sent', 'failed', 'refused'])
      .describe('sent: it answered 2xx; failed: another answer, or none; refused: not a public https address, not called'),
    http_status: z.number().int().nullable().describe('its answer; null when it gave none or was not called'),
    error: z.string().nullable(),
  })
  .meta({ id: 'WebhookTest' });
export type WebhookTestIsExact = Assert<Same<z.infer<typeof WebhookTestJson>, WebhookTest>>;
const WebhookDelivery = WebhookDeliveryJson.meta({ id: 'WebhookDelivery' });

export function registerWebhookRoutes(r: AdminRouter): void {
  r.route(
    {
      method: 'get',
      path: '/webhooks',
      operationId: 'listWebhooks',
      summary: 'List active webhooks',
      tag: 'webhooks',
      response: z.object({ webhooks: z.array(Webhook) }),
    },
    async (c) => c.json({ webhooks: (await listWebhooks(c.get('ctx').db)).map(webhookJson) }),
  );
  r.route(
    {
      method: 'post',
      path: '/webhooks',
      operationId: 'createWebhook',
      summary: 'Register a webhook; the answer holds its signing secret, shown this once',
      tag: 'webhooks',
      body: WebhookInput,
      status: 201,
      response: z.object({
        webhook: WebhookJson.extend({ secret: z.string().describe('signs each delivery; shown this once') }).meta({ id: 'CreatedWebhook' }),
      }),
    },
    async (c) => {
      const webhook = await createWebhook({ ctx: c.get('ctx'), input: await readJson(c, WebhookInput) });
      return c.json({ webhook: { ...webhookJson(webhook), url: webhook.url, secret: webhook.secret } }, 201);
    },
  );
  r.route(
    {
      method: 'delete',
      path: '/webhooks/:id',
      operationId: 'deleteWebhook',
      summary: 'Stop a webhook (its delivery log stays)',
      tag: 'webhooks',
      status: 204,
    },
    async (c) => {
      await deleteWebhook({ ctx: c.get('ctx'), id: idParam(c, 'Webhook') });
      return c.body(null, 204);
    },
  );
  r.route(
    {
      method: 'post',
      path: '/webhooks/:id/test',
      operationId: 'testWebhook',
      summary:
        'Send the webhook a test now and say how it answered: a chat channel a message that it works, a Statuspage-format webhook a signed body with meta and page but no incident (event_type webhook.test); not in its delivery log, never retried',
      tag: 'webhooks',
      response: z.object({ test: WebhookTestJson }),
    },
    async (c) => c.json({ test: await testWebhook({ ctx: c.get('ctx'), id: idParam(c, 'Webhook') }) }),
  );
  r.route(
    {
      method: 'get',
      path: '/webhooks/:id/deliveries',
      operationId: 'listWebhookDeliveries',
      summary: "A webhook's delivery log, newest first",
      tag: 'webhooks',
      query: DeliveryQuery,
      response: z.object({ webhook: Webhook, deliveries: z.array(WebhookDelivery) }),
    },
    async (c) => {
      const id = idParam(c, 'Webhook');
      const q = readQuery(c, DeliveryQuery);
      const db = c.get('ctx').db;
      const webhook = await findWebhook(db, id);
      if (!webhook) throw new NotFound('Webhook', id);
      return c.json({ webhook: webhookJson(webhook), deliveries: (await listWebhookDeliveries(db, id, q)).map(webhookDeliveryJson) });
    },
  );
}
