// A subscriber's mailbox that no longer exists (they left the company) is refused by its server at
// RCPT TO with 550 5.1.1. Mailing it on every notice is what gets a sender suspended by real
// relays, so the first such answer stops it: the address is marked bounced, fan-out plans nothing
// more for it, the operator sees it, and its owner comes back through the form and a confirmation.
// The SMTP server is the real one of scripts/mail-catcher.mjs, refusing the address as Postfix does.
import { env } from 'cloudflare:test';
import { beforeEach, describe, expect, it } from 'vitest';
import { signLink } from '../../src/domain/signed-links';
import { emailServiceFailure } from '../../src/notify/transports/email-service';
import { smtpFailure } from '../../src/notify/transports/smtp';
import { eraseBouncedStatements } from '../../src/store/subscribers';
import { adminClient, textOf } from '../admin-ui/client';
import { select, selectOne } from '../public/html';
import { FORM, formBody, linkIn } from '../subscribe/support';
import { rows } from '../support/db';
import { makeCatalogue } from '../support/factories';
import { DAY, harness, MINUTE, ok } from '../support/harness';
import { mailbox } from '../support/mail';
import { emptyPage } from '../support/status-story';

async function setUp() {
  const mail = await mailbox();
  const h = harness('2026-11-21T07:00:00.000Z', { smtpUrl: mail.smtpUrl });
  ok(await h.api('PATCH', '/page', { name: 'Acme Intel', time_zone: 'Europe/Paris' }));
  const catalogue = await makeCatalogue(h);
  const emails = ['anne@example.com', 'bob@example.com', 'carl@example.com'];
  ok(await h.api('POST', '/subscribers/import', { confirmed: true, subscribers: emails.map((email) => ({ email })) }));
  const idOf = async (email: string) => (await rows<{ id: string }>('SELECT id FROM subscribers WHERE email = ?', email))[0]!.id;
  return { mail, h, idOf, ...catalogue };
}

/** Bob's mailbox is gone when the first incident's e-mail goes out. */
async function bobBounces() {
  const set = await setUp();
  await set.mail.unknownMailbox('bob@example.com');
  const incident = ok(
    await set.h.api('POST', '/incidents', { name: 'API errors', body: 'Requests fail.', components: { [set.api.id]: 'major_outage' } }),
  ).incident;
  await set.h.drainQueue();
  return { ...set, incident };
}

const deliveredTo = async (noticeId: string) =>
  (
    await rows<{ email: string; status: string }>(
      'SELECT s.email, d.status FROM deliveries d JOIN subscribers s ON s.id = d.subscriber_id WHERE d.notice_id = ? ORDER BY s.email',
      noticeId,
    )
  ).map((r) => `${r.email} ${r.status}`);

