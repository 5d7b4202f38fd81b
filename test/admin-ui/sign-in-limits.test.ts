// Guessing tokens through the sign-in form (issue 15): attempts are counted per network (an IPv4
// address or an IPv6 /64) and for everyone together, in hour windows, whatever the token.
import { describe, expect, it } from 'vitest';
import { SIGN_IN_LIMITS } from '../../src/services/sign-in-limits';
import { rows } from '../support/db';
import { ADMIN_TOKEN, HOUR, harness, MINUTE, ok } from '../support/harness';
import { adminClient, textOf } from './client';

/** One attempt from `address`, by a browser that read the form first (its CSRF token). */
async function attempt(browser: ReturnType<typeof adminClient>, token: string, address = browser.address) {
  const body = new URLSearchParams({ _csrf: browser.csrf ?? '', token, next: '/admin' });
  return browser.send('POST', '/admin/sign-in', body, { 'content-type': 'application/x-www-form-urlencoded', 'cf-connecting-ip': address });
}

describe('sign-in attempts are limited', () => {
  it('30 wrong tokens from one address: 10 are refused as wrong, then 429 until the hour turns, even for the right token', async () => {
    const h = harness('2026-11-20T09:20:00.000Z');
    const guesser = adminClient(h, { address: '198.51.100.7' });
    await guesser.get('/admin/sign-in');
    const statuses: number[] = [];
    for (let i = 0; i < 30; i++) {
      const res = await attempt(guesser, `fw_guess${String(i).padStart(36, '0')}`);
      statuses.push(res.status);
      if (i === SIGN_IN_LIMITS.perNetworkHour - 1) expect(textOf(res.html)).toContain('This token is not valid');
      if (i === SIGN_IN_LIMITS.perNetworkHour) {
        expect(textOf(res.html)).toContain('Too many sign-in attempts from your network. Try again within the hour.');
        expect(res.headers.get('retry-after')).toBe(String(40 * 60));
        expect(res.html).toContain('name="token"');
      }
    }
    expect(statuses).toEqual([...Array(10).fill(401), ...Array(20).fill(429)]);

    const right = await attempt(guesser, ADMIN_TOKEN);
    expect(right.status).toBe(429);
    expect((await guesser.get('/admin/components')).status).toBe(303);

    const colleague = adminClient(h, { address: '198.51.100.8' });
    await colleague.signIn();
    expect((await colleague.get('/admin/components')).status).toBe(200);

    h.clock.advance(40 * MINUTE);
    await guesser.get('/admin/sign-in');
    expect((await attempt(guesser, ADMIN_TOKEN)).status).toBe(303);
  });

  it('an IPv6 /64 is one network: its addresses share the limit', async () => {
    const h = harness('2026-11-21T09:00:00.000Z');
    const guesser = adminClient(h);
    await guesser.get('/admin/sign-in');
    const statuses: number[] = [];
    for (let i = 1; i <= 12; i++)
      statuses.push((await attempt(guesser, 'fw_wrong-token-0000000000', `2001:db8:aa:bb::${i.toString(16)}`)).status);
    expect(statuses).toEqual([...Array(10).fill(401), 429, 429]);
    expect((await attempt(guesser, 'fw_wrong-token-0000000000', '2001:db8:aa:bc::1')).status).toBe(401);
  });

  it('an unknown, a revoked and an expired token each cost one attempt and get the same answer', async () => {
    const h = harness('2026-11-22T09:00:00.000Z');
    const revoked = ok(await h.api('POST', '/tokens', { name: 'revoked', scope: 'admin' })).token;
    ok(await h.api('DELETE', `/tokens/${revoked.id}`));
    const expired = ok(await h.api('POST', '/tokens', { name: 'expired', scope: 'admin', expires_in: 60 })).token;
    h.clock.advance(2 * MINUTE);
    const guesser = adminClient(h, { address: '203.0.113.9' });
    await guesser.get('/admin/sign-in');
    const answers = new Set<string>();
    for (const token of [revoked.secret, expired.secret, 'fw_unknown-token-000000000000000000000000']) {
      for (let i = 0; i < 3; i++) {
        const res = await attempt(guesser, token);
        expect(res.status).toBe(401);
        answers.add(textOf(res.html));
      }
    }
    expect(answers.size).toBe(1);
    expect(await rows("SELECT hits FROM rate_limits WHERE key = 'sign-in:ip:203.0.113.9'")).toEqual([{ hits: 9 }]);
    expect((await attempt(guesser, 'fw_unknown-token-000000000000000000000000')).status).toBe(401);
    expect((await attempt(guesser, revoked.secret)).status).toBe(429);
  });

  it('past 100 attempts an hour from everyone together, every network gets 429; open sessions carry on', async () => {
    const h = harness('2026-11-23T09:00:00.000Z');
    const operator = adminClient(h, { address: '192.0.2.1' });
    await operator.signIn();
    const crowd = adminClient(h);
    await crowd.get('/admin/sign-in');
    // The operator's sign-in was one; 99 more from as many addresses fill the hour.
    for (let i = 1; i < SIGN_IN_LIMITS.overallHour; i++) {
      expect((await attempt(crowd, 'fw_wrong-token-0000000000', `10.${i >> 8}.${i & 255}.1`)).status, `attempt ${i}`).toBe(401);
    }
    const refused = await attempt(crowd, ADMIN_TOKEN, '198.51.100.200');
    expect(refused.status).toBe(429);
    expect(textOf(refused.html)).toContain('Too many sign-in attempts right now. Try again within the hour.');
    expect((await operator.get('/admin/components')).status).toBe(200);
    h.clock.advance(HOUR);
    expect((await attempt(crowd, ADMIN_TOKEN, '198.51.100.200')).status).toBe(303);
  });
});
