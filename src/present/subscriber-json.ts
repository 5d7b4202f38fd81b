// Admin API wire format of subscribers and deliveries (snake_case, like the rest of /api/v1).
import type { Subscriber } from '../domain/subscribers';
import type { Delivery, DeliveryCounts } from '../store/deliveries';
import { csvCell } from './csv';

export const subscriberState = (s: Subscriber): 'pending' | 'active' | 'unsubscribed' =>
  s.unsubscribedAt ? 'unsubscribed' : s.confirmedAt ? 'active' : 'pending';

export const subscriberJson = (s: Subscriber) => ({
  id: s.id,
  email: s.email,
  state: subscriberState(s),
  locale: s.locale,
  time_zone: s.timeZone,
  /** null: every component. */
  components: s.allComponents ? null : s.components,
  source: s.source,
  created_at: s.createdAt,
  updated_at: s.updatedAt,
  confirmed_at: s.confirmedAt,
  unsubscribed_at: s.unsubscribedAt,
});

export const deliveryJson = (d: Delivery & { email?: string | null }) => ({
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

export const countsJson = (c: DeliveryCounts) => ({
  pending: c.pending + c.sending,
  sent: c.sent,
  failed: c.failed,
  skipped: c.skipped,
});

/** RFC 4180 CSV, no cell a formula (csvCell); components are ids separated by spaces (empty: every component). */
export function subscribersCsv(subscribers: readonly Subscriber[]): string {
  const header = ['email', 'state', 'locale', 'time_zone', 'components', 'created_at', 'confirmed_at', 'unsubscribed_at'];
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
    ]
      .map(csvCell)
      .join(','),
  );
  return `${[header.join(','), ...rows].join('\r\n')}\r\n`;
}
