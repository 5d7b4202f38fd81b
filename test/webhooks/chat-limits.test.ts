import { env } from 'cloudflare:test';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Locale } from '../../src/domain/model';
import { CHAT_FORMATS, type ChatFormat, chatRequest } from '../../src/notify/chat';
import { listNotices, type Notice } from '../../src/store/notices';
import { CHAT_VALIDATORS, discordEmbedLength } from '../support/chat-receivers';
import { BASE, harness, MINUTE, ok } from '../support/harness';
import { emptyPage } from '../support/status-story';

// The largest notices the admin API lets an operator write (a 20,000-character update in each
// language, sixty components with 200-character names, a 200-character title, 20,000 characters
// of "what still works") reach every platform within its documented limits, cut where a reader
// can tell: whole characters, whole entities and links, markup closed, then "…" and the link.

const STEP = (i: number, lang: Locale) =>
  lang === 'en'
    ? `Step ${i}: shard ${i} 👩‍💻 checked & its replicas too — see [the details](https://status.example.com/incidents?step=${i}&x=1); 数据中心 ok.`
    : `Étape ${i} : fragment ${i} 👩‍💻 vérifié & ses répliques aussi — voir [le détail](https://status.example.com/incidents?step=${i}&x=1) ; 数据中心 ok.`;

/** A paragraph in italics, then one bold paragraph of steps running past every platform's limit. */
function longUpdate(lang: Locale): string {
  const head =
    lang === 'en' ? '_The rebuild, step by step_ &amp; in bold:\n\n**' : '_La reconstruction, étape par étape_ &amp; en gras :\n\n**';
  let text = head;
  for (let i = 1; text.length + STEP(i, lang).length + 3 <= 20_000; i++) text += `${STEP(i, lang)} `;
  return `${text.trimEnd()}**`;
}

const NAME = `Searches fail for customers on the EU cluster 🇪🇺 while the index is rebuilt — ${'ü'.repeat(200)}`.slice(0, 200);
const componentName = (i: number) => `${i} — ${'数据中心的搜索服务'.repeat(30)}`.slice(0, 200);

/** Every string in a message. */
const strings = (value: unknown): string[] =>
  typeof value === 'string'
    ? [value]
    : Array.isArray(value)
      ? value.flatMap(strings)
      : value && typeof value === 'object'
        ? Object.values(value).flatMap(strings)
        : [];

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function request(format: ChatFormat, notice: Notice, locale: Locale) {
  const r = chatRequest(format, notice, { locale, zone: 'Europe/Paris', pageName: 'Acme Status', pageUrl: BASE });
  expect(r).not.toBeNull();
  return { raw: r!.body, body: JSON.parse(r!.body) };
}

