import { env } from 'cloudflare:test';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Locale } from '../../src/domain/model';
import { CHAT_FORMATS, type ChatFormat, chatRequest } from '../../src/notify/chat';
import { listNotices, type Notice } from '../../src/store/notices';
import { CHAT_VALIDATORS } from '../support/chat-receivers';
import { BASE, type Harness, harness, MINUTE, ok } from '../support/harness';
import { emptyPage } from '../support/status-story';

// A bilingual page's incident and maintenances, recorded through the admin API as an operator
// writes them, then each notice as every chat platform would receive it in English and in French:
// what each platform's documentation requires (test/support/chat-receivers.ts), in the channel's
// language, with the e-mail's words, the page's zone, the status colour and the link to the page.

const WORDS = {
  page: { en: 'Acme Status', fr: 'État Acme' },
  search: { en: 'Search', fr: 'Recherche' },
  api: { en: 'Public API', fr: 'API publique' },
  incident: { en: 'Slow searches', fr: 'Recherches lentes' },
  investigating: { en: 'Searches take **ten seconds**.', fr: 'Les recherches prennent **dix secondes**.' },
  identified: { en: 'An index was dropped.', fr: 'Un index a été supprimé.' },
  resolved: { en: 'Searches are fast again.', fr: 'Les recherches sont de nouveau rapides.' },
  move: { en: 'Data-centre migration', fr: 'Migration du centre de données' },
  moveBody: { en: 'We move our servers to a new hall.', fr: 'Nous déménageons nos serveurs dans une nouvelle salle.' },
  stillWorking: { en: 'Read-only dashboards.', fr: 'Tableaux de bord en lecture seule.' },
  progress: { en: 'Crawlers are racked in the new hall.', fr: 'Les robots sont installés dans la nouvelle salle.' },
  later: { en: 'The vendor is a week late.', fr: 'Le fournisseur a une semaine de retard.' },
  done: { en: 'Everything runs on the new hardware.', fr: 'Tout fonctionne sur le nouveau matériel.' },
  rack: { en: 'Rack replacement', fr: 'Remplacement de baie' },
  rackCancelled: { en: 'The spare rack is not needed.', fr: 'La baie de secours est inutile.' },
} as const;

/** A long update of the kind an operator pastes: headings, lists, links, code, a quote. */
const LONG_UPDATE = [
  '## What happened',
  '',
  'At 09:12 the **search cluster** lost a node; queries fell back to a _full scan_ & took ~10 s.',
  '',
  '- Node `search-3` was replaced',
  '- The index is rebuilt ([progress](https://status.example.com/incidents)), the [history](/history) has the details',
  '  1. shards 1–4: done',
  '  2. shards 5–8: running',
  '',
  '> Customers on the EU region saw the slowest searches.',
  '',
  '```',
  'p99 latency: 9,800 ms → 180 ms',
  '```',
  '',
  ...Array.from({ length: 30 }, (_, i) => `Step ${i + 1}: we checked shard ${i % 8} and its replicas; nothing else was affected.`),
].join('\n');

const fr = (key: keyof typeof WORDS) => ({ fr: { body: WORDS[key].fr } });

