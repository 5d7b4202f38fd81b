import { beforeEach, describe, expect, it } from 'vitest';
import { adminClient } from '../admin-ui/client';
import { makeComponent, makeMaintenance } from '../support/factories';
import { harness, MINUTE, ok } from '../support/harness';
import { mailbox } from '../support/mail';
import { emptyPage } from '../support/status-story';

// What subscribers read says what really happens: how a window moved, when work really started,
// how long is really left.

const textOf = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();

async function setUp(at: string) {
  const mail = await mailbox();
  const h = harness(at, { smtpUrl: mail.smtpUrl });
  ok(await h.api('PATCH', '/page', { name: 'Acme', time_zone: 'Europe/Paris' }));
  const api = await makeComponent(h, 'Public API');
  ok(
    await h.api('POST', '/subscribers/import', {
      confirmed: true,
      subscribers: [
        { email: 'ada@example.com', locale: 'en', time_zone: 'Europe/Paris' },
        { email: 'claire@example.fr', locale: 'fr', time_zone: 'Europe/Paris' },
      ],
    }),
  );
  return { mail, h, api };
}

describe('true wording and times', () => {
  beforeEach(emptyPage);

  it('moved earlier, moved later and extended while running each have their own subject, in both languages', async () => {
    const { mail, h, api } = await setUp('2026-11-30T08:00:00.000Z');
    const window = (from: string, until: string) => ({ scheduled_for: from, scheduled_until: until });
    const earlier = await makeMaintenance(h, { name: 'Early', components: { [api.id]: 'under_maintenance' } });
    const later = await makeMaintenance(h, { name: 'Late', components: { [api.id]: 'under_maintenance' } });
    const running = await makeMaintenance(h, {
      name: 'Long',
      ...window('2026-11-30T09:00:00.000Z', '2026-11-30T11:00:00.000Z'),
      components: { [api.id]: 'under_maintenance' },
    });
    ok(await h.api('PATCH', `/maintenances/${earlier.id}`, window('2026-12-04T07:00:00.000Z', '2026-12-04T11:00:00.000Z')));
    ok(await h.api('PATCH', `/maintenances/${later.id}`, window('2026-12-12T07:00:00.000Z', '2026-12-12T11:00:00.000Z')));
    h.clock.advance(70 * MINUTE);
    await h.tick();
    ok(await h.api('PATCH', `/maintenances/${running.id}`, { scheduled_until: '2026-11-30T13:00:00.000Z' }));
    await h.drainQueue();

    const moves = async (to: string) =>
      (await mail.messages(to)).map((m) => m.subject ?? '').filter((s) => !/Scheduled|planifiée|In progress|en cours/.test(s));
    expect(await moves('ada@example.com')).toEqual(['[Moved earlier] Early', '[Postponed] Late', '[Extended] Long']);
    expect(await moves('claire@example.fr')).toEqual([
      '[Maintenance avancée] Early',
      '[Maintenance reportée] Late',
      '[Maintenance prolongée] Long',
    ]);
    // The public page says the same, in the reader's language, with both windows as times.
    const page = textOf(await (await h.fetch(`/maintenances/${earlier.id}`, { headers: { 'accept-language': 'fr' } })).text());
    expect(page).not.toMatch(/\d{4}-\d{2}-\d{2}T/);
    expect(page).toMatch(/avancée/i);
  });

  it('after an early start the card, the e-mail and the admin page show when it really started', async () => {
    // Planned 20:35 → 22:00 Paris; started by hand at 20:21.
    const { mail, h, api } = await setUp('2026-12-10T19:21:00.000Z');
    const m = await makeMaintenance(h, {
      name: 'Evening',
      scheduled_for: '2026-12-10T19:35:00.000Z',
      scheduled_until: '2026-12-10T21:00:00.000Z',
      components: { [api.id]: 'under_maintenance' },
    });
    ok(await h.api('POST', `/maintenances/${m.id}/updates`, { status: 'in_progress' }));
    await h.drainQueue();

    const started = (await mail.messages('claire@example.fr')).find((x) => x.subject?.startsWith('[Maintenance en cours]'));
    expect(started?.text).toContain('20:21 → 22:00');
    expect(started?.text).not.toContain('20:35');
    expect((await mail.messages('ada@example.com')).find((x) => x.subject?.startsWith('[In progress]'))?.text).toContain('20:21 → 22:00');

    const card = await (await h.fetch('/', { headers: { 'accept-language': 'en' } })).text();
    const article = card.slice(card.indexOf(`data-maintenance="${m.id}"`));
    expect(article.slice(0, article.indexOf('</article>'))).toContain('2026-12-10T19:21:00.000Z');

    const admin = adminClient(h);
    await admin.signIn();
    expect(textOf((await admin.get(`/admin/maintenances/${m.id}`)).html)).toMatch(/Started 10 Dec 2026, 20:21 CET \(planned/);
  });

  it('a reminder never says more time is left than there is', async () => {
    const { mail, h } = await setUp('2026-12-10T08:00:00.000Z');
    await makeMaintenance(h, {
      name: 'Patch',
      scheduled_for: '2026-12-10T09:00:00.000Z',
      scheduled_until: '2026-12-10T10:00:00.000Z',
      reminders: [6],
    });
    await h.drainQueue();
    // The 6-minute reminder is due at 08:54; the cron tick that records it runs a minute late.
    h.clock.set('2026-12-10T08:55:10.000Z');
    await h.tick();
    await h.drainQueue();
    const reminders = [...(await mail.messages('ada@example.com')), ...(await mail.messages('claire@example.fr'))]
      .map((x) => x.subject ?? '')
      .filter((s) => /Reminder|Rappel/.test(s));
    expect(reminders).toEqual(['[Reminder] Patch starts in 4 minutes', '[Rappel] Patch commence dans 4 minutes']);
  });
});
