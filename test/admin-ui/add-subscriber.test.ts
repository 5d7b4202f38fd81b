import { env } from 'cloudflare:test';
import { beforeEach, describe, expect, it } from 'vitest';
import { signLink } from '../../src/domain/signed-links';
import { fingerprint, rows } from '../support/db';
import { makeCatalogue } from '../support/factories';
import { harness, ok } from '../support/harness';
import { emptyPage } from '../support/status-story';
import { adminClient, textOf } from './client';

async function setUp() {
  const h = harness('2026-11-20T09:00:00.000Z');
  ok(await h.api('PATCH', '/page', { time_zone: 'Europe/Paris' }));
  const catalogue = await makeCatalogue(h);
  const admin = adminClient(h);
  await admin.signIn();
  return { h, admin, ...catalogue };
}

const resultOf = (html: string) => textOf(/<p class="[^"]+" role="status" id="add-result">([\s\S]*?)<\/p>/.exec(html)?.[1] ?? '').trim();

describe('adding one subscriber in the admin UI', () => {
  beforeEach(emptyPage);

  it('the form starts in the page’s language and zone; a subscriber who agreed elsewhere is active at once, for the components ticked', async () => {
    const { h, admin, crawlers, api } = await setUp();
    const page = await admin.get('/admin/subscribers');
    expect(page.html).toContain('action="/admin/subscribers/add"');
    expect(page.html).toMatch(/<select id="add-locale" name="locale"[^>]*><option value="en" selected="">English/);
    expect(page.html).toMatch(/<option value="Europe\/Paris" selected="">/);

    const res = await admin.post('/admin/subscribers/add', {
      email: ' Anne@Example.com ',
      locale: 'fr',
      time_zone: 'America/Montreal',
      components: [crawlers.id, api.id],
      consent: 'confirmed',
    });
    expect(res.status).toBe(200);
    expect(resultOf(res.html)).toBe('Anne@Example.com is added and active.');
    const [anne] = ok(await h.api('GET', '/subscribers')).subscribers;
    expect(anne).toMatchObject({ email: 'anne@example.com', state: 'active', locale: 'fr', time_zone: 'America/Montreal' });
    expect([...anne.components].sort()).toEqual([crawlers.id, api.id].sort());
    expect(await rows('SELECT purpose FROM deliveries')).toEqual([]);
    expect(await rows("SELECT actor, action, details FROM audit_log WHERE target_type = 'subscriber'")).toEqual([
      {
        actor: 'admin-token',
        action: 'subscriber.import',
        details: JSON.stringify({ created: 1, updated: 0, skipped: 0, bounced: 0, confirmed: true }),
      },
    ]);
  });

  it('by default a confirmation e-mail is sent and the subscriber waits for it; a known address is updated, one that left is not signed up again', async () => {
    const { h, admin } = await setUp();
    await admin.get('/admin/subscribers');
    const res = await admin.post('/admin/subscribers/add', {
      email: 'bob@example.com',
      locale: 'en',
      time_zone: 'Europe/Paris',
      consent: 'send_confirmation',
    });
    expect(resultOf(res.html)).toBe('bob@example.com is added; a confirmation e-mail is on its way.');
    const [bob] = ok(await h.api('GET', '/subscribers')).subscribers;
    expect(bob).toMatchObject({ state: 'pending', components: null });
    expect(await rows('SELECT purpose, subscriber_id FROM deliveries')).toEqual([{ purpose: 'confirmation', subscriber_id: bob.id }]);
    expect(h.notify.sent.length).toBeGreaterThan(0);

    const again = await admin.post('/admin/subscribers/add', {
      email: 'bob@example.com',
      locale: 'fr',
      time_zone: 'Europe/Paris',
      consent: 'confirmed',
    });
    expect(resultOf(again.html)).toBe('bob@example.com was already a subscriber: their language, time zone and components are updated.');
    expect(ok(await h.api('GET', `/subscribers/${bob.id}`)).subscriber.locale).toBe('fr');

    await env.DB.prepare("UPDATE subscribers SET unsubscribed_at = '2026-11-19T00:00:00.000Z' WHERE id = ?").bind(bob.id).run();
    const left = await admin.post('/admin/subscribers/add', {
      email: 'bob@example.com',
      locale: 'en',
      time_zone: 'Europe/Paris',
      consent: 'confirmed',
    });
    expect(left.status).toBe(200);
    expect(resultOf(left.html)).toContain('bob@example.com unsubscribed earlier: Forewarn does not sign up again someone who left.');
    expect(ok(await h.api('GET', `/subscribers/${bob.id}`)).subscriber.state).toBe('unsubscribed');
  });

  it('refuses a bad address, zone, language or component at its field (422), writing nothing', async () => {
    const { h, admin } = await setUp();
    await admin.get('/admin/subscribers');
    const before = await fingerprint();
    const bad = await admin.post('/admin/subscribers/add', {
      email: 'not-an-address',
      locale: 'de',
      time_zone: 'Mars/Olympus',
      consent: 'confirmed',
    });
    expect(bad.status).toBe(422);
    expect(bad.html).toMatch(/id="add-email-error">Enter an e-mail address, such as name@example\.com\.</);
    expect(bad.html).toMatch(/id="add-locale-error">Choose one of the offered values\.</);
    expect(bad.html).toMatch(/id="add-time_zone-error">Choose a time zone from the list, such as Europe\/Paris\.</);
    expect(bad.html).toContain('value="not-an-address"');
    const gone = await admin.post('/admin/subscribers/add', {
      email: 'c@example.com',
      locale: 'en',
      components: 'zzz404',
      consent: 'confirmed',
    });
    expect(gone.status).toBe(422);
    expect(textOf(gone.html)).toContain('A component on this form no longer exists (zzz404). Reload the page and try again.');
    expect(textOf(gone.html)).not.toMatch(/invalid_format|subscribers\.0/);
    // A post without the form's CSRF token, or without a session, is refused too.
    const fine = { email: 'd@example.com', locale: 'en', consent: 'confirmed' };
    expect((await admin.post('/admin/subscribers/add', fine, false)).status).toBe(403);
    expect((await adminClient(h).post('/admin/subscribers/add', fine, false)).status).toBe(401);
    expect(await fingerprint()).toEqual(before);
  });

  it('a read session sees the counts, not the addresses, no form nor remove button, and its add is refused (403)', async () => {
    const { h } = await setUp();
    ok(await h.api('POST', '/subscribers/import', { subscribers: [{ email: 'dora@example.com' }], confirmed: true }));
    const token = ok(await h.api('POST', '/tokens', { name: 'auditor', scope: 'read' })).token;
    const reader = adminClient(h);
    await reader.signIn(token.secret);
    const page = await reader.get('/admin/subscribers');
    expect(page.status).toBe(200);
    expect(textOf(page.html)).toContain('1 active, 0 awaiting confirmation, 0 unsubscribed');
    expect(textOf(page.html)).toContain('Their addresses are personal data, shown only to sessions that may write');
    expect(page.html).not.toContain('dora@example.com');
    expect(page.html).not.toContain('export.csv');
    expect(page.html).not.toMatch(/name="q"/);
    // A search in the URL finds nothing either.
    expect((await reader.get('/admin/subscribers?q=dora')).html).not.toContain('dora@example.com');
    const refused = await reader.get('/admin/subscribers/export.csv');
    expect(refused.status).toBe(403);
    expect(textOf(refused.html)).toContain('This needs a write token, so it is not shown.');
    // The audit log shows a read session what subscribers did, not who nor their choices.
    const [dora] = await rows<{ id: string }>("SELECT id FROM subscribers WHERE email = 'dora@example.com'");
    const manage = `/manage/${await signLink(env.SIGNING_SECRET ?? '', { purpose: 'manage', subscriberId: dora!.id })}`;
    const saved = await h.fetch(manage, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ locale: 'fr', time_zone: 'America/Cayenne' }).toString(),
    });
    expect(saved.status).toBe(200);
    const readAudit = await reader.get('/admin/audit');
    expect(textOf(readAudit.html)).toContain('subscriber.preferences');
    expect(readAudit.html).not.toMatch(/America\/Cayenne|Cayenne/);
    expect(readAudit.html).not.toContain(dora!.id);
    // A write session sees them.
    const writer = adminClient(h);
    await writer.signIn(ok(await h.api('POST', '/tokens', { name: 'support desk', scope: 'write' })).token.secret);
    expect((await writer.get('/admin/subscribers')).html).toContain('dora@example.com');
    expect((await writer.get('/admin/subscribers/export.csv')).html).toContain('dora@example.com');
    expect((await writer.get('/admin/audit')).html).toMatch(/Cayenne/);
    expect(page.html).not.toMatch(/action="\/admin\/subscribers\/(add|import|forget|\w+\/delete)"/);
    const before = await fingerprint();
    expect((await reader.post('/admin/subscribers/add', { email: 'eve@example.com', consent: 'confirmed' })).status).toBe(403);
    expect((await reader.post('/admin/subscribers/forget', { email: 'dora@example.com' })).status).toBe(403);
    expect(await fingerprint()).toEqual(before);
  });
});

