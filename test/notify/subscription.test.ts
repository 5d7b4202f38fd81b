import { createExecutionContext, env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { rows } from '../support/db';
import { makeCatalogue, makeMaintenance } from '../support/factories';
import { DAY, harness, ok } from '../support/harness';
import { headerValues, mailbox } from '../support/mail';
import { routedMail } from '../support/routed-mail';

const form = (fields: Record<string, string | string[]>) => {
  const body = new URLSearchParams();
  for (const [key, value] of Object.entries(fields)) for (const v of [value].flat()) body.append(key, v);
  return { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: body.toString() };
};

const linkIn = (text: string | null, path: string): string => {
  const match = text?.match(new RegExp(`https://status\\.example\\.com(/${path}/[A-Za-z0-9._-]+)`));
  if (!match?.[1]) throw new Error(`no /${path}/ link in: ${text}`);
  return match[1];
};

const subscriberRow = async (email: string) => (await rows<Record<string, any>>('SELECT * FROM subscribers WHERE email = ?', email))[0];

/** The list items of a page: a refused form's reasons. */
const listItems = (html: string): string[] => [...html.matchAll(/<li>([^<]*)<\/li>/g)].map((m) => m[1] ?? '');

async function setUp(ip = '198.51.100.1') {
  const mail = await mailbox();
  const h = harness('2026-11-21T07:00:00.000Z', { smtpUrl: mail.smtpUrl });
  ok(await h.api('PATCH', '/page', { name: 'Acme Intel', time_zone: 'Europe/Paris' }));
  const catalogue = await makeCatalogue(h);
  const post = (path: string, fields: Record<string, string | string[]>, headers: Record<string, string> = {}) => {
    const init = form(fields);
    return h.fetch(path, { ...init, headers: { ...init.headers, 'cf-connecting-ip': ip, ...headers } });
  };
  return { mail, h, post, ...catalogue };
}

describe('subscribing, confirming, managing and leaving, through the worker', () => {
  it('a French reader subscribes to the crawlers, confirms, changes their mind, and leaves with one click', async () => {
    const { mail, h, post, crawlers, webapp } = await setUp();
    const email = 'ada.fr@example.com';

    const asked = await post('/subscribe', {
      email: 'Ada.FR@Example.com ',
      components: [crawlers.id],
      locale: 'fr',
      time_zone: 'Europe/Paris',
    });
    expect(asked.status).toBe(200);
    expect(await asked.text()).toContain('Consultez votre messagerie');
    expect(await subscriberRow(email)).toMatchObject({ locale: 'fr', time_zone: 'Europe/Paris', confirmed_at: null, all_components: 0 });

    // Not confirmed yet: a maintenance of the crawlers plans nothing for Ada.
    const move = await makeMaintenance(h, { name: 'Data-centre move', components: { [crawlers.id]: 'under_maintenance' } });
    await h.drainQueue();
    const [confirmation, ...others] = await mail.messages(email);
    expect(others).toEqual([]);
    expect(confirmation?.subject).toBe('Confirmez votre abonnement à Acme Intel');
    expect(confirmation?.text).toContain('Si ce n’était pas vous, ignorez cet e-mail');
    expect(headerValues(confirmation!, 'List-Unsubscribe')).toEqual([]);

    // Opening the link (a mail scanner does) changes nothing; the button does.
    const confirmLink = linkIn(confirmation!.text, 'confirm');
    const shown = await h.fetch(confirmLink);
    expect(shown.status).toBe(200);
    expect(shown.headers.get('referrer-policy')).toBe('no-referrer');
    expect(await shown.text()).toContain(email);
    expect((await subscriberRow(email)).confirmed_at).toBeNull();
    const confirmed = await h.fetch(confirmLink, { method: 'POST' });
    expect(await confirmed.text()).toContain('Abonnement confirmé');
    expect((await subscriberRow(email)).confirmed_at).toBe('2026-11-21T07:00:00.000Z');

    h.clock.advance(DAY);
    ok(await h.api('POST', `/maintenances/${move.id}/updates`, { status: 'scheduled', body: 'Les baies sont réservées.' }));
    await h.drainQueue();
    const update = (await mail.messages(email)).find((m) => m.subject?.startsWith('[Mise à jour]'));
    expect(update?.text).toContain('Les baies sont réservées.');
    const manageLink = linkIn(update!.text, 'manage');
    const [unsubscribeHeader] = headerValues(update!, 'List-Unsubscribe');
    const unsubscribeLink = unsubscribeHeader!.match(/<https:\/\/status\.example\.com(\/unsubscribe\/[^>]+)>/)![1]!;

    const manage = await h.fetch(manageLink);
    const managePage = await manage.text();
    expect(managePage).toContain(email);
    expect(managePage).toMatch(new RegExp(`value="${crawlers.id}" checked`));
    const saved = await post(manageLink, { components: [crawlers.id, webapp.id], locale: 'en', time_zone: 'America/New_York' });
    expect(await saved.text()).toContain('Your choices are saved.');
    expect(await subscriberRow(email)).toMatchObject({ locale: 'en', time_zone: 'America/New_York' });
    expect(
      (await rows('SELECT component_id FROM subscriber_components WHERE subscriber_id = ?', (await subscriberRow(email)).id)).length,
    ).toBe(2);

    const confirmPage = await h.fetch(unsubscribeLink);
    expect(await confirmPage.text()).toContain('Stop sending updates to ada.fr@example.com?');
    expect((await subscriberRow(email)).unsubscribed_at).toBeNull();
    // RFC 8058: what a mail client sends for one-click unsubscribe.
    const left = await h.fetch(unsubscribeLink, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
    expect(left.status).toBe(200);
    expect(await left.text()).toContain('You are unsubscribed');
    expect((await subscriberRow(email)).unsubscribed_at).toBe('2026-11-22T07:00:00.000Z');

    const before = (await mail.messages(email)).length;
    ok(await h.api('POST', `/maintenances/${move.id}/updates`, { status: 'scheduled', body: 'Encore une nouvelle.' }));
    await h.drainQueue();
    expect(await mail.messages(email)).toHaveLength(before);
    expect(
      await rows("SELECT action FROM audit_log WHERE action LIKE 'subscriber.%' AND target_id = ?", (await subscriberRow(email)).id),
    ).toHaveLength(3);
  });

  it('a mail to the List-Unsubscribe mailto: address unsubscribes; anything else is refused', async () => {
    const { mail, h, crawlers } = await setUp('198.51.100.6');
    ok(await h.api('POST', '/subscribers/import', { confirmed: true, subscribers: [{ email: 'mailer@example.com' }] }));
    await makeMaintenance(h, { components: { [crawlers.id]: 'under_maintenance' } });
    await h.drainQueue();
    const [header] = headerValues((await mail.messages('mailer@example.com'))[0]!, 'List-Unsubscribe');
    const mailto = new URL(header!.match(/<(mailto:[^>]+)>/)![1]!);
    const inbound = (subject: string) => routedMail({ from: 'mailer@example.com', to: mailto.pathname, subject });
    const junk = inbound('unsubscribe please');
    await h.worker.email(junk, h.env, createExecutionContext());
    expect(junk.rejected).toMatch(/only takes the unsubscribe requests/);
    expect((await subscriberRow('mailer@example.com')).unsubscribed_at).toBeNull();

    const genuine = inbound(mailto.searchParams.get('subject')!);
    await h.worker.email(genuine, h.env, createExecutionContext());
    expect(genuine.rejected).toBeNull();
    expect((await subscriberRow('mailer@example.com')).unsubscribed_at).toBe('2026-11-21T07:00:00.000Z');
    expect(env.UNSUBSCRIBE_MAILTO).toBe(mailto.pathname);
  });

  it('rejects tampered, misused and expired links without changing anything', async () => {
    const { mail, h, post } = await setUp('198.51.100.2');
    const email = 'grace@example.com';
    await post('/subscribe', { email, locale: 'en' });
    await h.drainQueue();
    const confirmLink = linkIn((await mail.messages(email))[0]!.text, 'confirm');
    const token = confirmLink.split('/').pop()!;
    const [, id] = token.split('.');
    const flipped = token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A');

    for (const path of [
      `/confirm/${flipped}`,
      `/manage/${token}`,
      `/unsubscribe/${token}`,
      `/manage/m.${id}.${token.split('.').pop()}`,
      '/manage/nonsense',
    ]) {
      const response = await h.fetch(path);
      expect(response.status, path).toBe(404);
      expect(await response.text()).toContain('This link is not valid, or it has expired.');
      expect((await h.fetch(path, { method: 'POST' })).status, path).toBe(404);
    }
    expect(await subscriberRow(email)).toMatchObject({ confirmed_at: null, unsubscribed_at: null });

    h.clock.advance(8 * DAY);
    expect((await h.fetch(confirmLink, { method: 'POST' })).status).toBe(404);
    expect((await subscriberRow(email)).confirmed_at).toBeNull();
  });

  it('asking again for a subscribed address looks the same, changes nothing and mails its owner the manage link', async () => {
    const { mail, h, post, crawlers } = await setUp('198.51.100.3');
    ok(
      await h.api('POST', '/subscribers/import', {
        confirmed: true,
        subscribers: [{ email: 'known@example.com', locale: 'en', time_zone: 'Europe/London', components: [crawlers.id] }],
      }),
    );
    const known = await post('/subscribe', { email: 'known@example.com', locale: 'fr', time_zone: 'Asia/Tokyo' });
    const unknown = await post('/subscribe', { email: 'stranger@example.com', locale: 'fr', time_zone: 'Asia/Tokyo' });
    expect(known.status).toBe(unknown.status);
    expect(await known.text()).toBe(await unknown.text());
    expect(await subscriberRow('known@example.com')).toMatchObject({ locale: 'en', time_zone: 'Europe/London', all_components: 0 });

    const json = await h.fetch('/subscribe', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'cf-connecting-ip': '198.51.100.3' },
      body: JSON.stringify({ email: 'known@example.com' }),
    });
    expect(json.status).toBe(202);
    await h.drainQueue();
    const mails = await mail.messages('known@example.com');
    expect(mails.map((m) => m.subject)).toEqual(['Your subscription to Acme Intel', 'Your subscription to Acme Intel']);
    expect(mails[0]!.text).toContain('It already receives its updates.');
    expect(linkIn(mails[0]!.text, 'manage')).toMatch(/^\/manage\/m\./);
  });

  it('limits requests per IP (429) and mails per address (silently)', async () => {
    const { mail, h, post } = await setUp('198.51.100.4');
    for (let i = 0; i < 4; i++) expect((await post('/subscribe', { email: 'flooded@example.com' })).status).toBe(200);
    await h.drainQueue();
    expect(await mail.messages('flooded@example.com')).toHaveLength(3);
    for (let i = 4; i < 20; i++) await post('/subscribe', { email: `n${i}@example.com` });
    const refused = await post('/subscribe', { email: 'one-more@example.com' });
    expect(refused.status).toBe(429);
    expect(await refused.text()).toContain('Too many requests from your network');
    expect(await subscriberRow('one-more@example.com')).toBeUndefined();
    const json = await h.fetch('/subscribe', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'cf-connecting-ip': '198.51.100.4' },
      body: JSON.stringify({ email: 'json@example.com' }),
    });
    expect(json.status).toBe(429);
    expect((await json.json<any>()).error.code).toBe('rate_limited');
    // Another network is not affected, and the next hour starts afresh.
    expect((await h.fetch('/subscribe', { ...form({ email: 'other@example.com' }) })).status).toBe(200);
    h.clock.advance(DAY);
    expect((await post('/subscribe', { email: 'later@example.com' })).status).toBe(200);
  });

  it('answers a bad form with the reasons, in the reader’s language, and a bad JSON body in the error shape', async () => {
    const { h, post } = await setUp('198.51.100.5');
    const page = await post(
      '/subscribe',
      { email: 'not an address', components: ['No such one'] },
      { 'accept-language': 'fr-FR,fr;q=0.9' },
    );
    expect(page.status).toBe(422);
    const said = listItems(await page.text());
    // Each refused field once, in French, none of the schema's English.
    expect(said).toEqual([
      'Adresse e-mail\u00a0: saisissez une adresse complète, par exemple nom@exemple.fr.',
      'Composants\u00a0: l’un de ceux que vous avez cochés n’existe plus. Rechargez la page et cochez-les de nouveau.',
    ]);
    // A component that went away after the form was shown: the service refuses it, in the same words.
    const gone = await post('/subscribe', { email: 'ada@example.com', components: ['nosuchcomponent'] }, { 'accept-language': 'fr' });
    expect(gone.status).toBe(422);
    expect(listItems(await gone.text())).toEqual([said[1]]);
    // More ticks than the form takes is said as such, not as a component gone.
    const many = Array.from({ length: 201 }, (_, i) => `component${i}`);
    const tooMany = await post('/subscribe', { email: 'ada@example.com', components: many }, { 'accept-language': 'fr' });
    expect(tooMany.status).toBe(422);
    expect(listItems(await tooMany.text())).toEqual(['Composants\u00a0: cochez-en 200 au plus, ou aucun pour tout recevoir.']);
    const zone = await post('/subscribe', { email: 'ada@example.com', time_zone: 'Paris', locale: 'xx' }, { 'accept-language': 'en-GB' });
    expect(zone.status).toBe(422);
    expect(listItems(await zone.text())).toEqual([
      'Language: choose one from the list.',
      'Time zone: choose one from the list, such as Europe/Paris.',
    ]);
    const json = await h.fetch('/subscribe', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'cf-connecting-ip': '198.51.100.5' },
      body: JSON.stringify({ email: 'x@example.com', components: ['nosuchcomponent'] }),
    });
    expect(json.status).toBe(422);
    expect((await json.json<any>()).error).toMatchObject({ code: 'invalid' });
  });
});
