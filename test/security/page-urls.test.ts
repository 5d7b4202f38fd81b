// The page's URLs (its address, logo, support link, privacy policy, legal notice) are links and images every reader's browser
// follows: https: only, and http: to this machine only while developing locally.
import { beforeEach, describe, expect, it } from 'vitest';
import { fingerprint } from '../support/db';
import { harness, ok } from '../support/harness';
import { emptyPage } from '../support/status-story';

const REFUSED = [
  'javascript:alert(document.domain)',
  'JavaScript:alert(document.domain)',
  ' javascript:alert(document.domain)',
  'data:image/svg+xml,<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
  'vbscript:msgbox(1)',
  'ftp://acme.example/logo.png',
  'http://acme.example/support',
  'mailto:support@acme.example',
];

describe('the page’s URLs', () => {
  beforeEach(emptyPage);

  it('refuse javascript:, data:, plain http: and every other scheme with a 422 naming the field; the page keeps no such link', async () => {
    const h = harness();
    ok(await h.api('PATCH', '/page', { name: 'Acme Intel' }));
    const before = await fingerprint();
    for (const value of REFUSED) {
      for (const field of ['support_url', 'privacy_url', 'legal_url', 'logo_url', 'url']) {
        const answer = await h.api('PATCH', '/page', { [field]: value });
        expect(answer.status, `${field} ${value}`).toBe(422);
        expect(answer.body.error.details[0]).toMatchObject({
          path: field,
          message: 'must be an https: URL (http: only to localhost, in development)',
        });
      }
    }
    expect(await fingerprint()).toEqual(before);
    const page = await (await h.fetch('/')).text();
    expect(page).not.toMatch(/javascript:|data:image|vbscript:/i);
  });

  it('refuse http: to localhost on a deployed page (PUBLIC_URL https:)', async () => {
    const h = harness();
    for (const value of ['http://localhost:8787/logo.svg', 'http://127.0.0.1:8787/logo.svg', 'http://[::1]:8787/logo.svg']) {
      const answer = await h.api('PATCH', '/page', { logo_url: value });
      expect(answer.status, value).toBe(422);
      expect(answer.body.error.details).toEqual([expect.objectContaining({ path: 'logo_url' })]);
    }
  });

  it('take https: links, shown on the page, and null to remove one', async () => {
    const h = harness();
    const page = ok(
      await h.api('PATCH', '/page', {
        url: 'https://status.acme.example',
        logo_url: 'https://acme.example/logo.svg',
        support_url: 'https://acme.example/support',
      }),
    ).page;
    expect(page).toMatchObject({ logo_url: 'https://acme.example/logo.svg', support_url: 'https://acme.example/support' });
    const html = await (await h.fetch('/')).text();
    expect(html).toContain('<a href="https://acme.example/support">');
    expect(ok(await h.api('PATCH', '/page', { support_url: null })).page.support_url).toBeNull();
  });

  it('take http: to this machine while developing (PUBLIC_URL http://localhost, as `npm start` runs), and nowhere else', async () => {
    const h = harness('2026-11-20T09:00:00.000Z', { vars: { PUBLIC_URL: 'http://localhost:8787' } });
    const page = ok(
      await h.api('PATCH', '/page', {
        url: 'http://localhost:8787',
        logo_url: 'http://127.0.0.1:8787/logo.svg',
        support_url: 'http://localhost:3000/help',
      }),
    ).page;
    expect(page).toMatchObject({ url: 'http://localhost:8787', logo_url: 'http://127.0.0.1:8787/logo.svg' });
    expect((await h.api('PATCH', '/page', { support_url: 'http://acme.example/help' })).status).toBe(422);
    expect((await h.api('PATCH', '/page', { support_url: 'javascript:alert(1)' })).status).toBe(422);
  });
});
