import { env } from 'cloudflare:test';
import { beforeEach, describe, expect, it } from 'vitest';
import { CHAT_FORMATS, type ChatFormat, chatRequest } from '../../src/notify/chat';
import { listNotices } from '../../src/store/notices';
import { CHAT_VALIDATORS } from '../support/chat-receivers';
import { BASE, harness, ok } from '../support/harness';
import { emptyPage } from '../support/status-story';

// What an operator (or whoever holds a write token) types reaches channels where one message can
// wake a whole company: it must show as written, never mention anyone, never disguise where a
// link goes, never run as a link that is not http(s), and never break out of the JSON.

const PINGS =
  '@everyone @here @channel <!channel> <!here> <!everyone> <@U024BE7LH> <!subteam^S0123> <@123456789012345678> <@&987654321> <users/all> <users/123>';
const BODY = [
  `Heads up ${PINGS}`,
  '',
  '[https://status.example.com/incidents](https://evil.example/login) and [paypal.com](https://evil.example/pay) and [www.bank.example](https://evil.example/bank)',
  '[Click me](javascript:alert(1)) [data](data:text/html;base64,PHNjcmlwdD4=) <https://fine.example/path> [our docs](https://docs.example/a_(b)?x=1&y=2)',
  '',
  '<script>alert(1)</script> <a href="https://evil.example">html link</a> <img src=x onerror=alert(1)>',
  '',
  '"}], "text": "<!channel> injected", "x": [{"',
  '\u2028\u2029 \\ \\n ||spoiler|| ```',
].join('\n');

/** Every string of a message. */
const strings = (value: unknown): string[] =>
  typeof value === 'string'
    ? [value]
    : Array.isArray(value)
      ? value.flatMap(strings)
      : value && typeof value === 'object'
        ? Object.values(value).flatMap(strings)
        : [];

/** The links a platform's markup makes: label and address. */
const LINKS: Record<ChatFormat, RegExp> = {
  slack: /<([a-z]+:[^|>]*)(?:\|([^>]*))?>/g,
  discord: /(?<!\\)\[((?:\\.|[^\]\\])*)\]\(([^)]*)\)|<([a-z]+:[^>]+)>/g,
  teams: /(?<!\\)\[((?:\\.|[^\]\\])*)\]\(([^)]*)\)/g,
  google_chat: /<a href="([^"]*)">([^<]*)<\/a>/g,
};

function links(format: ChatFormat, text: string): { label: string; href: string }[] {
  return [...text.matchAll(LINKS[format])].map((m) => {
    if (format === 'slack') return { href: m[1]!.replace(/&amp;/g, '&'), label: (m[2] ?? m[1]!).replace(/&amp;/g, '&') };
    if (format === 'google_chat') return { href: m[1]!.replace(/&amp;/g, '&'), label: m[2]!.replace(/&amp;/g, '&') };
    if (m[3]) return { href: m[3], label: m[3] };
    return { label: m[1]!.replace(/\\(.)/g, '$1'), href: m[2]! };
  });
}

const bare = (s: string) => s.replace(/^(https?:\/\/|mailto:)/, '').replace(/\/$/, '');
const looksLikeAddress = (s: string) => /[a-z][a-z\d+.-]*:\/\/|www\.|[a-z\d-]\.[a-z]{2,}\b/i.test(s);