async function writeStory(h: Harness) {
  ok(await h.api('PATCH', '/page', { name: WORDS.page.en, time_zone: 'Europe/Paris', translations: { fr: { name: WORDS.page.fr } } }));
  const component = async (key: 'search' | 'api') =>
    ok(await h.api('POST', '/components', { name: WORDS[key].en, translations: { fr: { name: WORDS[key].fr } } })).component;
  const search = await component('search');
  const api = await component('api');

  const { incident } = ok(
    await h.api('POST', '/incidents', {
      name: WORDS.incident.en,
      body: WORDS.investigating.en,
      components: { [search.id]: 'major_outage', [api.id]: 'degraded_performance' },
      translations: { fr: { name: WORDS.incident.fr, body: WORDS.investigating.fr } },
    }),
  );
  h.clock.advance(20 * MINUTE);
  ok(
    await h.api('POST', `/incidents/${incident.id}/updates`, {
      status: 'identified',
      body: `${WORDS.identified.en}\n\n${LONG_UPDATE}`,
      components: { [search.id]: 'partial_outage' },
      translations: fr('identified'),
    }),
  );
  h.clock.advance(20 * MINUTE);
  ok(
    await h.api('POST', `/incidents/${incident.id}/updates`, {
      status: 'resolved',
      body: WORDS.resolved.en,
      components: { [search.id]: 'operational', [api.id]: 'operational' },
      translations: fr('resolved'),
    }),
  );

  const move = ok(
    await h.api('POST', '/maintenances', {
      name: WORDS.move.en,
      body: WORDS.moveBody.en,
      still_working: WORDS.stillWorking.en,
      scheduled_for: '2026-12-05T07:00:00.000Z',
      scheduled_until: '2026-12-06T19:00:00.000Z',
      components: { [search.id]: 'under_maintenance', [api.id]: 'partial_outage' },
      reminders: [24 * 60],
      translations: { fr: { name: WORDS.move.fr, body: WORDS.moveBody.fr, still_working: WORDS.stillWorking.fr } },
    }),
  ).maintenance;
  // Postponed by a week before it starts, then run by the clock and completed by the operator.
  ok(
    await h.api('PATCH', `/maintenances/${move.id}`, {
      scheduled_for: '2026-12-12T07:00:00.000Z',
      scheduled_until: '2026-12-13T19:00:00.000Z',
      body: WORDS.later.en,
      translations: fr('later'),
    }),
  );
  // The reminder a day before the new start goes out on the cron's tick five minutes late.
  h.clock.set('2026-12-11T07:05:00.000Z');
  await h.tick();
  h.clock.set('2026-12-12T07:01:00.000Z');
  await h.tick();
  h.clock.advance(60 * MINUTE);
  ok(
    await h.api('POST', `/maintenances/${move.id}/updates`, {
      status: 'in_progress',
      body: WORDS.progress.en,
      translations: fr('progress'),
    }),
  );
  h.clock.advance(60 * MINUTE);
  ok(await h.api('POST', `/maintenances/${move.id}/updates`, { status: 'completed', body: WORDS.done.en, translations: fr('done') }));

  const rack = ok(
    await h.api('POST', '/maintenances', {
      name: WORDS.rack.en,
      body: 'A spare rack arrives.',
      scheduled_for: '2026-12-19T07:00:00.000Z',
      scheduled_until: '2026-12-19T09:00:00.000Z',
      components: { [search.id]: 'under_maintenance' },
      translations: { fr: { name: WORDS.rack.fr } },
    }),
  ).maintenance;
  ok(
    await h.api('POST', `/maintenances/${rack.id}/updates`, {
      status: 'cancelled',
      body: WORDS.rackCancelled.en,
      translations: fr('rackCancelled'),
    }),
  );
  const notices = await listNotices(env.DB, { limit: 100 });
  return { incident, move, rack, notices: notices.filter((n) => n.subjectType === 'incident' || n.subjectType === 'maintenance') };
}

const options = (locale: Locale) => ({ locale, zone: 'Europe/Paris', pageName: WORDS.page[locale], pageUrl: BASE });

function message(format: ChatFormat, notice: Notice, locale: Locale): any {
  const request = chatRequest(format, notice, options(locale));
  expect(request, `${format} ${notice.kind}`).not.toBeNull();
  expect(request!.contentType).toBe('application/json');
  return JSON.parse(request!.body);
}

/** Every string of a message, for what a reader of the channel can read. */
const readable = (value: unknown): string =>
  typeof value === 'string'
    ? value
    : Array.isArray(value)
      ? value.map(readable).join('\n')
      : value && typeof value === 'object'
        ? Object.values(value).map(readable).join('\n')
        : '';

