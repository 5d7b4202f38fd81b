// Mail-bombing a stranger through the subscription form, as issue 15 tried it: `+tag` and
// provider spellings of one mailbox, many addresses of one IPv6 /64, many networks at once. Each
// attack now ends at the limits in SUBSCRIBE_LIMITS, with the answers a real request gets.
import { env } from 'cloudflare:test';
import { beforeEach, describe, expect, it } from 'vitest';
import { SUBSCRIBE_LIMITS, subscribeCounters } from '../../src/services/subscribe-limits';
import { rows } from '../support/db';
import { HOUR, ok } from '../support/harness';
import { emptyPage } from '../support/status-story';
import { setUp, subscriberRow } from './support';

beforeEach(emptyPage);

/** A different IPv4 address for each `i`: the attacker's botnet, or a page's visitors. */
const someone = (i: number) => `203.0.113.${i + 1}`;

describe('one mailbox under many spellings', () => {
  it('30 `+tag` variants of one address, each from its own network, get at most the per-mailbox limit of e-mails', async () => {
    const { post, sent } = await setUp();
    const variants = Array.from({ length: 30 }, (_, i) => `Victim+${i}@Example.com`);
    const answers = [];
    for (const [i, email] of variants.entries()) answers.push(await post('/subscribe', { email }, someone(i)));
    // Every request is answered as a first one is: the limit tells the sender nothing.
    expect(answers.map((a) => a.status)).toEqual(variants.map(() => 200));
    const texts = new Set(await Promise.all(answers.map((a) => a.text())));
    expect(texts.size).toBe(1);

    const mails = await sent();
    expect(mails).toHaveLength(SUBSCRIBE_LIMITS.perMailboxHour);
    // The first three asked; their e-mails go out at once over several relay sessions, in any order.
    expect(mails.map((m) => m.envelope.to[0]).sort()).toEqual(['victim+0@example.com', 'victim+1@example.com', 'victim+2@example.com']);
  });

  it('Gmail’s dots and googlemail.com are one mailbox; other mailboxes keep their own limit', async () => {
    const { post, sent } = await setUp();
    const spellings = [
      'ada.lovelace@gmail.com',
      'adalovelace@gmail.com',
      'a.d.a.lovelace+x@googlemail.com',
      'AdaLove.lace@GMAIL.com',
      'ada.l.ovelace@googlemail.com',
    ];
    for (const [i, email] of spellings.entries()) expect((await post('/subscribe', { email }, someone(i))).status).toBe(200);
    expect((await post('/subscribe', { email: 'ada.lovelace@example.com' }, someone(9))).status).toBe(200);
    const mails = await sent();
    expect(mails.filter((m) => /@g(oogle)?mail\.com$/.test(m.envelope.to[0] ?? ''))).toHaveLength(SUBSCRIBE_LIMITS.perMailboxHour);
    // Outside Gmail a dot is part of the name: that one is somebody else.
    expect(await sent('ada.lovelace@example.com')).toHaveLength(1);
  });

  it('asked from many networks all day, a mailbox gets at most the per-day limit', async () => {
    const { h, post, sent } = await setUp('2026-11-21T00:10:00.000Z');
    for (let hour = 0; hour < 8; hour++) {
      for (let i = 0; i < 5; i++) await post('/subscribe', { email: `target+h${hour}i${i}@example.com` }, someone(hour * 5 + i));
      h.clock.advance(HOUR);
    }
    expect(await sent()).toHaveLength(SUBSCRIBE_LIMITS.perMailboxDay);
    // The next day starts afresh.
    h.clock.set('2026-11-22T00:10:00.000Z');
    await post('/subscribe', { email: 'target@example.com' }, someone(99));
    expect(await sent()).toHaveLength(SUBSCRIBE_LIMITS.perMailboxDay + 1);
  });

  it('past its limit, a subscribed address is answered exactly as an unknown one, and neither is mailed', async () => {
    const { h, post, sent } = await setUp();
    ok(await h.api('POST', '/subscribers/import', { confirmed: true, subscribers: [{ email: 'known@example.com' }] }));
    const answer = async (email: string, i: number) => {
      const response = await post('/subscribe', { email }, someone(i));
      return { status: response.status, text: await response.text() };
    };
    for (let i = 0; i < SUBSCRIBE_LIMITS.perMailboxHour; i++) {
      await answer(`known+${i}@example.com`, i);
      await answer(`unknown+${i}@example.com`, 10 + i);
    }
    const before = (await sent()).length;
    expect(await answer('known@example.com', 20)).toEqual(await answer('unknown@example.com', 21));
    expect(await sent()).toHaveLength(before);
  });
});

