import ICAL from 'ical.js';
import { beforeEach, describe, expect, it } from 'vitest';
import { MIGRATION_WEEKEND } from '../support/factories';
import { harness, ok } from '../support/harness';
import { type CaughtMail, mailbox } from '../support/mail';
import { emptyPage } from '../support/status-story';

// The data-centre move written by a French company for customers in both languages: every word
// the operator writes exists in English and in French, and each subscriber reads only theirs.
const MINUTE = 60_000;

/** Everything the operator wrote, by language; each string is found in no text of the other. */
const WORDS = {
  page: { en: 'Acme Status', fr: 'Etat Acme' },
  crawlers: { en: 'Price crawlers', fr: 'Robots de prix' },
  webapp: { en: 'Web app', fr: 'Application web' },
  name: { en: 'Data-centre migration', fr: 'Migration du centre de données' },
  body: { en: 'We move our servers to a new hall.', fr: 'Nous déménageons nos serveurs dans une nouvelle salle.' },
  stillWorking: { en: 'Read-only dashboards.', fr: 'Tableaux de bord en lecture seule.' },
  progress: { en: 'Crawlers are racked in the new hall.', fr: 'Les robots sont installés dans la nouvelle salle.' },
  extended: { en: 'The database copy needs two more hours.', fr: 'La copie de la base demande deux heures de plus.' },
  done: { en: 'Everything is back on the new hardware.', fr: 'Tout fonctionne sur le nouveau matériel.' },
  rack: { en: 'Rack replacement', fr: 'Remplacement de baie' },
  rackBody: { en: 'A spare rack arrives.', fr: 'Une baie de secours arrive.' },
  rackCancelled: { en: 'The vendor is late.', fr: 'Le fournisseur est en retard.' },
  incident: { en: 'Slow searches', fr: 'Recherches lentes' },
  investigating: { en: 'Searches take ten seconds.', fr: 'Les recherches prennent dix secondes.' },
  monitoring: { en: 'A fix is deployed.', fr: 'Un correctif est déployé.' },
  resolved: { en: 'Searches are fast again.', fr: 'Les recherches sont de nouveau rapides.' },
  postmortem: { en: 'An index was missing.', fr: 'Il manquait un index.' },
} as const;

const fr = <K extends keyof typeof WORDS>(key: K) => ({ fr: { body: WORDS[key].fr } });

/** Every part a reader sees: subject, text, HTML and the calendar event's summary and description. */
function readable(mail: CaughtMail): string {
  const parts = [mail.subject ?? '', mail.text ?? '', mail.html ?? ''];
  for (const a of mail.attachments.filter((x) => x.filename?.endsWith('.ics'))) {
    const vevent = new ICAL.Component(ICAL.parse(a.content)).getFirstSubcomponent('vevent');
    if (vevent) parts.push(String(vevent.getFirstPropertyValue('summary')), String(vevent.getFirstPropertyValue('description')));
  }
  return parts.join('\n');
}

