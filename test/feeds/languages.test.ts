import { parseFeed } from '@rowanmanning/feed-parser';
import ICAL from 'ical.js';
import { beforeEach, describe, expect, it } from 'vitest';
import { harness, MINUTE, ok } from '../support/harness';
import { emptyPage, MOVE_WINDOW } from '../support/status-story';

const NBSP = '\u00a0';

/** What the operator wrote in English, the page's default language. */
const ENGLISH = {
  page: 'Acme Intel',
  api: 'Public API',
  crawlers: 'Price crawlers',
  name: 'Data-centre move',
  body: 'We move our servers to a new data centre.',
  stillWorking: 'Logging in and reading reports.',
  update: 'The new racks arrive on the 11th.',
  incident: 'API errors',
  incidentBody: 'A bad deploy causes errors.',
};

/** The same, as they wrote it in French. */
const FRENCH = {
  page: 'Acme Veille',
  api: 'API publique',
  crawlers: 'Robots de collecte des prix',
  name: 'Déménagement du centre de données',
  body: 'Nous déménageons nos serveurs dans un nouveau centre de données.',
  stillWorking: 'La connexion et la lecture des rapports.',
  update: 'Les nouvelles baies arrivent le 11.',
  incident: 'Erreurs de l’API',
  incidentBody: 'Un mauvais déploiement provoque des erreurs.',
};

const LATER = { scheduled_for: '2026-12-12T07:00:00.000Z', scheduled_until: '2026-12-13T19:00:00.000Z' };

/**
 * An English page whose operator also writes French: the data-centre move on two components,
 * postponed by a week (Forewarn writes that update itself), then an operator update; and an
 * incident on the API.
 */
async function bilingualPage(h: ReturnType<typeof harness>) {
  ok(
    await h.api('PATCH', '/page', {
      name: ENGLISH.page,
      time_zone: 'Europe/Paris',
      url: 'https://status.example.com',
      translations: { fr: { name: FRENCH.page } },
    }),
  );
  const component = async (name: string, fr: string) =>
    ok(await h.api('POST', '/components', { name, translations: { fr: { name: fr } } })).component;
  const api = await component(ENGLISH.api, FRENCH.api);
  const crawlers = await component(ENGLISH.crawlers, FRENCH.crawlers);
  const move = ok(
    await h.api('POST', '/maintenances', {
      name: ENGLISH.name,
      body: ENGLISH.body,
      still_working: ENGLISH.stillWorking,
      ...MOVE_WINDOW,
      components: { [api.id]: 'partial_outage', [crawlers.id]: 'under_maintenance' },
      translations: { fr: { name: FRENCH.name, body: FRENCH.body, still_working: FRENCH.stillWorking } },
    }),
  ).maintenance;
  h.clock.advance(MINUTE);
  ok(await h.api('PATCH', `/maintenances/${move.id}`, LATER));
  h.clock.advance(MINUTE);
  ok(
    await h.api('POST', `/maintenances/${move.id}/updates`, {
      status: 'scheduled',
      body: ENGLISH.update,
      translations: { fr: { body: FRENCH.update } },
    }),
  );
  h.clock.advance(MINUTE);
  const incident = ok(
    await h.api('POST', '/incidents', {
      name: ENGLISH.incident,
      body: ENGLISH.incidentBody,
      components: { [api.id]: 'major_outage' },
      translations: { fr: { name: FRENCH.incident, body: FRENCH.incidentBody } },
    }),
  ).incident;
  return { move, incident };
}

async function fetched(h: ReturnType<typeof harness>, path: string) {
  const response = await h.fetch(path);
  expect(response.status, path).toBe(200);
  return { text: await response.text(), etag: response.headers.get('etag'), language: response.headers.get('content-language') };
}

/** Every text the operator wrote in `written`, none of it in `other`. */
function expectOnly(document: string, written: typeof ENGLISH, other: typeof ENGLISH, path: string) {
  for (const [field, text] of Object.entries(written)) expect(document, `${path}: ${field}`).toContain(text);
  for (const [field, text] of Object.entries(other)) expect(document, `${path}: ${field} of the other language`).not.toContain(text);
}