describe('addresses that bounce', () => {
  beforeEach(emptyPage);

  it('are sent nothing more after their server refuses them, are shown as bounced, and come back by confirming again', async () => {
    const { mail, h, idOf, incident } = await bobBounces();
    const [created] = ok(await h.api('GET', `/notices?subject_type=incident&subject_id=${incident.id}`)).notices;
    expect(await deliveredTo(created.id)).toEqual(['anne@example.com sent', 'bob@example.com failed', 'carl@example.com sent']);
    const bob = await idOf('bob@example.com');
    const [row] = await rows<{ bounced_at: string; bounce_reason: string }>(
      'SELECT bounced_at, bounce_reason FROM subscribers WHERE id = ?',
      bob,
    );
    expect(row!.bounced_at).toBe('2026-11-21T07:00:00.000Z');
    // Only the codes are kept: the server's text names the address, and the delivery row holds it.
    expect(row!.bounce_reason).toBe('550 5.1.1');
    expect(await rows("SELECT actor, target_id, details FROM audit_log WHERE action = 'subscriber.bounce'")).toEqual([
      { actor: 'notifier', target_id: bob, details: expect.stringContaining('delivery_id') },
    ]);

    // The next notice is not planned for the address at all.
    h.clock.advance(10 * MINUTE);
    ok(await h.api('POST', `/incidents/${incident.id}/updates`, { status: 'identified', body: 'A bad deploy.' }));
    await h.drainQueue();
    const notices = ok(await h.api('GET', `/notices?subject_type=incident&subject_id=${incident.id}`)).notices;
    expect(await deliveredTo(notices[1].id)).toEqual(['anne@example.com sent', 'carl@example.com sent']);
    expect((await mail.messages('bob@example.com')).length).toBe(0);

    // The operator sees it: the API (write scope) and its counts.
    const listed = ok(await h.api('GET', '/subscribers')) as {
      subscribers: { email: string; state: string; bounced_at: string | null }[];
      counts: Record<string, number>;
    };
    expect(listed.subscribers.find((s) => s.email === 'bob@example.com')).toMatchObject({
      state: 'active',
      bounced_at: '2026-11-21T07:00:00.000Z',
      bounce_reason: '550 5.1.1',
    });
    expect(listed.subscribers.filter((s) => s.bounced_at !== null)).toHaveLength(1);
    expect(listed.counts).toMatchObject({ active: 3, bounced: 1 });

    // Their manage page (an old link still works) says why nothing comes, and how to get it back.
    const manage = `/manage/${await signLink(env.SIGNING_SECRET ?? '', { purpose: 'manage', subscriberId: bob })}`;
    const page = await (await h.fetch(manage)).text();
    expect((await selectOne(page, 'p.flash.error')).text).toBe(
      'Our e-mails to this address were refused by its mail server on Saturday, 21 November 2026 at 08:00 (Europe/Paris), so we stopped sending them. To receive them again, subscribe with it again on the status page and follow the link we send. Subscribe',
    );

    // Nor does it promise what comes next of the open incident: nothing comes while it bounces.
    expect(await select(page, 'section.still-open')).toEqual([]);

    // Asking through the form while the mailbox is still dead: the confirmation bounces too, and
    // the first bounce stays, audited once.
    const ask = () =>
      h.fetch('/subscribe', {
        method: 'POST',
        headers: { 'content-type': FORM, 'cf-connecting-ip': '198.51.100.70' },
        body: formBody({ email: 'bob@example.com', locale: 'en' }),
      });
    expect((await ask()).status).toBe(200);
    await h.drainQueue();
    expect(await rows('SELECT bounced_at FROM subscribers WHERE id = ?', bob)).toEqual([{ bounced_at: '2026-11-21T07:00:00.000Z' }]);
    expect(await rows("SELECT id FROM audit_log WHERE action = 'subscriber.bounce'")).toHaveLength(1);

    // The mailbox works again; its owner asks through the form and follows the link sent.
    await mail.unknownMailbox('bob@example.com', true);
    h.clock.advance(10 * MINUTE);
    expect((await ask()).status).toBe(200);
    await h.drainQueue();
    const [confirmation] = await mail.messages('bob@example.com');
    expect(confirmation!.subject).toBe('Confirm your subscription to Acme Intel');
    expect((await h.fetch(linkIn(confirmation!.text, 'confirm'), { method: 'POST' })).status).toBe(200);
    expect(await rows('SELECT bounced_at, bounce_reason FROM subscribers WHERE id = ?', bob)).toEqual([
      { bounced_at: null, bounce_reason: null },
    ]);
    const back = await (await h.fetch(manage)).text();
    expect(await select(back, 'p.flash.error')).toEqual([]);
    expect((await select(back, 'section.still-open li')).map((li) => li.text)).toEqual([expect.stringContaining('API errors')]);
    expect(
      (await rows("SELECT action FROM audit_log WHERE target_id = ? AND action LIKE 'subscriber.%' ORDER BY id", bob)).map(
        (r: any) => r.action,
      ),
    ).toEqual(['subscriber.bounce', 'subscriber.unbounce']);
    h.clock.advance(10 * MINUTE);
    ok(await h.api('POST', `/incidents/${incident.id}/updates`, { status: 'resolved', body: 'Rolled back.' }));
    await h.drainQueue();
    expect((await mail.messages('bob@example.com')).map((m) => m.subject)).toEqual([
      'Confirm your subscription to Acme Intel',
      '[Resolved] API errors',
    ]);
  });

  it('a confirmation link made before the bounce does not clear it; one made after does', async () => {
    const { mail, h, idOf, api } = await setUp();
    const bob = await idOf('bob@example.com');
    const confirmLink = async () =>
      `/confirm/${await signLink(env.SIGNING_SECRET ?? '', {
        purpose: 'confirm',
        subscriberId: bob,
        expires: Math.floor((h.clock.now().getTime() + 7 * 24 * 60 * MINUTE) / 1000),
      })}`;
    // A link from before (the one a forwarded e-mail carried, say), then the mailbox goes.
    const before = await confirmLink();
    h.clock.advance(10 * MINUTE);
    await mail.unknownMailbox('bob@example.com');
    ok(await h.api('POST', '/incidents', { name: 'API errors', body: 'Requests fail.', components: { [api.id]: 'major_outage' } }));
    await h.drainQueue();
    for (const method of ['GET', 'POST']) {
      const response = await h.fetch(before, { method });
      expect(response.status, method).toBe(404);
      expect(await response.text()).toContain('This link is not valid, or it has expired.');
    }
    expect(await rows('SELECT bounced_at FROM subscribers WHERE id = ?', bob)).toEqual([{ bounced_at: '2026-11-21T07:10:00.000Z' }]);
    h.clock.advance(MINUTE);
    expect((await h.fetch(await confirmLink(), { method: 'POST' })).status).toBe(200);
    expect(await rows('SELECT bounced_at FROM subscribers WHERE id = ?', bob)).toEqual([{ bounced_at: null }]);
  });

  it('are erased once the record of their last e-mail is, without a fingerprint: an import may bring them back', async () => {
    const { h, idOf } = await bobBounces();
    const bob = await idOf('bob@example.com');
    expect((await rows("SELECT id FROM audit_log WHERE target_id = ? AND details != '{}'", bob)).length).toBeGreaterThan(0);
    // The bounced e-mail's row is kept RETENTION_DAYS (90 here), and the address with it.
    h.clock.advance(89 * DAY);
    expect(await h.prune()).toMatchObject({ deliveries: 0, erasedBounced: 0 });
    h.clock.advance(2 * DAY);
    expect(await h.prune()).toMatchObject({ deliveries: 3, erasedSubscribers: 0, erasedBounced: 1 });
    expect(await rows('SELECT email FROM subscribers ORDER BY email')).toEqual([
      { email: 'anne@example.com' },
      { email: 'carl@example.com' },
    ]);
    // What their audit rows held about them goes; that they bounced stays, without whom.
    expect(await rows("SELECT action, details FROM audit_log WHERE target_id = ? AND details != '{}'", bob)).toEqual([]);
    expect(await rows("SELECT action FROM audit_log WHERE action = 'subscriber.bounce' AND target_id = ?", bob)).toEqual([
      { action: 'subscriber.bounce' },
    ]);
    expect(await rows('SELECT * FROM erased_subscribers')).toEqual([]);
    expect(
      ok(await h.api('POST', '/subscribers/import', { confirmed: true, subscribers: [{ email: 'bob@example.com' }] })).import,
    ).toMatchObject({
      created: 1,
      skipped_unsubscribed: [],
    });
  });

  it('an operator who imports a bounced address again keeps it a retention period more', async () => {
    const { h } = await bobBounces();
    h.clock.advance(80 * DAY);
    expect(
      ok(await h.api('POST', '/subscribers/import', { confirmed: true, subscribers: [{ email: 'bob@example.com' }] })).import,
    ).toMatchObject({
      bounced: ['bob@example.com'],
    });
    h.clock.advance(11 * DAY);
    expect(await h.prune()).toMatchObject({ deliveries: 3, erasedBounced: 0 });
    h.clock.advance(80 * DAY);
    expect(await h.prune()).toMatchObject({ erasedBounced: 1 });
    expect(await rows("SELECT id FROM subscribers WHERE email = 'bob@example.com'")).toEqual([]);
  });

  it('the cron finds bounced addresses by their index, not by reading every subscriber', async () => {
    await env.DB.prepare(
      `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 5000)
       INSERT INTO subscribers (id, email, locale, time_zone, all_components, source, created_at, updated_at, confirmed_at, bounced_at)
       SELECT 'sub' || i, 'reader' || i || '@example.com', 'en', 'Europe/Paris', 1, 'import', '2026-01-01', '2026-01-01', '2026-01-01',
         CASE WHEN i % 1000 = 0 THEN '2026-01-02T00:00:00.000Z' END FROM n`,
    ).run();
    const [redact, erase] = await env.DB.batch(eraseBouncedStatements(env.DB, '2026-06-01T00:00:00.000Z', 500));
    expect(erase!.results).toHaveLength(5);
    expect(redact!.meta.rows_read + erase!.meta.rows_read).toBeLessThan(100);
  });

  it('an operator sends to them again once a wrong bounce is understood: all, or since a moment; audited', async () => {
    const { mail, h, idOf, incident } = await bobBounces();
    expect(ok(await h.api('GET', '/subscribers/counts')).counts.bounced).toBe(1);
    await mail.unknownMailbox('bob@example.com', true);

    // Importing the address again takes its choices and says it still bounces.
    expect(
      ok(await h.api('POST', '/subscribers/import', { confirmed: true, subscribers: [{ email: 'Bob@example.com', locale: 'fr' }] })).import,
    ).toEqual({ created: 0, updated: 1, skipped_unsubscribed: [], bounced: ['bob@example.com'], confirmations_sent: 0 });
    expect(await rows('SELECT locale, bounce_reason FROM subscribers WHERE id = ?', await idOf('bob@example.com'))).toEqual([
      { locale: 'fr', bounce_reason: '550 5.1.1' },
    ]);

    // Since a moment after the bounce: nothing to clear.
    expect(ok(await h.api('POST', '/subscribers/unbounce', { since: '2026-11-21T08:01:00+01:00' }))).toEqual({ cleared: 0 });
    // The admin UI: the badge, and for a write session the button, which clears it.
    const admin = adminClient(h);
    await admin.signIn();
    const listed = await admin.get('/admin/subscribers');
    expect(textOf(listed.html)).toMatch(/bob@example\.com Active Bounced/);
    const added = await admin.post('/admin/subscribers/add', {
      email: 'bob@example.com',
      locale: 'en',
      time_zone: 'Europe/Paris',
      consent: 'confirmed',
    });
    expect(textOf(added.html)).toContain(
      'bob@example.com was already a subscriber: their language, time zone and components are updated. Their address bounced: nothing is sent to it until they confirm again or you send to bounced addresses again.',
    );
    expect(listed.html).toContain('action="/admin/subscribers/unbounce"');
    const cleared = await admin.post('/admin/subscribers/unbounce');
    expect(textOf(/<p class="notice-ok" role="status" id="unbounce-result">([\s\S]*?)<\/p>/.exec(cleared.html)?.[1] ?? '')).toBe(
      '1 bounced address is sent to again.',
    );
    expect(cleared.html).not.toContain('action="/admin/subscribers/unbounce"');
    expect(await rows('SELECT bounced_at FROM subscribers WHERE id = ?', await idOf('bob@example.com'))).toEqual([{ bounced_at: null }]);
    expect(ok(await h.api('POST', '/subscribers/unbounce', {}))).toEqual({ cleared: 0 });
    expect((await h.api('POST', '/subscribers/unbounce', { since: 'yesterday' })).status).toBe(422);
    const reader = ok(await h.api('POST', '/tokens', { name: 'wallboard', scope: 'read' })).token;
    expect((await h.api('POST', '/subscribers/unbounce', {}, reader.secret)).status).toBe(403);
    expect(
      (await rows<{ details: string }>("SELECT details FROM audit_log WHERE action = 'subscriber.unbounce' ORDER BY id")).map((r) =>
        JSON.parse(r.details),
      ),
    ).toEqual([{ since: '2026-11-21T07:01:00.000Z' }, { since: null }, { since: null }]);

    h.clock.advance(10 * MINUTE);
    ok(await h.api('POST', `/incidents/${incident.id}/updates`, { status: 'resolved', body: 'Rolled back.' }));
    await h.drainQueue();
    expect((await mail.messages('bob@example.com')).map((m) => m.subject)).toEqual(['[Resolved] API errors']);
  });

  it('is not what a refusal of the sender at MAIL FROM is: that fails one e-mail and keeps every address', async () => {
    const { mail, h, api } = await setUp();
    await mail.fail(1, 550);
    ok(await h.api('POST', '/incidents', { name: 'API errors', body: 'Requests fail.', components: { [api.id]: 'major_outage' } }));
    await h.drainQueue();
    const failed = await rows<{ subscriber_id: string; last_error: string }>(
      "SELECT subscriber_id, last_error FROM deliveries WHERE status = 'failed'",
    );
    expect(failed).toHaveLength(1);
    expect(failed[0]!.last_error).toMatch(/5\.7\.1 .*Sender address rejected/);
    expect(await rows('SELECT email FROM subscribers WHERE bounced_at IS NOT NULL')).toEqual([]);
    expect(await rows("SELECT id FROM audit_log WHERE action = 'subscriber.bounce'")).toEqual([]);
  });

  it('are told from other refusals by the RCPT TO stage and the enhanced status code, and by the Email Service suppression list', () => {
    const smtp = (fields: Record<string, unknown>) => smtpFailure(Object.assign(new Error('refused'), fields));
    const rcpt = (response: string) =>
      smtp({ code: 'EENVELOPE', command: 'RCPT TO', responseCode: Number(response.slice(0, 3)), response });
    expect(rcpt('550 5.1.1 <a@b.example>: Recipient address rejected: User unknown').undeliverable).toBe(true);
    expect(rcpt('550-5.1.1 The email account that you tried to reach does not exist.').undeliverable).toBe(true);
    expect(rcpt('552 5.2.1 The email account that you tried to reach is disabled.').undeliverable).toBe(true);
    expect(rcpt('553 5.1.10 Recipient address has null MX').undeliverable).toBe(true);
    // Our sender refused at RCPT TO, as Postfix does by default: marking these would bounce every subscriber.
    expect(rcpt('554 5.1.8 <status@example.com>: Sender address rejected: Domain not found').undeliverable).toBe(false);
    expect(rcpt('550 5.1.7 <status@example.com>: undeliverable address').undeliverable).toBe(false);
    expect(rcpt('550 5.1.0 <status@example.com>: User unknown in local recipient table').undeliverable).toBe(false);
    expect(rcpt('550 5.1.1 <status@example.com>: Sender address rejected: User unknown').undeliverable).toBe(false);
    // Policy, not the mailbox: relaying denied, a blocklisted sender; and a bare 550 without an enhanced code.
    expect(rcpt('550 5.7.1 Relaying denied').undeliverable).toBe(false);
    expect(rcpt('554 5.7.1 Service unavailable; Client host blocked').undeliverable).toBe(false);
    expect(rcpt('550 No such user here').undeliverable).toBe(false);
    // A temporary refusal of the mailbox (full, greylisted) is tried again, never a bounce.
    expect(rcpt('452 4.2.2 Mailbox full').kind).not.toBe('rejected');
    // The message refused after DATA, or the sender at MAIL FROM: another address would meet it too.
    expect(smtp({ code: 'EMESSAGE', command: 'DATA', responseCode: 554, response: '554 5.1.1 rejected' }).undeliverable).toBe(false);
    expect(smtp({ code: 'EENVELOPE', command: 'MAIL FROM', responseCode: 550, response: '550 5.1.0 sender rejected' }).undeliverable).toBe(
      false,
    );

    const service = (code: string) => emailServiceFailure(Object.assign(new Error('refused'), { code }));
    expect(service('E_RECIPIENT_SUPPRESSED')).toMatchObject({ kind: 'rejected', undeliverable: true });
    expect(service('E_RECIPIENT_NOT_ALLOWED')).toMatchObject({ kind: 'rejected', undeliverable: false });
    expect(service('E_CONTENT_TOO_LARGE').undeliverable).toBe(false);
  });
});
