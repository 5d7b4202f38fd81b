// The calendars against RFC 5546 (iTIP): ORGANIZER in every event of a PUBLISH or CANCEL
// (§3.2.1, §3.2.5), and a cancellation that cancels: STATUS:CANCELLED, a SEQUENCE above the one
// sent before, METHOD:CANCEL in the e-mail, and words that no longer describe planned statuses.
// libical's own check of the same documents runs in test/local/feeds-validators.test.ts.
import ICAL from 'ical.js';
import { beforeEach, describe, expect, it } from 'vitest';
import { DAY, harness, ok } from '../support/harness';
import { type CaughtMail, mailbox } from '../support/mail';
import { emptyPage } from '../support/status-story';

/** MAIL_FROM as wrangler.toml sets it for the tests. */
const MAIL_FROM_ADDRESS = 'status@forewarn.localhost';

const vevents = (text: string) => new ICAL.Component(ICAL.parse(text)).getAllSubcomponents('vevent');

function organizerOf(vevent: ICAL.Component) {
  const organizers = vevent.getAllProperties('organizer');
  expect(organizers).toHaveLength(1);
  return { cn: organizers[0]!.getParameter('cn'), value: String(organizers[0]!.getFirstValue()) };
}

/** A page in two languages, a subscriber in each, and the move planned on the API with what still works. */
async function rackMove(h: ReturnType<typeof harness>) {
  ok(await h.api('PATCH', '/page', { name: 'Acme Intel', time_zone: 'Europe/Paris', translations: { fr: { name: 'Acme Veille' } } }));
  const api = ok(await h.api('POST', '/components', { name: 'Public API', translations: { fr: { name: 'API publique' } } })).component;
  const move = ok(
    await h.api('POST', '/maintenances', {
      name: 'Rack move',
      body: 'We move the racks.',
      still_working: 'Logging in and reading reports.',
      scheduled_for: '2026-12-05T07:00:00.000Z',
      scheduled_until: '2026-12-05T11:00:00.000Z',
      components: { [api.id]: 'partial_outage' },
      reminders: [],
    }),
  ).maintenance;
  return { api, move };
}

/** The words of a planned maintenance that a cancelled one must no longer say, in either language. */
const PLANNED_WORDS = [
  'Logging in and reading reports.',
  'partial outage',
  'Partial outage',
  'panne partielle',
  'Panne partielle',
  'Affected',
  'Still working',
  'What still works',
  'Ce qui fonctionne',
];

