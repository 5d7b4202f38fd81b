// Relays that send from an envelope sender of their own (Brevo, Mailjet, Postmark) report bounces
// and complaints by webhook. Each e-mail Forewarn sends through SMTP carries its delivery's signed
// name in the header each relay listed in RELAY_EVENTS hands back; POST /hooks/relay/<relay>, with
// RELAY_WEBHOOK_SECRET in the URL's credentials, marks what the events say. The events here are
// written as each relay's documentation shows them; the e-mails are the real SMTP server's.
import { env } from 'cloudflare:test';
import { beforeEach, describe, expect, it } from 'vitest';
import { deliveryTagFor } from '../../src/domain/return-path';
import { readConfig } from '../../src/env';
import { loadMailSetting } from '../../src/notify/assemble';
import { findSubscriberByEmail } from '../../src/store/subscribers';
import { adminClient, textOf } from '../admin-ui/client';
import { rows } from '../support/db';
import { makeCatalogue } from '../support/factories';
import { harness, MINUTE, ok } from '../support/harness';
import { headerValues, mailbox } from '../support/mail';
import { mailgunSignature } from '../support/mailgun';
import { emptyPage } from '../support/status-story';

const SECRET = 'relay-webhook-secret-0123456789abcdef';
const RELAY_VARS = { RELAY_EVENTS: 'brevo, mailjet,postmark,SendGrid,mailgun', RELAY_WEBHOOK_SECRET: SECRET };
const TAG = /^[a-z0-9]+\.[a-z2-7]{16}$/;

const basic = (password: string, user = 'forewarn') => `Basic ${btoa(`${user}:${password}`)}`;