describe('operator text in chat messages', () => {
  beforeEach(emptyPage);

  it('pings no one, disguises no link, runs no script and keeps the JSON whole, on every platform', async () => {
    const h = harness('2026-11-21T09:00:00.000Z');
    ok(await h.api('PATCH', '/page', { name: 'Acme Status', time_zone: 'Europe/Paris' }));
    const api = ok(await h.api('POST', '/components', { name: 'API <!here> @everyone' })).component;
    const { incident } = ok(
      await h.api('POST', '/incidents', {
        name: 'Login <!channel> @everyone "quoted" \\ <users/all>',
        body: BODY,
        components: { [api.id]: 'major_outage' },
        translations: { fr: { body: `Attention ${PINGS}` } },
      }),
    );
    const [notice] = await listNotices(env.DB, { subjectId: incident.id, limit: 5 });

    for (const format of CHAT_FORMATS) {
      for (const locale of ['en', 'fr'] as const) {
        const label = `${format} ${locale}`;
        const raw = chatRequest(format, notice!, { locale, zone: 'Europe/Paris', pageName: 'Acme Status', pageUrl: BASE })!.body;
        // The platform's own rules, mentions included (see chat-receivers.ts).
        expect(CHAT_VALIDATORS[format](raw), label).toEqual([]);
        const body = JSON.parse(raw);
        // Nothing broke out of the JSON: the message has the keys we wrote and no other.
        expect(Object.keys(body).sort(), label).toEqual(
          {
            slack: ['attachments', 'blocks', 'text'],
            discord: ['allowed_mentions', 'embeds'],
            teams: ['attachments', 'type'],
            google_chat: ['cardsV2', 'fallbackText'],
          }[format],
        );
        const all = strings(body).join('\n');
        expect(all, label).toContain(locale === 'en' ? 'Heads up' : 'Attention');
        expect(all, label).not.toContain('javascript:');
        expect(all, label).not.toContain('data:text/html');
        for (const link of links(format, all)) {
          expect(link.href, `${label} ${link.href}`).toMatch(/^(https?:\/\/|mailto:)/);
          // A label that reads as an address is the address the link goes to.
          if (looksLikeAddress(link.label)) expect(bare(link.label), label).toBe(bare(link.href));
        }
        if (locale === 'en') {
          // Teams, Google Chat and Discord link to the page with a button or the title rather than in the text.
          const buttons = [
            body.attachments?.[0]?.content?.actions?.[0]?.url,
            body.cardsV2?.[0]?.card.sections.at(-1).widgets[0].buttonList.buttons[0].onClick.openLink.url,
            body.embeds?.[0]?.url,
          ].filter(Boolean);
          const hrefs = [...links(format, all).map((l) => l.href), ...buttons];
          expect(hrefs, label).toContain('https://evil.example/login');
          expect(hrefs, label).toContain(`${BASE}/incidents/${incident.id}`);
          expect(
            hrefs.some((h) => h.startsWith('https://docs.example/a_')),
            label,
          ).toBe(true);
        }

        if (format === 'slack') {
          // Escaped control characters: <!channel> and <@U…> are shown, not parsed; @everyone is kept inert.
          const mrkdwn = strings(body.attachments).concat(body.text).join('\n');
          expect(mrkdwn).toContain('&lt;!channel&gt;');
          expect(mrkdwn).not.toMatch(/<[!@]/);
          expect(mrkdwn).not.toMatch(/(?<!\u2060)\b@(?=everyone|here|channel)/);
          expect(mrkdwn).toContain('@\u2060everyone');
          if (locale === 'en') expect(mrkdwn).toContain('&lt;script&gt;');
        }
        if (format === 'discord') {
          expect(body.allowed_mentions).toEqual({ parse: [] });
          const description = body.embeds[0].description;
          expect(description).toContain('\\@everyone');
          expect(description).not.toMatch(/(?<!\\)<@/);
          if (locale === 'en') expect(description).toContain('\\|\\|spoiler\\|\\|');
        }
        if (format === 'teams') {
          expect(body.attachments[0].content.msteams?.entities).toBeUndefined();
        }
        if (format === 'google_chat') {
          expect(all).not.toMatch(/<users\//);
          expect(all).toContain('&lt;users/all&gt;');
          if (locale === 'en') expect(all).toContain('&lt;script&gt;');
          expect(body.fallbackText).toMatch(/\] Login ‹!channel› @everyone "quoted" \\ ‹users\/all›$/);
        }
      }
    }
  });
});
