import { beforeEach, describe, expect, it } from 'vitest';
import { auditActions, fingerprint, rows } from '../support/db';
import { makeCatalogue } from '../support/factories';
import { harness, ok } from '../support/harness';
import { emptyPage } from '../support/status-story';
import { adminClient, textOf } from './client';

// Drafts in the admin UI: saved from the create forms with the operator's text in English and
// French side by side, previewed as readers will get them, published after a confirmation.

async function setUp() {
  const h = harness('2026-11-20T09:00:00.000Z');
  ok(await h.api('PATCH', '/page', { name: 'Acme Intel', time_zone: 'Europe/Paris', default_locale: 'en' }));
  const catalogue = await makeCatalogue(h);
  ok(
    await h.api('POST', '/subscribers/import', {
      confirmed: true,
      subscribers: [
        { email: 'anne@example.com', locale: 'fr', components: [catalogue.crawlers.id] },
        { email: 'bob@example.com', locale: 'en' },
        { email: 'carl@example.com', locale: 'en', components: [catalogue.alerts.id] },
      ],
    }),
  );
  const admin = adminClient(h);
  await admin.signIn();
  return { h, admin, ...catalogue };
}

const weekend = (crawlers: string) => ({
  name: 'Data-centre migration',
  'translations.fr.name': 'Migration du centre de données',
  body: 'We move our servers to a new data centre.',
  'translations.fr.body': 'Nous déménageons nos serveurs dans un nouveau centre de données.',
  still_working: 'Login and read-only dashboards.',
  'translations.fr.still_working': '',
  scheduled_for: '2026-12-05T08:00',
  scheduled_until: '2026-12-06T20:00',
  [`component.${crawlers}`]: 'under_maintenance',
  reminders: ['1440', '60'],
  reminders_custom: '',
  auto_start: 'on',
  auto_complete: 'on',
  deliver_notifications: 'on',
  impact: '',
});

/** Every table but the audit log: what a draft must leave as it was. */
/** Every table but the drafts and the audit trail: what a saved draft must leave as it was. */
async function publicState() {
  const { audit_log: _audit, drafts: _drafts, ...rest } = await fingerprint();
  return rest;
}

