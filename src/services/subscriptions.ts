// What a subscriber does without logging in: ask to subscribe, confirm by e-mail, change what
// they follow, leave. The signed link in their mailbox is their only credential.
import { z } from 'zod';
import { AppError } from '../domain/errors';
import type { Locale } from '../domain/model';
import { LOCALES } from '../domain/model';
import { confirmLinkIssuedAt, type LinkPurpose, MANAGE_TOKEN, verifyLink } from '../domain/signed-links';
import { isActive, MAX_FOLLOWED_COMPONENTS, normalizeEmail, type Subscriber } from '../domain/subscribers';
import { DAY_MS } from '../domain/time-units';
import { type StillOpen, stillOpen, stillOpenFor } from '../domain/upcoming';
import type { Ctx } from '../env';
import { signingSecret } from '../notify/assemble';
import { enqueueDeliveries } from '../notify/messages';
import { auditStatement } from '../store/audit';
import { insertConfirmationStatement } from '../store/deliveries';
import { componentsNamedSoFar } from '../store/notice-fan-out';
import { pruneRateLimitsStatement } from '../store/rate-limits';
import {
  clearBounceStatement,
  deleteSubscriberStatements,
  findSubscriber,
  findSubscriberByEmail,
  findSubscribers,
  touchPendingStatement,
  unsubscribeStatement,
  upsertSubscriberStatements,
} from '../store/subscribers';
import { loadComponents } from './affected';
import { forgetFingerprintStatements } from './fingerprints';
import { Id } from './schemas';
import { admitNetwork, admitOverall, mailboxMayReceive, subscribeCounters } from './subscribe-limits';

export const isTimeZone = (zone: string): boolean => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
};

/** Surrounding space is dropped (pasted addresses carry it); case is kept here and folded on storage. */
export const EmailAddress = z.string().trim().max(254).pipe(z.email());

export const TimeZone = z.string().max(64).refine(isTimeZone, 'must be an IANA time zone such as Europe/Paris');
export const ComponentIds = z.array(Id).max(MAX_FOLLOWED_COMPONENTS).default([]);

export const SubscribeInput = z.strictObject({
  email: EmailAddress,
  /** None: every component. */
  components: ComponentIds,
  locale: z.enum(LOCALES).optional(),
  time_zone: TimeZone.optional(),
});
export type SubscribeInput = z.infer<typeof SubscribeInput>;

export const PreferencesInput = z.strictObject({
  components: ComponentIds,
  locale: z.enum(LOCALES),
  time_zone: TimeZone,
});
export type PreferencesInput = z.infer<typeof PreferencesInput>;

/** A link that was not signed by us, names nobody, or has expired: all look the same, a 404. */
export class InvalidLink extends AppError {
  constructor() {
    super('not_found', 'This link is not valid, or it has expired.');
  }
}

/**
 * Asks to subscribe. The answer is the same whether the address is new, pending, subscribed or
 * gone: a new, pending or gone address gets a confirmation link, a subscribed one its manage
 * link, within the limits of subscribe-limits.ts. Nothing about a known address changes until
 * its owner follows a link, its choices included: anybody can type an address, so the first
 * request's language, zone and components stand, and the owner changes them on the manage page.
 * (Keeping each request's choices until its own link is followed would need a link per request,
 * and a stranger's request would still sit beside the owner's.) Only a pending subscriber's
 * updated_at moves when a new link goes out: they are kept UNCONFIRMED_DAYS from then
 * (services/retention.ts), as long as that link works.
 */
export async function requestSubscription({
  ctx,
  input,
  ip,
  defaults,
}: {
  ctx: Ctx;
  input: SubscribeInput;
  /** The client's address (CF-Connecting-IP); undefined off Cloudflare. */
  ip: string | undefined;
  defaults: { locale: Locale; timeZone: string };
}): Promise<void> {
  const at = ctx.now.toISOString();
  const email = normalizeEmail(input.email);
  const counters = await subscribeCounters(ip, email, ctx.now);
  await admitNetwork(ctx, counters);
  await loadComponents(ctx, input.components);
  await admitOverall(ctx, counters);
  const mails = await mailboxMayReceive(ctx, counters);
  // Twice at most: a subscriber who left may be erased by the cron between the read and the write
  // (the confirmation's row then names nobody); read again, they are a new address.
  for (let attempt = 0; ; attempt += 1) {
    const existing = await findSubscriberByEmail(ctx.db, email);
    try {
      await recordRequest(ctx, { input, defaults, email, existing, mails, at });
      return;
    } catch (error) {
      const message = error instanceof Error ? error.message : '';
      // The same new address asked twice at once: the other request sends its confirmation.
      if (/UNIQUE constraint failed: subscribers\.email/.test(message)) return;
      if (attempt === 0 && existing && /FOREIGN KEY constraint failed/.test(message)) continue;
      throw error;
    }
  }
}

