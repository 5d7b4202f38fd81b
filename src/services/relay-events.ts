// What a relay that reports by webhook says of our e-mail (domain/relay-events.ts), marked as the
// same news coming back by e-mail is (services/delivery-reports.ts): a failed delivery, a bounced
// address, a reader who wants no more. Only events naming a delivery of ours, by the signed name
// each e-mail carried, count: a relay account often sends other systems' mail too, and an event
// about one of those must never touch a subscriber who happens to share its address.
import { type Relay, type RelayPayload, relayEvents } from '../domain/relay-events';
import { deliveryOfTag } from '../domain/return-path';
import type { Ctx } from '../env';
import { type Delivery, findDeliveries } from '../store/deliveries';
import { failedLaterStatements } from './delivery-reports';
import { unsubscribeOnComplaint } from './subscriptions';
import { constantTimeEqual } from './tokens';

/** What came of one request's events. */
export interface RelayReport {
  events: number;
  /** Deliveries failed now. */
  failed: number;
  /** Addresses marked bounced now (among `failed`). */
  bounced: number;
  /** Readers unsubscribed (or, never confirmed, deleted) now. */
  unsubscribed: number;
  /** Ours, with nothing left to do: sent, delivered, opened…, or marked already, or pruned since. */
  ignored: number;
  /** Not about a delivery of ours: no signed name, or one this SIGNING_SECRET did not make. */
  unknown: number;
}

/** Events per D1 batch: three statements each at most. */
const EVENTS_PER_BATCH = 50;

export async function receiveRelayEvents({
  ctx,
  relay,
  payloads,
}: {
  ctx: Ctx;
  relay: Relay;
  payloads: readonly RelayPayload[];
}): Promise<RelayReport> {
  const secret = ctx.config.SIGNING_SECRET;
  const report: RelayReport = { events: payloads.length, failed: 0, bounced: 0, unsubscribed: 0, ignored: 0, unknown: 0 };
  const named = await Promise.all(
    relayEvents(relay, payloads).map(async (event) => ({
      event,
      deliveryId: event.tag && secret ? await deliveryOfTag(secret, event.tag) : null,
    })),
  );
  const ids = [...new Set(named.flatMap((n) => (n.deliveryId && n.event.kind !== 'other' ? [n.deliveryId] : [])))];
  const deliveries = new Map((ids.length > 0 ? await findDeliveries(ctx.db, ids) : []).map((d) => [d.id, d]));

  const failures: { delivery: Delivery; statements: D1PreparedStatement[]; gone: boolean }[] = [];
  for (const { event, deliveryId } of named) {
    if (event.kind === 'other') {
      report.ignored++;
      continue;
    }
    if (!deliveryId) {
      report.unknown++;
      continue;
    }
    const delivery = deliveries.get(deliveryId);
    if (!delivery) {
      report.ignored++;
    } else if (event.kind === 'failed') {
      const statements = failedLaterStatements(ctx, delivery, `reported later: ${event.failure.reason}`, event.failure);
      failures.push({ delivery, statements, gone: event.failure.gone });
    } else if (await unsubscribeOnComplaint(ctx, delivery.subscriberId, event.kind === 'complaint' ? 'complaint' : 'relay_unsubscribe')) {
      report.unsubscribed++;
    } else {
      report.ignored++;
    }
  }

  for (let i = 0; i < failures.length; i += EVENTS_PER_BATCH) {
    const chunk = failures.slice(i, i + EVENTS_PER_BATCH);
    const results = await ctx.db.batch(chunk.flatMap((f) => f.statements));
    let at = 0;
    for (const failure of chunk) {
      const [failed, bounced] = results.slice(at, at + failure.statements.length);
      at += failure.statements.length;
      if ((failed?.meta.changes ?? 0) === 0) {
        report.ignored++;
        continue;
      }
      report.failed++;
      if (failure.gone && (bounced?.meta.changes ?? 0) > 0) report.bounced++;
    }
  }
  return report;
}

/**
 * Whether `authorization` carries RELAY_WEBHOOK_SECRET: as the password of HTTP Basic (the
 * credentials in the webhook's URL, `https://forewarn:<secret>@…`, as Brevo, Mailjet and Postmark
 * send them; the user name is not checked) or as a bearer token (Brevo's other choice).
 */
export async function relayAuthorized(secret: string, authorization: string | undefined): Promise<boolean> {
  const [scheme, credentials = ''] = (authorization ?? '').trim().split(/\s+/, 2);
  let given: string | null = null;
  if (scheme?.toLowerCase() === 'bearer') given = credentials;
  if (scheme?.toLowerCase() === 'basic') {
    try {
      const decoded = atob(credentials);
      given = decoded.includes(':') ? decoded.slice(decoded.indexOf(':') + 1) : null;
    } catch {
      given = null;
    }
  }
  // Compared even when nothing was given, so a refusal takes the same time whatever it lacked.
  const same = await constantTimeEqual(given ?? '', secret);
  return given !== null && same;
}