async function setUp(vars: Record<string, string> = RELAY_VARS) {
  const mail = await mailbox();
  const h = harness('2026-11-21T07:00:00.000Z', { smtpUrl: mail.smtpUrl, vars });
  const catalogue = await makeCatalogue(h);
  const emails = ['anne@example.com', 'bob@example.com', 'carl@example.com'];
  ok(await h.api('POST', '/subscribers/import', { confirmed: true, subscribers: emails.map((email) => ({ email })) }));
  ok(await h.api('POST', '/incidents', { name: 'API errors', body: 'Requests fail.', components: { [catalogue.api.id]: 'major_outage' } }));
  await h.drainQueue();
  const caught = await mail.messages();
  /** The signed name the e-mail to `email` carried, in the header `name`. */
  const tagOf = (email: string, name = 'X-Mailin-custom') => headerValues(caught.find((m) => m.envelope.to[0] === email)!, name)[0]!;
  const post = (relay: string, body: unknown, authorization: string | null = basic(SECRET), type = 'application/json') =>
    h.fetch(`/hooks/relay/${relay}`, {
      method: 'POST',
      headers: { ...(authorization ? { authorization } : {}), 'content-type': type },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
  const state = async (email: string) =>
    (
      await rows<{
        status: string;
        last_error: string | null;
        bounced_at: string | null;
        bounce_reason: string | null;
        unsubscribed_at: string | null;
      }>(
        `SELECT d.status, d.last_error, s.bounced_at, s.bounce_reason, s.unsubscribed_at FROM deliveries d
         JOIN subscribers s ON s.id = d.subscriber_id WHERE s.email = ? AND d.purpose = 'notice' ORDER BY d.created_at DESC LIMIT 1`,
        email,
      )
    )[0];
  const audit = () =>
    rows<{ action: string; actor: string; details: string }>(
      'SELECT action, actor, details FROM audit_log WHERE target_type = ? ORDER BY id',
      'subscriber',
    );
  return { mail, h, caught, tagOf, post, state, audit };
}

const UNTOUCHED = { status: 'sent', last_error: null, bounced_at: null, bounce_reason: null, unsubscribed_at: null };

describe('bounces and complaints reported by a relay’s webhook', () => {
  beforeEach(emptyPage);

  it('every e-mail names its delivery, signed, in the header each listed relay hands back', async () => {
    const { caught } = await setUp();
    expect(caught).toHaveLength(3);
    const deliveries = await rows<{ id: string; email: string }>(
      "SELECT d.id, s.email FROM deliveries d JOIN subscribers s ON s.id = d.subscriber_id WHERE d.purpose = 'notice'",
    );
    for (const m of caught) {
      // Spelled as each relay documents its header: Postmark's metadata keys are case-sensitive.
      const relayLines = m.header_lines.filter((line) => /^x-(mailin|mj|pm)-/i.test(line)).map((line) => line.split(':')[0]);
      expect(relayLines.sort()).toEqual(['X-MJ-CustomID', 'X-Mailin-custom', 'X-PM-Metadata-forewarn']);
      const [brevo] = headerValues(m, 'X-Mailin-custom');
      expect(brevo).toMatch(TAG);
      expect(headerValues(m, 'X-MJ-CustomID')).toEqual([brevo]);
      expect(headerValues(m, 'X-PM-Metadata-forewarn')).toEqual([brevo]);
      // SendGrid's and Mailgun's take JSON: the SMTP API's unique arguments, Mailgun's variables.
      expect(headerValues(m, 'X-SMTPAPI').map((v) => JSON.parse(v))).toEqual([{ unique_args: { forewarn: brevo } }]);
      expect(headerValues(m, 'X-Mailgun-Variables').map((v) => JSON.parse(v))).toEqual([{ forewarn: brevo }]);
      const id = brevo!.split('.')[0];
      expect(deliveries.find((d) => d.id === id)?.email).toBe(m.envelope.to[0]);
      // The same signed name as the return address's detail.
      expect(m.envelope.from).toBe(`bounces+${brevo}@forewarn.localhost`);
    }
  });

  it('Brevo: a hard bounce fails the delivery and ends the address, once; a spam report unsubscribes', async () => {
    const { h, tagOf, post, state, audit } = await setUp();
    const hardBounce = {
      event: 'hard_bounce',
      email: 'bob@example.com',
      id: 101,
      date: '2026-11-21 08:00:05',
      ts: 1795244405,
      'message-id': '<202611210700.12345@smtp-relay.mailin.fr>',
      ts_event: 1795244405,
      subject: '[Investigating] API errors',
      'X-Mailin-custom': tagOf('bob@example.com'),
      sending_ip: '185.41.28.109',
      ts_epoch: 1795244405123,
      reason: 'smtp; 550 5.1.1 <bob@example.com>: Recipient address rejected: User unknown',
      tags: [],
    };
    const first = await post('brevo', hardBounce);
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ events: 1, failed: 1, bounced: 1, unsubscribed: 0, ignored: 0, unknown: 0 });
    expect(await state('bob@example.com')).toEqual({
      ...UNTOUCHED,
      status: 'failed',
      last_error: 'reported later: 550 5.1.1',
      bounced_at: '2026-11-21T07:00:00.000Z',
      bounce_reason: '550 5.1.1',
    });
    const bounces = async () => (await audit()).filter((r) => r.action === 'subscriber.bounce');
    expect(await bounces()).toEqual([
      { action: 'subscriber.bounce', actor: 'notifier', details: expect.stringContaining('"when":"later"') },
    ]);

    // Brevo posts again what it was not answered 2xx: the same event marks nothing more.
    h.clock.advance(MINUTE);
    expect(await (await post('brevo', hardBounce)).json()).toMatchObject({ failed: 0, bounced: 0, ignored: 1 });
    expect(await bounces()).toHaveLength(1);

    // Carl marks the e-mail as spam; a bearer token is Brevo's other way to present the secret.
    const spam = await post(
      'brevo',
      { event: 'spam', email: 'carl@example.com', id: 101, 'X-Mailin-custom': tagOf('carl@example.com'), ts_epoch: 1795244405999 },
      `Bearer ${SECRET}`,
    );
    expect(await spam.json()).toMatchObject({ unsubscribed: 1 });
    expect(await state('carl@example.com')).toMatchObject({ status: 'sent', unsubscribed_at: '2026-11-21T07:01:00.000Z' });
    expect((await audit()).at(-1)).toEqual({ action: 'subscriber.unsubscribe', actor: 'notifier', details: '{"reason":"complaint"}' });

    // Brevo's `blocked` may be about the sender or the account, not the address: the e-mail failed, the address stays.
    const blocked = await post('brevo', {
      event: 'blocked',
      email: 'anne@example.com',
      'X-Mailin-custom': tagOf('anne@example.com'),
      reason: 'blocked',
    });
    expect(await blocked.json()).toMatchObject({ failed: 1, bounced: 0 });
    expect(await state('anne@example.com')).toEqual({ ...UNTOUCHED, status: 'failed', last_error: 'reported later: Brevo blocked' });
  });

  it('Mailjet: grouped events, each to its own delivery; others’ e-mail and opens change nothing', async () => {
    const { h, tagOf, post, state, audit } = await setUp();
    const base = {
      time: 1795244405,
      MessageID: 19421777835146490,
      Message_GUID: '1ab23cd4-e567-8901-2345-6789f0gh1i2j',
      mj_campaign_id: 7257,
      mj_contact_id: 4,
      customcampaign: '',
      Payload: '',
    };
    const response = await post('mailjet', [
      {
        ...base,
        event: 'bounce',
        email: 'anne@example.com',
        CustomID: tagOf('anne@example.com', 'X-MJ-CustomID'),
        blocked: false,
        hard_bounce: true,
        error_related_to: 'recipient',
        error: 'user unknown',
        comment: 'Host or domain name not found',
      },
      {
        ...base,
        event: 'unsub',
        email: 'bob@example.com',
        CustomID: tagOf('bob@example.com', 'X-MJ-CustomID'),
        mj_list_id: 1,
        ip: '127.0.0.1',
        geo: 'FR',
        agent: 'Mozilla/5.0',
      },
      {
        ...base,
        event: 'open',
        email: 'carl@example.com',
        CustomID: tagOf('carl@example.com', 'X-MJ-CustomID'),
        ip: '127.0.0.1',
        geo: 'FR',
        agent: 'Mozilla/5.0',
      },
      // Another system's e-mail through the same Mailjet account, to one of our subscribers.
      { ...base, event: 'spam', email: 'carl@example.com', CustomID: 'order-48213', source: 'JMRPP' },
      // Grouped events are every event of the last second, the account's other mail's too: a busy
      // second's are read whole, past the admin API's 256 KiB.
      ...Array.from({ length: 1500 }, (_, i) => ({
        ...base,
        event: 'sent',
        email: `customer${i}@example.org`,
        CustomID: '',
        mj_message_id: String(base.MessageID + i),
        smtp_reply: 'sent (250 2.0.0 OK 1433333948 fa5si855896wjc.199 - gsmtp)',
      })),
    ]);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ events: 1504, failed: 1, bounced: 1, unsubscribed: 1, ignored: 1501, unknown: 1 });
    expect(await state('anne@example.com')).toMatchObject({
      status: 'failed',
      last_error: 'reported later: Mailjet user unknown',
      bounce_reason: 'Mailjet user unknown',
    });
    expect(await state('bob@example.com')).toMatchObject({ status: 'sent', unsubscribed_at: '2026-11-21T07:00:00.000Z' });
    expect((await audit()).filter((r) => r.action === 'subscriber.unsubscribe')).toEqual([
      { action: 'subscriber.unsubscribe', actor: 'notifier', details: '{"reason":"relay_unsubscribe"}' },
    ]);
    // The audit page words why.
    const admin = adminClient(h);
    await admin.signIn();
    const page = (await admin.get('/admin/audit')).html;
    const detailsOf = (action: string) =>
      textOf(new RegExp(`<td>${action.replace('.', '\\.')}</td>[\\s\\S]*?<td class="details">([\\s\\S]*?)</td>`).exec(page)?.[1] ?? '');
    expect(detailsOf('subscriber.unsubscribe')).toContain('Reason unsubscribed at the mail relay');
    expect(detailsOf('subscriber.bounce')).toContain('When reported after it was sent');
    expect(await state('carl@example.com')).toEqual(UNTOUCHED);
  });

  it('Postmark: the server’s codes decide a hard bounce; a soft bounce fails the e-mail only; a delay changes nothing', async () => {
    const { tagOf, post, state } = await setUp();
    const record = (email: string, fields: Record<string, unknown>) => ({
      RecordType: 'Bounce',
      MessageStream: 'outbound',
      ID: 4323372036854775,
      MessageID: '883953f4-6105-42a2-a16a-77a8eac79483',
      Metadata: { forewarn: tagOf(email, 'X-PM-Metadata-forewarn') },
      ServerID: 23,
      Email: email,
      From: 'status@forewarn.localhost',
      BouncedAt: '2026-11-21T08:00:05Z',
      Inactive: false,
      CanActivate: true,
      Subject: '[Investigating] API errors',
      ...fields,
    });
    // Postmark calls it a hard bounce; the server's 5.7.1 says policy: the e-mail failed, the address stays.
    const policy = await post(
      'postmark',
      record('anne@example.com', { Type: 'HardBounce', TypeCode: 1, Details: 'smtp;550 5.7.1 Message rejected as spam' }),
    );
    expect(await policy.json()).toMatchObject({ failed: 1, bounced: 0 });
    expect(await state('anne@example.com')).toMatchObject({ status: 'failed', last_error: 'reported later: 550 5.7.1', bounced_at: null });

    // However a hop on the way cased the metadata key, it is read.
    const soft = {
      Type: 'SoftBounce',
      TypeCode: 4096,
      Details: 'mailbox full',
      Metadata: { Forewarn: tagOf('bob@example.com', 'X-PM-Metadata-forewarn') },
    };
    await post('postmark', record('bob@example.com', soft));
    expect(await state('bob@example.com')).toMatchObject({
      status: 'failed',
      last_error: 'reported later: Postmark SoftBounce',
      bounced_at: null,
    });

    const delay = await post('postmark', record('carl@example.com', { Type: 'Transient', TypeCode: 2, Details: 'greylisted' }));
    expect(await delay.json()).toMatchObject({ failed: 0, ignored: 1 });
    expect(await state('carl@example.com')).toEqual(UNTOUCHED);

    const complaint = await post('postmark', {
      ...record('carl@example.com', {}),
      RecordType: 'SpamComplaint',
      Type: 'SpamComplaint',
      TypeCode: 512,
    });
    expect(await complaint.json()).toMatchObject({ unsubscribed: 1 });
    expect(await state('carl@example.com')).toMatchObject({ unsubscribed_at: '2026-11-21T07:00:00.000Z' });
  });

  it('SendGrid: its hard bounce ends the address, a server’s block keeps it, a spam report unsubscribes; its account’s lists do not', async () => {
    const { h, tagOf, post, state } = await setUp();
    const unique = (email: string) => JSON.parse(tagOf(email, 'X-SMTPAPI')).unique_args.forewarn as string;
    const base = (email: string, forewarn = unique(email)) => ({
      email,
      timestamp: 1795244405,
      'smtp-id': '<14c5d75ce93.dfd.64b469@ismtpd-555>',
      sg_event_id: 'ZHJvcC0xMjM0NTY3OA',
      sg_message_id: '14c5d75ce93.dfd.64b469.filter0001.16648.5515E0B88.0',
      category: [],
      forewarn,
    });
    const response = await post('sendgrid', [
      // SendGrid's documented bounce: a class-only status, the server's words without a code.
      {
        ...base('bob@example.com'),
        event: 'bounce',
        type: 'bounce',
        status: '5.0.0',
        reason: '500 unknown recipient',
        bounce_classification: 'Invalid Address',
      },
      {
        ...base('anne@example.com'),
        event: 'bounce',
        type: 'blocked',
        status: '5.0.0',
        reason: '550 5.7.1 Rejected by policy',
        bounce_classification: 'Content',
      },
      { ...base('carl@example.com'), event: 'spamreport' },
      { ...base('carl@example.com'), event: 'delivered', response: '250 OK' },
    ]);
    expect(await response.json()).toEqual({ events: 4, failed: 2, bounced: 1, unsubscribed: 1, ignored: 1, unknown: 0 });
    expect(await state('bob@example.com')).toMatchObject({
      status: 'failed',
      last_error: 'reported later: 500 5.0.0',
      bounce_reason: '500 5.0.0',
    });
    expect(await state('anne@example.com')).toMatchObject({ status: 'failed', last_error: 'reported later: 550 5.7.1', bounced_at: null });
    expect(await state('carl@example.com')).toMatchObject({ status: 'sent', unsubscribed_at: '2026-11-21T07:00:00.000Z' });

    // Anne's next e-mail is dropped: she is on the account's unsubscribe list (another sender's
    // newsletter, perhaps). It failed, and says why; she has not left our notices.
    h.clock.advance(MINUTE);
    const { incidents } = ok(await h.api('GET', '/incidents'));
    ok(await h.api('POST', `/incidents/${incidents[0].id}/updates`, { status: 'identified', body: 'A bad deploy.' }));
    await h.drainQueue();
    const [next] = await rows<{ id: string }>(
      "SELECT d.id FROM deliveries d JOIN subscribers s ON s.id = d.subscriber_id WHERE s.email = 'anne@example.com' AND d.status = 'sent'",
    );
    const tag = await deliveryTagFor(env.SIGNING_SECRET!, next!.id);
    const dropped = await post('sendgrid', [{ ...base('anne@example.com', tag), event: 'dropped', reason: 'Unsubscribed Address' }]);
    expect(await dropped.json()).toMatchObject({ failed: 1, bounced: 0, unsubscribed: 0 });
    expect(await state('anne@example.com')).toMatchObject({
      status: 'failed',
      last_error: 'reported later: SendGrid dropped unsubscribed address',
      bounced_at: null,
      unsubscribed_at: null,
    });
  });

  it('Mailgun: heard by its signature over the body, each signature for one event; a temporary failure changes nothing', async () => {
    const { h, tagOf, post, state } = await setUp();
    const variable = (email: string) => JSON.parse(tagOf(email, 'X-Mailgun-Variables')).forewarn as string;
    const now = () => Math.floor(h.clock.now().getTime() / 1000);
    /** As Mailgun signs: the hex HMAC-SHA256 of timestamp and token, with its webhook signing key. */
    const signed = async (
      eventData: Record<string, unknown>,
      options: { key?: string; timestamp?: string | number; token?: string } = {},
    ) => {
      const timestamp = options.timestamp ?? String(now());
      const token = options.token ?? crypto.randomUUID().replaceAll('-', '');
      return { signature: await mailgunSignature(options.key ?? SECRET, timestamp, token), 'event-data': eventData };
    };
    const failed = (email: string, fields: Record<string, unknown>) => ({
      event: 'failed',
      id: 'G9Bn5sl1TC6nu79C8C0bwg',
      timestamp: 1795244405.12,
      recipient: email,
      'user-variables': { forewarn: variable(email) },
      message: { headers: { 'message-id': '20261121070000.1.ABC@mg.status.example.com' } },
      ...fields,
    });
    // Mailgun suppressed Bob's address for an earlier bounce: no server's code, its verdict.
    const suppressed = failed('bob@example.com', {
      severity: 'permanent',
      reason: 'suppress-bounce',
      'delivery-status': { message: '', description: 'Not delivering to previously bounced address' },
    });
    // Without credentials and without Mailgun's signature, or with another key's, or an old one: refused.
    expect((await post('mailgun', { 'event-data': suppressed }, null)).status).toBe(401);
    expect((await post('mailgun', await signed(suppressed, { key: 'another-signing-key-0123456789abcdef' }), null)).status).toBe(401);
    expect((await post('mailgun', await signed(suppressed, { timestamp: String(now() - 2 * 86_400) }), null)).status).toBe(401);
    expect((await post('mailgun', '{"signature":', null)).status).toBe(401);

    // Mailgun's reference types the timestamp as a number.
    const heard = await signed(suppressed, { timestamp: now() });
    const response = await post('mailgun', heard, null);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ events: 1, failed: 1, bounced: 1 });
    expect(await state('bob@example.com')).toMatchObject({ status: 'failed', bounce_reason: 'Mailgun suppress-bounce' });
    // The same signed request again (a retry) is heard and changes nothing; its signature with
    // another event is not: Mailgun signs the timestamp and token only.
    expect(await (await post('mailgun', heard, null)).json()).toMatchObject({ failed: 0, ignored: 1 });
    const complaint = { event: 'complained', recipient: 'carl@example.com', 'user-variables': { forewarn: variable('carl@example.com') } };
    expect((await post('mailgun', { ...heard, 'event-data': complaint }, null)).status).toBe(401);
    expect(await state('carl@example.com')).toEqual(UNTOUCHED);

    const later = failed('anne@example.com', {
      severity: 'temporary',
      reason: 'generic',
      'delivery-status': { code: 451, message: 'try again' },
    });
    expect(await (await post('mailgun', await signed(later), null)).json()).toMatchObject({ failed: 0, ignored: 1 });
    expect(await state('anne@example.com')).toEqual(UNTOUCHED);
    // On the account's unsubscribe list: the e-mail failed, Anne has not left our notices.
    const listed = failed('anne@example.com', {
      severity: 'permanent',
      reason: 'suppress-unsubscribe',
      'delivery-status': { message: '' },
    });
    expect(await (await post('mailgun', await signed(listed), null)).json()).toMatchObject({ failed: 1, bounced: 0, unsubscribed: 0 });
    expect(await state('anne@example.com')).toMatchObject({
      status: 'failed',
      last_error: 'reported later: Mailgun suppress-unsubscribe',
      unsubscribed_at: null,
    });

    expect(await (await post('mailgun', await signed(complaint), null)).json()).toMatchObject({ unsubscribed: 1 });
  });

  it('is heard only with the secret, for a listed relay, and never names a delivery it did not sign', async () => {
    const { tagOf, post, state } = await setUp();
    const hardBounce = {
      event: 'hard_bounce',
      email: 'bob@example.com',
      'X-Mailin-custom': tagOf('bob@example.com'),
      reason: '550 5.1.1 unknown',
    };

    const none = await post('brevo', hardBounce, null);
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toBe('Basic realm="relay events"');
    expect(await none.json()).toMatchObject({ error: { code: 'unauthorized' } });
    expect((await post('brevo', hardBounce, basic('relay-webhook-secret-0123456789abcdeX'))).status).toBe(401);
    expect((await post('brevo', hardBounce, basic(SECRET).slice(0, -4))).status).toBe(401);
    expect((await post('brevo', hardBounce, `Bearer ${SECRET.slice(0, -1)}`)).status).toBe(401);
    expect((await post('brevo', hardBounce, `Bearer ${SECRET} more`)).status).toBe(401);
    // Which relays are heard is told only to who has the secret.
    expect((await post('sparkpost', hardBounce, null)).status).toBe(401);
    expect((await post('sparkpost', hardBounce)).status).toBe(404);

    // Bob's delivery id with another delivery's tag: not a name this secret made.
    const [bobId] = tagOf('bob@example.com').split('.');
    const forged = `${bobId}.${tagOf('anne@example.com').split('.')[1]}`;
    expect(await (await post('brevo', { ...hardBounce, 'X-Mailin-custom': forged })).json()).toMatchObject({ failed: 0, unknown: 1 });
    expect(await (await post('brevo', { ...hardBounce, 'X-Mailin-custom': undefined })).json()).toMatchObject({ failed: 0, unknown: 1 });

    // Bodies that are not events: a clear 4xx, nothing marked.
    const malformed = await post('brevo', '{"event": "hard_bounce",');
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toMatchObject({ error: { code: 'bad_request' } });
    expect((await post('brevo', 'event=hard_bounce', basic(SECRET), 'application/x-www-form-urlencoded')).status).toBe(415);
    const notObjects = await post('brevo', ['hard_bounce']);
    expect(notObjects.status).toBe(422);
    expect(await notObjects.json()).toMatchObject({ error: { code: 'invalid' } });
    const huge = await post('brevo', [hardBounce, { padding: 'x'.repeat(1024 * 1024) }]);
    expect(huge.status).toBe(413);
    expect(await state('bob@example.com')).toEqual(UNTOUCHED);

    // A relay RELAY_EVENTS does not list is not heard, even with the secret.
    const postmarkOnly = harness('2026-11-21T07:00:00.000Z', { vars: { RELAY_EVENTS: 'postmark', RELAY_WEBHOOK_SECRET: SECRET } });
    const unlisted = await postmarkOnly.fetch('/hooks/relay/brevo', {
      method: 'POST',
      headers: { authorization: basic(SECRET), 'content-type': 'application/json' },
      body: JSON.stringify(hardBounce),
    });
    expect(unlisted.status).toBe(404);
    expect(await unlisted.json()).toMatchObject({ error: { code: 'not_found' } });
  });

  it('the same news twice in one request counts once; a relay’s own suppression ends the address', async () => {
    const { h, post, audit } = await setUp();
    // A second e-mail to each reader, so that one request can tell of two of Anne's.
    const { incidents } = ok(await h.api('GET', '/incidents'));
    ok(await h.api('POST', `/incidents/${incidents[0].id}/updates`, { status: 'identified', body: 'A bad deploy.' }));
    await h.drainQueue();
    const deliveries = await rows<{ id: string; email: string; status: string; last_error: string | null }>(
      `SELECT d.id, s.email, d.status, d.last_error FROM deliveries d JOIN subscribers s ON s.id = d.subscriber_id
       WHERE d.purpose = 'notice' ORDER BY s.email, d.created_at`,
    );
    const of = (email: string) => deliveries.filter((d) => d.email === email);
    const tag = (id: string) => deliveryTagFor(env.SIGNING_SECRET!, id);
    expect(of('anne@example.com')).toHaveLength(2);
    const [bobFirst] = of('bob@example.com');
    const [carlFirst] = of('carl@example.com');
    const mj = async (id: string, fields: Record<string, unknown>) => ({
      event: 'bounce',
      time: 1795244405,
      CustomID: await tag(id),
      ...fields,
    });

    const response = await post('mailjet', [
      // Bob: a soft bounce, then the hard one, for the same e-mail.
      await mj(bobFirst!.id, { email: 'bob@example.com', hard_bounce: false, error_related_to: 'recipient', error: 'quota exceeded' }),
      await mj(bobFirst!.id, { email: 'bob@example.com', hard_bounce: true, error_related_to: 'recipient', error: 'user unknown' }),
      // Carl: Mailjet will not send to an address that bounced before.
      { ...(await mj(carlFirst!.id, { email: 'carl@example.com', error_related_to: 'mailjet', error: 'preblocked' })), event: 'blocked' },
    ]);
    expect(await response.json()).toEqual({ events: 3, failed: 2, bounced: 2, unsubscribed: 0, ignored: 1, unknown: 0 });
    const reasons = async () =>
      Object.fromEntries(
        (await rows<{ email: string; bounce_reason: string | null }>('SELECT email, bounce_reason FROM subscribers ORDER BY email')).map(
          (r) => [r.email, r.bounce_reason],
        ),
      );
    expect(await reasons()).toEqual({
      'anne@example.com': null,
      'bob@example.com': 'Mailjet user unknown',
      'carl@example.com': 'Mailjet preblocked',
    });

    // Anne's two e-mails both bounce, told in one Brevo batch: both fail, her address is marked, and audited, once.
    const twice = await post(
      'brevo',
      await Promise.all(
        of('anne@example.com').map(async (d) => ({
          event: 'hard_bounce',
          email: 'anne@example.com',
          'X-Mailin-custom': await tag(d.id),
          reason: '550 5.1.1 user unknown',
        })),
      ),
    );
    expect(await twice.json()).toEqual({ events: 2, failed: 2, bounced: 1, unsubscribed: 0, ignored: 0, unknown: 0 });
    expect((await reasons())['anne@example.com']).toBe('550 5.1.1');
    const bounces = (await audit()).filter((r) => r.action === 'subscriber.bounce');
    expect(bounces).toHaveLength(3);
  });

  it('complaints in bulk: every reader in one grouped request leaves once, in one read and one batch', async () => {
    const { tagOf, post, audit } = await setUp();
    const emails = ['anne@example.com', 'bob@example.com', 'carl@example.com'];
    const spam = (email: string) => ({ event: 'spam', time: 1795244405, email, CustomID: tagOf(email, 'X-MJ-CustomID'), source: 'JMRPP' });
    // Carl twice: Mailjet groups a second's events, duplicates included.
    const response = await post('mailjet', [...emails.map(spam), spam('carl@example.com')]);
    expect(await response.json()).toEqual({ events: 4, failed: 0, bounced: 0, unsubscribed: 3, ignored: 1, unknown: 0 });
    const left = await rows<{ email: string; unsubscribed_at: string | null }>(
      'SELECT email, unsubscribed_at FROM subscribers ORDER BY email',
    );
    expect(left).toEqual(emails.map((email) => ({ email, unsubscribed_at: '2026-11-21T07:00:00.000Z' })));
    expect((await audit()).filter((r) => r.action === 'subscriber.unsubscribe')).toHaveLength(3);
    // Told again later: they had left, nothing more is written.
    expect(await (await post('mailjet', emails.map(spam))).json()).toMatchObject({ unsubscribed: 0, ignored: 3 });
    expect((await audit()).filter((r) => r.action === 'subscriber.unsubscribe')).toHaveLength(3);
  });

  it('a complaint about the confirmation e-mail deletes who never confirmed', async () => {
    const { h, post, mail } = await setUp();
    const asked = await h.fetch('/subscribe', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'cf-connecting-ip': '198.51.100.80' },
      body: new URLSearchParams({ email: 'dora@example.com', locale: 'fr' }).toString(),
    });
    expect(asked.status).toBe(200);
    await h.drainQueue();
    const [confirmation] = await mail.messages('dora@example.com');
    const tag = headerValues(confirmation!, 'X-Mailin-custom')[0]!;
    expect(tag).toMatch(TAG);
    expect(await (await post('brevo', { event: 'spam', email: 'dora@example.com', 'X-Mailin-custom': tag })).json()).toMatchObject({
      unsubscribed: 1,
    });
    expect(await findSubscriberByEmail(env.DB, 'dora@example.com')).toBeNull();
    expect(
      (await rows<{ details: string }>("SELECT details FROM audit_log WHERE action = 'subscriber.delete'")).map((r) => r.details),
    ).toEqual(['{"reason":"complaint"}']);
  });

  it('needs its secret, lists only relays it knows, and adds nothing to what the Email Service sends', async () => {
    expect(() => readConfig({ ...env, RELAY_EVENTS: 'brevo' })).toThrow(/RELAY_EVENTS needs RELAY_WEBHOOK_SECRET/);
    expect(() => readConfig({ ...env, ...RELAY_VARS, RELAY_EVENTS: 'brevo,sparkpost' })).toThrow(
      /RELAY_EVENTS lists relays among brevo, mailjet, postmark, sendgrid, mailgun/,
    );
    expect(() => readConfig({ ...env, ...RELAY_VARS, RELAY_WEBHOOK_SECRET: 'short' })).toThrow(/at least 24 characters/);
    const config = readConfig({ ...env, ...RELAY_VARS });
    expect(config.RELAY_EVENTS).toEqual(['brevo', 'mailjet', 'postmark', 'sendgrid', 'mailgun']);
    expect((await loadMailSetting(env.DB, config, 'smtp')).relays).toEqual(['brevo', 'mailjet', 'postmark', 'sendgrid', 'mailgun']);
    expect((await loadMailSetting(env.DB, config, 'email-service')).relays).toEqual([]);
    // Without RELAY_EVENTS, e-mail carries no relay header.
    const { caught } = await setUp({});
    expect(caught.flatMap((m) => headerValues(m, 'X-Mailin-custom'))).toEqual([]);
  });
});
