import ICAL from 'ical.js';
import { beforeEach, describe, expect, it } from 'vitest';
import { DAY, harness, ok } from '../support/harness';
import { type CaughtMail, mailbox } from '../support/mail';
import { emptyPage } from '../support/status-story';

const NBSP = '\u00a0';

const calendarOf = (m: CaughtMail) => {
  const ics = m.attachments.find((a) => a.filename === 'maintenance.ics');
  expect(ics, m.subject ?? '').toBeDefined();
  return new ICAL.Component(ICAL.parse(ics!.content));
};

const eventOf = (m: CaughtMail) => new ICAL.Event(calendarOf(m).getFirstSubcomponent('vevent')!);

/** What the operator wrote in English, the page's default language, and in French. */
const ENGLISH = { name: 'Rack move', api: 'Public API', stillWorking: 'Logging in and reading reports.' };
const FRENCH = { name: 'Déménagement des baies', api: 'API publique', stillWorking: 'La connexion et la lecture des rapports.' };

describe('the .ics attached to maintenance e-mails', () => {
  beforeEach(emptyPage);

  it('is in each subscriber’s language: the operator’s text as they wrote it there, its frame and PRODID language too', async () => {
    const mail = await mailbox();
    const h = harness('2026-11-21T07:00:00.000Z', { smtpUrl: mail.smtpUrl });
    ok(await h.api('PATCH', '/page', { name: 'Acme Intel', time_zone: 'Europe/Paris' }));
    const api = ok(await h.api('POST', '/components', { name: ENGLISH.api, translations: { fr: { name: FRENCH.api } } })).component;
    ok(
      await h.api('POST', '/subscribers/import', {
        confirmed: true,
        subscribers: [
          { email: 'en@example.com', locale: 'en', time_zone: 'Europe/London' },
          { email: 'fr@example.com', locale: 'fr', time_zone: 'Europe/Paris' },
        ],
      }),
    );
    const move = ok(
      await h.api('POST', '/maintenances', {
        name: ENGLISH.name,
        body: 'We move the racks.',
        still_working: ENGLISH.stillWorking,
        scheduled_for: '2026-12-05T07:00:00.000Z',
        scheduled_until: '2026-12-05T11:00:00.000Z',
        components: { [api.id]: 'partial_outage' },
        reminders: [],
        translations: { fr: { name: FRENCH.name, body: 'Nous déménageons les baies.', still_working: FRENCH.stillWorking } },
      }),
    ).maintenance;
    h.clock.advance(DAY);
    ok(await h.api('POST', `/maintenances/${move.id}/updates`, { status: 'cancelled', body: 'The new racks are late.' }));
    await h.drainQueue();

    const fr = await mail.messages('fr@example.com');
    expect(fr).toHaveLength(2);
    const [scheduledFr, cancelledFr] = fr.map(eventOf) as [ICAL.Event, ICAL.Event];
    expect(calendarOf(fr[0]!).getFirstPropertyValue('prodid')).toBe('-//Forewarn//Status page//FR');
    expect(scheduledFr.summary).toBe(FRENCH.name);
    expect(scheduledFr.description).toContain(`- ${FRENCH.api}${NBSP}: Panne partielle`);
    expect(scheduledFr.description).toContain(`Ce qui fonctionne encore${NBSP}: ${FRENCH.stillWorking}`);
    expect(cancelledFr.summary).toBe(`Maintenance annulée${NBSP}: ${FRENCH.name}`);
    for (const event of [scheduledFr, cancelledFr]) {
      for (const english of Object.values(ENGLISH)) {
        expect(event.summary).not.toContain(english);
        expect(event.description).not.toContain(english);
      }
    }

    const en = await mail.messages('en@example.com');
    const [scheduledEn, cancelledEn] = en.map(eventOf) as [ICAL.Event, ICAL.Event];
    expect(calendarOf(en[0]!).getFirstPropertyValue('prodid')).toBe('-//Forewarn//Status page//EN');
    expect(scheduledEn.summary).toBe(ENGLISH.name);
    expect(scheduledEn.description).toContain(`- ${ENGLISH.api}: Partial outage`);
    expect(cancelledEn.summary).toBe(`Cancelled: ${ENGLISH.name}`);
    for (const event of [scheduledEn, cancelledEn]) {
      for (const french of Object.values(FRENCH)) expect(`${event.summary}\n${event.description}`).not.toContain(french);
    }
    // One event, whatever the language: the same UID in both e-mails and in /maintenances.ics.
    expect(new Set([scheduledFr.uid, scheduledEn.uid, cancelledFr.uid, cancelledEn.uid])).toEqual(
      new Set([`${move.id}@status.example.com`]),
    );
  });
});
