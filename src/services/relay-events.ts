// What a relay that reports by webhook says of our e-mail (domain/relay-events.ts), marked as the
// same news coming back by e-mail is (services/delivery-reports.ts): a failed delivery, a bounced
// address, a reader who wants no more. Only events naming a delivery of ours, by the signed name
// each e-mail carried, count: a relay account often sends other systems' mail too, and an event
// about one of those must never touch a subscriber who happens to share its address.
import type { ReportedFailure } from '../domain/bounces';
import { constantTimeEqual, hmacKey, toHex } from '../domain/hmac';
import { type Relay, type RelayEvent, type RelayPayload, relayEvents } from '../domain/relay-events';
import { deliveryOfTag } from '../domain/return-path';
import { DAY_MS } from '../domain/time-units';
import type { Ctx } from '../env';
import { type Delivery, findDeliveries } from '../store/deliveries';
import { claimSignature } from '../store/relay-signatures';
import { failedLaterStatements } from './delivery-reports';
import { type LeavingReason, unsubscribeOnReports } from './subscriptions';

/** What came of one request's events. */
export interface RelayReport {
  events: number;
  /** Deliveries failed now. */
  failed: number;
  /** Addresses marked bounced now (among `failed`). */
  bounced: number;
  /** Readers unsubscribed (or, never confirmed, deleted) now. */
  unsubscribed: number;
  /**
   * Nothing to do: events that ask nothing (sent, delivered, opened…, whoever's e-mail they are
   * about), and ours already marked, told twice in this request, or about a delivery pruned since.
   */
  ignored: number;
  /** Events that ask something but name no delivery of ours: no signed name, or one this SIGNING_SECRET did not make. */
  unknown: number;
}

/**
 * Failures per D1 batch (three statements each at most). Each batch is its own transaction: a
 * failed one leaves the earlier ones marked, and the relay's retry finds those done.
 */
const FAILURES_PER_BATCH = 50;

/** Which of two failures told about one delivery stands: the one that ends the address, else the first. */
const graver = (a: ReportedFailure, b: ReportedFailure): ReportedFailure => (b.gone && !a.gone ? b : a);

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
  const asked: { event: Exclude<RelayEvent, { kind: 'other' }>; deliveryId: string }[] = [];
  for (const event of relayEvents(relay, payloads)) {
    if (event.kind === 'other') {
      report.ignored++;
      continue;
    }
    const deliveryId = event.tag && secret ? await deliveryOfTag(secret, event.tag) : null;
    if (deliveryId) asked.push({ event, deliveryId });
    else report.unknown++;
  }
  const deliveries = new Map(
    (asked.length > 0 ? await findDeliveries(ctx.db, [...new Set(asked.map((a) => a.deliveryId))]) : []).map((d) => [d.id, d]),
  );

  // One failure per delivery, and one unsubscribing per reader: a relay may tell the same thing
  // twice in one request (a soft bounce, then the hard one), and a reader may have two e-mails in it.
  const failures = new Map<string, { delivery: Delivery; failure: ReportedFailure }>();
  const leaving = new Map<string, LeavingReason>();
  for (const { event, deliveryId } of asked) {
    const delivery = deliveries.get(deliveryId);
    if (!delivery) {
      report.ignored++;
    } else if (event.kind === 'failed') {
      const told = failures.get(delivery.id);
      if (told) report.ignored++;
      failures.set(delivery.id, { delivery, failure: told ? graver(told.failure, event.failure) : event.failure });
    } else if (leaving.has(delivery.subscriberId)) {
      report.ignored++;
    } else {
      leaving.set(delivery.subscriberId, event.kind === 'complaint' ? 'complaint' : 'relay_unsubscribe');
    }
  }

  const unsubscribed = await unsubscribeOnReports(ctx, leaving);
  report.unsubscribed += unsubscribed;
  report.ignored += leaving.size - unsubscribed;

  // A reader whose two e-mails both bounced is marked (and audited) once.
  const bouncing = new Set<string>();
  const marks = [...failures.values()].map(({ delivery, failure }) => {
    const gone = failure.gone && !bouncing.has(delivery.subscriberId);
    if (gone) bouncing.add(delivery.subscriberId);
    const kept = { ...failure, gone };
    return { gone, statements: failedLaterStatements(ctx, delivery, `reported later: ${failure.reason}`, kept) };
  });
  for (let i = 0; i < marks.length; i += FAILURES_PER_BATCH) {
    const chunk = marks.slice(i, i + FAILURES_PER_BATCH);
    const results = await ctx.db.batch(chunk.flatMap((m) => m.statements));
    let at = 0;
    for (const mark of chunk) {
      const [failed, bounced] = results.slice(at, at + mark.statements.length);
      at += mark.statements.length;
      if ((failed?.meta.changes ?? 0) === 0) {
        report.ignored++;
        continue;
      }
      report.failed++;
      if (mark.gone && (bounced?.meta.changes ?? 0) > 0) report.bounced++;
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
  const [scheme, credentials = '', ...more] = (authorization ?? '').trim().split(/\s+/);
  if (more.length > 0) return false;
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

/**
 * How old a Mailgun signature may be: Mailgun retries an event it was not answered 2xx for 8
 * hours; a day leaves room for clocks and queues. A signature from the future gets a few minutes.
 */
export const MAILGUN_SIGNATURE_MAX_AGE_MS = DAY_MS;
const MAILGUN_CLOCK_SKEW_MS = 15 * 60_000;

/**
 * Whether Mailgun signed `body` with `signingKey` (its webhook signing key, which
 * RELAY_WEBHOOK_SECRET then is): `signature.signature` is the hex HMAC-SHA256 of `timestamp` and
 * `token` joined. It covers those two only, not the event: so the timestamp must be recent
 * (MAILGUN_SIGNATURE_MAX_AGE_MS), and each token is taken for the event it first came with
 * (store/relay-signatures.ts), so that a signed request seen once cannot carry another event. The
 * same event posted again with it (a retry) is heard.
 */
export async function mailgunSigned(ctx: Ctx, signingKey: string, body: RelayPayload): Promise<boolean> {
  const signature = body.signature;
  if (signature === null || typeof signature !== 'object') return false;
  const { timestamp, token, signature: given } = signature as Record<string, unknown>;
  // Mailgun's reference types the timestamp as a number, its examples as a string.
  const stamp = typeof timestamp === 'number' ? String(timestamp) : timestamp;
  if (typeof stamp !== 'string' || !/^\d{1,12}$/.test(stamp) || typeof token !== 'string' || token === '' || typeof given !== 'string') {
    return false;
  }
  const expected = toHex(await crypto.subtle.sign('HMAC', await hmacKey(signingKey), new TextEncoder().encode(stamp + token)));
  if (!(await constantTimeEqual(given.toLowerCase(), expected))) return false;
  const age = ctx.now.getTime() - Number(stamp) * 1000;
  if (age > MAILGUN_SIGNATURE_MAX_AGE_MS || age < -MAILGUN_CLOCK_SKEW_MS) return false;
  const eventHash = toHex(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(JSON.stringify(body['event-data'] ?? null))));
  return (await claimSignature(ctx.db, token, eventHash, ctx.now.toISOString())) === eventHash;
}