/** The subscriber (if new) and their link's delivery, in one batch; then the link's queue message. */
async function recordRequest(
  ctx: Ctx,
  {
    input,
    defaults,
    email,
    existing,
    mails,
    at,
  }: {
    input: SubscribeInput;
    defaults: { locale: Locale; timeZone: string };
    email: string;
    existing: Subscriber | null;
    mails: boolean;
    at: string;
  },
): Promise<void> {
  const statements: D1PreparedStatement[] = [pruneRateLimitsStatement(ctx.db, new Date(ctx.now.getTime() - DAY_MS).toISOString())];
  const subscriberId = existing?.id ?? ctx.newId();
  if (!existing) {
    statements.push(
      ...upsertSubscriberStatements(ctx.db, {
        id: subscriberId,
        email,
        locale: input.locale ?? defaults.locale,
        timeZone: input.time_zone ?? defaults.timeZone,
        allComponents: input.components.length === 0,
        components: input.components,
        source: 'form',
        createdAt: at,
        updatedAt: at,
        confirmedAt: null,
        unsubscribedAt: null,
        bouncedAt: null,
        bounceReason: null,
      }),
    );
  }
  const deliveryId = mails ? ctx.newId() : null;
  if (deliveryId) {
    statements.push(insertConfirmationStatement(ctx.db, deliveryId, subscriberId, at));
    if (existing) statements.push(touchPendingStatement(ctx.db, subscriberId, at));
  }
  await ctx.db.batch(statements);
  if (deliveryId) await enqueueDeliveries(ctx.env.NOTIFY, [deliveryId]);
}

/**
 * A genuine manage link whose subscriber is no more: erased RETENTION_DAYS after leaving
 * (services/retention.ts), or by an operator. Nothing is left to change; they may subscribe again.
 */
export class ErasedSubscriber extends AppError {
  constructor() {
    super('gone', 'This address is not subscribed any more, and its settings have been erased. Subscribe again to follow the page.');
  }
}

/**
 * The subscriber a genuine link of `purpose` names. Any other link is a 404; a genuine manage link
 * of a subscriber since erased is a 410 (ErasedSubscriber): it sits in old e-mails for good.
 */
export async function subscriberOfLink(ctx: Ctx, token: string, purpose: LinkPurpose): Promise<Subscriber> {
  const claims = await verifyLink(signingSecret(ctx.config), token, purpose, ctx.now);
  const subscriber = claims ? await findSubscriber(ctx.db, claims.subscriberId) : null;
  if (!subscriber) throw claims?.purpose === 'manage' ? new ErasedSubscriber() : new InvalidLink();
  // Following a confirmation link clears a bounce because the relay has just taken mail to the
  // address; a link made before the bounce proves nothing of the mailbox since.
  const issued = claims && confirmLinkIssuedAt(claims);
  // The making time is known to the second (the expiry is): a link of the bounce's own second passes.
  if (issued !== null && subscriber.bouncedAt !== null && issued < Math.floor(Date.parse(subscriber.bouncedAt) / 1000) * 1000) {
    throw new InvalidLink();
  }
  return subscriber;
}

// Subscriber writes are not on the public page, so they commit without publishing a snapshot.
async function save(
  ctx: Ctx,
  next: Subscriber,
  action: string,
  details: unknown = {},
  also: D1PreparedStatement[] = [],
): Promise<Subscriber> {
  await ctx.db.batch([...upsertSubscriberStatements(ctx.db, next), ...also, auditStatement(ctx, action, 'subscriber', next.id, details)]);
  return next;
}

/**
 * What `subscriber` follows of `read` (the public snapshot's incidents and maintenances) that is
 * announced and not over: what the next notices of those will reach them about, by fan-out's own
 * rule (domain/upcoming.ts stillOpenFor, with the components each subject's notices named so far).
 */
export async function stillOpenForSubscriber(
  ctx: Ctx,
  read: Parameters<typeof stillOpen>[0],
  subscriber: Pick<Subscriber, 'allComponents' | 'components'>,
): Promise<StillOpen> {
  const open = stillOpen(read);
  const ids = [...open.incidents, ...open.maintenances].map((x) => x.id);
  return stillOpenFor(open, subscriber, await componentsNamedSoFar(ctx.db, ids));
}

export async function confirmSubscription({ ctx, token }: { ctx: Ctx; token: string }): Promise<Subscriber> {
  const subscriber = await subscriberOfLink(ctx, token, 'confirm');
  if (isActive(subscriber) && !subscriber.bouncedAt) return subscriber;
  const at = ctx.now.toISOString();
  if (isActive(subscriber)) {
    // Their address bounced, and has taken this link since: e-mail goes to it again.
    return save(ctx, { ...subscriber, bouncedAt: null, bounceReason: null, updatedAt: at }, 'subscriber.unbounce', {}, [
      clearBounceStatement(ctx.db, subscriber.id),
    ]);
  }
  return save(
    ctx,
    { ...subscriber, confirmedAt: at, unsubscribedAt: null, bouncedAt: null, bounceReason: null, updatedAt: at },
    'subscriber.confirm',
    {},
    [
      // An address erased after leaving, confirmed again by its owner: an import may sign it up again.
      ...(await forgetFingerprintStatements(ctx, subscriber.email)),
      clearBounceStatement(ctx.db, subscriber.id),
    ],
  );
}

