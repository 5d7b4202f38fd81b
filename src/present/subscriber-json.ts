// Admin API wire format of subscribers and deliveries (snake_case, like the rest of /api/v1). Each
// zod schema is the one definition of its shape: the presenter returns its inferred type, the
// OpenAPI document describes the answers from it.
import { z } from 'zod';
import { DELIVERY_PURPOSES, DELIVERY_STATUSES, type Subscriber } from '../domain/subscribers';
import type { Delivery, DeliveryCounts } from '../store/deliveries';
import { csvCell } from './csv';
import { instant, LocaleJson } from './wire-schema';

export const SubscriberStateJson = z.enum(['pending', 'active', 'unsubscribed']).meta({ id: 'SubscriberState' });

export const subscriberState = (s: Subscriber): 'pending' | 'active' | 'unsubscribed' =>
  s.unsubscribedAt ? 'unsubscribed' : s.confirmedAt ? 'active' : 'pending';

export const SubscriberJson = z
  .object({
    id: z.string(),
    email: z.string(),
    state: SubscriberStateJson,
    locale: LocaleJson,
    time_zone: z.string(),
    components: z.array(z.string()).nullable().describe('the component ids followed; null: every component, now and future'),
    source: z.enum(['form', 'import']),
    created_at: instant(),
    updated_at: instant(),
    confirmed_at: instant().nullable(),
    unsubscribed_at: instant().nullable(),
    bounced_at: instant()
      .nullable()
      .describe('when their mail server refused the address (SMTP 5.1.x or 5.2.1, or a suppressed recipient): nothing is sent to it since'),
    bounce_reason: z.string().nullable().describe('the refusal\'s codes ("550 5.1.1", "E_RECIPIENT_SUPPRESSED"), never its text'),
  })
  .meta({ id: 'Subscriber' });
export type SubscriberJson = z.infer<typeof SubscriberJson>;

export const subscriberJson = (s: Subscriber): SubscriberJson => ({
  id: s.id,
  email: s.email,
  state: subscriberState(s),
  locale: s.locale,
  time_zone: s.timeZone,
  components: s.allComponents ? null : s.components,
  source: s.source,
  created_at: s.createdAt,
  updated_at: s.updatedAt,
  confirmed_at: s.confirmedAt,
  unsubscribed_at: s.unsubscribedAt,
  bounced_at: s.bouncedAt,
  bounce_reason: s.bounceReason,
});

export const DeliveryJson = z
  .object({
    id: z.string(),
    purpose: z.enum(DELIVERY_PURPOSES),
    notice_id: z.string().nullable().describe('null: a confirmation e-mail'),
    subscriber_id: z.string(),
    email: z.string().nullable().describe('null: the subscriber has been erased'),
    status: z.enum(DELIVERY_STATUSES),
    attempts: z.number().int(),
    last_error: z.string().nullable(),
    message_id: z.string().nullable(),
    created_at: instant(),
    updated_at: instant(),
    sent_at: instant().nullable(),
  })
  .meta({ id: 'Delivery' });
export type DeliveryJson = z.infer<typeof DeliveryJson>;

export const deliveryJson = (d: Delivery & { email?: string | null }): DeliveryJson => ({
  id: d.id,
  purpose: d.purpose,
  notice_id: d.noticeId,
  subscriber_id: d.subscriberId,
  email: d.email ?? null,
  status: d.status,
  attempts: d.attempts,
  last_error: d.lastError,
  message_id: d.messageId,
  created_at: d.createdAt,
  updated_at: d.updatedAt,
  sent_at: d.sentAt,
});

export const DeliveryCountsJson = z
  .object({
    pending: z.number().int().describe('not sent yet, in flight included'),
    sent: z.number().int(),
    failed: z.number().int(),
    skipped: z.number().int(),
  })
  .meta({ id: 'DeliveryCounts' });
export type DeliveryCountsJson = z.infer<typeof DeliveryCountsJson>;

export const countsJson = (c: DeliveryCounts): DeliveryCountsJson => ({
  pending: c.pending + c.sending,
  sent: c.sent,
  failed: c.failed,
  skipped: c.skipped,
});

/** RFC 4180 CSV, no cell a formula (csvCell); components are ids separated by spaces (empty: every component). */
export function subscribersCsv(subscribers: readonly Subscriber[]): string {
  const header = ['email', 'state', 'locale', 'time_zone', 'components', 'created_at', 'confirmed_at', 'unsubscribed_at', 'bounced_at'];
  const rows = subscribers.map((s) =>
    [
      s.email,
      subscriberState(s),
      s.locale,
      s.timeZone,
      s.allComponents ? '' : s.components.join(' '),
      s.createdAt,
      s.confirmedAt ?? '',
      s.unsubscribedAt ?? '',
      s.bouncedAt ?? '',
    ]
      .map(csvCell)
      .join(','),
  );
  return `${[header.join(','), ...rows].join('\r\n')}\r\n`;
}
