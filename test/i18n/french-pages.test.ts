import { beforeEach, describe, expect, it } from 'vitest';
import { makeCatalogue, makeMaintenance } from '../support/factories';
import { harness, MINUTE, ok } from '../support/harness';
import { emptyPage } from '../support/status-story';
import { frenchTypographyFaults, visibleText } from './french-typography-check';

// The catalogues are checked string by string (french-typography.test.ts); this reads the
// public pages a French reader gets, where the views put those strings, dates and Forewarn's
// own update sentences together. The operator writes French as it should be written: what is
// checked is what Forewarn adds.

describe('the public pages in French', () => {
  beforeEach(emptyPage);

  it('are set by the typography rules: no-break spaces, d’, 1er, typographic apostrophes', async () => {
    const h = harness('2026-11-20T09:00:00.000Z');
    ok(await h.api('PATCH', '/page', { name: 'Acme Intel', time_zone: 'Europe/Paris' }));
    const { crawlers, api } = await makeCatalogue(h);

    // Moved a day earlier, onto the first of December: an automatic update says so.
    const move = await makeMaintenance(h, {
      name: 'Déménagement du centre de données',
      body: 'Les baies sont réservées\u202f; l’équipe sera sur place.',
      scheduled_for: '2026-12-02T07:00:00.000Z',
      scheduled_until: '2026-12-02T11:00:00.000Z',
      still_working: 'La connexion et la lecture des rapports.',
      components: { [crawlers.id]: 'under_maintenance' },
    });
    h.clock.advance(MINUTE);
    ok(
      await h.api('PATCH', `/maintenances/${move.id}`, {
        scheduled_for: '2026-12-01T07:00:00.000Z',
        scheduled_until: '2026-12-01T11:00:00.000Z',
      }),
    );
    // Started and completed without a word from the operator: Forewarn's own sentences.
    const reboot = await makeMaintenance(h, {
      name: 'Redémarrage des robots',
      body: 'Les robots redémarrent un par un.',
      scheduled_for: '2026-11-20T09:10:00.000Z',
      scheduled_until: '2026-11-20T10:10:00.000Z',
    });
    h.clock.advance(10 * MINUTE);
    ok(await h.api('POST', `/maintenances/${reboot.id}/updates`, { status: 'in_progress' }));
    h.clock.advance(30 * MINUTE);
    ok(await h.api('POST', `/maintenances/${reboot.id}/updates`, { status: 'completed' }));
    const incident = ok(
      await h.api('POST', '/incidents', {
        name: 'Erreurs de l’API',
        body: 'Des requêtes échouent avec une erreur 502.',
        components: { [api.id]: 'partial_outage' },
      }),
    ).incident;

    const pages = [
      '/',
      '/history',
      '/subscribe',
      '/embed',
      `/maintenances/${move.id}`,
      `/maintenances/${reboot.id}`,
      `/incidents/${incident.id}`,
      '/nowhere',
    ];
    const seen: Record<string, string> = {};
    const faults = [];
    for (const path of pages) {
      const html = await (await h.fetch(`${path}?lang=fr`)).text();
      expect(html).toMatch(/<html[^>]* lang="fr"/);
      const text = visibleText(html);
      seen[path] = text;
      faults.push(...frenchTypographyFaults(text).map((fault) => ({ path, ...fault })));
    }

    // The check read French pages with the words it is about.
    expect(seen[`/maintenances/${move.id}`]).toMatch(/1er déc/);
    expect(seen[`/maintenances/${move.id}`]).toContain('Avancée\u00a0: auparavant');
    expect(seen[`/maintenances/${reboot.id}`]).toContain('La maintenance planifiée est terminée.');
    expect(seen['/']).toContain('État des services d’Acme Intel');
    expect(faults).toEqual([]);
  });
});