const calendarOf = (text: string) => new ICAL.Component(ICAL.parse(text));

/** The calendar's text with its folded lines joined again (RFC 5545 §3.1). */
const unfolded = (text: string) => text.replace(/\r\n[ \t]/g, '');

describe('the feeds and the calendar in the reader’s language', () => {
  beforeEach(emptyPage);

  it('?lang=fr gives the operator’s French text and French frame words in RSS, Atom, JSON Feed and .ics; no ?lang gives English', async () => {
    const h = harness('2026-11-20T09:00:00.000Z');
    const { move } = await bilingualPage(h);

    // The feeds' own HTML escapes nothing in these texts, so they are found as written.
    for (const path of ['/history.rss', '/history.atom', '/feed.json']) {
      const fr = await fetched(h, `${path}?lang=fr`);
      expect(fr.language).toBe('fr');
      expectOnly(fr.text, FRENCH, ENGLISH, path);
      expect(fr.text).toContain('Planifiée');
      expect(fr.text).toContain(`Composants concernés${NBSP}: ${FRENCH.api}${NBSP}: panne partielle`);
      expect(fr.text).toContain(`Ce qui fonctionne encore${NBSP}: ${FRENCH.stillWorking}`);
      expect(fr.text).toContain('Prévue du 12 déc. 2026, 08:00 UTC+1 au 13 déc. 2026, 20:00 UTC+1');
      expect(fr.text).not.toMatch(/Planned|Affected|Still working|Scheduled/);

      const en = await fetched(h, path);
      expect(en.language).toBe('en');
      expectOnly(en.text, ENGLISH, FRENCH, path);
      expect(en.text).toContain('Planned for 12 Dec 2026, 08:00 CET to 13 Dec 2026, 20:00 CET');
      expect(en.etag).not.toBe(fr.etag);
    }

    const rss = parseFeed((await fetched(h, '/history.rss?lang=fr')).text);
    expect(rss.language).toBe('fr');
    expect(rss.title).toBe(`État des services d’${FRENCH.page}`);
    expect(rss.items.map((i) => i.title)).toEqual([FRENCH.incident, FRENCH.name]);
    const atomText = (await fetched(h, '/history.atom?lang=fr')).text;
    expect(atomText).toContain('<feed xml:lang="fr" xmlns="http://www.w3.org/2005/Atom">');
    expect(parseFeed(atomText).language).toBe('fr');
    expect(parseFeed((await fetched(h, '/history.atom')).text).language).toBe('en');
    const json = JSON.parse((await fetched(h, '/feed.json?lang=fr')).text);
    expect(json).toMatchObject({
      language: 'fr',
      title: `État des services d’${FRENCH.page}`,
      description: `Incidents et maintenances d’${FRENCH.page}`,
    });
    expect(json.authors).toEqual([{ name: FRENCH.page, url: 'https://status.example.com' }]);

    // The calendar folds its lines: it is read through a parser, or unfolded.
    const ics = await fetched(h, '/maintenances.ics?lang=fr');
    expect(ics.language).toBe('fr');
    for (const [field, text] of Object.entries(ENGLISH)) expect(unfolded(ics.text), `.ics: ${field}`).not.toContain(text);
    const calendar = calendarOf(ics.text);
    expect(calendar.getFirstPropertyValue('x-wr-calname')).toBe(`Maintenances d’${FRENCH.page}`);
    expect(calendar.getFirstPropertyValue('prodid')).toBe('-//Forewarn//Status page//FR');
    const event = new ICAL.Event(calendar.getFirstSubcomponent('vevent')!);
    expect(event.uid).toBe(`${move.id}@status.example.com`);
    expect(event.summary).toBe(FRENCH.name);
    expect(event.description.split('\n')).toEqual([
      `État${NBSP}: planifiée`,
      `Quand${NBSP}: du 12 déc. 2026, 08:00 UTC+1 au 13 déc. 2026, 20:00 UTC+1`,
      `Composants concernés${NBSP}:`,
      `- ${FRENCH.api}${NBSP}: panne partielle`,
      `- ${FRENCH.crawlers}${NBSP}: en maintenance`,
      `Ce qui fonctionne encore${NBSP}: ${FRENCH.stillWorking}`,
      '',
      FRENCH.update,
      '',
      `https://status.example.com/maintenances/${move.id}`,
    ]);
    const english = new ICAL.Event(calendarOf((await fetched(h, '/maintenances.ics')).text).getFirstSubcomponent('vevent')!);
    expect(english.summary).toBe(ENGLISH.name);
    expect(english.description).toContain(`- ${ENGLISH.api}: partial outage`);
    expect(english.description).toContain(ENGLISH.update);
  });

  it('a postponed maintenance reads the reschedule as a sentence in the feed’s language and the page’s zone, never raw ISO', async () => {
    const h = harness('2026-11-20T09:00:00.000Z');
    await bilingualPage(h);

    const fr = (await fetched(h, '/feed.json?lang=fr')).text;
    const frEntry = JSON.parse(fr).items.find((i: { title: string }) => i.title === FRENCH.name);
    expect(frEntry.content_html).toContain(
      `Reportée${NBSP}: auparavant samedi 5 décembre 2026, 08:00 → dimanche 6 décembre 2026, 20:00 (Europe/Paris), ` +
        'désormais samedi 12 décembre 2026, 08:00 → dimanche 13 décembre 2026, 20:00 (Europe/Paris).',
    );
    const en = (await fetched(h, '/feed.json')).text;
    const enEntry = JSON.parse(en).items.find((i: { title: string }) => i.title === ENGLISH.name);
    expect(enEntry.content_html).toContain(
      'Postponed: previously Saturday, 5 December 2026, 08:00 → Sunday, 6 December 2026, 20:00 (Europe/Paris), ' +
        'now Saturday, 12 December 2026, 08:00 → Sunday, 13 December 2026, 20:00 (Europe/Paris).',
    );
    for (const path of ['/history.rss', '/history.atom', '/feed.json', '/maintenances.ics']) {
      for (const query of ['', '?lang=fr']) {
        const { text } = await fetched(h, `${path}${query}`);
        expect(text, `${path}${query}`).not.toMatch(/previously 20\d\d-|auparavant 20\d\d-|\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z →/);
      }
    }
  });

  it('a language tag with a region or in capitals reads as ours; an unknown one gets the page’s language, not an error', async () => {
    const h = harness('2026-11-20T09:00:00.000Z');
    await bilingualPage(h);
    for (const lang of ['FR', 'fr-CA']) {
      const { text, language } = await fetched(h, `/feed.json?lang=${lang}`);
      expect(language).toBe('fr');
      expect(JSON.parse(text).language).toBe('fr');
    }
    for (const lang of ['xx', '', 'de-DE', '%00']) {
      const { text, language } = await fetched(h, `/history.rss?lang=${lang}`);
      expect(language, lang).toBe('en');
      expectOnly(text, ENGLISH, FRENCH, `/history.rss?lang=${lang}`);
    }
  });

  it('a French page is French without ?lang, and English on ?lang=en with the French text as fallback where no English was written', async () => {
    const h = harness('2026-11-20T09:00:00.000Z');
    ok(await h.api('PATCH', '/page', { name: 'Acme Veille', time_zone: 'Europe/Paris', default_locale: 'fr' }));
    ok(await h.api('POST', '/maintenances', { name: 'Changement de routeur', body: 'Nous changeons le routeur.', ...MOVE_WINDOW }));

    const fr = parseFeed((await fetched(h, '/history.atom')).text);
    expect(fr.language).toBe('fr');
    expect(fr.items[0]!.title).toBe('Changement de routeur');
    expect(fr.items[0]!.content).toContain('Prévue du 5 déc. 2026, 08:00 UTC+1 au 6 déc. 2026, 20:00 UTC+1');

    const en = parseFeed((await fetched(h, '/history.atom?lang=en')).text);
    expect(en.language).toBe('en');
    expect(en.title).toBe('Acme Veille status');
    expect(en.items[0]!.title).toBe('Changement de routeur');
    expect(en.items[0]!.content).toContain('Planned for 5 Dec 2026, 08:00 CET to 6 Dec 2026, 20:00 CET');
  });
});
