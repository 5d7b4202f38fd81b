import { beforeEach, describe, expect, it } from 'vitest';
import { makeCatalogue } from '../support/factories';
import { harness, ok } from '../support/harness';
import { type CaughtMail, mailbox } from '../support/mail';
import { emptyPage } from '../support/status-story';
import { adminClient, textOf } from './client';

// The messages an operator posts during a maintenance or an incident, written in English and
// French side by side on its page: each subscriber is e-mailed the one in their language.

const readable = (m: CaughtMail | undefined) => [m?.subject, m?.text, m?.html].join('\n');

async function setUp() {
  const mail = await mailbox();
  const h = harness('2026-11-20T09:00:00.000Z', { smtpUrl: mail.smtpUrl });
  ok(await h.api('PATCH', '/page', { name: 'Acme Intel', time_zone: 'Europe/Paris', default_locale: 'en' }));
  const catalogue = await makeCatalogue(h);
  ok(
    await h.api('POST', '/subscribers/import', {
      confirmed: true,
      subscribers: [
        { email: 'anne@example.fr', locale: 'fr', time_zone: 'Europe/Paris' },
        { email: 'bob@example.com', locale: 'en', time_zone: 'Europe/London' },
      ],
    }),
  );
  const admin = adminClient(h);
  await admin.signIn();
  /** The last e-mail each of them got, once everything queued has gone out. */
  const lastMails = async () => {
    await h.drainQueue();
    return { anne: (await mail.messages('anne@example.fr')).at(-1), bob: (await mail.messages('bob@example.com')).at(-1) };
  };
  return { h, admin, lastMails, ...catalogue };
}

describe('update messages in every page language, from the admin UI', () => {
  beforeEach(emptyPage);

  it('a maintenance started and updated with French messages: the confirmation shows each language, Anne reads French, Bob English', async () => {
    const { h, admin, lastMails, crawlers } = await setUp();
    const m = ok(
      await h.api('POST', '/maintenances', {
        name: 'Data-centre migration',
        scheduled_for: '2026-11-21T07:00:00Z',
        scheduled_until: '2026-11-21T19:00:00Z',
        components: { [crawlers.id]: 'under_maintenance' },
        translations: { fr: { name: 'Migration du centre de données' } },
      }),
    ).maintenance;
    await lastMails();

    const page = await admin.get(`/admin/maintenances/${m.id}`);
    for (const form of ['maintenance-update', 'action-in_progress', 'action-cancelled']) {
      expect(page.html).toContain(`id="${form}-translations-fr-body"`);
    }

    // Start now with a message in both languages.
    const asked = await admin.post(`/admin/maintenances/${m.id}/updates`, {
      _form: 'action-in_progress',
      status: 'in_progress',
      body: 'We start early: the racks are ready.',
      'translations.fr.body': 'Nous commençons plus tôt : les baies sont prêtes.',
      deliver_notifications: 'on',
    });
    const question = textOf(asked.html);
    expect(question).toContain('2 subscribers will be e-mailed. (English: 1 subscriber; French: 1 subscriber)');
    expect(question).toContain('Message in English We start early: the racks are ready.');
    expect(question).toContain('Message in French Nous commençons plus tôt : les baies sont prêtes.');
    expect((await admin.answer(asked)).status).toBe(303);
    let mails = await lastMails();
    expect(readable(mails.anne)).toContain('Nous commençons plus tôt');
    expect(readable(mails.anne)).not.toContain('We start early');
    expect(readable(mails.bob)).toContain('We start early');
    expect(readable(mails.bob)).not.toContain('Nous commençons');

    // An update from the "post an update" form, French filled in; then one in English only.
    await admin.get(`/admin/maintenances/${m.id}`);
    const update = await admin.postConfirmed(`/admin/maintenances/${m.id}/updates`, {
      status: 'in_progress',
      body: 'Half of the servers are in the new racks.',
      'translations.fr.body': 'La moitié des serveurs est dans les nouvelles baies.',
      deliver_notifications: 'on',
    });
    expect(update.status).toBe(303);
    mails = await lastMails();
    expect(readable(mails.anne)).toContain('La moitié des serveurs est dans les nouvelles baies.');
    expect(readable(mails.anne)).not.toContain('Half of the servers');
    expect(readable(mails.bob)).toContain('Half of the servers are in the new racks.');
    expect(readable(mails.bob)).not.toContain('La moitié');
    const stored = ok(await h.api('GET', `/maintenances/${m.id}`)).maintenance.incident_updates.find(
      (u: { body: string }) => u.body === 'Half of the servers are in the new racks.',
    );
    expect(stored?.translations).toEqual({ fr: { body: 'La moitié des serveurs est dans les nouvelles baies.' } });

    await admin.get(`/admin/maintenances/${m.id}`);
    const englishOnly = await admin.post(`/admin/maintenances/${m.id}/updates`, {
      status: 'in_progress',
      body: 'Copying the databases.',
      'translations.fr.body': '',
      deliver_notifications: 'on',
    });
    expect(textOf(englishOnly.html)).toContain('Message in French None: French readers get the English message.');
  });

  it('an incident update and its resolution with French messages reach Anne in French', async () => {
    const { h, admin, lastMails, crawlers } = await setUp();
    const incident = ok(
      await h.api('POST', '/incidents', {
        name: 'Slow searches',
        body: 'Searches take ten seconds.',
        components: { [crawlers.id]: 'degraded_performance' },
        translations: { fr: { name: 'Recherches lentes', body: 'Les recherches prennent dix secondes.' } },
      }),
    ).incident;
    await lastMails();

    await admin.get(`/admin/incidents/${incident.id}`);
    const resolved = await admin.postConfirmed(`/admin/incidents/${incident.id}/updates`, {
      status: 'resolved',
      body: 'Searches are fast again.',
      'translations.fr.body': 'Les recherches sont de nouveau rapides.',
      [`component.${crawlers.id}`]: 'operational',
      deliver_notifications: 'on',
    });
    expect(resolved.status).toBe(303);
    const mails = await lastMails();
    expect(readable(mails.anne)).toContain('Les recherches sont de nouveau rapides.');
    expect(readable(mails.anne)).not.toContain('Searches are fast again.');
    expect(readable(mails.bob)).toContain('Searches are fast again.');
    expect(readable(mails.bob)).not.toContain('Les recherches');

    // The postmortem form takes French beside the English too.
    const page = await admin.get(`/admin/incidents/${incident.id}`);
    expect(page.html).toContain('id="incident-postmortem-translations-fr-body"');
  });
});