describe('one sender under many addresses', () => {
  it('30 addresses from one IPv6 /64 get at most the /64 limit; the next are refused with a 429 and nothing is written', async () => {
    const { post, sent } = await setUp();
    const answers = [];
    for (let i = 0; i < 30; i++) {
      // Each request from its own address of the /64, as a host may pick any.
      const ip = `2001:db8:7:42:${(i * 2039).toString(16)}:${i.toString(16)}::${(i + 1).toString(16)}`;
      answers.push({ email: `reader${i}@example.com`, response: await post('/subscribe', { email: `reader${i}@example.com` }, ip) });
    }
    const accepted = answers.filter((a) => a.response.status === 200);
    expect(accepted).toHaveLength(SUBSCRIBE_LIMITS.perIpv6NetworkHour);
    const refused = answers.slice(SUBSCRIBE_LIMITS.perIpv6NetworkHour);
    expect(refused.map((a) => a.response.status)).toEqual(refused.map(() => 429));
    expect(await refused[0]!.response.text()).toContain('Too many requests from your network');
    for (const { email } of refused) expect(await subscriberRow(email)).toBeUndefined();
    expect(await sent()).toHaveLength(SUBSCRIBE_LIMITS.perIpv6NetworkHour);

    // Another /64 of the same /48 is another customer.
    expect((await post('/subscribe', { email: 'neighbour@example.com' }, '2001:db8:7:43::1')).status).toBe(200);
  });

  it('behind Cloudflare’s Pseudo IPv4 (overwrite mode), the /64 is counted from CF-Connecting-IPv6', async () => {
    const { post } = await setUp();
    const statuses = [];
    for (let i = 0; i <= SUBSCRIBE_LIMITS.perIpv6NetworkHour; i++) {
      const response = await post('/subscribe', { email: `pseudo${i}@example.com` }, `240.9.${i}.1`, {
        'cf-connecting-ipv6': `2001:db8:9:9::${(i + 1).toString(16)}`,
      });
      statuses.push(response.status);
    }
    expect(statuses.at(-1)).toBe(429);
    expect(statuses.filter((s) => s === 200)).toHaveLength(SUBSCRIBE_LIMITS.perIpv6NetworkHour);
  });

  it('one IPv4 address gets the per-address limit; it also reaches us as IPv4-mapped IPv6', async () => {
    const { post } = await setUp();
    const statuses = [];
    for (let i = 0; i <= SUBSCRIBE_LIMITS.perIpv4Hour; i++) {
      const ip = i % 2 ? '198.51.100.77' : '::ffff:198.51.100.77';
      statuses.push((await post('/subscribe', { email: `office${i}@example.com` }, ip)).status);
    }
    expect(statuses.filter((s) => s === 200)).toHaveLength(SUBSCRIBE_LIMITS.perIpv4Hour);
    expect(statuses.at(-1)).toBe(429);
  });
});

describe('the whole form', () => {
  it('past its hourly cap, every sender is refused with a 429 that names no address, nothing written or sent', async () => {
    const { h, post, sent } = await setUp('2026-11-23T10:05:00.000Z');
    // The cap is reached as a thousand networks would reach it: the counter stands at the limit.
    const { overall } = await subscribeCounters('192.0.2.1', 'x@example.com', h.clock.now());
    await env.DB.prepare('INSERT INTO rate_limits (key, window_start, hits) VALUES (?, ?, ?)')
      .bind(overall.key, overall.window, overall.limit)
      .run();

    const page = await post('/subscribe', { email: 'late@example.com' }, '192.0.2.1');
    expect(page.status).toBe(429);
    expect(await page.text()).toContain('too many subscription requests right now');
    const json = await post('/subscribe', { email: 'late@example.com' }, '192.0.2.2', { accept: 'application/json' });
    expect(json.status).toBe(429);
    expect((await json.json<any>()).error).toMatchObject({ code: 'rate_limited', details: { limit: 'everyone' } });
    expect(await subscriberRow('late@example.com')).toBeUndefined();
    expect(await rows('SELECT id FROM deliveries')).toEqual([]);
    expect(await sent()).toEqual([]);

    // The next hour the form answers again.
    h.clock.advance(HOUR);
    expect((await post('/subscribe', { email: 'late@example.com' }, '192.0.2.1')).status).toBe(200);
    expect(await sent('late@example.com')).toHaveLength(1);
  });
});
