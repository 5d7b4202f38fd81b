import { describe, expect, it } from 'vitest';
import { signLink, verifyLink } from '../../src/domain/signed-links';
import { follows, isPermanentSmtpFailure, isThrottleReply, normalizeEmail, retryDelaySeconds } from '../../src/domain/subscribers';

const SECRET = 'a-signing-secret-of-enough-length-0123';
const NOW = new Date('2026-11-21T07:00:00.000Z');

describe('signed subscriber links', () => {
  it('verify for their own purpose and subscriber only, and only with the secret that signed them', async () => {
    const manage = await signLink(SECRET, { purpose: 'manage', subscriberId: 'abc123' });
    expect(await verifyLink(SECRET, manage, 'manage', NOW)).toEqual({ purpose: 'manage', subscriberId: 'abc123' });
    expect(await verifyLink(SECRET, manage, 'confirm', NOW)).toBeNull();
    expect(await verifyLink(`${SECRET}x`, manage, 'manage', NOW)).toBeNull();
    expect(await verifyLink(SECRET, manage.replace('abc123', 'abc124'), 'manage', NOW)).toBeNull();
    expect(await verifyLink(SECRET, `${manage}A`, 'manage', NOW)).toBeNull();
    for (const junk of ['', '.', 'm..', 'm.abc123', 'm.ABC.xx', `${'m.a.'.repeat(60)}`]) {
      expect(await verifyLink(SECRET, junk, 'manage', NOW), junk).toBeNull();
    }
  });

  it('a confirmation link expires', async () => {
    const expires = Math.floor(NOW.getTime() / 1000) + 3600;
    const confirm = await signLink(SECRET, { purpose: 'confirm', subscriberId: 'abc123', expires });
    expect(await verifyLink(SECRET, confirm, 'confirm', NOW)).toMatchObject({ subscriberId: 'abc123', expires });
    expect(await verifyLink(SECRET, confirm, 'confirm', new Date(expires * 1000))).toBeNull();
    expect(await verifyLink(SECRET, confirm.replace(String(expires), String(expires + 86_400)), 'confirm', NOW)).toBeNull();
  });
});

describe('who follows a notice', () => {
  it('everyone for a notice that touches nothing, followers of everything, and followers of a touched component', () => {
    expect(follows({ allComponents: true, components: [] }, ['crawlers'])).toBe(true);
    expect(follows({ allComponents: false, components: ['alerts'] }, [])).toBe(true);
    expect(follows({ allComponents: false, components: ['alerts', 'crawlers'] }, ['crawlers', 'api'])).toBe(true);
    expect(follows({ allComponents: false, components: ['alerts'] }, ['crawlers', 'api'])).toBe(false);
  });

  it('one mailbox is one address', () => {
    expect(normalizeEmail('  Ada.Lovelace@Example.COM ')).toBe('ada.lovelace@example.com');
  });

  it('retries after 30 s, doubling, at most an hour apart', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9].map(retryDelaySeconds)).toEqual([30, 60, 120, 240, 480, 960, 1920, 3600, 3600]);
  });
});

describe('what an SMTP reply means', () => {
  it('5xx is a refusal for good; 421, 451, 454 and 429 ask to slow down; other 4xx may pass on a retry', () => {
    expect([550, 554, 535].every(isPermanentSmtpFailure)).toBe(true);
    expect([421, 451, 454, 429].every(isThrottleReply)).toBe(true);
    expect([450, 452, 250, undefined].some(isThrottleReply)).toBe(false);
    expect([450, 454, undefined].some(isPermanentSmtpFailure)).toBe(false);
  });
});
