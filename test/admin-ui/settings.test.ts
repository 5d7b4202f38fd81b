import { beforeEach, describe, expect, it } from 'vitest';
import { fingerprint, rows } from '../support/db';
import { harness, ok } from '../support/harness';
import { emptyPage } from '../support/status-story';
import { adminClient, textOf } from './client';

async function setUp() {
  const h = harness('2026-11-20T09:00:00.000Z');
  ok(await h.api('PATCH', '/page', { name: 'Acme Intel', time_zone: 'Europe/Paris', url: 'https://status.example.com' }));
  const admin = adminClient(h);
  await admin.signIn();
  return { h, admin };
}

const SETTINGS = {
  name: 'Acme Intelligence',
  'translations.fr.name': 'Acme Intelligence (FR)',
  url: 'https://status.acme.example',
  time_zone: 'America/New_York',
  default_locale: 'en',
  logo_url: 'https://cdn.acme.example/logo.svg',
  support_url: 'https://acme.example/support',
  privacy_url: 'https://acme.example/privacy',
  legal_url: 'https://acme.example/mentions-legales',
};

describe('page settings in the admin UI', () => {
  beforeEach(emptyPage);

  it('an operator changes every setting through the form; the API and the public page read them, and the change is audited', async () => {
    const { h, admin } = await setUp();
    const form = await admin.get('/admin/settings');
    expect(form.status).toBe(200);
    expect(form.html).toContain('href="/admin/settings" aria-current="page"');
    expect(form.html).toMatch(/<option value="Europe\/Paris" selected="">Europe\/Paris<\/option>/);

    const saved = await admin.post('/admin/settings', SETTINGS);
    expect(saved.status).toBe(303);
    expect(saved.location).toBe('/admin/settings?saved');
    expect(textOf((await admin.get('/admin/settings?saved')).html)).toContain('Saved. The public page shows the change.');

    const page = ok(await h.api('GET', '/page')).page;
    expect(page).toMatchObject({
      name: 'Acme Intelligence',
      url: 'https://status.acme.example',
      time_zone: 'America/New_York',
      default_locale: 'en',
      logo_url: 'https://cdn.acme.example/logo.svg',
      support_url: 'https://acme.example/support',
      privacy_url: 'https://acme.example/privacy',
      legal_url: 'https://acme.example/mentions-legales',
    });
    expect(page.translations).toEqual({ fr: { name: 'Acme Intelligence (FR)' } });
    expect(await (await h.fetch('/?lang=fr')).text()).toContain('Acme Intelligence (FR)');

    // Emptying the French name and the logo removes them.
    await admin.get('/admin/settings');
    expect((await admin.post('/admin/settings', { ...SETTINGS, 'translations.fr.name': '', logo_url: '' })).status).toBe(303);
    const after = ok(await h.api('GET', '/page')).page;
    expect(after.translations).toEqual({});
    expect(after.logo_url).toBeNull();
    expect(await rows("SELECT actor, action FROM audit_log WHERE action = 'page.update' ORDER BY id")).toEqual([
      { actor: 'admin-token', action: 'page.update' },
      { actor: 'admin-token', action: 'page.update' },
      { actor: 'admin-token', action: 'page.update' },
    ]);
  });

  it('refuses a plain-http address, an unknown zone and an empty name at their fields (422), saving nothing', async () => {
    const { h, admin } = await setUp();
    await admin.get('/admin/settings');
    const before = await fingerprint();
    const res = await admin.post('/admin/settings', {
      ...SETTINGS,
      name: ' ',
      url: 'http://status.acme.example',
      support_url: 'javascript:alert(1)',
      privacy_url: 'data:text/html,<script>alert(1)</script>',
      time_zone: 'Mars/Olympus',
    });
    expect(res.status).toBe(422);
    expect(res.html).toMatch(/id="settings-name-error">Enter a name\.</);
    expect(res.html).toMatch(/id="settings-url-error">Enter a whole address starting with https:\/\//);
    expect(res.html).toMatch(/id="settings-support_url-error">Enter a whole address starting with https:\/\//);
    expect(res.html).toMatch(/id="settings-privacy_url-error">Enter a whole address starting with https:\/\//);
    expect(res.html).toMatch(/id="settings-time_zone-error">Choose a time zone from the list, such as Europe\/Paris\.</);
    expect(res.html).not.toMatch(/invalid_format|too_small|must be an https/);
    // What was typed stays in the form.
    expect(res.html).toContain('value="http://status.acme.example"');
    // A post without the form's CSRF token, or without a session, is refused too.
    expect((await admin.post('/admin/settings', SETTINGS, false)).status).toBe(403);
    expect((await adminClient(h).post('/admin/settings', SETTINGS, false)).status).toBe(401);
    expect(await fingerprint()).toEqual(before);
  });

  it('the default language cannot change once texts are translated: a readable 409 at the language field', async () => {
    const { h, admin } = await setUp();
    ok(await h.api('POST', '/components', { name: 'API', translations: { fr: { name: 'API (FR)' } } }));
    await admin.get('/admin/settings');
    const before = await fingerprint();
    const res = await admin.post('/admin/settings', { ...SETTINGS, 'translations.fr.name': '', default_locale: 'fr' });
    expect(res.status).toBe(409);
    expect(res.html).toMatch(/id="settings-default_locale-error">The default language stays English: texts are already translated/);
    expect(await fingerprint()).toEqual(before);
  });

  it('a read session sees the settings without the form, and its post is refused (403)', async () => {
    const { h } = await setUp();
    const token = ok(await h.api('POST', '/tokens', { name: 'auditor', scope: 'read' })).token;
    const reader = adminClient(h);
    await reader.signIn(token.secret);
    const page = await reader.get('/admin/settings');
    expect(page.status).toBe(200);
    expect(textOf(page.html)).toContain('Page name Acme Intel Public address https://status.example.com Time zone Europe/Paris');
    expect(page.html).not.toContain('action="/admin/settings"');
    expect(page.html).not.toContain('href="/admin/tokens"');
    const before = await fingerprint();
    expect((await reader.post('/admin/settings', SETTINGS)).status).toBe(403);
    expect(await fingerprint()).toEqual(before);
  });
});
