// A stranger subscribing an address that is already known: before, they could rewrite a pending
// subscriber's language, zone and components, and reset one who had left. Now nothing about the
// subscriber changes until the mailbox's owner follows a link; the owner's mailbox just gets the
// link again (within the limits).
import { env } from 'cloudflare:test';
import { beforeEach, describe, expect, it } from 'vitest';
import { signLink } from '../../src/domain/signed-links';
import { rows } from '../support/db';
import { HOUR, ok } from '../support/harness';
import { emptyPage } from '../support/status-story';
import { linkIn, setUp, subscriberRow } from './support';

beforeEach(emptyPage);

const choicesOf = async (id: string) =>
  (
    await rows<{ component_id: string }>('SELECT component_id FROM subscriber_components WHERE subscriber_id = ? ORDER BY component_id', id)
  ).map((r) => r.component_id);

describe('asking again for an address that is already known', () => {
  it('a stranger’s second subscribe leaves a pending subscriber’s language, zone and components as they chose', async () => {
    const { h, post, sent, crawlers, webapp, api } = await setUp();
    const email = 'grace@example.com';
    expect(
      (await post('/subscribe', { email, locale: 'en', time_zone: 'Europe/London', components: [crawlers.id] }, '198.51.100.30')).status,
    ).toBe(200);
    const mine = (await subscriberRow(email))!;
    expect(await choicesOf(mine.id)).toEqual([crawlers.id]);

    h.clock.advance(HOUR);
    const stranger = await post(
      '/subscribe',
      { email: 'Grace@Example.com', locale: 'fr', time_zone: 'Asia/Tokyo', components: [webapp.id, api.id] },
      '192.0.2.66',
    );
    expect(stranger.status).toBe(200);
    // The stranger is told what anyone is told, in the language they asked for.
    expect(await stranger.text()).toContain('Consultez votre messagerie');
    const after = (await subscriberRow(email))!;
    expect(after).toMatchObject({
      locale: 'en',
      time_zone: 'Europe/London',
      all_components: 0,
      confirmed_at: null,
      created_at: mine.created_at,
    });
    expect(await choicesOf(mine.id)).toEqual([crawlers.id]);

    // Both e-mails go to the owner in their own language; either link confirms their own choices.
    const mails = await sent(email);
    expect(mails.map((m) => m.subject)).toEqual(['Confirm your subscription to Acme Intel', 'Confirm your subscription to Acme Intel']);
    expect((await h.fetch(linkIn(mails[1]!.text, 'confirm'), { method: 'POST' })).status).toBe(200);
    expect(await subscriberRow(email)).toMatchObject({
      locale: 'en',
      time_zone: 'Europe/London',
      confirmed_at: h.clock.now().toISOString(),
    });
    expect(await choicesOf(mine.id)).toEqual([crawlers.id]);
  });

  it('a subscribed address stays as it is and is mailed its manage link', async () => {
    const { h, post, sent, crawlers } = await setUp();
    ok(
      await h.api('POST', '/subscribers/import', {
        confirmed: true,
        subscribers: [{ email: 'active@example.com', locale: 'fr', time_zone: 'Europe/Paris', components: [crawlers.id] }],
      }),
    );
    const before = (await subscriberRow('active@example.com'))!;
    h.clock.advance(HOUR);
    expect((await post('/subscribe', { email: 'active@example.com', locale: 'en', time_zone: 'UTC' }, '198.51.100.31')).status).toBe(200);
    expect(await subscriberRow('active@example.com')).toEqual(before);
    const [mail] = await sent('active@example.com');
    expect(linkIn(mail!.text, 'manage')).toMatch(/^\/manage\/m\./);
  });

  it('an address that left stays gone, with its old choices, until its owner confirms from the new e-mail', async () => {
    const { h, post, sent, crawlers } = await setUp();
    ok(
      await h.api('POST', '/subscribers/import', {
        confirmed: true,
        subscribers: [{ email: 'left@example.com', locale: 'fr', components: [crawlers.id] }],
      }),
    );
    const row = (await subscriberRow('left@example.com'))!;
    const manage = `/manage/${await signLink(env.SIGNING_SECRET ?? '', { purpose: 'manage', subscriberId: row.id })}`;
    expect((await post(`${manage}/leave`, {}, '198.51.100.32')).status).toBe(200);
    const gone = (await subscriberRow('left@example.com'))!;
    expect(gone.unsubscribed_at).not.toBeNull();

    h.clock.advance(HOUR);
    expect((await post('/subscribe', { email: 'left@example.com', locale: 'en', time_zone: 'Asia/Tokyo' }, '192.0.2.67')).status).toBe(200);
    expect(await subscriberRow('left@example.com')).toEqual(gone);

    const [mail] = await sent('left@example.com');
    expect(mail!.subject).toBe('Confirmez votre abonnement à Acme Intel');
    expect((await h.fetch(linkIn(mail!.text, 'confirm'), { method: 'POST' })).status).toBe(200);
    expect(await subscriberRow('left@example.com')).toMatchObject({
      unsubscribed_at: null,
      locale: 'fr',
      confirmed_at: h.clock.now().toISOString(),
    });
    expect(await choicesOf(row.id)).toEqual([crawlers.id]);
  });
});
