// Reports that come back by e-mail. A server that takes an e-mail and cannot deliver it afterwards
// mails a delivery status notification (RFC 3464) to the envelope sender; a mailbox provider whose
// reader marks it as spam sends a complaint (ARF, RFC 5965) through its feedback loop, to the
// envelope sender (Amazon SES forwards them so) or to an address the sender registered. With
// BOUNCE_ADDRESS set, the envelope sender is the bounce mailbox with the delivery in its detail
// (domain/return-path.ts), and the mailbox itself is the address to register; Email Routing hands
// both to the worker's email() handler, and this marks what they say: a failed delivery, a
// bounced address (domain/bounces.ts, as a refusal at RCPT TO, notify/delivery.ts), or a reader
// who wants no more of our e-mail, unsubscribed.

import PostalMime from 'postal-mime';
import { feedbackType, type ReportedFailure, recipientReports, reportedFailure } from '../domain/bounces';
import { returnPathOwner } from '../domain/return-path';
import { MANAGE_TOKEN, verifyLink } from '../domain/signed-links';
import type { Ctx } from '../env';
import { type Delivery, failedAfterSentStatement, findDeliveries } from '../store/deliveries';
import { bounceAuditStatement, findSubscriber, markBouncedStatement } from '../store/subscribers';
import { readHead } from '../streams';
import { unsubscribeOnComplaint } from './subscriptions';

/**
 * How much of a report is read. The report's own parts come first (RFC 3464 §2, RFC 5965 §2: the
 * words for people, then the report); then the returned message, of which only the headers count.
 */
export const REPORT_BYTES = 256 * 1024;

const STATUS_TYPES = new Set(['message/delivery-status', 'message/global-delivery-status']);
/** The returned message (ARF's third part), whole or its headers only. */
const RETURNED_TYPES = new Set(['message/rfc822', 'text/rfc822-headers', 'message/global', 'message/global-headers']);

/** What came of a message to the bounce mailbox. */
export type ReportOutcome =
  /** Not addressed to the bounce mailbox (or BOUNCE_ADDRESS is not set): someone else's. */
  | { kind: 'other' }
  /** To the bounce mailbox, but not with an address Forewarn made, nor a complaint: refused. */
  | { kind: 'forged' }
  /** A reader marked an e-mail as spam; `unsubscribed`: they are now (false: they had left). */
  | { kind: 'complaint'; subscriberId: string; unsubscribed: boolean }
  /** Genuine, but nothing to mark: no delivery status, a delay, or a delivery pruned since. */
  | { kind: 'ignored'; why: string }
  /** The delivery failed; `failure.gone`: its address is marked bounced now, unless it already was. */
  | { kind: 'failed'; deliveryId: string; failure: ReportedFailure };

/** What a report carries: its delivery status, its feedback report, the returned message's headers. */
interface ReportParts {
  status: string | null;
  feedback: string | null;
  returnedHeaders: string | null;
}

async function reportParts(raw: Uint8Array): Promise<ReportParts> {
  const email = await PostalMime.parse(raw, { attachmentEncoding: 'utf8' });
  const text = (types: ReadonlySet<string>) => {
    const part = email.attachments.find((a) => types.has(a.mimeType.toLowerCase()));
    if (!part) return null;
    return typeof part.content === 'string' ? part.content : new TextDecoder().decode(part.content);
  };
  const returned = text(RETURNED_TYPES);
  return {
    status: text(STATUS_TYPES),
    feedback: text(new Set(['message/feedback-report'])),
    returnedHeaders: returned === null ? null : (returned.split(/\r?\n\r?\n/)[0] ?? ''),
  };
}

/** The subscriber whose manage token the returned message's List-Unsubscribe header carries. */
async function subscriberOfReturned(ctx: Ctx, secret: string, headers: string | null): Promise<string | null> {
  const field = /^list-unsubscribe[ \t]*:(.*(?:\r?\n[ \t].*)*)/im.exec(headers ?? '')?.[1] ?? '';
  // Each token the header carries (the link's, the mailto: subject's), until one is genuine.
  for (const [token] of field.replace(/\r?\n[ \t]+/g, ' ').matchAll(new RegExp(MANAGE_TOKEN, 'g'))) {
    const claims = await verifyLink(secret, token, 'manage', ctx.now);
    if (claims) return claims.subscriberId;
  }
  return null;
}