describe('drafts in the admin UI', () => {
  beforeEach(emptyPage);

  it('the schedule form takes each text in English and French side by side and saves a draft; its page previews the card and each e-mail with its readers; publishing asks first', async () => {
    const { h, admin, crawlers } = await setUp();
    const form = (await admin.get('/admin/maintenances/new')).html;
    for (const field of ['name', 'body', 'still_working']) {
      expect(form).toContain(`name="${field}"`);
      expect(form).toContain(`name="translations.fr.${field}"`);
    }
    expect(form).toContain('<legend>Name in other languages</legend>');
    expect(form).toMatch(/formaction="\/admin\/drafts\/new\/maintenance" name="intent" value="save"[^>]*>Save draft</);
    expect(form).toMatch(/formaction="\/admin\/drafts\/new\/maintenance" name="intent" value="preview"[^>]*>Preview</);
    const before = await publicState();

    const saved = await admin.post('/admin/drafts/new/maintenance', { ...weekend(crawlers.id), intent: 'preview' });
    expect(saved.status, textOf(saved.html).slice(0, 500)).toBe(303);
    expect(saved.location).toMatch(/^\/admin\/drafts\/[a-z0-9]+#preview$/);
    const id = saved.location?.split('/').pop()?.split('#')[0] ?? '';
    // Drafts have their own place in the navigation, current on a draft's page.
    expect((await admin.get(`/admin/drafts/${id}`)).html).toContain('<a href="/admin/drafts" aria-current="page">Drafts</a>');
    const [draft] = await rows<{ input: string }>('SELECT input FROM drafts WHERE id = ?', id);
    expect(JSON.parse(draft?.input ?? '{}')).toMatchObject({
      scheduled_for: '2026-12-05T07:00:00.000Z',
      translations: {
        fr: { name: 'Migration du centre de données', body: 'Nous déménageons nos serveurs dans un nouveau centre de données.' },
      },
    });
    // The French "what still works" was left empty: French readers get the English one.
    expect(JSON.parse(draft?.input ?? '{}').translations.fr.still_working).toBeUndefined();
    expect(await publicState()).toEqual(before);

    const page = await admin.get(`/admin/drafts/${id}`);
    const text = textOf(page.html);
    expect(text).toContain('Not published: nothing of it is public, nobody has been e-mailed.');
    expect(text).toContain('Publishing now e-mails 2 subscribers (1 in English, 1 in French).');
    expect(text).toMatch(/In English: to 1 subscriber Subject: [^ ]*.*Data-centre migration/);
    expect(text).toMatch(/In French: to 1 subscriber Subject: .*Migration du centre de données/);
    for (const locale of ['en', 'fr']) {
      expect(page.html).toContain(`src="/admin/drafts/${id}/card/${locale}"`);
      expect(page.html).toContain(`src="/admin/drafts/${id}/mail/${locale}"`);
    }

    const card = await admin.get(`/admin/drafts/${id}/card/fr`);
    expect(card.status).toBe(200);
    expect(card.headers.get('content-security-policy')).toContain('sandbox');
    expect(card.headers.get('content-security-policy')).toContain("frame-ancestors 'self'");
    const cardText = textOf(card.html);
    expect(cardText).toContain('Migration du centre de données');
    expect(cardText).toContain('Login and read-only dashboards.');
    expect(cardText).toContain('samedi 5 décembre 2026 à 08:00');
    expect(cardText).not.toContain('Data-centre migration');
    expect(textOf((await admin.get(`/admin/drafts/${id}/card/en`)).html)).toContain('Data-centre migration');
    const mail = await admin.get(`/admin/drafts/${id}/mail/fr`);
    expect(mail.headers.get('content-security-policy')).toBe(
      "default-src 'none'; style-src 'unsafe-inline'; img-src https: data:; frame-ancestors 'self'; sandbox",
    );
    expect(textOf(mail.html)).toContain('Nous déménageons nos serveurs');
    expect((await admin.get(`/admin/drafts/${id}/mail/de`)).status).toBe(404);
    expect(await publicState()).toEqual(before);

    // Publish asks first: what it creates and whom it writes to; nothing happens until confirmed.
    const asked = await admin.post(`/admin/drafts/${id}/publish`);
    expect(asked.status).toBe(200);
    expect(textOf(asked.html)).toContain('Publish “Data-centre migration”?');
    expect(textOf(asked.html)).toContain('2 subscribers will be e-mailed. (English: 1 subscriber; French: 1 subscriber)');
    expect(textOf(asked.html)).toContain('Publish and e-mail 2 subscribers');
    expect(await publicState()).toEqual(before);

    const published = await admin.answer(asked);
    expect(published.status).toBe(303);
    expect(published.location).toMatch(/^\/admin\/maintenances\/[a-z0-9]+$/);
    const maintenanceId = published.location?.split('/').pop() ?? '';
    expect(ok(await h.api('GET', `/maintenances/${maintenanceId}`)).maintenance).toMatchObject({
      name: 'Data-centre migration',
      translations: { fr: { name: 'Migration du centre de données' } },
    });
    expect(await auditActions(id)).toEqual(['draft.create', 'draft.publish']);
    expect(textOf((await admin.get(`/admin/drafts/${id}`)).html)).toContain('This draft has been published.');
    expect(textOf((await admin.get('/admin/drafts')).html)).toContain('No drafts.');
  });

  it('a draft with a mistake comes back to the form as typed, with the message, and nothing is saved', async () => {
    const { admin, crawlers } = await setUp();
    await admin.get('/admin/maintenances/new');
    const res = await admin.post('/admin/drafts/new/maintenance', {
      ...weekend(crawlers.id),
      scheduled_until: '2026-12-05T07:00',
      intent: 'save',
    });
    expect(res.status).toBe(422);
    expect(res.html).toContain('action="/admin/maintenances"');
    expect(res.html).toContain('value="Migration du centre de données"');
    expect(textOf(res.html)).toContain('The form has errors; nothing was saved.');
    expect(await rows('SELECT id FROM drafts')).toEqual([]);
  });

  it('an edited draft: the form comes back prefilled in Paris time; Back on the confirmation publishes nothing, nor does a confirmation given before another edit', async () => {
    const { h, admin, crawlers } = await setUp();
    await admin.get('/admin/maintenances/new');
    const saved = await admin.post('/admin/drafts/new/maintenance', { ...weekend(crawlers.id), intent: 'save' });
    const id = saved.location?.split('/').pop()?.split('?')[0] ?? '';
    expect(saved.location).toBe(`/admin/drafts/${id}?saved`);
    expect(textOf((await admin.get(saved.location ?? '')).html)).toContain('Draft saved.');

    const edit = await admin.get(`/admin/drafts/${id}/edit`);
    expect(edit.html).toContain('value="2026-12-05T08:00"');
    expect(edit.html).toContain('value="Migration du centre de données"');
    expect(edit.html).toMatch(new RegExp(`name="component.${crawlers.id}">[^]*?<option value="under_maintenance" selected=""`));

    // "Publish…" from the form saves, then asks.
    h.clock.advance(60_000);
    const asked = await admin.post(`/admin/drafts/${id}`, { ...weekend(crawlers.id), name: 'Data-centre move', intent: 'publish' });
    expect(asked.status).toBe(200);
    expect(textOf(asked.html)).toContain('Publish “Data-centre move”?');
    const back = await admin.answer(asked, 'back');
    expect(back.location).toBe(`/admin/drafts/${id}`);
    expect(await rows('SELECT id FROM maintenances')).toEqual([]);

    // Someone edits the draft after the question was asked: the old confirmation publishes nothing.
    h.clock.advance(60_000);
    await admin.get(`/admin/drafts/${id}/edit`);
    expect(
      (await admin.post(`/admin/drafts/${id}`, { ...weekend(crawlers.id), name: 'Data-centre move, phase 2', intent: 'save' })).status,
    ).toBe(303);
    const stale = await admin.answer(asked);
    expect(stale.status).toBe(409);
    expect(textOf(stale.html)).toContain('This changed after you were asked to confirm');
    expect(await rows('SELECT id FROM maintenances')).toEqual([]);
    expect(await auditActions(id)).toEqual(['draft.create', 'draft.edit', 'draft.edit']);
  });

  it('a draft whose window has ended says it cannot be published as it is; deleting it leaves nothing but the audit trail', async () => {
    const { h, admin, crawlers } = await setUp();
    await admin.get('/admin/maintenances/new');
    const saved = await admin.post('/admin/drafts/new/maintenance', { ...weekend(crawlers.id), intent: 'save' });
    const id = saved.location?.split('/').pop()?.split('?')[0] ?? '';
    h.clock.set('2026-12-07T09:00:00.000Z');
    // The session has long expired meanwhile.
    await admin.signIn();
    const page = await admin.get(`/admin/drafts/${id}`);
    expect(textOf(page.html)).toContain(
      'It cannot be published as it is: The end has already passed: choose an end in the future. Edit the draft to fix it.',
    );
    expect(page.html).toMatch(/<button type="submit" disabled="">Publish…<\/button>/);
    const refused = await admin.post(`/admin/drafts/${id}/publish`, {
      confirm: (await rows<{ updated_at: string }>('SELECT updated_at FROM drafts'))[0]?.updated_at ?? '',
    });
    expect(refused.status).toBe(422);
    expect(textOf(refused.html)).toContain('The end has already passed: choose an end in the future.');
    expect(await rows('SELECT id FROM maintenances')).toEqual([]);

    expect((await admin.post(`/admin/drafts/${id}/delete`)).location).toBe('/admin/drafts');
    expect(await rows('SELECT id FROM drafts')).toEqual([]);
    expect(await auditActions(id)).toEqual(['draft.create', 'draft.delete']);
  });

  it('an incident declared or drafted with its French name and message; a maintenance edited in French only', async () => {
    const { h, admin, crawlers } = await setUp();
    const form = (await admin.get('/admin/incidents/new')).html;
    expect(form).toContain('name="translations.fr.name"');
    expect(form).toContain('name="translations.fr.body"');
    const drafted = await admin.post('/admin/drafts/new/incident', {
      name: 'Crawlers stalled',
      'translations.fr.name': 'Collecte des prix arrêtée',
      status: 'investigating',
      impact: '',
      [`component.${crawlers.id}`]: 'major_outage',
      body: 'Price collection has stopped.',
      'translations.fr.body': 'La collecte des prix est arrêtée.',
      deliver_notifications: 'on',
      intent: 'preview',
    });
    expect(drafted.status).toBe(303);
    const draftId = drafted.location?.split('/').pop()?.split('#')[0] ?? '';
    const preview = textOf((await admin.get(`/admin/drafts/${draftId}`)).html);
    expect(preview).toMatch(/In French: to 1 subscriber Subject: .*Collecte des prix arrêtée/);
    expect(await rows('SELECT id FROM incidents')).toEqual([]);

    // Declared at once: asked first, with the message in each language and who gets it.
    const asked = await admin.post('/admin/incidents', {
      name: 'Slow search',
      'translations.fr.name': 'Recherche lente',
      status: 'investigating',
      impact: '',
      body: 'Searching is slow.',
      'translations.fr.body': 'La recherche est lente.',
      deliver_notifications: 'on',
    });
    const question = textOf(asked.html);
    expect(question).toContain('Declare “Slow search”?');
    expect(question).toContain('3 subscribers will be e-mailed. (English: 2 subscribers; French: 1 subscriber)');
    expect(question).toContain('Message in English Searching is slow.');
    expect(question).toContain('Message in French La recherche est lente.');
    expect(await rows('SELECT id FROM incidents')).toEqual([]);
    const declared = await admin.answer(asked);
    expect(declared.status).toBe(303);
    const incidentId = declared.location?.split('/').pop() ?? '';
    const incident = ok(await h.api('GET', `/incidents/${incidentId}`)).incident;
    expect(incident.translations).toEqual({ fr: { name: 'Recherche lente' } });
    expect(incident.incident_updates[0].translations).toEqual({ fr: { body: 'La recherche est lente.' } });

    const m = ok(
      await h.api('POST', '/maintenances', {
        name: 'Database upgrade',
        scheduled_for: '2026-12-12T07:00:00Z',
        scheduled_until: '2026-12-12T09:00:00Z',
        still_working: 'Everything but exports.',
        translations: { fr: { name: 'Mise à jour de la base' } },
      }),
    ).maintenance;
    const edit = await admin.get(`/admin/maintenances/${m.id}/edit`);
    expect(edit.html).toContain('value="Mise à jour de la base"');
    const edited = await admin.post(`/admin/maintenances/${m.id}`, {
      name: 'Database upgrade',
      'translations.fr.name': 'Mise à jour de la base de données',
      still_working: 'Everything but exports.',
      'translations.fr.still_working': 'Tout sauf les exports.',
      body: '',
      scheduled_for: '2026-12-12T08:00',
      scheduled_until: '2026-12-12T10:00',
      reminders: ['1440', '60'],
      reminders_custom: '',
      auto_start: 'on',
      auto_complete: 'on',
      deliver_notifications: 'on',
      impact: '',
    });
    expect(edited.status, textOf(edited.html).slice(0, 400)).toBe(303);
    expect(ok(await h.api('GET', `/maintenances/${m.id}`)).maintenance.translations).toEqual({
      fr: { name: 'Mise à jour de la base de données', still_working: 'Tout sauf les exports.' },
    });
    const frenchBefore = textOf(await (await h.fetch(`/maintenances/${m.id}`, { headers: { 'accept-language': 'fr' } })).text());
    expect(frenchBefore).toContain('Mise à jour de la base de données');
    // Emptying the French name lets French readers fall back to the English one.
    await admin.get(`/admin/maintenances/${m.id}/edit`);
    const cleared = await admin.post(`/admin/maintenances/${m.id}`, {
      name: 'Database upgrade',
      'translations.fr.name': '',
      still_working: 'Everything but exports.',
      'translations.fr.still_working': 'Tout sauf les exports.',
      body: '',
      scheduled_for: '2026-12-12T08:00',
      scheduled_until: '2026-12-12T10:00',
      reminders: ['1440', '60'],
      reminders_custom: '',
      auto_start: 'on',
      auto_complete: 'on',
      deliver_notifications: 'on',
      impact: '',
    });
    expect(cleared.status, textOf(cleared.html).slice(0, 400)).toBe(303);
    expect(ok(await h.api('GET', `/maintenances/${m.id}`)).maintenance.translations).toEqual({
      fr: { still_working: 'Tout sauf les exports.' },
    });
    const frenchPage = textOf(await (await h.fetch(`/maintenances/${m.id}`, { headers: { 'accept-language': 'fr' } })).text());
    expect(frenchPage).toContain('Database upgrade');
    expect(frenchPage).toContain('Tout sauf les exports.');
    expect(frenchPage).not.toContain('Mise à jour de la base');
    // Only text changed: no reschedule, no notice beyond the announcement.
    expect(await rows("SELECT kind FROM notices WHERE subject_id = ? AND kind != 'scheduled'", m.id)).toEqual([]);
  });
});
