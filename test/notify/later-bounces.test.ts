// A server that takes an e-mail and cannot deliver it afterwards sends a delivery status
// notification (RFC 3464) to the envelope sender. Forewarn's envelope sender is BOUNCE_ADDRESS
// with the delivery in its detail, Email Routing hands the report to the worker's email() handler,
// and the address is marked as a refusal at RCPT TO marks it. The reports here are the mail
// catcher's (scripts/mail-catcher.mjs), written as Postfix writes them, read by postal-mime.
import { createExecutionContext, env } from 'cloudflare:test';
import { beforeEach, describe, expect, it } from 'vitest';
import { isGoneAddress, recipientReports, reportedFailure } from '../../src/domain/bounces';
import { deliveryTagFor, returnPathFor, returnPathOwner } from '../../src/domain/return-path';
import { readConfig } from '../../src/env';
import { confirmationMail, loadMailSetting } from '../../src/notify/assemble';
import { recordSentStatement } from '../../src/store/deliveries';
import { findSubscriberByEmail } from '../../src/store/subscribers';
import { rows } from '../support/db';
import { makeCatalogue } from '../support/factories';
import { harness, MINUTE, ok } from '../support/harness';
import { mailbox } from '../support/mail';
import { routedMail } from '../support/routed-mail';
import { emptyPage } from '../support/status-story';

const RETURN_PATH = /^bounces\+([a-z0-9]+)\.[a-z2-7]{16}@forewarn\.localhost$/;

async function setUp() {
  const mail = await mailbox();
  const h = harness('2026-11-21T07:00:00.000Z', { smtpUrl: mail.smtpUrl });
  const catalogue = await makeCatalogue(h);
  const emails = ['anne@example.com', 'bob@example.com', 'carl@example.com'];
  ok(await h.api('POST', '/subscribers/import', { confirmed: true, subscribers: emails.map((email) => ({ email })) }));
  const incident = async () =>
    ok(
      await h.api('POST', '/incidents', { name: 'API errors', body: 'Requests fail.', components: { [catalogue.api.id]: 'major_outage' } }),
    ).incident;
  /** Hands a message to the worker as Email Routing would; what setReject was told, or null. */
  const route = async (to: string, raw: string) => {
    const message = routedMail({ from: 'MAILER-DAEMON@mx.example.net', to, raw });
    await h.worker.email(message, h.env, createExecutionContext());
    return message.rejected;
  };
  const state = async (email: string) =>
    (
      await rows<{ status: string; last_error: string | null; bounced_at: string | null; bounce_reason: string | null }>(
        `SELECT d.status, d.last_error, s.bounced_at, s.bounce_reason FROM deliveries d JOIN subscribers s ON s.id = d.subscriber_id
         WHERE s.email = ? AND d.purpose = 'notice' ORDER BY d.created_at DESC LIMIT 1`,
        email,
      )
    )[0];
  return { mail, h, incident, route, state, ...catalogue };
}

