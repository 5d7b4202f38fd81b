// Subscribers who left are kept as long as the record of what was sent to them (RETENTION_DAYS
// after they left, the while their manage link lets them come back), then erased: their address,
// language, zone and choices go, and only a keyed fingerprint of the address stays, which is all an
// import needs to refuse them. Their owner comes back through the form and its confirmation.
import { env } from 'cloudflare:test';
import { beforeEach, describe, expect, it } from 'vitest';
import { insertConfirmationStatement } from '../../src/store/deliveries';
import { eraseLeaversStatements, leaversToErase } from '../../src/store/subscribers';
import { rows, TABLES, watchD1 } from '../support/db';
import { DAY, MINUTE, ok } from '../support/harness';
import { emptyPage } from '../support/status-story';
import { FORM, formBody, linkIn, setUp, subscriberRow } from './support';

const RETENTION_DAYS = 90;

/** HMAC-SHA256 of the labelled, folded address under the worker's SIGNING_SECRET, computed here. */
async function keyed(email: string): Promise<string> {
  const secret = (env as unknown as { SIGNING_SECRET: string }).SIGNING_SECRET;
  const key = await crypto.subtle.importKey('raw', new TextEncoder().encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  const mac = await crypto.subtle.sign('HMAC', key, new TextEncoder().encode(`forewarn/erased-address/v1:${email}`));
  return btoa(String.fromCharCode(...new Uint8Array(mac)))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
}

beforeEach(emptyPage);

const ONE_CLICK = { method: 'POST', headers: { 'content-type': FORM }, body: 'List-Unsubscribe=One-Click' };

describe('subscribers who left', () => {
  it('are erased once the record of their e-mails goes, all but a keyed fingerprint; their old links and imports say so', async () => {
    const { h, post, sent, webapp } = await setUp('2026-11-21T07:00:00.000Z');
    await post('/subscribe', { email: 'Leaver@Example.com', components: [webapp.id], locale: 'fr' }, '198.51.100.50');
    const [confirmation] = await sent('leaver@example.com');
    expect((await h.fetch(linkIn(confirmation!.text, 'confirm'), { method: 'POST' })).status).toBe(200);
    ok(await h.api('POST', '/incidents', { name: 'API errors', body: 'Requests fail.', components: { [webapp.id]: 'major_outage' } }));
    const mails = await sent('leaver@example.com');
    expect(mails).toHaveLength(2);
    const manage = linkIn(mails[1]!.text, 'manage');
    const unsubscribe = manage.replace('/manage/', '/unsubscribe/');
    const { id } = (await subscriberRow('leaver@example.com'))!;

    const saved = await h.fetch(manage, {
      method: 'POST',
      headers: { 'content-type': FORM },
      body: formBody({ locale: 'fr', time_zone: 'America/Cayenne', components: webapp.id }),
    });
    expect(saved.status).toBe(200);
    h.clock.advance(DAY);
    expect((await h.fetch(unsubscribe, ONE_CLICK)).status).toBe(200);
    const leftAt = h.clock.now().toISOString();
    const audited = () =>
      rows<{ action: string; details: string }>('SELECT action, details FROM audit_log WHERE target_id = ? ORDER BY id', id);
    expect((await audited()).map((r) => r.action)).toEqual(['subscriber.confirm', 'subscriber.preferences', 'subscriber.unsubscribe']);
    expect((await audited())[1]!.details).toContain('America/Cayenne');

    // A minute short of RETENTION_DAYS: their e-mails' rows are pruned (and counted), they stay,
    // and their manage page still lets them come back.
    h.clock.advance(RETENTION_DAYS * DAY - MINUTE);
    await h.tick();
    expect(await rows('SELECT id FROM deliveries WHERE subscriber_id = ?', id)).toEqual([]);
    expect(await subscriberRow('leaver@example.com')).toMatchObject({ id, unsubscribed_at: leftAt });
    expect((await h.fetch(manage)).status).toBe(200);
    expect(await rows('SELECT * FROM erased_subscribers')).toEqual([]);

    h.clock.advance(2 * MINUTE);
    // One subscriber erased (with their one component).
    expect(await h.prune()).toEqual({
      deliveries: 0,
      webhookDeliveries: 0,
      unconfirmedSubscribers: 0,
      erasedSubscribers: 1,
      erasedBounced: 0,
    });
    expect(await subscriberRow('leaver@example.com')).toBeUndefined();
    expect(await rows('SELECT * FROM subscriber_components WHERE subscriber_id = ?', id)).toEqual([]);
    expect(await rows('SELECT * FROM erased_subscribers')).toEqual([
      { address_hash: await keyed('leaver@example.com'), unsubscribed_at: leftAt, erased_at: h.clock.now().toISOString() },
    ]);
    // Nothing in the database spells their address any more, nor keeps what they chose (the audit
    // says who did what, and when); what was sent to them is still counted.
    expect(await audited()).toEqual([
      { action: 'subscriber.confirm', details: '{}' },
      { action: 'subscriber.preferences', details: '{}' },
      { action: 'subscriber.unsubscribe', details: '{}' },
    ]);
    for (const table of TABLES) {
      expect(JSON.stringify(await rows(`SELECT * FROM ${table}`)), table).not.toMatch(/leaver@example\.com/i);
    }
    const tallies = await rows<{ status: string; count: number }>("SELECT status, count FROM pruned_deliveries WHERE channel = 'email'");
    expect(tallies).toEqual([{ status: 'sent', count: 1 }]);

    // Their old links: the manage page says so in the reader's language, with the way back; a
    // one-click unsubscribe (a mail client's) succeeds, for nobody is subscribed; changes are gone.
    const page = await h.fetch(manage, { headers: { 'accept-language': 'fr' } });
    expect(page.status).toBe(410);
    expect(page.headers.get('cache-control')).toBe('no-store');
    const html = await page.text();
    expect(html).toContain('Cette adresse n’est plus abonnée');
    expect(html).toContain('<a href="/subscribe"');
    const again = await h.fetch(unsubscribe, ONE_CLICK);
    expect(again.status).toBe(200);
    expect(await again.text()).toContain('This address is not subscribed');
    expect((await h.fetch(`${manage}/resubscribe`, { method: 'POST' })).status).toBe(410);
    const json = await h.fetch(manage, { headers: { accept: 'application/json' } });
    expect(json.status).toBe(410);
    expect(((await json.json()) as { error: { code: string } }).error.code).toBe('gone');
    expect(ok(await h.api('GET', '/subscribers')).counts).toEqual({ active: 0, pending: 0, unsubscribed: 0, erased: 1, bounced: 0 });

    // An import does not sign them up again, however the address is spelt.
    const refused = ok(
      await h.api('POST', '/subscribers/import', {
        confirmed: true,
        subscribers: [{ email: ' LEAVER@example.com ' }, { email: 'new@example.com' }],
      }),
    ).import;
    expect(refused).toMatchObject({ created: 1, updated: 0, skipped_unsubscribed: ['leaver@example.com'] });
    expect(await subscriberRow('leaver@example.com')).toBeUndefined();

    // Their owner comes back through the form; until they confirm, an import still refuses them.
    await post('/subscribe', { email: 'leaver@example.com' }, '198.51.100.51');
    const back = (await sent('leaver@example.com')).at(-1)!;
    expect(
      ok(await h.api('POST', '/subscribers/import', { confirmed: true, subscribers: [{ email: 'leaver@example.com' }] })).import,
    ).toMatchObject({
      skipped_unsubscribed: ['leaver@example.com'],
    });
    expect(await subscriberRow('leaver@example.com')).toMatchObject({ confirmed_at: null, unsubscribed_at: null });
    expect((await h.fetch(linkIn(back.text, 'confirm'), { method: 'POST' })).status).toBe(200);
    expect(await rows('SELECT * FROM erased_subscribers')).toEqual([]);
    expect((await subscriberRow('leaver@example.com'))!.confirmed_at).toBe(h.clock.now().toISOString());
    expect(ok(await h.api('POST', '/subscribers/import', { subscribers: [{ email: 'leaver@example.com' }] })).import).toMatchObject({
      updated: 1,
      skipped_unsubscribed: [],
    });
  });

  it('stay while a confirmation link sent after they left is on record', async () => {
    const { h, post, sent } = await setUp('2026-11-21T07:00:00.000Z');
    ok(await h.api('POST', '/subscribers/import', { confirmed: true, subscribers: [{ email: 'twice@example.com' }] }));
    const { id } = (await subscriberRow('twice@example.com'))!;
    await h.env.DB.prepare('UPDATE subscribers SET unsubscribed_at = ?1, updated_at = ?1 WHERE id = ?2')
      .bind(h.clock.now().toISOString(), id)
      .run();

    // A month on, someone asks for the address again: its owner is mailed a confirmation link.
    h.clock.advance(30 * DAY);
    await post('/subscribe', { email: 'twice@example.com' }, '198.51.100.52');
    expect(await sent('twice@example.com')).toHaveLength(1);

    h.clock.advance((RETENTION_DAYS - 30) * DAY + MINUTE);
    await h.tick();
    expect(await subscriberRow('twice@example.com')).toMatchObject({ id });

    h.clock.advance(30 * DAY);
    await h.tick();
    expect(await subscriberRow('twice@example.com')).toBeUndefined();
    expect(await rows('SELECT address_hash FROM erased_subscribers')).toEqual([{ address_hash: await keyed('twice@example.com') }]);
  });

  it('the sweep’s write re-checks what it read: one who came back or was sent a link stays; a second erasure keeps the later date', async () => {
    const { h } = await setUp('2026-11-21T07:00:00.000Z');
    const emails = ['back@example.com', 'asked@example.com', 'again@example.com'];
    ok(await h.api('POST', '/subscribers/import', { confirmed: true, subscribers: emails.map((email) => ({ email })) }));
    await h.env.DB.prepare("UPDATE subscribers SET unsubscribed_at = '2026-01-01T00:00:00.000Z'").run();
    // again@ left once before, was erased, came back and left again.
    await h.env.DB.prepare("INSERT INTO erased_subscribers VALUES (?, '2025-01-01T00:00:00.000Z', '2025-04-01T00:00:00.000Z')")
      .bind(await keyed('again@example.com'))
      .run();
    const read = await leaversToErase(env.DB, h.clock.now().toISOString(), 10);
    expect(read.map((l) => l.email).sort()).toEqual([...emails].sort());

    const id = async (email: string) => (await subscriberRow(email))!.id as string;
    await h.env.DB.prepare('UPDATE subscribers SET unsubscribed_at = NULL WHERE id = ?')
      .bind(await id('back@example.com'))
      .run();
    await insertConfirmationStatement(env.DB, 'd-asked', await id('asked@example.com'), h.clock.now().toISOString()).run();
    const hashed = await Promise.all(read.map(async (l) => ({ ...l, addressHash: await keyed(l.email) })));
    await env.DB.batch(eraseLeaversStatements(env.DB, hashed, h.clock.now().toISOString()));

    expect(await subscriberRow('back@example.com')).toMatchObject({ unsubscribed_at: null });
    expect(await subscriberRow('asked@example.com')).toMatchObject({ unsubscribed_at: '2026-01-01T00:00:00.000Z' });
    expect(await subscriberRow('again@example.com')).toBeUndefined();
    expect(await rows('SELECT * FROM erased_subscribers')).toEqual([
      {
        address_hash: await keyed('again@example.com'),
        unsubscribed_at: '2026-01-01T00:00:00.000Z',
        erased_at: h.clock.now().toISOString(),
      },
    ]);
  });

  it('a request for the address while the cron erases it is answered as for a new address', async () => {
    // The cron's erasure lands between the request's read of the address and its write.
    let armed = false;
    const db = watchD1(env.DB, async (statements, bound, run) => {
      if (bound.includes('race@example.com')) armed = true;
      else if (armed && statements > 1) {
        armed = false;
        await env.DB.prepare("DELETE FROM subscribers WHERE email = 'race@example.com'").run();
      }
      return run();
    });
    const { h, post, sent } = await setUp('2026-11-21T07:00:00.000Z', { db });
    ok(await h.api('POST', '/subscribers/import', { confirmed: true, subscribers: [{ email: 'race@example.com' }] }));
    const before = (await subscriberRow('race@example.com'))!;
    await h.env.DB.prepare('UPDATE subscribers SET unsubscribed_at = ? WHERE id = ?').bind(h.clock.now().toISOString(), before.id).run();

    const answer = await post('/subscribe', { email: 'race@example.com' }, '198.51.100.53');
    expect(answer.status).toBe(200);
    const now = (await subscriberRow('race@example.com'))!;
    expect(now.id).not.toBe(before.id);
    expect(now).toMatchObject({ confirmed_at: null, unsubscribed_at: null });
    const [mail] = await sent('race@example.com');
    expect((await h.fetch(linkIn(mail!.text, 'confirm'), { method: 'POST' })).status).toBe(200);
  });

  it('an operator erasing someone keeps nothing of them, the fingerprint included; by address too, whoever it was', async () => {
    const { h, post } = await setUp('2026-11-21T07:00:00.000Z');
    const emails = ['gone@example.com', 'long-gone@example.com'];
    ok(await h.api('POST', '/subscribers/import', { confirmed: true, subscribers: emails.map((email) => ({ email })) }));
    await h.env.DB.prepare('UPDATE subscribers SET unsubscribed_at = ?').bind(h.clock.now().toISOString()).run();
    h.clock.advance(RETENTION_DAYS * DAY + MINUTE);
    expect(await h.prune()).toMatchObject({ erasedSubscribers: 2 });

    // gone@ asks again (a pending row beside its fingerprint); the operator deletes that row.
    await post('/subscribe', { email: 'gone@example.com' }, '198.51.100.54');
    const pending = (await subscriberRow('gone@example.com'))!;
    expect((await h.api('DELETE', `/subscribers/${pending.id}`)).status).toBe(204);
    expect(await rows('SELECT address_hash FROM erased_subscribers')).toEqual([{ address_hash: await keyed('long-gone@example.com') }]);

    // long-gone@ has only its fingerprint, which no listing shows: forgotten by address.
    expect((await h.api('POST', '/subscribers/forget', { email: 'long-gone@example.com' }, null)).status).toBe(401);
    expect((await h.api('POST', '/subscribers/forget', { email: 'not an address' })).status).toBe(422);
    expect(ok(await h.api('POST', '/subscribers/forget', { email: ' Long-Gone@Example.com ' })).forgotten).toEqual({
      subscriber: false,
      fingerprint: true,
    });
    expect(await rows('SELECT * FROM erased_subscribers')).toEqual([]);
    expect(ok(await h.api('POST', '/subscribers/forget', { email: 'long-gone@example.com' })).forgotten).toEqual({
      subscriber: false,
      fingerprint: false,
    });
    const audit = await rows<{ details: string }>("SELECT details FROM audit_log WHERE action = 'subscriber.forget'");
    expect(audit).toHaveLength(2);
    expect(JSON.stringify(audit)).not.toMatch(/long-gone/i);

    // Nothing refuses them now.
    expect(
      ok(await h.api('POST', '/subscribers/import', { confirmed: true, subscribers: emails.map((email) => ({ email })) })).import,
    ).toMatchObject({
      created: 2,
      skipped_unsubscribed: [],
    });
    expect(ok(await h.api('GET', '/subscribers')).counts).toEqual({ active: 2, pending: 0, unsubscribed: 0, erased: 0, bounced: 0 });
  });
});
