import ICAL from 'ical.js';
import { beforeEach, describe, expect, it } from 'vitest';
import { rows } from '../support/db';
import { MIGRATION_WEEKEND, makeCatalogue, makeMigrationWeekend, runMigrationWeekend } from '../support/factories';
import { harness, ok } from '../support/harness';
import { type CaughtMail, headerValues, mailbox } from '../support/mail';
import { emptyPage } from '../support/status-story';

/** This scenario steps the clock through days of ticks (20–40 s on a busy 2-core host): twice the worker project's 30 s. */
const SCENARIO_TIMEOUT_MS = 60_000;

// DESIGN.md's data-centre move, Saturday 08:00 → Sunday 20:00 Europe/Paris, announced two weeks
// ahead with reminders 72 h, 24 h and 1 h before, run by the clock, and the e-mails it sends.
const { start: START, end: END } = MIGRATION_WEEKEND;

function calendarOf(mail: CaughtMail) {
  const ics = mail.attachments.find((a) => a.filename === 'maintenance.ics');
  if (!ics) throw new Error(`no .ics in "${mail.subject}"`);
  const calendar = new ICAL.Component(ICAL.parse(ics.content));
  const event = new ICAL.Event(calendar.getFirstSubcomponent('vevent')!);
  return { ics, calendar, event };
}