describe('calendars and RFC 5546', () => {
  beforeEach(emptyPage);

  it('/maintenances.ics gives every event one ORGANIZER, the page by name at MAIL_FROM, in each language and scope', async () => {
    const h = harness('2026-11-21T07:00:00.000Z');
    const { api } = await rackMove(h);
    for (const [query, cn] of [
      ['', 'Acme Intel'],
      ['?lang=fr', 'Acme Veille'],
      [`?component=${api.id}`, 'Acme Intel'],
    ] as const) {
      const text = await (await h.fetch(`/maintenances.ics${query}`)).text();
      expect(text).toContain('METHOD:PUBLISH');
      const events = vevents(text);
      expect(events.length, query).toBeGreaterThan(0);
      for (const vevent of events) expect(organizerOf(vevent), query).toEqual({ cn, value: `mailto:${MAIL_FROM_ADDRESS}` });
    }
  });

  it('a cancelled maintenance in /maintenances.ics is STATUS:CANCELLED with a higher SEQUENCE and says it will not take place', async () => {
    const h = harness('2026-11-21T07:00:00.000Z');
    const { move } = await rackMove(h);
    const [before] = vevents(await (await h.fetch('/maintenances.ics')).text());
    h.clock.advance(DAY);
    ok(await h.api('POST', `/maintenances/${move.id}/updates`, { status: 'cancelled', body: 'The new racks are late.' }));

    for (const [query, notTakingPlace, wasPlanned] of [
      ['', 'This maintenance will not take place.', 'Was planned for 5 Dec 2026, 08:00 CET to 5 Dec 2026, 12:00 CET'],
      ['?lang=fr', 'Cette maintenance n’aura pas lieu.', 'Était prévue du 5 déc. 2026, 08:00 UTC+1 au 5 déc. 2026, 12:00 UTC+1'],
    ] as const) {
      const [after] = vevents(await (await h.fetch(`/maintenances.ics${query}`)).text());
      const event = new ICAL.Event(after!);
      expect(event.uid).toBe(String(before!.getFirstPropertyValue('uid')));
      expect(after!.getFirstPropertyValue('status')).toBe('CANCELLED');
      expect(event.sequence).toBeGreaterThan(Number(before!.getFirstPropertyValue('sequence')));
      expect(event.description.split('\n')).toEqual([
        notTakingPlace,
        wasPlanned,
        '',
        'The new racks are late.',
        '',
        `https://status.example.com/maintenances/${move.id}`,
      ]);
      for (const word of PLANNED_WORDS) expect(event.description, `${query} ${word}`).not.toContain(word);
      expect(organizerOf(after!).value).toBe(`mailto:${MAIL_FROM_ADDRESS}`);
    }

    // The feeds' entry says the same, and no longer lists the planned statuses or what still works.
    const entry = JSON.parse(await (await h.fetch('/feed.json')).text()).items[0];
    expect(entry.title).toBe('Cancelled: Rack move');
    expect(entry.content_html).toContain('This maintenance will not take place.');
    expect(entry.content_html).toContain('Was planned for 5 Dec 2026, 08:00 CET to 5 Dec 2026, 12:00 CET');
    for (const word of PLANNED_WORDS) expect(entry.content_html).not.toContain(word);
  });

  it('the e-mails’ .ics: ORGANIZER in each, PUBLISH for the announcement, CANCEL (and method=CANCEL on the part) for the cancellation, which says so', async () => {
    const mail = await mailbox();
    const h = harness('2026-11-21T07:00:00.000Z', { smtpUrl: mail.smtpUrl });
    ok(
      await h.api('POST', '/subscribers/import', {
        confirmed: true,
        subscribers: [
          { email: 'en@example.com', locale: 'en', time_zone: 'Europe/London' },
          { email: 'fr@example.com', locale: 'fr', time_zone: 'Europe/Paris' },
        ],
      }),
    );
    const { move } = await rackMove(h);
    await h.drainQueue();
    h.clock.advance(DAY);
    ok(await h.api('POST', `/maintenances/${move.id}/updates`, { status: 'cancelled', body: 'The new racks are late.' }));
    await h.drainQueue();

    const calendarOf = (m: CaughtMail) => m.attachments.find((a) => a.filename === 'maintenance.ics')!.content;
    for (const [to, cn, notTakingPlace] of [
      ['en@example.com', 'Acme Intel', 'This maintenance will not take place.'],
      ['fr@example.com', 'Acme Veille', 'Cette maintenance n’aura pas lieu.'],
    ] as const) {
      const [scheduled, cancelled] = (await mail.messages(to)) as [CaughtMail, CaughtMail];
      expect(calendarOf(scheduled)).toContain('\r\nMETHOD:PUBLISH\r\n');
      expect(scheduled.raw).toMatch(/Content-Type: text\/calendar; charset=utf-8; method=PUBLISH/);
      expect(calendarOf(cancelled)).toContain('\r\nMETHOD:CANCEL\r\n');
      expect(cancelled.raw).toMatch(/Content-Type: text\/calendar; charset=utf-8; method=CANCEL/);

      const [announced] = vevents(calendarOf(scheduled));
      const [cancel] = vevents(calendarOf(cancelled));
      for (const vevent of [announced!, cancel!]) expect(organizerOf(vevent)).toEqual({ cn, value: `mailto:${MAIL_FROM_ADDRESS}` });
      expect(cancel!.getFirstPropertyValue('uid')).toBe(announced!.getFirstPropertyValue('uid'));
      expect(cancel!.getFirstPropertyValue('status')).toBe('CANCELLED');
      expect(Number(cancel!.getFirstPropertyValue('sequence'))).toBeGreaterThan(Number(announced!.getFirstPropertyValue('sequence')));
      const description = String(cancel!.getFirstPropertyValue('description'));
      expect(description.split('\n')[0]).toBe(notTakingPlace);
      expect(description).toContain('The new racks are late.');
      for (const word of PLANNED_WORDS) expect(description, `${to} ${word}`).not.toContain(word);
      // The announcement still describes what the move does.
      const planned = String(announced!.getFirstPropertyValue('description'));
      expect(planned).toMatch(/Partial outage|Panne partielle/);
      expect(planned).toContain('Logging in and reading reports.');
    }
  });
});
