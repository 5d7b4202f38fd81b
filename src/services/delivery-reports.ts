// Bounces that come later. A server that takes an e-mail and cannot deliver it afterwards mails a
// delivery status notification (RFC 3464) to the envelope sender. With BOUNCE_ADDRESS set, that
// is the bounce mailbox with the delivery in its detail (domain/return-path.ts); Email Routing
// hands the report to the worker's email() handler, and this marks what it says: the delivery
// failed, and when the address is gone for good (domain/bounces.ts), the subscriber bounced, as a
// refusal at RCPT TO does (notify/delivery.ts).

import PostalMime from 'postal-mime';
import { type ReportedFailure, recipientReports, reportedFailure } from '../domain/bounces';
import { returnPathOwner } from '../domain/return-path';
import type { Ctx } from '../env';
import { failedAfterSentStatement, findDeliveries } from '../store/deliveries';
import { bounceAuditStatement, findSubscriber, markBouncedOnReportStatement } from '../store/subscribers';

/**
 * How much of a report is read. The notification's own parts come first (RFC 3464 §2: the words
 * for people, then the delivery status); what follows is the returned message, which is not needed.
 */
export const REPORT_BYTES = 256 * 1024;

const STATUS_TYPES = new Set(['message/delivery-status', 'message/global-delivery-status']);

/** What came of a message to the bounce mailbox. */
export type ReportOutcome =
  /** Not addressed to the bounce mailbox (or BOUNCE_ADDRESS is not set): someone else's. */
  | { kind: 'other' }
  /** To the bounce mailbox, but not with an address Forewarn made: refused. */
  | { kind: 'forged' }
  /** Genuine, but nothing to mark: no delivery status, a delay, or a delivery pruned since. */
  | { kind: 'ignored'; why: string }
  /** The delivery failed; `failure.gone`: its address is marked bounced now, unless it already was. */
  | { kind: 'failed'; deliveryId: string; failure: ReportedFailure };

/** The first `max` bytes of a stream; the rest is not read. */
async function headOf(raw: ReadableStream<Uint8Array>, max: number): Promise<Uint8Array> {
  const reader = raw.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    while (size < max) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.byteLength;
    }
  } finally {
    await reader.cancel().catch(() => {});
  }
  const head = new Uint8Array(Math.min(size, max));
  let at = 0;
  for (const chunk of chunks) {
    const part = chunk.subarray(0, head.byteLength - at);
    head.set(part, at);
    at += part.byteLength;
    if (at >= head.byteLength) break;
  }
  return head;
}

/** The delivery status a message carries, if it is a delivery status notification. */
async function deliveryStatusOf(raw: Uint8Array): Promise<string | null> {
  const email = await PostalMime.parse(raw, { attachmentEncoding: 'utf8' });
  const part = email.attachments.find((a) => STATUS_TYPES.has(a.mimeType.toLowerCase()));
  if (!part) return null;
  return typeof part.content === 'string' ? part.content : new TextDecoder().decode(part.content);
}

/**
 * Reads a message the email() handler was given for `to`, and marks what it reports. A report
 * about a delivery the relay accepted (recorded `sent`, or still `sending` when it comes back at
 * once) makes it `failed` with the report's codes; when its address is gone, the subscriber is
 * marked bounced (fan-out plans nothing more for them) and audited, in the same batch and only
 * if this report changed the delivery: a report sent twice, or one that comes after the owner
 * confirmed again or an operator sent to the address again, marks nothing.
 */
export async function receiveDeliveryReport({
  ctx,
  to,
  raw,
}: {
  ctx: Ctx;
  to: string;
  raw: ReadableStream<Uint8Array>;
}): Promise<ReportOutcome> {
  const { BOUNCE_ADDRESS: bounceAddress, SIGNING_SECRET: secret } = ctx.config;
  if (!bounceAddress || !secret) return { kind: 'other' };
  const owner = await returnPathOwner(secret, bounceAddress, to);
  if (owner.kind !== 'delivery') return owner;

  let status: string | null;
  try {
    status = await deliveryStatusOf(await headOf(raw, REPORT_BYTES));
  } catch (error) {
    return { kind: 'ignored', why: `unreadable: ${error instanceof Error ? error.message.slice(0, 200) : 'not MIME'}` };
  }
  if (status === null) return { kind: 'ignored', why: 'not a delivery status notification' };
  const [delivery] = await findDeliveries(ctx.db, [owner.deliveryId]);
  const subscriber = delivery && (await findSubscriber(ctx.db, delivery.subscriberId));
  if (!delivery || !subscriber) return { kind: 'ignored', why: 'no such delivery (pruned since)' };
  const failure = reportedFailure(recipientReports(status), subscriber.email);
  if (!failure) return { kind: 'ignored', why: 'no failure reported (delayed, delivered or relayed)' };

  const at = ctx.now.toISOString();
  const error = `reported later: ${failure.reason}`;
  const [marked] = await ctx.db.batch([
    failedAfterSentStatement(ctx.db, delivery.id, at, error),
    ...(failure.gone
      ? [
          markBouncedOnReportStatement(ctx.db, subscriber.id, at, failure.reason, { deliveryId: delivery.id, error }),
          bounceAuditStatement(ctx.db, subscriber.id, at, delivery.id, 'later'),
        ]
      : []),
  ]);
  if ((marked?.meta.changes ?? 0) === 0) return { kind: 'ignored', why: `delivery already ${delivery.status}` };
  return { kind: 'failed', deliveryId: delivery.id, failure };
}