describe('the migration weekend, by e-mail', () => {
  beforeEach(emptyPage);

  it('reaches the subscribers of what it touches once per notice, in their language and zone, threaded, with a calendar', {
    timeout: SCENARIO_TIMEOUT_MS,
  }, async () => {
    const mail = await mailbox();
    const h = harness('2026-11-21T07:00:00.000Z', { smtpUrl: mail.smtpUrl });
    ok(await h.api('PATCH', '/page', { name: 'Acme Intel', time_zone: 'Europe/Paris' }));
    const { crawlers, webapp, api, login, alerts } = await makeCatalogue(h);
    ok(
      await h.api('POST', '/subscribers/import', {
        confirmed: true,
        subscribers: [
          { email: 'crawlers@example.com', locale: 'en', time_zone: 'America/New_York', components: [crawlers.id] },
          { email: 'alerts@example.com', locale: 'en', time_zone: 'Europe/Paris', components: [alerts.id] },
          { email: 'claire@example.fr', locale: 'fr', time_zone: 'Europe/Paris' },
        ],
      }),
    );
    // Asked on the form but never confirmed: the confirmation is all this address ever gets.
    await h.fetch('/subscribe', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ email: 'unconfirmed@example.com' }).toString(),
    });

    const move = await makeMigrationWeekend(h, { crawlers, webapp, api, login });
    await h.drainQueue();

    // The clock runs it, with an operator update on Saturday afternoon; the queue emptied after each tick.
    await runMigrationWeekend(h, move.id, () => h.drainQueue());

    // The crawlers' subscriber: every notice, once, in order, in English, in New York time.
    const crawlerMail = await mail.messages('crawlers@example.com');
    expect(crawlerMail.map((m) => m.subject)).toEqual([
      '[Scheduled] Data-centre migration',
      '[Reminder] Data-centre migration starts in 72 hours',
      '[Reminder] Data-centre migration starts in 24 hours',
      '[Reminder] Data-centre migration starts in 1 hour',
      '[In progress] Data-centre migration',
      '[Update] Data-centre migration',
      '[Completed] Data-centre migration',
    ]);
    const announcement = crawlerMail[0]!;
    expect(announcement.text).toContain(
      'Acme Intel has planned maintenance: Saturday, 5 December 2026, 02:00 → Sunday, 6 December 2026, 14:00 (America/New_York).',
    );
    expect(announcement.text).toContain('- Price crawlers: Under maintenance');
    expect(announcement.text).toContain('- Web app: Degraded performance');
    expect(announcement.text).toContain('What still works: Login and read-only dashboards.');
    expect(announcement.text).toContain('We move our ~15 servers to a new data centre.');
    expect(announcement.text).toContain(`View the maintenance: https://status.example.com/maintenances/${move.id}`);
    expect(announcement.text).toContain(
      'You receive this e-mail because you subscribed to the status updates of Acme Intel for Price crawlers.',
    );
    expect(announcement.html).toContain('Login and read-only dashboards.');
    expect(announcement.html).toContain(`href="https://status.example.com/maintenances/${move.id}"`);
    expect(announcement.html).toMatch(/Price crawlers<\/td><td[^>]*><span style="color:#3498db">&#9679;<\/span> Under maintenance/);
    expect(crawlerMail[5]!.text).toContain('Crawlers are racked in the new room.');
    expect(crawlerMail[6]!.text).toContain('- Price crawlers: Operational');

    for (const m of crawlerMail) {
      // multipart/alternative (text + HTML) inside multipart/mixed with the .ics.
      expect(m.content_type).toBe('multipart/mixed');
      expect(m.raw).toMatch(/Content-Type: multipart\/alternative;/);
      expect(m.text).toBeTruthy();
      expect(m.html).toMatch(/^<!doctype html>/);
      // RFC 8058: one List-Unsubscribe with both URIs, and the one-click POST marker.
      const unsubscribe = headerValues(m, 'List-Unsubscribe');
      expect(unsubscribe).toHaveLength(1);
      expect(unsubscribe[0]).toMatch(
        /^<https:\/\/status\.example\.com\/unsubscribe\/m\.[a-z0-9]+\.[\w-]{43}>, <mailto:unsubscribe@forewarn\.localhost\?subject=unsubscribe%20m\.[a-z0-9]+\.[\w-]{43}>$/,
      );
      expect(headerValues(m, 'List-Unsubscribe-Post')).toEqual(['List-Unsubscribe=One-Click']);
      expect(m.from).toBe('"Forewarn" <status@forewarn.localhost>');
      expect(m.text).toContain('https://status.example.com/manage/m.');
    }

    // One thread: the announcement opens it and every later e-mail replies to it.
    const root = announcement.message_id;
    expect(root).toMatch(new RegExp(`^<maintenance\\.${move.id}\\.[a-z0-9]+@forewarn\\.localhost>$`));
    expect(new Set(crawlerMail.map((m) => m.message_id)).size).toBe(7);
    for (const m of crawlerMail.slice(1)) {
      expect(m.in_reply_to).toBe(root);
      expect(m.references).toBe(root);
    }

    // The calendar: one event, the same UID in every e-mail, at the right times.
    for (const m of crawlerMail) {
      const { ics, calendar, event } = calendarOf(m);
      expect(ics.content_type).toBe('text/calendar');
      expect(calendar.getFirstPropertyValue('method')).toBe('PUBLISH');
      expect(event.uid).toBe(`${move.id}@status.example.com`);
      expect(event.sequence).toBe(0);
      expect(event.startDate.toJSDate().toISOString()).toBe(START);
      expect(event.endDate.toJSDate().toISOString()).toBe(END);
      expect(event.summary).toBe('Data-centre migration');
      expect(event.component.getFirstPropertyValue('status')).toBe('CONFIRMED');
    }

    // The French subscriber of everything: French words, Paris times, the zone named.
    const claire = await mail.messages('claire@example.fr');
    expect(claire.map((m) => m.subject)).toEqual([
      '[Maintenance planifiée] Data-centre migration',
      '[Rappel] Data-centre migration commence dans 72 heures',
      '[Rappel] Data-centre migration commence dans 24 heures',
      '[Rappel] Data-centre migration commence dans 1 heure',
      '[Maintenance en cours] Data-centre migration',
      '[Mise à jour] Data-centre migration',
      '[Maintenance terminée] Data-centre migration',
    ]);
    expect(claire[0]!.text).toContain(
      'Acme Intel a planifié une maintenance\u00a0: samedi 5 décembre 2026, 08:00 → dimanche 6 décembre 2026, 20:00 (Europe/Paris).',
    );
    expect(claire[0]!.text).toContain('- Price crawlers\u00a0: En maintenance');
    expect(claire[0]!.text).toContain('- Public API\u00a0: Panne partielle');
    expect(claire[0]!.text).toContain('Ce qui fonctionne encore\u00a0: Login and read-only dashboards.');
    expect(claire[0]!.html).toContain('<html lang="fr"');
    expect(claire[4]!.text).toContain('La maintenance d’Acme Intel a commencé.');
    expect(claire[4]!.text).toContain('Quand\u00a0: samedi 5 décembre 2026, 08:00 → dimanche 6 décembre 2026, 20:00 (Europe/Paris)');
    expect(claire[6]!.text).toContain('- Price crawlers\u00a0: Opérationnel');

    // The alerts are untouched: their subscriber hears nothing. The unconfirmed address got its confirmation only.
    expect(await mail.messages('alerts@example.com')).toEqual([]);
    expect((await mail.messages('unconfirmed@example.com')).map((m) => m.subject)).toEqual(['Confirm your subscription to Acme Intel']);

    // The outbox agrees: one sent row per (notice, subscriber), nothing left over.
    const outbox = await rows<{ email: string; status: string; n: number }>(
      `SELECT s.email, d.status, COUNT(*) AS n FROM deliveries d JOIN subscribers s ON s.id = d.subscriber_id
       WHERE d.purpose = 'notice' GROUP BY s.email, d.status ORDER BY s.email`,
    );
    expect(outbox).toEqual([
      { email: 'claire@example.fr', status: 'sent', n: 7 },
      { email: 'crawlers@example.com', status: 'sent', n: 7 },
    ]);
    expect(h.notify.backlog).toEqual([]);
  });
});
