// Discord webhooks (discord.com/developers/docs: "Execute Webhook", "Embed Object", "Embed
// Limits", "Allowed Mentions Object"): one embed with the status colour, the title linking to the
// page, the details as fields and the time as its timestamp. Limits: title 256, description 4,096,
// 25 fields of name 256 and value 1,024, footer 2,048, 6,000 characters in all the embeds, 10
// embeds. `allowed_mentions: { parse: [] }` so nothing in the text can ping anyone.
import { type Dialect, linkLabel, renderMarkdown } from './markup';
import type { Moment } from './moment';
import { fitLines, fitLiteral } from './size';

export const DISCORD_LIMITS = {
  embeds: 10,
  title: 256,
  description: 4096,
  fields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footer: 2048,
  author: 256,
  total: 6000,
} as const;

// Discord's Markdown drops a backslash before punctuation: every marker character an operator
// typed is shown as written, mentions (<@…>, @everyone) and masked links included.
const escapeMarkdown = (text: string): string => text.replace(/[\\*_~`|<>[\]()#@-]/g, '\\$&');
const url = (href: string): string => href.replace(/\(/g, '%28').replace(/\)/g, '%29');

export const discordMarkdown: Dialect = {
  escape: escapeMarkdown,
  // Inside code nothing is parsed; a backtick would end it, so it is shown as a look-alike.
  escapeCode: (text) => text.replace(/`/g, 'ˋ'),
  strong: ['**', '**'],
  em: ['*', '*'],
  del: ['~~', '~~'],
  code: ['`', '`'],
  codeBlock: ['```\n', '\n```'],
  link: (label, href) => (linkLabel(label, href) === label ? `[${escapeMarkdown(label)}](${url(href)})` : `<${url(href)}>`),
  newline: '\n',
  quote: '> ',
  indent: (width) => ' '.repeat(width),
  bullet: '- ',
  rule: '———',
};

/** The characters Discord counts towards an embed's 6,000. */
export function embedLength(embed: {
  title?: string;
  description?: string;
  fields?: { name: string; value: string }[];
  footer?: { text: string };
  author?: { name: string };
}): number {
  return (
    (embed.title?.length ?? 0) +
    (embed.description?.length ?? 0) +
    (embed.fields ?? []).reduce((n, f) => n + f.name.length + f.value.length, 0) +
    (embed.footer?.text.length ?? 0) +
    (embed.author?.name.length ?? 0)
  );
}

// Titles and footers are not Markdown: shown as written, escapes and all.
const plain: Dialect = { ...discordMarkdown, escape: (text) => text, newline: ' ' };

export function discordMessage(m: Moment): object {
  const within = (text: string, max: number) => fitLiteral(discordMarkdown, text, max);
  const fields: { name: string; value: string; inline: boolean }[] = m.facts.map((f) => ({
    name: within(f.label, 100),
    // Our own words (a status, a window): short, leaving the 6,000 to the operator's.
    value: within(f.value, 256),
    inline: f.value.length <= 40,
  }));
  if (m.components.length > 0) {
    const lines = m.components.map((c) => `${within(c.name, 200)}${m.colon} ${within(c.status, 100)}`);
    fields.push({
      name: within(m.componentsLabel, DISCORD_LIMITS.fieldName),
      value: fitLines(lines, DISCORD_LIMITS.fieldValue, '\n', (n) => `… (+${n})`),
      inline: false,
    });
  }
  if (m.stillWorking) {
    fields.push({
      name: within(m.stillWorking.label, DISCORD_LIMITS.fieldName),
      value: within(m.stillWorking.value, DISCORD_LIMITS.fieldValue),
      inline: false,
    });
  }
  const embed = {
    title: fitLiteral(plain, m.title, DISCORD_LIMITS.title),
    url: m.url,
    color: Number.parseInt(m.color.slice(1), 16),
    description: '',
    fields,
    footer: { text: fitLiteral(plain, m.pageName, 256) },
    timestamp: m.timestamp,
  };
  // The description gets what the 6,000 leave, the lead first, then the operator's words.
  const room = Math.min(DISCORD_LIMITS.description, DISCORD_LIMITS.total - embedLength(embed));
  const lead = within(m.lead, Math.min(room, 1000));
  let description = lead;
  if (m.message) {
    const link = discordMarkdown.link(m.linkLabel, m.url);
    const ending = `…\n${link}`;
    const max = room - lead.length - 2 - ending.length;
    if (max > 0) {
      const r = renderMarkdown(m.message, discordMarkdown, { base: m.pageUrl, max, cost: (s) => s.length });
      const text = r.cut ? `${r.text}${ending}` : r.text;
      if (text) description = `${lead}\n\n${text}`;
    }
  }
  embed.description = description;
  return { embeds: [embed], allowed_mentions: { parse: [] } };
}