describe('bounces reported later', () => {
  beforeEach(emptyPage);

  it('come back to a return address per delivery, mark the address bounced and the delivery failed, once', async () => {
    const { mail, h, incident, route, state } = await setUp();
    await mail.bounceLater('bob@example.com');
    const first = await incident();
    await h.drainQueue();

    // Each e-mail went out with its own envelope sender, naming its delivery.
    const caught = await mail.messages();
    expect(caught.map((m) => m.envelope.to[0]).sort()).toEqual(['anne@example.com', 'carl@example.com']);
    const deliveries = await rows<{ id: string; email: string }>(
      "SELECT d.id, s.email FROM deliveries d JOIN subscribers s ON s.id = d.subscriber_id WHERE d.purpose = 'notice'",
    );
    for (const m of caught) {
      const [, id] = RETURN_PATH.exec(m.envelope.from ?? '') ?? [];
      expect(deliveries.find((d) => d.id === id)?.email).toBe(m.envelope.to[0]);
      // The From readers see is unchanged.
      expect(m.from).toBe('"Forewarn" <status@forewarn.localhost>');
    }

    // The relay took Bob's e-mail: sent, until his server's report comes back.
    expect(await state('bob@example.com')).toMatchObject({ status: 'sent', bounced_at: null });
    const [report] = await mail.reports();
    expect(report!.envelope.to).toMatch(RETURN_PATH);
    expect(await route(report!.envelope.to, report!.raw)).toBeNull();
    expect(await state('bob@example.com')).toEqual({
      status: 'failed',
      last_error: 'reported later: 550 5.1.1',
      bounced_at: '2026-11-21T07:00:00.000Z',
      bounce_reason: '550 5.1.1',
    });
    const bob = (await findSubscriberByEmail(env.DB, 'bob@example.com'))!;
    const audited = async () =>
      rows<{ actor: string; target_id: string; details: string }>(
        "SELECT actor, target_id, details FROM audit_log WHERE action = 'subscriber.bounce'",
      );
    expect(await audited()).toEqual([{ actor: 'notifier', target_id: bob.id, details: expect.stringContaining('"when":"later"') }]);

    // A report sent twice (servers retry) is marked once.
    h.clock.advance(MINUTE);
    expect(await route(report!.envelope.to, report!.raw)).toBeNull();
    expect(await audited()).toHaveLength(1);
    expect((await state('bob@example.com'))!.bounced_at).toBe('2026-11-21T07:00:00.000Z');
    // Nor does it mark the address again once an operator sends to it again.
    ok(await h.api('POST', '/subscribers/unbounce', {}));
    h.clock.advance(MINUTE);
    expect(await route(report!.envelope.to, report!.raw)).toBeNull();
    expect((await state('bob@example.com'))!.bounced_at).toBeNull();
    expect(await audited()).toHaveLength(1);
    await env.DB.prepare("UPDATE subscribers SET bounced_at = '2026-11-21T07:00:00.000Z', bounce_reason = '550 5.1.1' WHERE id = ?")
      .bind(bob.id)
      .run();

    // Nothing more is planned for the address.
    ok(await h.api('POST', `/incidents/${first.id}/updates`, { status: 'identified', body: 'A bad deploy.' }));
    await h.drainQueue();
    const planned = await rows<{ email: string }>(
      `SELECT s.email FROM deliveries d JOIN subscribers s ON s.id = d.subscriber_id
       WHERE d.purpose = 'notice' AND d.status = 'sent' AND d.created_at > '2026-11-21T07:00:00.000Z' ORDER BY s.email`,
    );
    expect(planned.map((r) => r.email)).toEqual(['anne@example.com', 'carl@example.com']);
  });

  it('a policy refusal fails the delivery and keeps the address; a delay, a forgery or an auto-reply changes nothing', async () => {
    const { mail, h, incident, route, state } = await setUp();
    await mail.bounceLater('bob@example.com', '4.4.1');
    await mail.bounceLater('carl@example.com', '5.7.1');
    await incident();
    await h.drainQueue();
    const reports = await mail.reports();
    const about = (email: string) => reports.find((r) => r.raw.includes(`Final-Recipient: rfc822; ${email}`))!;

    // Carl's server refused the message as spam: his delivery failed, his address is fine.
    expect(await route(about('carl@example.com').envelope.to, about('carl@example.com').raw)).toBeNull();
    expect(await state('carl@example.com')).toEqual({
      status: 'failed',
      last_error: 'reported later: 550 5.7.1',
      bounced_at: null,
      bounce_reason: null,
    });

    // Bob's is only delayed: taken, nothing marked.
    const delayed = about('bob@example.com');
    expect(delayed.raw).toContain('Action: delayed');
    expect(await route(delayed.envelope.to, delayed.raw)).toBeNull();
    expect(await state('bob@example.com')).toMatchObject({ status: 'sent', last_error: null, bounced_at: null });

    // A failure report to a return address Forewarn did not make: refused, nothing marked.
    const failed = delayed.raw.replace('Action: delayed', 'Action: failed').replace(/Status: 4\.4\.1/, 'Status: 5.1.1');
    const tag = delayed.envelope.to.split('@')[0]!.slice(-16);
    const forged = delayed.envelope.to.replace(tag, tag.endsWith('a') ? `${tag.slice(0, -1)}b` : `${tag.slice(0, -1)}a`);
    expect(await route(forged, failed)).toMatch(/No e-mail of ours/);
    expect(await route('bounces@forewarn.localhost', failed)).toMatch(/No e-mail of ours/);
    // The tag is the delivery's own: Carl's tag does not vouch for Bob's delivery.
    const carlTag = about('carl@example.com').envelope.to.split('@')[0]!.slice(-16);
    expect(await route(delayed.envelope.to.replace(tag, carlTag), failed)).toMatch(/No e-mail of ours/);
    // An out-of-office reply to the return address: taken and dropped.
    const autoReply = ['From: bob@example.com', `To: ${delayed.envelope.to}`, 'Subject: Out of office', '', 'Back on Monday.', ''].join(
      '\r\n',
    );
    expect(await route(delayed.envelope.to, autoReply)).toBeNull();
    expect(await state('bob@example.com')).toMatchObject({ status: 'sent', bounced_at: null });
    expect(await rows("SELECT id FROM audit_log WHERE action = 'subscriber.bounce'")).toEqual([]);

    // Mail to the unsubscribe address is still the unsubscribe handler's.
    expect(await route('unsubscribe@forewarn.localhost', autoReply)).toMatch(/only takes the unsubscribe requests/);
  });

  it('a report that comes back before the send is recorded still fails the delivery, and the record does not undo it', async () => {
    const { mail, h, incident, route, state } = await setUp();
    await mail.bounceLater('bob@example.com');
    await incident();
    await h.drainQueue();
    const [report] = await mail.reports();
    // As the consumer leaves a delivery between the relay's 250 and its record (SENT_GATHER_MS).
    const [bob] = await rows<{ id: string }>(
      "SELECT d.id FROM deliveries d JOIN subscribers s ON s.id = d.subscriber_id WHERE s.email = 'bob@example.com'",
    );
    await env.DB.prepare("UPDATE deliveries SET status = 'sending', lease_until = '2026-11-21T07:05:00.000Z' WHERE id = ?")
      .bind(bob!.id)
      .run();
    expect(await route(report!.envelope.to, report!.raw)).toBeNull();
    await recordSentStatement(env.DB, [{ id: bob!.id, messageId: '<m@x>', at: '2026-11-21T07:00:01.000Z' }]).run();
    expect(await state('bob@example.com')).toMatchObject({
      status: 'failed',
      last_error: 'reported later: 550 5.1.1',
      bounce_reason: '550 5.1.1',
    });
  });

  it('a reader who marks an e-mail as spam is unsubscribed, whether the complaint comes to the return address or to the bare mailbox', async () => {
    const { mail, h, incident, route } = await setUp();
    const first = await incident();
    await h.drainQueue();
    const left = async () =>
      (await rows<{ email: string }>('SELECT email FROM subscribers WHERE unsubscribed_at IS NOT NULL ORDER BY email')).map((r) => r.email);

    // Amazon SES forwards a complaint to the envelope sender, the message whole.
    await mail.complain('anne@example.com');
    // A feedback loop registered on the bare mailbox (Yahoo's) blanks the reader's address.
    await mail.complain('carl@example.com', { to: 'bounces@forewarn.localhost', redacted: true });
    const [ses, loop] = await mail.reports();
    expect(ses!.envelope.to).toMatch(RETURN_PATH);
    expect(loop!.envelope.to).toBe('bounces@forewarn.localhost');
    expect(loop!.raw).not.toContain('carl@example.com');
    expect(loop!.raw).toContain('Feedback-Type: abuse');

    // Not spam, and a complaint whose token was tampered with: taken, nothing changes.
    expect(await route(loop!.envelope.to, loop!.raw.replace('Feedback-Type: abuse', 'Feedback-Type: not-spam'))).toBeNull();
    const tampered = loop!.raw
      .replace(/(\/unsubscribe\/m\.[a-z0-9]+\.)[A-Za-z0-9_-]/, '$1A')
      .replace(/(Subject=)m\.[a-z0-9]+\.[A-Za-z0-9_-]{43}/, '$1');
    expect(tampered).not.toBe(loop!.raw);
    expect(await route(loop!.envelope.to, tampered)).toBeNull();
    expect(await left()).toEqual([]);

    expect(await route(ses!.envelope.to, ses!.raw)).toBeNull();
    expect(await route(loop!.envelope.to, loop!.raw)).toBeNull();
    expect(await left()).toEqual(['anne@example.com', 'carl@example.com']);
    expect(
      (await rows<{ actor: string; details: string }>("SELECT actor, details FROM audit_log WHERE action = 'subscriber.unsubscribe'")).map(
        (r) => [r.actor, JSON.parse(r.details)],
      ),
    ).toEqual([
      ['notifier', { reason: 'complaint' }],
      ['notifier', { reason: 'complaint' }],
    ]);
    // Twice is once.
    expect(await route(ses!.envelope.to, ses!.raw)).toBeNull();
    expect(await rows("SELECT id FROM audit_log WHERE action = 'subscriber.unsubscribe'")).toHaveLength(2);

    // Only Bob hears of the rest.
    h.clock.advance(MINUTE);
    ok(await h.api('POST', `/incidents/${first.id}/updates`, { status: 'resolved', body: 'Fixed.' }));
    await h.drainQueue();
    expect((await mail.messages()).filter((m) => m.subject === '[Resolved] API errors').map((m) => m.envelope.to[0])).toEqual([
      'bob@example.com',
    ]);
    // A bounce report to the bare mailbox names no delivery: refused.
    await mail.bounceLater('bob@example.com');
    ok(await h.api('POST', '/incidents', { name: 'Again', body: 'Again.' }));
    await h.drainQueue();
    const bounce = (await mail.reports()).at(-1)!;
    expect(await route('bounces@forewarn.localhost', bounce.raw)).toMatch(/No e-mail of ours/);
  });

  it('a complaint about a confirmation e-mail deletes the address that was never confirmed', async () => {
    const { mail, h, route } = await setUp();
    const asked = await h.fetch('/subscribe', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'cf-connecting-ip': '198.51.100.80' },
      body: new URLSearchParams({ email: 'dora@example.com', locale: 'en' }).toString(),
    });
    expect(asked.status).toBe(200);
    await h.drainQueue();
    await mail.complain('dora@example.com');
    const [complaint] = await mail.reports();
    expect(complaint!.envelope.to).toMatch(RETURN_PATH);
    expect(await route(complaint!.envelope.to, complaint!.raw)).toBeNull();
    expect(await rows("SELECT id FROM subscribers WHERE email = 'dora@example.com'")).toEqual([]);
    expect(await rows('SELECT * FROM erased_subscribers')).toEqual([]);
    expect(
      (await rows<{ action: string; details: string }>("SELECT action, details FROM audit_log WHERE action = 'subscriber.delete'")).map(
        (r) => [r.action, JSON.parse(r.details)],
      ),
    ).toEqual([['subscriber.delete', { reason: 'complaint' }]]);
  });

  it('with the Email Service the envelope sender stays MAIL_FROM: the service keeps bounces to itself', async () => {
    const h = harness('2026-11-21T07:00:00.000Z');
    ok(await h.api('POST', '/subscribers/import', { confirmed: true, subscribers: [{ email: 'anne@example.com' }] }));
    const anne = (await findSubscriberByEmail(env.DB, 'anne@example.com'))!;
    const config = readConfig(h.env);
    const now = new Date('2026-11-21T07:00:00.000Z');
    const bySmtp = await confirmationMail(await loadMailSetting(env.DB, config, 'smtp'), anne, 'd1', now);
    expect((bySmtp.envelope as { from: string }).from).toMatch(/^bounces\+d1\.[a-z2-7]{16}@forewarn\.localhost$/);
    const byService = await confirmationMail(await loadMailSetting(env.DB, config, 'email-service'), anne, 'd1', now);
    expect(byService.envelope).toBeUndefined();
    const unset = await confirmationMail(await loadMailSetting(env.DB, { ...config, BOUNCE_ADDRESS: undefined }, 'smtp'), anne, 'd1', now);
    expect(unset.envelope).toBeUndefined();
  });

  it('return addresses survive being folded to lowercase, and only the secret that made them reads them', async () => {
    const secret = 'a-secret-of-at-least-24-characters';
    const address = returnPathFor('Bounces@Status.Example.com', await deliveryTagFor(secret, 'abc123'));
    expect(address).toMatch(/^bounces\+abc123\.[a-z2-7]{16}@status\.example\.com$/);
    expect(address.split('@')[0]!.length).toBeLessThanOrEqual(64);
    expect(await returnPathOwner(secret, 'bounces@status.example.com', address.toUpperCase())).toEqual({
      kind: 'delivery',
      deliveryId: 'abc123',
    });
    expect(await returnPathOwner('another-secret-of-24-characters!', 'bounces@status.example.com', address)).toEqual({ kind: 'forged' });
    expect(await returnPathOwner(secret, 'bounces@status.example.com', 'bounces+abc123@status.example.com')).toEqual({ kind: 'forged' });
    expect(await returnPathOwner(secret, 'bounces@status.example.com', 'unsubscribe@status.example.com')).toEqual({ kind: 'other' });
    expect(await returnPathOwner(secret, 'bounces@status.example.com', address.replace('status.', 'other.'))).toEqual({ kind: 'other' });

    // The worker refuses a bounce address it could not use, on its first request.
    const configured = (BOUNCE_ADDRESS: string) => () => readConfig({ ...env, BOUNCE_ADDRESS });
    expect(configured('Bounces@Forewarn.localhost')().BOUNCE_ADDRESS).toBe('bounces@forewarn.localhost');
    expect(configured('bounces+x@forewarn.localhost')).toThrow(/BOUNCE_ADDRESS must be a bare address without "\+"/);
    expect(configured('Acme Status <bounces@forewarn.localhost>')).toThrow(/bare address/);
    expect(configured('delivery-reports@forewarn.localhost')).toThrow(/local part of at most 14 characters/);
    expect(configured('unsubscribe@forewarn.localhost')).toThrow(/BOUNCE_ADDRESS must differ from UNSUBSCRIBE_MAILTO/);
  });

  it('reads what each recipient’s block of a report says, and counts only the address’s own gone mailbox as a bounce', () => {
    const status = (block: string) => `Reporting-MTA: dns; mx.example.net\r\n\r\n${block}\r\n`;
    const read = (block: string) => reportedFailure(recipientReports(status(block)), 'B@x.example');
    expect(
      read('Final-Recipient: rfc822; b@x.example\r\nAction: failed\r\nStatus: 5.1.1\r\nDiagnostic-Code: smtp; 550 5.1.1 no such user'),
    ).toEqual({
      gone: true,
      reason: '550 5.1.1',
    });
    // Field names in any case, folded lines, comments after the action and the status; no Diagnostic-Code.
    expect(read('final-recipient: rfc822;<B@x.example>\r\nACTION: Failed (permanent)\r\nstatus:\r\n 5.2.1 (mailbox disabled)')).toEqual({
      gone: true,
      reason: '5.2.1',
    });
    // Gmail's wording of a gone mailbox, under another Diagnostic-Code type.
    expect(
      read(
        'Final-Recipient: rfc822; b@x.example\r\nAction: failed\r\nStatus: 5.1.1\r\nDiagnostic-Code: x-unix; 550-5.1.1 The email account does not exist',
      ),
    ).toEqual({
      gone: true,
      reason: '5.1.1',
    });
    // Exim gives only the class in Status: the remote server's code is in Diagnostic-Code.
    expect(
      read(
        'Final-Recipient: rfc822;b@x.example\r\nAction: failed\r\nStatus: 5.0.0\r\nDiagnostic-Code: smtp; 550 5.1.1 <b@x.example>: unknown user',
      ),
    ).toEqual({
      gone: true,
      reason: '550 5.1.1',
    });
    // No blank line after the per-message fields: the recipient's block is still read.
    expect(
      reportedFailure(
        recipientReports('Reporting-MTA: dns; mx\r\nFinal-Recipient: rfc822; b@x.example\r\nAction: failed\r\nStatus: 5.1.1\r\n'),
        'b@x.example',
      ),
    ).toEqual({
      gone: true,
      reason: '5.1.1',
    });
    // A forward or an alias: the mailbox that failed is another one; the delivery fails, the address stays.
    expect(
      read('Original-Recipient: rfc822; team@x.example\r\nFinal-Recipient: rfc822; b@x.example\r\nAction: failed\r\nStatus: 5.1.1'),
    ).toEqual({
      gone: false,
      reason: '5.1.1',
    });
    expect(read('Final-Recipient: rfc822; someone.else@y.example\r\nAction: failed\r\nStatus: 5.1.1')).toMatchObject({ gone: false });
    // Of several blocks, the one about the address.
    expect(
      read(
        'Final-Recipient: rfc822; c@x.example\r\nAction: failed\r\nStatus: 5.7.1\r\n\r\nFinal-Recipient: rfc822; b@x.example\r\nAction: failed\r\nStatus: 5.1.1',
      ),
    ).toEqual({ gone: true, reason: '5.1.1' });
    // Not the mailbox: full, a sender's code; given up after temporary failures (Postfix's queue lifetime).
    expect(
      read('Final-Recipient: rfc822; b@x.example\r\nAction: failed\r\nStatus: 5.2.2\r\nDiagnostic-Code: smtp; 552 5.2.2 Mailbox full'),
    ).toEqual({
      gone: false,
      reason: '552 5.2.2',
    });
    expect(
      read(
        'Final-Recipient: rfc822; b@x.example\r\nAction: failed\r\nStatus: 5.1.8\r\nDiagnostic-Code: smtp; 553 5.1.8 Sender address rejected',
      ),
    ).toMatchObject({
      gone: false,
    });
    expect(
      read(
        'Final-Recipient: rfc822; b@x.example\r\nAction: failed\r\nStatus: 4.4.7\r\nDiagnostic-Code: X-Postfix; delivery temporarily suspended',
      ),
    ).toEqual({
      gone: false,
      reason: '4.4.7',
    });
    expect(read('Final-Recipient: rfc822; b@x.example\r\nAction: delayed\r\nStatus: 4.4.1')).toBeNull();
    expect(read('Final-Recipient: rfc822; b@x.example\r\nAction: delivered\r\nStatus: 2.0.0')).toBeNull();
    expect(reportedFailure(recipientReports('Reporting-MTA: dns; mx.example.net\r\n'), 'b@x.example')).toBeNull();
    expect(isGoneAddress('5.1.10', '553 5.1.10 null MX')).toBe(true);
    expect(isGoneAddress('5.1.1', '550 5.1.1 Sender address rejected: User unknown')).toBe(false);
  });
});