/**
 * A complaint: a reader marked one of our e-mails as spam. Whose: the delivery its return
 * address names, or the subscriber whose signed manage token the returned message carries (a
 * feedback loop registered on the bare mailbox blanks the reader's address, not the token).
 */
async function receiveComplaint(
  ctx: Ctx,
  secret: string,
  deliveryId: string | null,
  parts: ReportParts & { feedback: string },
): Promise<ReportOutcome> {
  const type = feedbackType(parts.feedback);
  if (type !== 'abuse') return { kind: 'ignored', why: `feedback of type ${type ?? 'unknown'}` };
  const [delivery] = deliveryId ? await findDeliveries(ctx.db, [deliveryId]) : [];
  const subscriberId = delivery?.subscriberId ?? (await subscriberOfReturned(ctx, secret, parts.returnedHeaders));
  if (!subscriberId) return { kind: 'ignored', why: 'a complaint about no subscriber of ours' };
  return { kind: 'complaint', subscriberId, unsubscribed: await unsubscribeOnComplaint(ctx, subscriberId) };
}

/**
 * Reads a message the email() handler was given for `to`, and marks what it reports. A complaint
 * (to a return address, or to the bare mailbox) unsubscribes its reader (receiveComplaint). A report
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
  if (owner.kind === 'other' || owner.kind === 'forged') return owner;

  let parts: ReportParts;
  try {
    parts = await reportParts((await readHead(raw, REPORT_BYTES)).bytes);
  } catch (error) {
    if (owner.kind === 'mailbox') return { kind: 'forged' };
    return { kind: 'ignored', why: `unreadable: ${error instanceof Error ? error.message.slice(0, 200) : 'not MIME'}` };
  }
  if (parts.feedback !== null) {
    return receiveComplaint(ctx, secret, owner.kind === 'delivery' ? owner.deliveryId : null, { ...parts, feedback: parts.feedback });
  }
  // Only a complaint may come to the bare mailbox: anything else there names no delivery of ours.
  if (owner.kind === 'mailbox') return { kind: 'forged' };
  const status = parts.status;
  if (status === null) return { kind: 'ignored', why: 'not a delivery status notification' };
  const [delivery] = await findDeliveries(ctx.db, [owner.deliveryId]);
  const subscriber = delivery && (await findSubscriber(ctx.db, delivery.subscriberId));
  if (!delivery || !subscriber) return { kind: 'ignored', why: 'no such delivery (pruned since)' };
  const failure = reportedFailure(recipientReports(status), subscriber.email);
  if (!failure) return { kind: 'ignored', why: 'no failure reported (delayed, delivered or relayed)' };
  const [marked] = await ctx.db.batch(failedLaterStatements(ctx, delivery, `reported later: ${failure.reason}`, failure));
  if ((marked?.meta.changes ?? 0) === 0) return { kind: 'ignored', why: `delivery already ${delivery.status}` };
  return { kind: 'failed', deliveryId: delivery.id, failure };
}

/**
 * A delivery the relay accepted (recorded `sent`, or still `sending` when the report comes back
 * at once) fails with `error`; when its address is gone, its subscriber is marked bounced and
 * audited, only if this batch changed the delivery: a report sent twice, or one that comes after
 * the owner confirmed again or an operator sent to the address again, marks nothing. The first
 * statement's changes say whether the delivery changed.
 */
export function failedLaterStatements(
  ctx: Ctx,
  delivery: Pick<Delivery, 'id' | 'subscriberId'>,
  error: string,
  failure: ReportedFailure,
): D1PreparedStatement[] {
  const at = ctx.now.toISOString();
  return [
    failedAfterSentStatement(ctx.db, delivery.id, at, error),
    ...(failure.gone
      ? [
          markBouncedStatement(ctx.db, delivery.subscriberId, at, failure.reason, { deliveryId: delivery.id, error }),
          bounceAuditStatement(ctx.db, delivery.subscriberId, at, delivery.id, 'later'),
        ]
      : []),
  ];
}
