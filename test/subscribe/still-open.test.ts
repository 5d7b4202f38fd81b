// Someone who subscribes after a maintenance was announced (or while an incident runs) never got
// that announcement. Confirming shows them what they follow that is announced and not over, in
// their language and the zone they chose, with each maintenance's calendar event; the next of it
// then reaches them by e-mail. Their manage page shows the same while they are subscribed.
import { beforeEach, describe, expect, it } from 'vitest';
import { select, selectOne } from '../public/html';
import { makeComponent, makeMaintenance, makeMigrationWeekend } from '../support/factories';
import { ok } from '../support/harness';
import { emptyPage } from '../support/status-story';
import { FORM, formBody, linkIn, setUp } from './support';

beforeEach(emptyPage);

/** The list's items as a reader reads them: the linked name, the status and time, the calendar link. */
const stillOpen = async (html: string) => (await select(html, 'section.still-open li')).map((item) => item.text.trim());
/** Where the list's links lead, in order. */
const stillOpenLinks = async (html: string) => (await select(html, 'section.still-open a')).map((a) => a.attributes.href);

describe('what a new subscriber missed', () => {
  it('is shown on confirming, in their language and zone, only what they follow and is not over; what comes next reaches them', async () => {
    const { h, post, sent, crawlers, webapp, api, login, alerts } = await setUp('2026-11-21T07:00:00.000Z');
    const widgets = await makeComponent(h, 'Status widgets');
    const move = await makeMigrationWeekend(h, { crawlers, webapp, api, login });
    ok(
      await h.api('PATCH', `/maintenances/${move.id}`, {
        translations: { fr: { name: 'Migration du centre de données' } },
      }),
    );
    const alertsWork = await makeMaintenance(h, {
      name: 'Alert mailer upgrade',
      scheduled_for: '2026-12-12T06:00:00.000Z',
      scheduled_until: '2026-12-12T07:00:00.000Z',
      components: { [alerts.id]: 'under_maintenance' },
    });
    const dropped = await makeMaintenance(h, { name: 'Disk swap', components: { [webapp.id]: 'under_maintenance' } });
    ok(await h.api('POST', `/maintenances/${dropped.id}/updates`, { status: 'cancelled', body: 'Not needed.' }));
    const over = ok(
      await h.api('POST', '/incidents', {
        name: 'Slow exports',
        body: 'Exports are slow.',
        components: { [webapp.id]: 'degraded_performance' },
      }),
    ).incident;
    ok(await h.api('POST', `/incidents/${over.id}/updates`, { status: 'resolved', body: 'Fixed.' }));
    h.clock.set('2026-11-21T13:05:00.000Z');
    const running = ok(
      await h.api('POST', '/incidents', {
        name: 'Search errors',
        body: 'Some searches fail.',
        components: { [webapp.id]: 'partial_outage' },
      }),
    ).incident;
    h.clock.set('2026-11-22T10:00:00.000Z');

    // A French reader in Montreal who follows the web app.
    await post(
      '/subscribe',
      { email: 'camille@example.com', components: [webapp.id], locale: 'fr', time_zone: 'America/Montreal' },
      '198.51.100.61',
    );
    const [confirmation] = await sent('camille@example.com');
    const confirmed = await h.fetch(linkIn(confirmation!.text, 'confirm'), { method: 'POST' });
    expect(confirmed.status).toBe(200);
    const page = await confirmed.text();
    expect((await selectOne(page, 'section.still-open h2')).text).toBe('Déjà annoncé');
    expect(await stillOpen(page)).toEqual([
      'Search errors Analyse en cours · depuis le samedi 21 novembre 2026 à 08:05 (America/Montreal)',
      'Migration du centre de données Planifiée · samedi 5 décembre 2026, 02:00 → dimanche 6 décembre 2026, 14:00 (America/Montreal) Ajouter au calendrier',
    ]);
    expect(await stillOpenLinks(page)).toEqual([
      `/incidents/${running.id}?lang=fr`,
      `/maintenances/${move.id}?lang=fr`,
      `/maintenances/${move.id}.ics?lang=fr`,
    ]);
    // The calendar link is the maintenance's event, in French.
    const event = await h.fetch(`/maintenances/${move.id}.ics?lang=fr`);
    expect(event.status).toBe(200);
    expect(await event.text()).toContain('SUMMARY:Migration du centre de données');

    // The language switch comes back to the link by GET: the same list, in English.
    const english = await (await h.fetch(`${linkIn(confirmation!.text, 'confirm')}?lang=en`)).text();
    expect(await stillOpen(english)).toEqual([
      'Search errors Investigating · since Saturday, 21 November 2026 at 08:05 (America/Montreal)',
      'Data-centre migration Scheduled · Saturday, 5 December 2026, 02:00 → Sunday, 6 December 2026, 14:00 (America/Montreal) Add to calendar',
    ]);

    // Someone who follows everything sees the alert mailer's work too.
    await post('/subscribe', { email: 'all@example.com', locale: 'en', time_zone: 'Europe/Paris' }, '198.51.100.62');
    const [forAll] = await sent('all@example.com');
    const everything = await (await h.fetch(linkIn(forAll!.text, 'confirm'), { method: 'POST' })).text();
    expect((await stillOpenLinks(everything)).filter((href) => !href?.endsWith('.ics?lang=en'))).toEqual([
      `/incidents/${running.id}?lang=en`,
      `/maintenances/${move.id}?lang=en`,
      `/maintenances/${alertsWork.id}?lang=en`,
    ]);

    // Someone who follows only what nothing concerns gets the plain confirmation.
    await post('/subscribe', { email: 'widgets@example.com', components: [widgets.id], locale: 'en' }, '198.51.100.63');
    const [forWidgets] = await sent('widgets@example.com');
    const plain = await (await h.fetch(linkIn(forWidgets!.text, 'confirm'), { method: 'POST' })).text();
    expect((await selectOne(plain, 'h1')).text).toBe('You are subscribed');
    expect(await select(plain, 'section.still-open')).toEqual([]);

    // What the page promised: the move's 72-hour reminder reaches the French subscriber, in French.
    h.clock.set('2026-12-02T07:00:00.000Z');
    await h.tick();
    const mails = await sent('camille@example.com');
    expect(mails).toHaveLength(2);
    expect(mails[1]!.subject).toContain('Migration du centre de données');
  });

  it('is on the manage page while they are subscribed, for what they follow now, until it is over', async () => {
    const { h, post, sent, webapp, alerts } = await setUp('2026-11-21T07:00:00.000Z');
    await post(
      '/subscribe',
      { email: 'back@example.com', components: [webapp.id], locale: 'en', time_zone: 'Europe/Paris' },
      '198.51.100.64',
    );
    const [confirmation] = await sent('back@example.com');
    expect((await h.fetch(linkIn(confirmation!.text, 'confirm'), { method: 'POST' })).status).toBe(200);
    const incident = ok(
      await h.api('POST', '/incidents', {
        name: 'Search errors',
        body: 'Some searches fail.',
        components: { [webapp.id]: 'partial_outage' },
      }),
    ).incident;
    const work = await makeMaintenance(h, { name: 'Alert mailer upgrade', components: { [alerts.id]: 'under_maintenance' } });
    const [, notice] = await sent('back@example.com');
    const manage = linkIn(notice!.text, 'manage');
    const formPost = (path: string, body = '') => h.fetch(path, { method: 'POST', headers: { 'content-type': FORM }, body });

    expect(await stillOpenLinks(await (await h.fetch(manage)).text())).toEqual([`/incidents/${incident.id}?lang=en`]);
    // Choosing the alert mailer too: its planned work, announced before they chose it, is there at once.
    const saved = await (
      await formPost(manage, formBody({ components: [webapp.id, alerts.id], locale: 'en', time_zone: 'Europe/Paris' }))
    ).text();
    expect((await selectOne(saved, '.flash')).text).toBe('Your choices are saved.');
    expect(await stillOpenLinks(saved)).toEqual([
      `/incidents/${incident.id}?lang=en`,
      `/maintenances/${work.id}?lang=en`,
      `/maintenances/${work.id}.ics?lang=en`,
    ]);
    // Gone while they are away; back again on resubscribing.
    const left = await (await formPost(`${manage}/leave`)).text();
    expect(await select(left, 'section.still-open')).toEqual([]);
    const back = await (await formPost(`${manage}/resubscribe`)).text();
    expect((await selectOne(back, '.flash')).text).toBe('Welcome back: you will receive the next updates.');
    expect(await stillOpenLinks(back)).toHaveLength(3);

    // Once the incident is resolved and the work cancelled, nothing is left to show.
    ok(await h.api('POST', `/incidents/${incident.id}/updates`, { status: 'resolved', body: 'Fixed.' }));
    ok(await h.api('POST', `/maintenances/${work.id}/updates`, { status: 'cancelled', body: 'Not needed.' }));
    expect(await select(await (await h.fetch(manage)).text(), 'section.still-open')).toEqual([]);
  });

  it('matches whom the next e-mails reach when a maintenance changes components: its earlier notices count', async () => {
    const { h, post, sent, webapp, alerts } = await setUp('2026-11-21T07:00:00.000Z');
    const moved = await makeMaintenance(h, { name: 'Moved', reminders: [1440], components: { [webapp.id]: 'under_maintenance' } });
    const emptied = await makeMaintenance(h, {
      name: 'Emptied',
      scheduled_for: '2026-12-06T07:00:00.000Z',
      scheduled_until: '2026-12-06T09:00:00.000Z',
      reminders: [1440],
      components: { [webapp.id]: 'under_maintenance' },
    });
    await makeMaintenance(h, {
      name: 'Index rebuild',
      scheduled_for: '2026-11-21T07:30:00.000Z',
      scheduled_until: '2026-11-21T09:30:00.000Z',
      components: { [webapp.id]: 'degraded_performance' },
    });
    // Edited without moving their windows, so without a notice: their announcements named the web app.
    ok(await h.api('PATCH', `/maintenances/${moved.id}`, { components: { [alerts.id]: 'under_maintenance' } }));
    ok(await h.api('PATCH', `/maintenances/${emptied.id}`, { components: {} }));
    h.clock.set('2026-11-21T07:31:00.000Z');
    await h.tick();

    const confirmOf = async (email: string, components: string[]) => {
      await post('/subscribe', { email, components, locale: 'en', time_zone: 'Europe/Paris' }, '198.51.100.65');
      const [confirmation] = await sent(email);
      return (await h.fetch(linkIn(confirmation!.text, 'confirm'), { method: 'POST' })).text();
    };
    const ofWebapp = await confirmOf('webapp@example.com', [webapp.id]);
    const ofAlerts = await confirmOf('alerts@example.com', [alerts.id]);
    // Under way first, then planned, soonest first; the intro says what it means.
    expect((await selectOne(ofWebapp, 'section.still-open p')).text).toBe(
      'Under way or coming up: you will receive the next updates by e-mail.',
    );
    expect((await stillOpen(ofWebapp)).map((item) => item.split(' · ')[0])).toEqual([
      'Index rebuild In progress',
      'Moved Scheduled',
      'Emptied Scheduled',
    ]);
    expect((await stillOpen(ofAlerts)).map((item) => item.split(' · ')[0])).toEqual(['Moved Scheduled']);

    // What the lists said is what the reminders do: both get Moved's, only the web app's follower Emptied's.
    h.clock.set('2026-12-04T07:00:00.000Z');
    await h.tick();
    h.clock.set('2026-12-05T07:00:00.000Z');
    await h.tick();
    const about = async (email: string, name: string) => (await sent(email)).filter((m) => m.subject?.includes(name)).length;
    expect(await about('webapp@example.com', 'Moved')).toBeGreaterThan(0);
    expect(await about('alerts@example.com', 'Moved')).toBeGreaterThan(0);
    expect(await about('webapp@example.com', 'Emptied')).toBe(1);
    expect(await about('alerts@example.com', 'Emptied')).toBe(0);
  });

  it('is not on the page that asks to confirm: nothing is shown before the address is confirmed', async () => {
    const { h, post, sent, webapp } = await setUp('2026-11-21T07:00:00.000Z');
    await makeMaintenance(h, { name: 'Moved', components: { [webapp.id]: 'under_maintenance' } });
    await post('/subscribe', { email: 'pending@example.com', components: [webapp.id], locale: 'en' }, '198.51.100.66');
    const [confirmation] = await sent('pending@example.com');
    const asking = await (await h.fetch(linkIn(confirmation!.text, 'confirm'))).text();
    expect((await selectOne(asking, 'h1')).text).toBe('Confirm your subscription');
    expect(await select(asking, 'section.still-open')).toEqual([]);
  });
});
