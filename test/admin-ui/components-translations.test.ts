import { beforeEach, describe, expect, it } from 'vitest';
import { visibleText } from '../public/html';
import { fingerprint, rows } from '../support/db';
import type { Harness } from '../support/harness';
import { harness, ok } from '../support/harness';
import { emptyPage } from '../support/status-story';
import type { AdminClient } from './client';
import { adminClient, textOf } from './client';

const publicPage = async (h: Harness, language: string) =>
  visibleText(await (await h.fetch('/', { headers: { 'accept-language': language } })).text());

const translationsOf = async (table: 'components' | 'component_groups', id: string) => {
  const [row] = await rows<{ translations: string }>(`SELECT translations FROM ${table} WHERE id = ?`, id);
  return JSON.parse(row?.translations ?? 'null');
};

async function signedIn(h: Harness): Promise<AdminClient> {
  const admin = adminClient(h);
  await admin.signIn();
  return admin;
}

describe('component and group names in every page language, from the admin UI', () => {
  beforeEach(emptyPage);

  it('a group and a component named in English and French read in French on the French page; emptied, French falls back to English', async () => {
    const h = harness();
    ok(await h.api('PATCH', '/page', { name: 'Pricescope', default_locale: 'en' }));
    const admin = await signedIn(h);

    const list = await admin.get('/admin/components');
    for (const form of ['new-component', 'new-group']) {
      expect(list.html).toMatch(new RegExp(`<input id="${form}-name" name="name" type="text" value="" required=""`));
      expect(list.html).toContain(`id="${form}-translations-fr-name" name="translations.fr.name"`);
      expect(list.html).toContain(`<textarea id="${form}-translations-fr-description" name="translations.fr.description"`);
    }
    expect(list.html).not.toContain('name="translations.en.');
    expect(textOf(list.html)).toContain(
      'Name in other languages French Optional: French readers get the English text where this is empty.',
    );

    expect(
      (
        await admin.post('/admin/groups', {
          name: 'Data collection',
          description: '',
          'translations.fr.name': 'Collecte des données',
          'translations.fr.description': '',
        })
      ).status,
    ).toBe(303);
    const [group] = await rows<{ id: string }>("SELECT id FROM component_groups WHERE name = 'Data collection'");
    const groupId = group?.id ?? '';
    expect(await translationsOf('component_groups', groupId)).toEqual({ fr: { name: 'Collecte des données' } });

    await admin.get('/admin/components');
    const created = await admin.post('/admin/components', {
      name: 'Price crawlers',
      'translations.fr.name': 'Robots de collecte des prix',
      description: 'Fetch prices from retailers.',
      'translations.fr.description': 'Relèvent les prix chez les enseignes.',
      group_id: groupId,
      status: 'operational',
      showcase: 'on',
    });
    expect(created.status).toBe(303);
    const [component] = await rows<{ id: string }>("SELECT id FROM components WHERE name = 'Price crawlers'");
    const componentId = component?.id ?? '';
    expect(await translationsOf('components', componentId)).toEqual({
      fr: { name: 'Robots de collecte des prix', description: 'Relèvent les prix chez les enseignes.' },
    });

    // The list shows each French name, small, under the English one.
    const listed = (await admin.get('/admin/components')).html;
    expect(listed).toContain('<div class="muted"><small>French: <span lang="fr">Robots de collecte des prix</span></small></div>');
    expect(listed).toContain('<div class="muted"><small>French: <span lang="fr">Collecte des données</span></small></div>');

    const french = await publicPage(h, 'fr');
    expect(french).toContain('Robots de collecte des prix');
    expect(french).toContain('Collecte des données');
    expect(french).not.toContain('Price crawlers');
    expect(french).not.toContain('Data collection');
    const english = await publicPage(h, 'en');
    expect(english).toContain('Price crawlers');
    expect(english).toContain('Data collection');
    expect(english).not.toContain('Robots de collecte');
    expect(english).not.toContain('Collecte des données');

    // The edit form shows both languages as saved; the operator empties the French name only.
    const edit = await admin.get(`/admin/components/${componentId}`);
    expect(edit.html).toContain('name="translations.fr.name" type="text" value="Robots de collecte des prix"');
    expect(edit.html).toContain('Relèvent les prix chez les enseignes.</textarea>');
    const cleared = await admin.post(`/admin/components/${componentId}`, {
      name: 'Price crawlers',
      'translations.fr.name': '',
      description: 'Fetch prices from retailers.',
      'translations.fr.description': 'Relèvent les prix chez les enseignes.',
      group_id: groupId,
      status: 'operational',
      showcase: 'on',
    });
    expect(cleared.status).toBe(303);
    expect(await translationsOf('components', componentId)).toEqual({ fr: { description: 'Relèvent les prix chez les enseignes.' } });

    await admin.get(`/admin/groups/${groupId}`);
    const groupCleared = await admin.post(`/admin/groups/${groupId}`, {
      name: 'Data collection',
      description: '',
      'translations.fr.name': '   ',
      'translations.fr.description': '',
    });
    expect(groupCleared.status).toBe(303);
    expect(await translationsOf('component_groups', groupId)).toEqual({});

    const fallenBack = await publicPage(h, 'fr');
    expect(fallenBack).toContain('Price crawlers');
    expect(fallenBack).toContain('Data collection');
    expect(fallenBack).not.toContain('Robots de collecte');
    expect(fallenBack).not.toContain('Collecte des données');
    expect(textOf((await admin.get('/admin/components')).html)).not.toContain('French:');
  });

  it('an edit posted without the other languages’ fields leaves their translations as they were', async () => {
    const h = harness();
    ok(await h.api('PATCH', '/page', { default_locale: 'en' }));
    const { id } = ok(await h.api('POST', '/components', { name: 'Search', translations: { fr: { name: 'Recherche' } } })).component;
    const admin = await signedIn(h);
    await admin.get(`/admin/components/${id}`);
    expect((await admin.post(`/admin/components/${id}`, { name: 'Search engine', status: 'operational' })).status).toBe(303);
    expect(await rows('SELECT name, translations FROM components WHERE id = ?', id)).toEqual([
      { name: 'Search engine', translations: JSON.stringify({ fr: { name: 'Recherche' } }) },
    ]);
  });

  it('a French name too long is refused by its field and language, what was typed kept, nothing written', async () => {
    const h = harness();
    ok(await h.api('PATCH', '/page', { default_locale: 'en' }));
    const admin = await signedIn(h);
    await admin.get('/admin/components');
    const before = await fingerprint();
    const long = 'R'.repeat(201);
    const res = await admin.post('/admin/components', { name: 'Exports', 'translations.fr.name': long, status: 'operational' });
    expect(res.status).toBe(422);
    expect(textOf(res.html)).toContain('The form has errors; nothing was saved. Name in French: at most 200 characters.');
    expect(res.html).toContain(`name="translations.fr.name" type="text" value="${long}"`);
    expect(res.html).toContain('name="name" type="text" value="Exports"');
    expect(await fingerprint()).toEqual(before);

    await admin.get('/admin/components');
    const group = await admin.post('/admin/groups', { name: 'Exports', 'translations.fr.description': 'd'.repeat(20_001) });
    expect(group.status).toBe(422);
    expect(textOf(group.html)).toContain('Description in French: at most 20000 characters.');
    expect(await fingerprint()).toEqual(before);
  });

  it('on a French page the French fields are the required ones and English is the optional other language', async () => {
    const h = harness();
    ok(await h.api('PATCH', '/page', { name: 'Pricescope', default_locale: 'fr' }));
    const admin = await signedIn(h);
    const list = await admin.get('/admin/components');
    expect(list.html).toContain('name="translations.en.name"');
    expect(list.html).not.toContain('name="translations.fr.');
    expect(textOf(list.html)).toContain('In French, the page’s language.');
    expect(textOf(list.html)).toContain('Optional: English readers get the French text where this is empty.');

    const created = await admin.post('/admin/components', {
      name: 'Tableau de bord',
      'translations.en.name': 'Dashboard',
      status: 'operational',
      showcase: 'on',
    });
    expect(created.status).toBe(303);
    expect(await rows('SELECT name, translations FROM components')).toEqual([
      { name: 'Tableau de bord', translations: JSON.stringify({ en: { name: 'Dashboard' } }) },
    ]);
    expect(textOf((await admin.get('/admin/components')).html)).toContain('Tableau de bord English: Dashboard');
    expect(await publicPage(h, 'en')).toContain('Dashboard');
    expect(await publicPage(h, 'fr')).toContain('Tableau de bord');
  });
});
