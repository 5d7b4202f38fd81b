// Calendar and header injection through names: a name holding CRLF and iCalendar lines must not
// add events to /maintenances.ics or to an e-mail's .ics, nor headers to the e-mail.
import { env } from 'cloudflare:test';
import ICAL from 'ical.js';
import { beforeEach, describe, expect, it } from 'vitest';
import { fingerprint } from '../support/db';
import { DAY, harness, ok } from '../support/harness';
import { type CaughtMail, headerValues, mailbox } from '../support/mail';
import { emptyPage } from '../support/status-story';

/** What an attacker with the page's settings (or a careless paste) would write. */
const FORGED_EVENT = [
  'BEGIN:VEVENT',
  'UID:forged@evil.example',
  'SUMMARY:Forged',
  'DTSTART:20261201T000000Z',
  'DTEND:20261201T010000Z',
  'END:VEVENT',
].join('\r\n');
const INJECTED = `Acme\r\nBcc: victim@evil.example\r\n${FORGED_EVENT}`;

const WINDOW = { scheduled_for: '2026-12-05T07:00:00.000Z', scheduled_until: '2026-12-05T11:00:00.000Z' };

const vevents = (text: string) => new ICAL.Component(ICAL.parse(text)).getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));

/** Lines of the raw text that open an event, whatever an iCalendar reader makes of the rest. */
const eventsOpened = (text: string) => text.split(/\r\n|\r|\n/).filter((line) => line === 'BEGIN:VEVENT').length;

/** The page's settings as an older version stored them, before names were refused control characters. */
async function storePageName(name: string, frenchName: string): Promise<void> {
  await env.DB.prepare('UPDATE page_settings SET name = ?, translations = ? WHERE id = 1')
    .bind(name, JSON.stringify({ fr: { name: frenchName } }))
    .run();
}

describe('a name with line breaks', () => {
  beforeEach(emptyPage);

  it('is refused at input: the page, its translation, components, incidents and maintenances answer 422 and nothing is written', async () => {
    const h = harness('2026-11-20T09:00:00.000Z');
    ok(await h.api('PATCH', '/page', { name: 'Acme' }));
    const before = await fingerprint();

    const page = await h.api('PATCH', '/page', { name: INJECTED });
    expect(page.status).toBe(422);
    expect(page.body.error.details).toEqual([
      expect.objectContaining({ path: 'name', message: 'must be one line, without tabs or control characters' }),
    ]);
    expect((await h.api('PATCH', '/page', { translations: { fr: { name: INJECTED } } })).status).toBe(422);
    expect((await h.api('PATCH', '/page', { name: 'Acme\tIntel' })).status).toBe(422);
    expect((await h.api('PATCH', '/page', { name: 'Acme\u2028Intel' })).status).toBe(422);
    expect((await h.api('POST', '/components', { name: INJECTED })).status).toBe(422);
    expect((await h.api('POST', '/components', { name: 'API', translations: { fr: { name: 'API\r\nX' } } })).status).toBe(422);
    expect((await h.api('POST', '/incidents', { name: INJECTED, body: 'Down.' })).status).toBe(422);
    expect((await h.api('POST', '/maintenances', { name: INJECTED, body: '', ...WINDOW, reminders: [] })).status).toBe(422);
    expect(await fingerprint()).toEqual(before);

    const fine = await h.api('POST', '/maintenances', { name: '  Rack move ', body: 'We move\r\nthe racks.', ...WINDOW, reminders: [] });
    expect(ok(fine).maintenance.name).toBe('Rack move');
  });

  it('already stored, gives /maintenances.ics one VEVENT per maintenance and no more, in every language', async () => {
    const h = harness('2026-11-20T09:00:00.000Z');
    ok(await h.api('PATCH', '/page', { name: 'Acme' }));
    await storePageName(INJECTED, `Acme FR\r\n${FORGED_EVENT}`);
    const move = ok(await h.api('POST', '/maintenances', { name: 'Rack move', body: 'We move the racks.', ...WINDOW, reminders: [] }));
    const swap = ok(
      await h.api('POST', '/maintenances', {
        name: 'Relay swap',
        body: '',
        scheduled_for: '2026-12-06T07:00:00.000Z',
        scheduled_until: '2026-12-06T08:00:00.000Z',
        reminders: [],
      }),
    );
    const uids = [move, swap].map((m) => `${m.maintenance.id}@status.example.com`).sort();

    for (const path of ['/maintenances.ics', '/maintenances.ics?lang=fr']) {
      const response = await h.fetch(path);
      expect(response.status).toBe(200);
      const text = await response.text();
      expect(eventsOpened(text), path).toBe(2);
      expect(
        vevents(text)
          .map((e) => e.uid)
          .sort(),
        path,
      ).toEqual(uids);
      const calendar = new ICAL.Component(ICAL.parse(text));
      for (const property of ['name', 'x-wr-calname', 'x-wr-caldesc']) {
        expect(String(calendar.getFirstPropertyValue(property)), `${path} ${property}`).not.toMatch(/[\r\n]/);
      }
    }
    const english = new ICAL.Component(ICAL.parse(await (await h.fetch('/maintenances.ics')).text()));
    expect(english.getFirstPropertyValue('x-wr-calname')).toBe(
      'Acme Bcc: victim@evil.example BEGIN:VEVENT UID:forged@evil.example SUMMARY:Forged DTSTART:20261201T000000Z DTEND:20261201T010000Z END:VEVENT maintenance',
    );
  });

  it('already stored, gives each e-mail one event in its .ics and no header of its own', async () => {
    const mail = await mailbox();
    const h = harness('2026-11-21T07:00:00.000Z', { smtpUrl: mail.smtpUrl });
    ok(await h.api('PATCH', '/page', { name: 'Acme' }));
    ok(await h.api('POST', '/subscribers/import', { confirmed: true, subscribers: [{ email: 'reader@example.com' }] }));
    await storePageName(INJECTED, INJECTED);
    const move = ok(
      await h.api('POST', '/maintenances', { name: 'Rack move', body: 'We move the racks.', ...WINDOW, reminders: [] }),
    ).maintenance;
    await h.drainQueue();
    // The maintenance's own name too, as an older version stored it; its cancellation is sent with it.
    await env.DB.prepare('UPDATE maintenances SET name = ? WHERE id = ?').bind(INJECTED, move.id).run();
    h.clock.advance(DAY);
    ok(await h.api('POST', `/maintenances/${move.id}/updates`, { status: 'cancelled', body: 'Postponed.' }));
    await h.drainQueue();

    const sent = await mail.messages();
    expect(sent).toHaveLength(2);
    for (const m of sent) {
      const ics = calendarOf(m);
      expect(eventsOpened(ics), m.subject ?? '').toBe(1);
      expect(vevents(ics).map((e) => e.uid)).toEqual([`${move.id}@status.example.com`]);
      expect(m.envelope.to).toEqual(['reader@example.com']);
      expect(headerValues(m, 'bcc')).toEqual([]);
      expect(headerValues(m, 'subject')).toHaveLength(1);
    }
    const cancelled = vevents(calendarOf(sent[1]!))[0]!;
    expect(cancelled.summary).toBe(`Cancelled: ${INJECTED.replace(/\r\n/g, ' ')}`);
  });
});

function calendarOf(m: CaughtMail): string {
  const ics = m.attachments.find((a) => a.filename === 'maintenance.ics');
  expect(ics, m.subject ?? '').toBeDefined();
  return ics!.content;
}