const forgetResultOf = (html: string) =>
  textOf(/<p class="notice-ok" role="status" id="forget-result">([\s\S]*?)<\/p>/.exec(html)?.[1] ?? '').trim();

describe('erasing an address in the admin UI', () => {
  beforeEach(emptyPage);

  it('erases a subscriber, or the fingerprint of one erased since they left, by address; says what it found; refuses what is not an address', async () => {
    const { h, admin } = await setUp();
    ok(
      await h.api('POST', '/subscribers/import', {
        confirmed: true,
        subscribers: [{ email: 'left@example.com' }, { email: 'stays@example.com' }],
      }),
    );
    await h.env.DB.prepare("UPDATE subscribers SET unsubscribed_at = ? WHERE email = 'left@example.com'")
      .bind(h.clock.now().toISOString())
      .run();
    h.clock.advance(91 * 24 * 3_600_000);
    expect(await h.prune()).toMatchObject({ erasedSubscribers: 1 });
    await admin.signIn(); // the session of three months ago has ended

    const page = await admin.get('/admin/subscribers');
    expect(page.status).toBe(200);
    expect(page.html).toContain(
      '1 active, 0 awaiting confirmation, 0 unsubscribed (and 1 erased since they left: only a fingerprint of each address is kept',
    );
    expect(page.html).toContain('action="/admin/subscribers/forget"');

    const before = await fingerprint();
    const refused = await admin.post('/admin/subscribers/forget', { email: 'left at example' });
    expect(refused.status).toBe(422);
    expect(refused.html).toMatch(/id="forget-email-error">Enter an e-mail address, such as name@example\.com\.</);
    expect(await fingerprint()).toEqual(before);

    const gone = await admin.post('/admin/subscribers/forget', { email: ' Left@Example.com ' });
    expect(gone.status).toBe(200);
    expect(forgetResultOf(gone.html)).toBe('Left@Example.com is erased: the fingerprint kept since it left.');
    expect(await rows('SELECT * FROM erased_subscribers')).toEqual([]);

    const stays = await admin.post('/admin/subscribers/forget', { email: 'stays@example.com' });
    expect(forgetResultOf(stays.html)).toBe('stays@example.com is erased: its subscriber.');
    expect(ok(await h.api('GET', '/subscribers')).subscribers).toEqual([]);

    const nobody = await admin.post('/admin/subscribers/forget', { email: 'stays@example.com' });
    expect(forgetResultOf(nobody.html)).toBe('Nothing was kept of stays@example.com.');
    const audit = await rows<{ actor: string; details: string }>("SELECT actor, details FROM audit_log WHERE action = 'subscriber.forget'");
    expect(audit.map((a) => a.actor)).toEqual(['admin-token', 'admin-token', 'admin-token']);
    expect(JSON.stringify(audit)).not.toMatch(/example\.com/i);
  });
});
