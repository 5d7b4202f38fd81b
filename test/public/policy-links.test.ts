// The operator's privacy policy and legal notice (« mentions légales », which French law asks of
// every company's website) are linked from the footer of every public page and of every e-mail,
// in the reader's language, once the page sets them; nothing is linked before.
import { beforeEach, describe, expect, it } from 'vitest';
import { setUp } from '../subscribe/support';
import { makeMaintenance } from '../support/factories';
import { ok } from '../support/harness';
import { emptyPage } from '../support/status-story';

const PRIVACY = 'https://acme.example/confidentialite';
const LEGAL = 'https://acme.example/mentions-legales';

/** The links of the page's footer, as [words, href]. */
const footerLinks = (html: string): [string, string][] => {
  const footer = /<footer class="site">(.*?)<\/footer>/s.exec(html)?.[1] ?? '';
  return [...footer.matchAll(/<a href="([^"]+)"[^>]*>([^<]+)<\/a>/g)].map((m) => [m[2]!, m[1]!]);
};

describe('the privacy policy and the legal notice', () => {
  beforeEach(emptyPage);

  it('are linked from the footer of the page, its history and /subscribe, in the reader’s language, once set', async () => {
    const { h } = await setUp();
    const policies = (links: [string, string][]) => links.filter(([, href]) => href === PRIVACY || href === LEGAL);
    expect(policies(footerLinks(await (await h.fetch('/')).text()))).toEqual([]);

    const page = ok(await h.api('PATCH', '/page', { privacy_url: PRIVACY, legal_url: LEGAL })).page;
    expect(page).toMatchObject({ privacy_url: PRIVACY, legal_url: LEGAL });
    for (const path of ['/', '/history', '/subscribe']) {
      expect(policies(footerLinks(await (await h.fetch(path, { headers: { 'accept-language': 'en' } })).text())), path).toEqual([
        ['Privacy', PRIVACY],
        ['Legal notice', LEGAL],
      ]);
      expect(policies(footerLinks(await (await h.fetch(path, { headers: { 'accept-language': 'fr' } })).text())), path).toEqual([
        ['Confidentialité', PRIVACY],
        ['Mentions légales', LEGAL],
      ]);
    }

    ok(await h.api('PATCH', '/page', { privacy_url: null }));
    expect(policies(footerLinks(await (await h.fetch('/?lang=fr')).text()))).toEqual([['Mentions légales', LEGAL]]);
  });

  it('are linked from the footer of every e-mail, the confirmation included, in the reader’s language', async () => {
    const { h, post, sent, crawlers } = await setUp();
    ok(await h.api('POST', '/subscribers/import', { confirmed: true, subscribers: [{ email: 'ada@example.com', locale: 'en' }] }));
    await makeMaintenance(h, { name: 'Rack move', components: { [crawlers.id]: 'under_maintenance' } });
    const [before] = await sent('ada@example.com');
    expect(before?.text).not.toMatch(/Privacy|Legal notice/);

    ok(await h.api('PATCH', '/page', { privacy_url: PRIVACY, legal_url: LEGAL }));
    ok(await h.api('POST', '/subscribers/import', { confirmed: true, subscribers: [{ email: 'chloe@example.fr', locale: 'fr' }] }));
    await makeMaintenance(h, { name: 'Second move', components: { [crawlers.id]: 'under_maintenance' } });
    const notice = (await sent('ada@example.com')).find((m) => m.subject === '[Scheduled] Second move');
    expect(notice?.text).toContain(`Privacy: ${PRIVACY}\nLegal notice: ${LEGAL}\n`);
    expect(notice?.html).toMatch(new RegExp(`<a href="${PRIVACY}"[^>]*>Privacy</a> · <a href="${LEGAL}"[^>]*>Legal notice</a>`));
    const french = (await sent('chloe@example.fr')).find((m) => m.subject === '[Maintenance planifiée] Second move');
    expect(french?.text).toContain(`Confidentialité\u00a0: ${PRIVACY}\nMentions légales\u00a0: ${LEGAL}\n`);

    // The confirmation e-mail, sent to an address the page has only just been given.
    const form = await post('/subscribe?lang=fr', { email: 'zoe@example.fr', locale: 'fr', time_zone: 'Europe/Paris' }, '192.0.2.7');
    expect(form.status).toBeLessThan(400);
    const [confirmation] = await sent('zoe@example.fr');
    expect(confirmation?.subject).toMatch(/^Confirmez votre abonnement/);
    expect(confirmation?.html).toMatch(new RegExp(`<a href="${LEGAL}"[^>]*>Mentions légales</a>`));
    expect(confirmation?.text).toContain(`Confidentialité\u00a0: ${PRIVACY}`);
  });
});
