// Microsoft Teams through a Workflows webhook ("Post to a channel when a webhook request is
// received"; learn.microsoft.com: "Create incoming webhooks with Workflows", adaptivecards.io
// schema 1.4, "Format cards in Teams"): a message whose one attachment is an Adaptive Card. The
// status colour is the style of the card's top container; the link is an Action.OpenUrl. Teams
// refuses messages over about 28 KB; TextBlock and Fact text take a Markdown subset (bold,
// italic, lists, links), so the operator's other characters are escaped.
import { type Dialect, renderMarkdown } from './markup';
import type { Moment, Tone } from './moment';
import { fitLiteral, jsonBytes, utf8Bytes } from './size';

export const TEAMS_LIMITS = { bytes: 28_000, version: '1.4' } as const;
/** What a message is built to stay within, leaving room for what Teams adds around it. */
const TARGET_BYTES = 20_000;
const COMPONENT_BYTES = 8_000;

// Only what the subset Teams renders would read as markup: emphasis and link brackets.
const escapeCard = (text: string): string => text.replace(/[\\*_[\]]/g, '\\$&');
const url = (href: string): string => href.replace(/\(/g, '%28').replace(/\)/g, '%29');

export const cardMarkdown: Dialect = {
  escape: escapeCard,
  escapeCode: escapeCard,
  strong: ['**', '**'],
  em: ['_', '_'],
  // Not in the subset Teams renders: shown as plain text.
  del: null,
  code: null,
  codeBlock: null,
  link: (label, href) => `[${escapeCard(label)}](${url(href)})`,
  // A single line break is a space in CommonMark; a blank line is not.
  newline: '\n\n',
  quote: '│ ',
  indent: (width) => '\u00a0'.repeat(width),
  bullet: '- ',
  rule: '———',
};

// Container styles of the Adaptive Card host config: attention is red, warning amber, good green.
const STYLE: Record<Tone, string> = {
  critical: 'attention',
  major: 'attention',
  minor: 'warning',
  maintenance: 'accent',
  good: 'good',
  neutral: 'emphasis',
};

const text = (value: string, extra: Record<string, unknown> = {}) => ({ type: 'TextBlock', text: value, wrap: true, ...extra });

export function teamsMessage(m: Moment): object {
  const within = (value: string, max: number) => fitLiteral(cardMarkdown, value, max, jsonBytes);
  const body: object[] = [
    {
      type: 'Container',
      style: STYLE[m.tone],
      bleed: true,
      items: [
        text(within(m.title, 1000), { weight: 'Bolder', size: 'Large' }),
        text(within(`${m.pageName} · ${m.at}`, 1000), { isSubtle: true, spacing: 'None' }),
      ],
    },
    text(within(m.lead, 2000)),
  ];
  if (m.facts.length > 0)
    body.push({ type: 'FactSet', facts: m.facts.map((f) => ({ title: within(f.label, 200), value: within(f.value, 1000) })) });
  const messageAt = body.length;
  if (m.components.length > 0) {
    // As many as COMPONENT_BYTES hold, then how many more there are.
    const facts: { title: string; value: string }[] = [];
    let used = 0;
    for (const [i, c] of m.components.entries()) {
      const fact = { title: within(c.name, 300), value: within(c.status, 200) };
      const size = utf8Bytes(JSON.stringify(fact)) + 1;
      if (used + size + (i < m.components.length - 1 ? 40 : 0) > COMPONENT_BYTES) {
        facts.push({ title: '…', value: `+${m.components.length - i}` });
        break;
      }
      facts.push(fact);
      used += size;
    }
    body.push(text(within(m.componentsLabel, 200), { weight: 'Bolder', spacing: 'Medium' }), { type: 'FactSet', facts });
  }
  if (m.stillWorking) {
    body.push(text(within(m.stillWorking.label, 200), { weight: 'Bolder', spacing: 'Medium' }), text(within(m.stillWorking.value, 3000)));
  }
  const card = {
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    type: 'AdaptiveCard',
    version: TEAMS_LIMITS.version,
    msteams: { width: 'Full' },
    body,
    // A button's title is not Markdown.
    actions: [
      { type: 'Action.OpenUrl', title: fitLiteral({ ...cardMarkdown, escape: (t) => t }, m.linkLabel, 200, jsonBytes), url: m.url },
    ],
  };
  const message = {
    type: 'message',
    attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', contentUrl: null, content: card }],
  };
  if (m.message) {
    // The operator's words get what the rest leaves of the target size.
    const ending = `…\n\n${cardMarkdown.link(m.linkLabel, m.url)}`;
    const block = text('');
    const room = TARGET_BYTES - utf8Bytes(JSON.stringify(message)) - JSON.stringify(block).length - 2 - jsonBytes(ending);
    if (room > 0) {
      const r = renderMarkdown(m.message, cardMarkdown, { base: m.pageUrl, max: room, cost: jsonBytes });
      const value = r.cut ? `${r.text}${ending}` : r.text;
      if (value) body.splice(messageAt, 0, text(value));
    }
  }
  return message;
}