export async function updatePreferences({ ctx, token, input }: { ctx: Ctx; token: string; input: PreferencesInput }): Promise<Subscriber> {
  const subscriber = await subscriberOfLink(ctx, token, 'manage');
  await loadComponents(ctx, input.components);
  const next: Subscriber = {
    ...subscriber,
    locale: input.locale,
    timeZone: input.time_zone,
    allComponents: input.components.length === 0,
    components: input.components,
    updatedAt: ctx.now.toISOString(),
  };
  return save(ctx, next, 'subscriber.preferences', input);
}

/**
 * Leaves at once (RFC 8058 one-click POST, or the manage page); leaving twice is no error, nor is
 * leaving once erased (null: nobody is left to unsubscribe).
 */
export async function unsubscribe({ ctx, token }: { ctx: Ctx; token: string }): Promise<Subscriber | null> {
  const subscriber = await subscriberOfLink(ctx, token, 'manage').catch((error: unknown) => {
    if (error instanceof ErasedSubscriber) return null;
    throw error;
  });
  if (!subscriber || subscriber.unsubscribedAt) return subscriber;
  const at = ctx.now.toISOString();
  return save(ctx, { ...subscriber, unsubscribedAt: at, updatedAt: at }, 'subscriber.unsubscribe');
}

/**
 * A reader who marked our e-mail as spam (a feedback loop's complaint, services/delivery-reports.ts)
 * wants no more of it: unsubscribed, as by the link, the audit row saying why. One who never
 * confirmed (the complaint is about the confirmation e-mail) is deleted at once, as the 7-day
 * sweep would: leaving would keep them, and a fingerprint, as long as one who left. False when
 * they had already left, or are no more. A relay's report that the reader asked it for no more
 * (services/relay-events.ts) is taken the same way, its audit row saying so (`reason`).
 */
export async function unsubscribeOnComplaint(ctx: Ctx, subscriberId: string, reason: LeavingReason = 'complaint'): Promise<boolean> {
  return (await unsubscribeOnReports(ctx, new Map([[subscriberId, reason]]))) > 0;
}

export type LeavingReason = 'complaint' | 'relay_unsubscribe';

/** Readers per D1 batch: three statements each at most. */
const LEAVERS_PER_BATCH = 50;

/**
 * unsubscribeOnComplaint for every reader of `leaving` at once (a relay's request may tell of
 * hundreds): one read, then a batch per LEAVERS_PER_BATCH readers, so a burst stays far inside
 * D1's queries per invocation. How many were unsubscribed (or deleted) now.
 */
export async function unsubscribeOnReports(ctx: Ctx, leaving: ReadonlyMap<string, LeavingReason>): Promise<number> {
  if (leaving.size === 0) return 0;
  const at = ctx.now.toISOString();
  const leavers = (await findSubscribers(ctx.db, [...leaving.keys()])).filter((s) => !s.unsubscribedAt);
  for (let i = 0; i < leavers.length; i += LEAVERS_PER_BATCH) {
    await ctx.db.batch(
      leavers.slice(i, i + LEAVERS_PER_BATCH).flatMap((subscriber) => {
        const reason = leaving.get(subscriber.id);
        return subscriber.confirmedAt
          ? [
              unsubscribeStatement(ctx.db, subscriber.id, at),
              auditStatement(ctx, 'subscriber.unsubscribe', 'subscriber', subscriber.id, { reason }),
            ]
          : [
              ...deleteSubscriberStatements(ctx.db, subscriber.id),
              auditStatement(ctx, 'subscriber.delete', 'subscriber', subscriber.id, { reason }),
            ];
      }),
    );
  }
  return leavers.length;
}

/** Comes back from the manage page: the link proves the mailbox, so no new confirmation. */
export async function resubscribe({ ctx, token }: { ctx: Ctx; token: string }): Promise<Subscriber> {
  const subscriber = await subscriberOfLink(ctx, token, 'manage');
  if (isActive(subscriber)) return subscriber;
  const at = ctx.now.toISOString();
  return save(
    ctx,
    { ...subscriber, confirmedAt: subscriber.confirmedAt ?? at, unsubscribedAt: null, updatedAt: at },
    'subscriber.resubscribe',
    {},
    await forgetFingerprintStatements(ctx, subscriber.email),
  );
}

/**
 * The mailto: half of List-Unsubscribe: a mail to UNSUBSCRIBE_MAILTO whose subject carries the
 * manage token (e-mail routing hands it to the worker's email handler). False if it names no one.
 */
export async function unsubscribeByMail({ ctx, subject }: { ctx: Ctx; subject: string }): Promise<boolean> {
  const token = subject.match(MANAGE_TOKEN)?.[0];
  if (!token) return false;
  try {
    await unsubscribe({ ctx, token });
    return true;
  } catch (error) {
    if (error instanceof InvalidLink) return false;
    throw error;
  }
}
