// Another website making its visitors' browsers post the subscriber forms: refused with a 403
// page before anything is written or sent. The page's own forms (the embed's included), scripts
// and mail providers' RFC 8058 one-click POSTs keep working.
import { env } from 'cloudflare:test';
import { beforeEach, describe, expect, it } from 'vitest';
import { signLink } from '../../src/domain/signed-links';
import { selectOne } from '../public/html';
import { rows } from '../support/db';
import { ok } from '../support/harness';
import { emptyPage } from '../support/status-story';
import { FORM, setUp, subscriberRow } from './support';

beforeEach(emptyPage);

const EVIL = { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site', 'sec-fetch-mode': 'navigate' };

const linkFor = async (purpose: 'confirm' | 'manage', id: string) =>
  signLink(
    env.SIGNING_SECRET ?? '',
    purpose === 'confirm' ? { purpose, subscriberId: id, expires: 2_000_000_000 } : { purpose, subscriberId: id },
  );

describe('a form posted from another website', () => {
  it('POST /subscribe from evil.example is a 403 page in the reader’s language; no subscriber, no delivery, no e-mail', async () => {
    const { post, sent } = await setUp();
    const refused = await post('/subscribe', { email: 'visitor@example.com' }, '198.51.100.20', { ...EVIL, 'accept-language': 'fr' });
    expect(refused.status).toBe(403);
    expect(refused.headers.get('content-type')).toMatch(/^text\/html/);
    expect(refused.headers.get('cache-control')).toBe('no-store');
    const page = await refused.text();
    expect((await selectOne(page, 'h1')).text).toBe('Toutes nos excuses');
    expect(page).toContain('Cette demande vient d’un autre site\u00a0: rien n’a été fait.');
    expect(await subscriberRow('visitor@example.com')).toBeUndefined();
    expect(await rows('SELECT id FROM deliveries')).toEqual([]);
    expect(await rows('SELECT key FROM rate_limits')).toEqual([]);
    expect(await sent()).toEqual([]);
  });

  it('is refused on Origin alone (a browser without Sec-Fetch-Site), from a sibling subdomain, and in JSON for a script that asks', async () => {
    const { h, post, sent } = await setUp();
    const cases: Record<string, string>[] = [
      { origin: 'https://evil.example' },
      { origin: 'http://status.example.com' },
      { 'sec-fetch-site': 'same-site', origin: 'https://blog.example.com' },
      { 'sec-fetch-site': 'cross-site' },
      // A sandboxed frame's post: a current browser still says cross-site.
      { 'sec-fetch-site': 'cross-site', origin: 'null' },
    ];
    for (const headers of cases) {
      const response = await post('/subscribe', { email: 'visitor@example.com' }, '198.51.100.21', headers);
      expect(response.status, JSON.stringify(headers)).toBe(403);
    }
    const json = await h.fetch('/subscribe', {
      method: 'POST',
      headers: { ...EVIL, 'content-type': 'application/json', 'cf-connecting-ip': '198.51.100.21' },
      body: JSON.stringify({ email: 'visitor@example.com' }),
    });
    expect(json.status).toBe(403);
    expect((await json.json<any>()).error).toMatchObject({ code: 'forbidden', details: { reason: 'cross_site' } });
    expect(await subscriberRow('visitor@example.com')).toBeUndefined();
    expect(await sent()).toEqual([]);
  });

  it('confirm, save, leave and come back are refused from another site too, and change nothing', async () => {
    const { h, post, crawlers } = await setUp();
    ok(await h.api('POST', '/subscribers/import', { confirmed: false, subscribers: [{ email: 'pending@example.com' }] }));
    ok(await h.api('POST', '/subscribers/import', { confirmed: true, subscribers: [{ email: 'active@example.com' }] }));
    const pending = (await subscriberRow('pending@example.com'))!;
    const active = (await subscriberRow('active@example.com'))!;
    const manage = `/manage/${await linkFor('manage', active.id)}`;
    const attempts: [string, Record<string, string | string[]>][] = [
      [`/confirm/${await linkFor('confirm', pending.id)}`, {}],
      [manage, { components: [crawlers.id], locale: 'fr', time_zone: 'Asia/Tokyo' }],
      [`${manage}/leave`, {}],
      [`/unsubscribe/${await linkFor('manage', active.id)}`, {}],
    ];
    for (const [path, fields] of attempts) expect((await post(path, fields, '198.51.100.22', EVIL)).status, path).toBe(403);
    expect(await subscriberRow('pending@example.com')).toEqual(pending);
    expect(await subscriberRow('active@example.com')).toEqual(active);
    expect(await rows("SELECT action FROM audit_log WHERE action LIKE 'subscriber.%' AND target_id IS NOT NULL")).toEqual([]);

    // Gone, then asked back from another site: still gone.
    expect((await post(`${manage}/leave`, {}, '198.51.100.22')).status).toBe(200);
    expect((await post(`${manage}/resubscribe`, {}, '198.51.100.22', EVIL)).status).toBe(403);
    expect((await subscriberRow('active@example.com'))!.unsubscribed_at).not.toBeNull();
  });
});

describe('posts that are not from another site', () => {
  it('the page’s own form (no referrer, so `Origin: null`), the embed’s form framed on another site, the page’s origin, a script', async () => {
    const { post, sent } = await setUp();
    const own: Record<string, string>[] = [
      // The subscriber pages send no referrer: a browser posting their form says Origin: null.
      { 'sec-fetch-site': 'same-origin', origin: 'null' },
      // A form inside /embed, framed by customer.example: it posts from the embed's own origin.
      { 'sec-fetch-site': 'same-origin', origin: 'https://status.example.com', 'sec-fetch-dest': 'iframe' },
      // An older browser, without Sec-Fetch-Site, from the public page.
      { origin: 'https://status.example.com' },
      // An older browser from a page that sends no referrer.
      { origin: 'null' },
      // Typed or bookmarked.
      { 'sec-fetch-site': 'none' },
      // curl, or a script: no browser headers at all.
      {},
    ];
    for (const [i, headers] of own.entries()) {
      const response = await post('/subscribe', { email: `own${i}@example.com` }, '198.51.100.23', headers);
      expect(response.status, JSON.stringify(headers)).toBe(200);
    }
    expect(await sent()).toHaveLength(own.length);
  });

  it('RFC 8058 one-click unsubscribe: a mail provider’s POST without Origin, and one sent from a webmail’s own page, both unsubscribe', async () => {
    const { h } = await setUp();
    ok(
      await h.api('POST', '/subscribers/import', {
        confirmed: true,
        subscribers: [{ email: 'gmail-user@example.com' }, { email: 'webmail-user@example.com' }, { email: 'target@example.com' }],
      }),
    );
    const unsubscribeLink = async (email: string) => `/unsubscribe/${await linkFor('manage', (await subscriberRow(email))!.id)}`;
    const oneClick = { 'content-type': FORM };

    const provider = await h.fetch(await unsubscribeLink('gmail-user@example.com'), {
      method: 'POST',
      headers: oneClick,
      body: 'List-Unsubscribe=One-Click',
    });
    expect(provider.status).toBe(200);
    expect((await subscriberRow('gmail-user@example.com'))!.unsubscribed_at).not.toBeNull();

    const webmail = await h.fetch(await unsubscribeLink('webmail-user@example.com'), {
      method: 'POST',
      headers: { ...oneClick, origin: 'https://mail.example.net', 'sec-fetch-site': 'cross-site', 'sec-fetch-mode': 'no-cors' },
      body: 'List-Unsubscribe=One-Click',
    });
    expect(webmail.status).toBe(200);
    expect((await subscriberRow('webmail-user@example.com'))!.unsubscribed_at).not.toBeNull();

    // Without the one-click pair, a cross-site post to the same kind of link is an ordinary form: refused.
    const forged = await h.fetch(await unsubscribeLink('target@example.com'), {
      method: 'POST',
      headers: { ...oneClick, ...EVIL },
      body: 'x=1',
    });
    expect(forged.status).toBe(403);
    expect((await subscriberRow('target@example.com'))!.unsubscribed_at).toBeNull();
  });
});
