// What operators do with subscribers: import (existing customers, with or without opt-in) and delete.
import { z } from 'zod';
import { NotFound } from '../domain/errors';
import { LOCALES } from '../domain/model';
import { normalizeEmail } from '../domain/subscribers';
import type { Ctx } from '../env';
import { enqueueDeliveries } from '../notify/messages';
import { auditStatement } from '../store/audit';
import { insertConfirmationsStatement } from '../store/deliveries';
import {
  clearBouncesSinceStatement,
  deleteSubscriberStatements,
  findSubscriber,
  findSubscriberByEmail,
  listSubscribersByEmail,
} from '../store/subscribers';
import { loadComponents } from './affected';
import { erasedAddresses, forgetFingerprintStatements } from './fingerprints';
import { getPage } from './page';
import { ComponentIds, EmailAddress, TimeZone } from './subscriptions';

export const ImportInput = z.strictObject({
  subscribers: z
    .array(
      z.strictObject({
        email: EmailAddress,
        locale: z.enum(LOCALES).optional(),
        time_zone: TimeZone.optional(),
        components: ComponentIds,
      }),
    )
    .min(1)
    .max(1000),
  /** true: they already agreed elsewhere (existing customers); no confirmation e-mail. */
  confirmed: z.boolean().default(false),
});
export type ImportInput = z.infer<typeof ImportInput>;

export interface ImportReport {
  created: number;
  updated: number;
  /** Addresses that unsubscribed, on record or erased since: an import never signs them up again. */
  skipped_unsubscribed: string[];
  /**
   * Addresses on record as bounced, counted in `updated`: their choices are taken, and still
   * nothing is sent to them until they confirm again or an operator sends to them again.
   */
  bounced: string[];
  confirmations_sent: number;
}

/**
 * Imports a list in a constant number of statements (the rows travel as JSON). New addresses are
 * created; known ones take the imported preferences; addresses that left stay gone. Without
 * `confirmed`, every address not yet confirmed gets a confirmation e-mail and nothing else.
 */
export async function importSubscribers({ ctx, input }: { ctx: Ctx; input: ImportInput }): Promise<ImportReport> {
  const at = ctx.now.toISOString();
  await loadComponents(
    ctx,
    input.subscribers.flatMap((s) => s.components),
  );
  const page = await getPage(ctx);
  const rows = new Map(input.subscribers.map((s) => [normalizeEmail(s.email), s]));
  const known = new Map((await listSubscribersByEmail(ctx.db, [...rows.keys()])).map((s) => [s.email, s]));
  const erased = await erasedAddresses(ctx, [...rows.keys()]);

  const report: ImportReport = { created: 0, updated: 0, skipped_unsubscribed: [], bounced: [], confirmations_sent: 0 };
  const records: unknown[] = [];
  const confirmations: { deliveryId: string; subscriberId: string }[] = [];
  for (const [email, row] of rows) {
    const existing = known.get(email);
    // Left, whether still on record or erased since (a fingerprint is all that is left of them; an
    // address their owner typed into the form again is refused too until that owner confirms).
    if (existing?.unsubscribedAt || erased.has(email)) {
      report.skipped_unsubscribed.push(email);
      continue;
    }
    const id = existing?.id ?? ctx.newId();
    const confirmedAt = existing?.confirmedAt ?? (input.confirmed ? at : null);
    if (existing) report.updated += 1;
    else report.created += 1;
    // A pending one is sent a confirmation, which clears the bounce once followed.
    if (existing?.bouncedAt && confirmedAt) report.bounced.push(email);
    records.push({
      id,
      email,
      locale: row.locale ?? existing?.locale ?? page.defaultLocale,
      time_zone: row.time_zone ?? existing?.timeZone ?? page.timeZone,
      all_components: row.components.length === 0 ? 1 : 0,
      components: row.components,
      confirmed_at: confirmedAt,
    });
    if (!confirmedAt) confirmations.push({ deliveryId: ctx.newId(), subscriberId: id });
  }
  report.confirmations_sent = confirmations.length;

  const json = JSON.stringify(records);
  await ctx.db.batch([
    ctx.db
      .prepare(
        `INSERT INTO subscribers (id, email, locale, time_zone, all_components, source, created_at, updated_at, confirmed_at)
         SELECT json_extract(value, '$.id'), json_extract(value, '$.email'), json_extract(value, '$.locale'),
           json_extract(value, '$.time_zone'), json_extract(value, '$.all_components'), 'import', ?2, ?2,
           json_extract(value, '$.confirmed_at')
         FROM json_each(?1) WHERE true
         ON CONFLICT (id) DO UPDATE SET locale = excluded.locale, time_zone = excluded.time_zone,
           all_components = excluded.all_components, confirmed_at = excluded.confirmed_at, updated_at = excluded.updated_at`,
      )
      .bind(json, at),
    ctx.db
      .prepare(`DELETE FROM subscriber_components WHERE subscriber_id IN (SELECT json_extract(value, '$.id') FROM json_each(?))`)
      .bind(json),
    ctx.db
      .prepare(
        `INSERT INTO subscriber_components (subscriber_id, component_id)
         SELECT json_extract(r.value, '$.id'), c.value FROM json_each(?) r, json_each(r.value, '$.components') c`,
      )
      .bind(json),
    insertConfirmationsStatement(ctx.db, confirmations, at),
    auditStatement(ctx, 'subscriber.import', 'subscriber', null, {
      created: report.created,
      updated: report.updated,
      skipped: report.skipped_unsubscribed.length,
      bounced: report.bounced.length,
      confirmed: input.confirmed,
    }),
  ]);
  await enqueueDeliveries(
    ctx.env.NOTIFY,
    confirmations.map((c) => c.deliveryId),
  );
  return report;
}

