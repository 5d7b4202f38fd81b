// A webhook and its delivery log as the admin API shows them. The secret is never listed: it is
// shown once, in the answer to the POST that created it.
import type { Webhook, WebhookDelivery } from '../store/webhooks';

export const webhookJson = (w: Webhook) => ({
  id: w.id,
  url: w.url,
  components: w.allComponents ? null : w.components,
  created_at: w.createdAt,
  disabled_at: w.disabledAt,
});

export const webhookDeliveryJson = (d: WebhookDelivery) => ({
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