describe('chat messages of the largest notices', () => {
  beforeEach(emptyPage);

  it('stay within each platform’s limits, cut between whole characters and entities, markup closed, ending with … and the link', async () => {
    const h = harness('2026-11-21T09:00:00.000Z');
    ok(await h.api('PATCH', '/page', { name: 'Acme Status', time_zone: 'Europe/Paris' }));
    const components: Record<string, string> = {};
    for (let i = 0; i < 60; i++) {
      const c = ok(await h.api('POST', '/components', { name: componentName(i) })).component;
      components[c.id] = i % 2 ? 'major_outage' : 'partial_outage';
    }
    const { incident } = ok(
      await h.api('POST', '/incidents', {
        name: NAME,
        body: 'Searches fail.',
        components,
        translations: { fr: { body: 'Les recherches échouent.' } },
      }),
    );
    h.clock.advance(10 * MINUTE);
    ok(
      await h.api('POST', `/incidents/${incident.id}/updates`, {
        status: 'identified',
        body: longUpdate('en'),
        translations: { fr: { body: longUpdate('fr') } },
      }),
    );
    const maintenance = ok(
      await h.api('POST', '/maintenances', {
        name: NAME,
        body: longUpdate('en'),
        still_working: 'Login, dashboards & exports. '.repeat(689),
        scheduled_for: '2026-12-05T07:00:00.000Z',
        scheduled_until: '2026-12-06T19:00:00.000Z',
        components: Object.fromEntries(Object.keys(components).map((id) => [id, 'under_maintenance'])),
        reminders: [],
      }),
    ).maintenance;
    expect(longUpdate('en').length).toBeGreaterThan(19_800);
    expect(longUpdate('fr').length).toBeLessThanOrEqual(20_000);

    const notices = await listNotices(env.DB, { limit: 10 });
    const created = notices.find((n) => n.subjectId === incident.id && n.kind === 'created')!;
    const update = notices.find((n) => n.subjectId === incident.id && n.kind === 'update')!;
    const scheduled = notices.find((n) => n.subjectId === maintenance.id && n.kind === 'scheduled')!;
    const incidentUrl = `${BASE}/incidents/${incident.id}`;

    for (const locale of ['en', 'fr'] as const) {
      const viewLabel = locale === 'en' ? 'View the incident' : 'Voir l’incident';
      const word = locale === 'en' ? 'Step' : 'Étape';
      for (const format of CHAT_FORMATS) {
        for (const notice of [created, update, scheduled]) {
          const { raw, body } = request(format, notice, locale);
          const label = `${format} ${locale} ${notice.kind}`;
          expect(CHAT_VALIDATORS[format](raw), label).toEqual([]);
          for (const s of strings(body)) {
            expect(s, label).not.toMatch(LONE_SURROGATE);
            // The technologist emoji is one character of three code points: never cut inside.
            expect(s, label).not.toMatch(/👩(?!\u200d💻)|(?<!👩)\u200d💻/u);
          }
        }
      }

      // Slack: the update's section is cut inside the bold run, closed, then … and the link.
      const slack = request('slack', update, locale).body;
      const sections = slack.attachments[0].blocks.map((b: any) => b.text?.text ?? '');
      const text = sections.find((s: string) => s.includes(word))!;
      expect(text.length).toBeLessThanOrEqual(3000);
      expect(text.length).toBeGreaterThan(2900);
      expect(text.endsWith(`*…\n<${incidentUrl}|${viewLabel}>`)).toBe(true);
      expect(text).not.toMatch(/&(?!amp;|lt;|gt;)/);
      expect(text.startsWith(locale === 'en' ? '_The rebuild, step by step_ &amp; in bold:\n\n*Step 1: ' : '_La reconstruction')).toBe(
        true,
      );
      expect(slack.blocks[0].text.text.length).toBeLessThanOrEqual(150);
      expect(slack.blocks[0].text.text.endsWith('…')).toBe(true);

      // Discord: the description takes what the 6,000 leave and ends the same way.
      const embed = request('discord', update, locale).body.embeds[0];
      expect(discordEmbedLength(embed)).toBeLessThanOrEqual(6000);
      expect(embed.description.length).toBeGreaterThan(4000);
      expect(embed.description.endsWith(`**…\n[${viewLabel}](${incidentUrl})`)).toBe(true);

      // Teams: within the byte budget, the bold run closed before … and the link.
      const teams = request('teams', update, locale);
      expect(new TextEncoder().encode(teams.raw).length).toBeLessThanOrEqual(28_000);
      const blocks = teams.body.attachments[0].content.body;
      const cardText = blocks.find((b: any) => b.type === 'TextBlock' && b.text.includes(word)).text;
      expect(cardText.endsWith(`**…\n\n[${viewLabel}](${incidentUrl})`)).toBe(true);

      // Google Chat: within 32,000 bytes, <b> closed before … and the link.
      const chat = request('google_chat', update, locale);
      expect(new TextEncoder().encode(chat.raw).length).toBeLessThanOrEqual(32_000);
      const paragraphs = chat.body.cardsV2[0].card.sections.flatMap((s: any) => s.widgets.map((w: any) => w.textParagraph?.text ?? ''));
      const html = paragraphs.find((p: string) => p.includes(word))!;
      expect(html.endsWith(`</b>…<br><a href="${incidentUrl}">${viewLabel}</a>`)).toBe(true);
      expect(html.split('<b>').length).toBe(html.split('</b>').length);
      expect(html).not.toMatch(/&(?!amp;|lt;|gt;|quot;)/);
    }

    // Sixty components: as many as fit, then how many more.
    const shown = (lines: number, more: string | undefined) => lines + Number(more);
    const list = request('slack', created, 'en')
      .body.attachments[0].blocks.map((b: any) => b.text?.text ?? '')
      .find((s: string) => s.includes('• 0 — '));
    expect(shown(list.split('\n').length - 2, list.match(/… \(\+(\d+)\)$/)?.[1])).toBe(60);
    const field = request('discord', created, 'en').body.embeds[0].fields.at(-1).value;
    expect(shown(field.split('\n').length - 1, field.match(/… \(\+(\d+)\)$/)?.[1])).toBe(60);
    const facts = request('teams', created, 'en').body.attachments[0].content.body.find(
      (b: any) => b.type === 'FactSet' && b.facts.length > 1,
    ).facts;
    expect(facts.at(-1).title).toBe('…');
    expect(shown(facts.length - 1, facts.at(-1).value.slice(1))).toBe(60);
    const chatList = request('google_chat', created, 'en').body.cardsV2[0].card.sections.find(
      (s: any) => s.header === 'Affected components',
    ).widgets[0].textParagraph.text;
    expect(shown(chatList.split('<br>').length - 1, chatList.match(/… \(\+(\d+)\)$/)?.[1])).toBe(60);

    // "What still works" is cut too, with its own "…".
    const still = request('slack', scheduled, 'en').body.attachments[0].blocks.find((b: any) =>
      b.text?.text.startsWith('*What still works*'),
    );
    expect(still.text.text.length).toBeLessThanOrEqual(3000);
    expect(still.text.text.endsWith('…')).toBe(true);
  });
});