describe('chat messages of an incident and of maintenances', () => {
  beforeEach(emptyPage);

  it('are valid for every platform, in each language, with the words, times, colours and links of the e-mails', async () => {
    const h = harness('2026-11-21T09:00:00.000Z');
    const { incident, move, rack, notices } = await writeStory(h);
    expect(notices.map((n) => `${n.subjectType}-${n.kind}`)).toEqual([
      'incident-created',
      'incident-update',
      'incident-resolved',
      'maintenance-scheduled',
      'maintenance-rescheduled',
      'maintenance-reminder',
      'maintenance-started',
      'maintenance-update',
      'maintenance-completed',
      'maintenance-scheduled',
      'maintenance-cancelled',
    ]);

    for (const format of CHAT_FORMATS) {
      for (const locale of ['en', 'fr'] as const) {
        const other = locale === 'en' ? 'fr' : 'en';
        for (const notice of notices) {
          const body = message(format, notice, locale);
          const label = `${format} ${locale} ${notice.subjectType}-${notice.kind}`;
          expect(CHAT_VALIDATORS[format](body), label).toEqual([]);
          const text = readable(body);
          // The channel's language only, operator's words and page name included.
          for (const words of Object.values(WORDS)) {
            expect(text, label).not.toContain(words[other]);
          }
          const path = notice.subjectType === 'incident' ? `/incidents/${incident.id}` : `/maintenances/${notice.subjectId}`;
          expect(text, label).toContain(`${BASE}${path}`);
        }
      }
    }

    const [created, identified, resolved, scheduled, rescheduled, reminder, started, update, completed, , cancelled] = notices as Notice[];
    // Slack: the e-mail's subject as the notification text, the status as the attachment's colour.
    const slack = (n: Notice, locale: Locale = 'en') => message('slack', n, locale);
    expect(slack(created!).text).toBe(`[Investigating] ${WORDS.incident.en}`);
    expect(slack(created!, 'fr').text).toBe(`[Analyse en cours] ${WORDS.incident.fr}`);
    expect(slack(created!).attachments[0].color).toBe('#e74c3c');
    expect(slack(identified!).attachments[0].color).toBe('#e67e22');
    expect(slack(resolved!).attachments[0].color).toBe('#2fcc66');
    expect(slack(scheduled!).attachments[0].color).toBe('#3498db');
    expect(slack(cancelled!).attachments[0].color).toBe('#7b8794');
    expect(slack(created!).blocks[0]).toEqual({
      type: 'header',
      text: { type: 'plain_text', text: `🔴 [Investigating] ${WORDS.incident.en}`, emoji: true },
    });
    // The operator's Markdown in mrkdwn: bold with one star, & escaped, links as <url|text>.
    const slackUpdate = readable(slack(identified!));
    expect(slackUpdate).toContain('*What happened*');
    expect(slackUpdate).toContain('*search cluster*');
    expect(slackUpdate).toContain('_full scan_ &amp; took');
    expect(slackUpdate).toContain('<https://status.example.com/incidents|progress>');
    // A link relative to the page goes to the page.
    expect(slackUpdate).toContain('<https://status.example.com/history|history>');
    expect(slackUpdate).toContain('```\np99 latency: 9,800 ms → 180 ms\n```');
    expect(slackUpdate).toContain('> Customers on the EU region');
    // French: statuses, labels and the window in the page's zone, as the e-mails write them.
    const frenchMove = readable(slack(scheduled!, 'fr'));
    expect(slack(scheduled!, 'fr').text).toBe(`[Maintenance planifiée] ${WORDS.move.fr}`);
    expect(frenchMove).toContain('samedi 5 décembre 2026, 08:00 → dimanche 6 décembre 2026, 20:00 (Europe/Paris)');
    expect(frenchMove).toContain('En maintenance');
    expect(frenchMove).toContain('Panne partielle');
    expect(frenchMove).toContain(`${WORDS.search.fr}\u00a0: En maintenance`);
    expect(frenchMove).toContain(WORDS.stillWorking.fr);
    expect(frenchMove).toContain('Quand');
    expect(readable(slack(scheduled!))).toContain('Saturday, 5 December 2026, 08:00 → Sunday, 6 December 2026, 20:00 (Europe/Paris)');
    // A reschedule says the window it had; a cancellation says what was planned and lists no statuses.
    const moved = readable(slack(rescheduled!));
    expect(slack(rescheduled!).text).toBe(`[Postponed] ${WORDS.move.en}`);
    expect(moved).toContain('Saturday, 12 December 2026, 08:00 → Sunday, 13 December 2026, 20:00 (Europe/Paris)');
    expect(moved).toContain('Previously');
    expect(moved).toContain('Saturday, 5 December 2026, 08:00');
    expect(readable(slack(cancelled!))).toContain('Was planned for');
    expect(readable(slack(cancelled!))).not.toContain('Under maintenance');
    // A reminder says the time really left when the message is written, as the e-mail does.
    expect(slack(reminder!).text).toBe(`[Reminder] ${WORDS.move.en} starts in 23 hours and 55 minutes`);
    const late = chatRequest('slack', reminder!, { ...options('fr'), now: new Date('2026-12-11T09:35:00.000Z') })!;
    expect(JSON.parse(late.body).text).toBe(`[Rappel] ${WORDS.move.fr} commence dans 21 heures et 25 minutes`);
    expect(slack(started!).text).toBe(`[In progress] ${WORDS.move.en}`);
    expect(readable(slack(update!, 'fr'))).toContain(WORDS.progress.fr);
    expect(slack(completed!, 'fr').text).toBe(`[Maintenance terminée] ${WORDS.move.fr}`);

    // Teams: the colour as the top container's style, the link as an Action.OpenUrl.
    const card = (n: Notice, locale: Locale = 'en') => message('teams', n, locale).attachments[0].content;
    expect(card(created!).body[0].style).toBe('attention');
    expect(card(resolved!).body[0].style).toBe('good');
    expect(card(scheduled!).body[0].style).toBe('accent');
    expect(card(created!).body[0].items[0].text).toBe(`\\[Investigating\\] ${WORDS.incident.en}`);
    expect(card(cancelled!, 'fr').actions).toEqual([
      { type: 'Action.OpenUrl', title: 'Voir la maintenance', url: `${BASE}/maintenances/${rack.id}` },
    ]);
    expect(card(scheduled!, 'fr').body).toContainEqual({
      type: 'FactSet',
      facts: [
        { title: WORDS.search.fr, value: 'En maintenance' },
        { title: WORDS.api.fr, value: 'Panne partielle' },
      ],
    });

    // Discord: the colour as an integer, the title linking to the page, the time as the timestamp.
    const embed = (n: Notice, locale: Locale = 'en') => message('discord', n, locale).embeds[0];
    expect(embed(created!).color).toBe(0xe74c3c);
    expect(embed(resolved!).color).toBe(0x2fcc66);
    expect(embed(created!).url).toBe(`${BASE}/incidents/${incident.id}`);
    expect(embed(created!).timestamp).toBe(created!.createdAt);
    expect(embed(identified!).description).toContain('**search cluster**');
    expect(embed(identified!, 'fr').fields).toContainEqual({ name: 'État', value: 'Cause identifiée', inline: true });
    expect(message('discord', created!, 'en').allowed_mentions).toEqual({ parse: [] });

    // Google Chat: a card whose header is the subject, the status as a coloured dot, a button to the page.
    const chatCard = (n: Notice, locale: Locale = 'en') => message('google_chat', n, locale).cardsV2[0].card;
    expect(chatCard(created!).header.title).toBe(`[Investigating] ${WORDS.incident.en}`);
    expect(chatCard(created!).sections[0].widgets[0].textParagraph.text).toContain('<font color="#e74c3c">●</font>');
    expect(readable(chatCard(identified!))).toContain('<b>search cluster</b>');
    expect(readable(chatCard(move && scheduled!, 'fr'))).toContain('Voir la maintenance');
  });
});