/**
 * Erases a subscriber (the right to erasure): their row, choices and delivery history, what their
 * audit rows held, and their address's fingerprint if they had left before. An import may then
 * sign the address up again.
 */
export async function deleteSubscriber({ ctx, id }: { ctx: Ctx; id: string }): Promise<void> {
  const subscriber = await findSubscriber(ctx.db, id);
  if (!subscriber) throw new NotFound('Subscriber', id);
  await ctx.db.batch([
    ...deleteSubscriberStatements(ctx.db, id),
    ...(await forgetFingerprintStatements(ctx, subscriber.email)),
    auditStatement(ctx, 'subscriber.delete', 'subscriber', id),
  ]);
}

export const ForgetInput = z.strictObject({ email: EmailAddress });
export type ForgetInput = z.infer<typeof ForgetInput>;

export interface ForgetReport {
  /** A subscriber had this address (and is deleted). */
  subscriber: boolean;
  /** The address had a fingerprint, erased since it left (and it is removed). */
  fingerprint: boolean;
}

/**
 * Erases whatever is kept of an address, by the address: its subscriber if any, as
 * deleteSubscriber does, and its fingerprint, which no listing can show (an erasure request from
 * someone who left long ago). Asking for an address nothing is kept of is no error. The audit row
 * names the subscriber's id, never the address.
 */
export async function forgetAddress({ ctx, input }: { ctx: Ctx; input: ForgetInput }): Promise<ForgetReport> {
  const email = normalizeEmail(input.email);
  const [subscriber, erased] = await Promise.all([findSubscriberByEmail(ctx.db, email), erasedAddresses(ctx, [email])]);
  const report: ForgetReport = { subscriber: subscriber !== null, fingerprint: erased.has(email) };
  await ctx.db.batch([
    ...(subscriber ? deleteSubscriberStatements(ctx.db, subscriber.id) : []),
    ...(await forgetFingerprintStatements(ctx, email)),
    auditStatement(ctx, 'subscriber.forget', 'subscriber', subscriber?.id ?? null, report),
  ]);
  return report;
}

export const UnbounceInput = z.strictObject({
  since: z.iso
    .datetime({ offset: true })
    .optional()
    .describe('only the bounces marked at or after this moment (those a misconfigured relay caused); none: every bounce'),
});
export type UnbounceInput = z.infer<typeof UnbounceInput>;

/**
 * Sends to bounced addresses again: for bounces a relay reported wrongly (a setting of ours it
 * refused as if it were the address), once the cause is fixed. Audited with how many.
 */
export async function clearBounces({ ctx, input }: { ctx: Ctx; input: UnbounceInput }): Promise<{ cleared: number }> {
  const since = input.since ? new Date(input.since).toISOString() : null;
  const [cleared] = await ctx.db.batch<{ id: string }>([
    clearBouncesSinceStatement(ctx.db, since),
    auditStatement(ctx, 'subscriber.unbounce', 'subscriber', null, { since }),
  ]);
  return { cleared: cleared?.results.length ?? 0 };
}