describe('a migration weekend written in both languages', () => {
  beforeEach(emptyPage);

  it('reaches each subscriber with none of the other language in any kind of notice', async () => {
    const mail = await mailbox();
    const h = harness('2026-11-21T07:00:00.000Z', { smtpUrl: mail.smtpUrl });
    ok(
      await h.api('PATCH', '/page', {
        name: WORDS.page.en,
        time_zone: 'Europe/Paris',
        translations: { fr: { name: WORDS.page.fr } },
      }),
    );
    const component = async (key: 'crawlers' | 'webapp') =>
      ok(await h.api('POST', '/components', { name: WORDS[key].en, translations: { fr: { name: WORDS[key].fr } } })).component;
    const crawlers = await component('crawlers');
    const webapp = await component('webapp');
    ok(
      await h.api('POST', '/subscribers/import', {
        confirmed: true,
        subscribers: [
          { email: 'ada@example.com', locale: 'en', time_zone: 'Europe/London' },
          { email: 'claire@example.fr', locale: 'fr', time_zone: 'Europe/Paris' },
        ],
      }),
    );

    const move = ok(
      await h.api('POST', '/maintenances', {
        name: WORDS.name.en,
        body: WORDS.body.en,
        still_working: WORDS.stillWorking.en,
        scheduled_for: MIGRATION_WEEKEND.start,
        scheduled_until: MIGRATION_WEEKEND.end,
        components: { [crawlers.id]: 'under_maintenance', [webapp.id]: 'degraded_performance' },
        reminders: [24 * 60, 60],
        // The operator says when it is over, in their own words.
        auto_complete: false,
        translations: { fr: { name: WORDS.name.fr, body: WORDS.body.fr, still_working: WORDS.stillWorking.fr } },
      }),
    ).maintenance;
    const rack = ok(
      await h.api('POST', '/maintenances', {
        name: WORDS.rack.en,
        body: WORDS.rackBody.en,
        scheduled_for: '2026-12-12T07:00:00.000Z',
        scheduled_until: '2026-12-12T09:00:00.000Z',
        components: { [webapp.id]: 'under_maintenance' },
        translations: { fr: { name: WORDS.rack.fr, body: WORDS.rackBody.fr } },
      }),
    ).maintenance;
    const { incident } = ok(
      await h.api('POST', '/incidents', {
        name: WORDS.incident.en,
        body: WORDS.investigating.en,
        components: { [webapp.id]: 'degraded_performance' },
        translations: { fr: { name: WORDS.incident.fr, body: WORDS.investigating.fr } },
      }),
    );
    for (const status of ['monitoring', 'resolved', 'postmortem'] as const) {
      h.clock.advance(20 * MINUTE);
      ok(await h.api('POST', `/incidents/${incident.id}/updates`, { status, body: WORDS[status].en, translations: fr(status) }));
    }
    await h.drainQueue();

    // The clock runs the weekend; the operator writes during it and extends it on Sunday.
    const finish = Date.parse(MIGRATION_WEEKEND.end) + 4 * 60 * MINUTE;
    let step = 0;
    while (h.clock.now().getTime() <= finish) {
      h.clock.advance(60 * MINUTE);
      await h.tick();
      const now = h.clock.now().toISOString();
      if (step === 0 && now >= '2026-12-05T13:00:00.000Z') {
        ok(
          await h.api('POST', `/maintenances/${move.id}/updates`, {
            status: 'in_progress',
            body: WORDS.progress.en,
            translations: fr('progress'),
          }),
        );
        step = 1;
      }
      if (step === 1 && now >= '2026-12-06T17:00:00.000Z') {
        ok(
          await h.api('PATCH', `/maintenances/${move.id}`, {
            scheduled_until: '2026-12-06T21:00:00.000Z',
            body: WORDS.extended.en,
            translations: fr('extended'),
          }),
        );
        step = 2;
      }
      if (step === 2 && now >= '2026-12-06T21:00:00.000Z') {
        ok(await h.api('POST', `/maintenances/${move.id}/updates`, { status: 'completed', body: WORDS.done.en, translations: fr('done') }));
        ok(
          await h.api('POST', `/maintenances/${rack.id}/updates`, {
            status: 'cancelled',
            body: WORDS.rackCancelled.en,
            translations: fr('rackCancelled'),
          }),
        );
        step = 3;
      }
      await h.drainQueue();
    }

    const english = await mail.messages('ada@example.com');
    const french = await mail.messages('claire@example.fr');
    // Every kind of notice reached both readers, each in their own words.
    expect(english.map((m) => m.subject)).toEqual([
      `[Scheduled] ${WORDS.name.en}`,
      `[Scheduled] ${WORDS.rack.en}`,
      `[Investigating] ${WORDS.incident.en}`,
      `[Monitoring] ${WORDS.incident.en}`,
      `[Resolved] ${WORDS.incident.en}`,
      `[Postmortem] ${WORDS.incident.en}`,
      `[Reminder] ${WORDS.name.en} starts in 24 hours`,
      `[Reminder] ${WORDS.name.en} starts in 1 hour`,
      `[In progress] ${WORDS.name.en}`,
      `[Update] ${WORDS.name.en}`,
      `[Extended] ${WORDS.name.en}`,
      `[Completed] ${WORDS.name.en}`,
      `[Cancelled] ${WORDS.rack.en}`,
    ]);
    expect(french.map((m) => m.subject)).toEqual([
      `[Maintenance planifiée] ${WORDS.name.fr}`,
      `[Maintenance planifiée] ${WORDS.rack.fr}`,
      `[Analyse en cours] ${WORDS.incident.fr}`,
      `[Sous surveillance] ${WORDS.incident.fr}`,
      `[Incident résolu] ${WORDS.incident.fr}`,
      `[Post-mortem] ${WORDS.incident.fr}`,
      `[Rappel] ${WORDS.name.fr} commence dans 24 heures`,
      `[Rappel] ${WORDS.name.fr} commence dans 1 heure`,
      `[Maintenance en cours] ${WORDS.name.fr}`,
      `[Mise à jour] ${WORDS.name.fr}`,
      `[Maintenance prolongée] ${WORDS.name.fr}`,
      `[Maintenance terminée] ${WORDS.name.fr}`,
      `[Maintenance annulée] ${WORDS.rack.fr}`,
    ]);
    for (const m of french) {
      const seen = readable(m);
      for (const words of Object.values(WORDS)) expect(seen, m.subject ?? '').not.toContain(words.en);
    }
    for (const m of english) {
      const seen = readable(m);
      for (const words of Object.values(WORDS)) expect(seen, m.subject ?? '').not.toContain(words.fr);
    }
    // And what each reader should read is there: the operator's own text of that moment.
    const text = (list: CaughtMail[], subject: string) => list.find((m) => m.subject?.includes(subject))?.text ?? '';
    expect(text(french, '[Maintenance prolongée]')).toContain(WORDS.extended.fr);
    expect(text(french, '[Maintenance planifiée] Migration')).toContain(WORDS.stillWorking.fr);
    expect(text(french, '[Maintenance planifiée] Migration')).toContain(WORDS.crawlers.fr);
    expect(text(english, '[Postmortem]')).toContain(WORDS.postmortem.en);
    expect(text(english, '[Cancelled]')).toContain(WORDS.rackCancelled.en);
  }, 120_000);
});
