import { beforeEach, describe, expect, it } from 'vitest';
import { makeComponent } from '../support/factories';
import { harness, ok } from '../support/harness';
import { emptyPage } from '../support/status-story';

describe('translations through the admin API', () => {
  beforeEach(emptyPage);

  it('keeps each language, falls back field by field, and removes a translation given empty', async () => {
    const h = harness('2026-11-30T08:00:00.000Z');
    const api: any = await makeComponent(h, 'Public API', { description: 'Our REST API', translations: { fr: { name: 'API publique' } } });
    expect(api.translations).toEqual({ fr: { name: 'API publique' } });
    const fr = await (await h.fetch('/', { headers: { 'accept-language': 'fr' } })).text();
    expect(fr).toContain('API publique');
    // No French description: the English one stands in.
    expect(fr).toContain('Our REST API');
    const en = await (await h.fetch('/', { headers: { 'accept-language': 'en' } })).text();
    expect(en).not.toContain('API publique');

    const patched = ok(await h.api('PATCH', `/components/${api.id}`, { translations: { fr: { name: '' } } })).component;
    expect(patched.translations).toEqual({});
    expect(await (await h.fetch('/', { headers: { 'accept-language': 'fr' } })).text()).not.toContain('API publique');
    // The Statuspage JSON stays in the default language.
    ok(await h.api('PATCH', `/components/${api.id}`, { translations: { fr: { name: 'API publique' } } }));
    const summary = await (await h.fetch('/api/v2/components.json')).json<{ components: { name: string }[] }>();
    expect(summary.components.map((c) => c.name)).toEqual(['Public API']);
  });

  it('refuses a translation into the default language, and a change of default language once texts are translated', async () => {
    const h = harness('2026-11-30T08:00:00.000Z');
    const intoDefault = await h.api('POST', '/components', { name: 'Login', translations: { en: { name: 'Sign-in' } } });
    expect(intoDefault.status).toBe(422);
    expect(intoDefault.body.error.message).toMatch(/default language/);
    const unknown = await h.api('POST', '/components', { name: 'Login', translations: { de: { name: 'Anmeldung' } } });
    expect(unknown.status).toBe(422);

    // Nothing translated yet: the default language may change.
    ok(await h.api('PATCH', '/page', { default_locale: 'fr' }));
    ok(await h.api('PATCH', '/page', { default_locale: 'en' }));
    await makeComponent(h, 'Login', { translations: { fr: { name: 'Connexion' } } });
    const refused = await h.api('PATCH', '/page', { default_locale: 'fr' });
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toMatch(/translations/);
    expect(ok(await h.api('GET', '/page')).page.default_locale).toBe('en');
  });
});

describe('a backfilled incident in both languages', () => {
  beforeEach(emptyPage);

  it('reads in French on the French page, its resolution too', async () => {
    const h = harness('2026-11-30T08:00:00.000Z');
    const reports = await makeComponent(h, 'Reports', { translations: { fr: { name: 'Rapports' } } });
    const { incident } = ok(
      await h.api('POST', '/incidents/backfill', {
        name: 'Exports failing',
        impact: 'major',
        body: 'Large exports time out.',
        components: { [reports.id]: 'major_outage' },
        started_at: '2026-11-20T08:00:00.000Z',
        resolved_at: '2026-11-20T09:00:00.000Z',
        postmortem: 'A query plan changed.',
        translations: { fr: { name: 'Échec des exports', body: 'Les gros exports expirent.', postmortem: 'Un plan de requête a changé.' } },
      }),
    );
    const fr = await (await h.fetch(`/incidents/${incident.id}`, { headers: { 'accept-language': 'fr' } })).text();
    for (const text of [
      'Échec des exports',
      'Les gros exports expirent.',
      'Un plan de requête a changé.',
      'Cet incident est résolu.',
      'Rapports',
    ]) {
      expect(fr).toContain(text);
    }
    for (const text of ['Exports failing', 'Large exports time out.', 'A query plan changed.', 'This incident has been resolved.']) {
      expect(fr).not.toContain(text);
    }
    const v2 = await (await h.fetch('/api/v2/incidents.json')).json<{
      incidents: { name: string; incident_updates: { body: string }[] }[];
    }>();
    expect(v2.incidents[0]?.name).toBe('Exports failing');
    expect(v2.incidents[0]?.incident_updates.map((u) => u.body)).toContain('This incident has been resolved.');
  });
});
