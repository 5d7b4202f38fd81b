// A webhook and its delivery log as the admin API shows them. The secret is never listed: it is
// shown once, in the answer to the POST that created it. The zod schemas are the one definition of
// these shapes: the presenters' return types and the OpenAPI response schemas both come from them.
import { z } from 'zod';
import { LOCALES } from '../domain/model';
import { shownUrl } from '../domain/shown-url';
import { WEBHOOK_DELIVERY_STATUSES, WEBHOOK_FORMATS, type Webhook, type WebhookDelivery } from '../store/webhooks';

export const WebhookJson = z.object({
  id: z.string(),
  url: z
    .string()
    .describe(
      'https, to a public address; listed shortened (scheme, host, first path segment, … and its last four characters), as chat platforms keep the secret in it: only the answer that registers it holds it whole',
    ),
  format: z.enum(WEBHOOK_FORMATS).describe("statuspage: Statuspage's webhook JSON, signed; the others: that chat platform's message"),
  locale: z.enum(LOCALES).nullable().describe("a chat channel's language; null: the page's default one"),
  components: z.array(z.string()).nullable().describe('null: every component, now and future'),
  created_at: z.string(),
  disabled_at: z.string().nullable(),
});
export type WebhookJson = z.infer<typeof WebhookJson>;

export const WebhookDeliveryJson = z.object({
  id: z.string(),
  notice_id: z.string(),
  status: z.enum(WEBHOOK_DELIVERY_STATUSES),
  attempts: z.number().int(),
  last_status: z.number().int().nullable().describe('the HTTP status of the last answer; null: none (network error, timeout)'),
  last_error: z.string().nullable(),
  created_at: z.string(),
  updated_at: z.string(),
  sent_at: z.string().nullable(),
});
export type WebhookDeliveryJson = z.infer<typeof WebhookDeliveryJson>;

export const webhookJson = (w: Webhook): WebhookJson => ({
  id: w.id,
  url: shownUrl(w.url),
  format: w.format,
  locale: w.locale,
  components: w.allComponents ? null : w.components,
  created_at: w.createdAt,
  disabled_at: w.disabledAt,
});

export const webhookDeliveryJson = (d: WebhookDelivery): WebhookDeliveryJson => ({
  id: d.id,
  notice_id: d.noticeId,
  status: d.status,
  attempts: d.attempts,
  last_status: d.lastStatus,
  last_error: d.lastError,
  created_at: d.createdAt,
  updated_at: d.updatedAt,
  sent_at: d.sentAt,
});
