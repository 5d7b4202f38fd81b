// Slack incoming webhooks with Block Kit (docs.slack.dev: "Sending messages using incoming
// webhooks", "Block Kit", "Formatting message text"): a header block, then the details in a
// legacy attachment, whose `color` is the bar incoming webhooks draw beside it; `text` is what
// notifications show. Limits: 50 blocks, header 150 characters, section text 3,000, a section's
// fields 10 of 2,000 each; &, < and > escaped in mrkdwn.
import { type Dialect, renderMarkdown } from './markup';
import type { Moment, Tone } from './moment';
import { fitLines, fitLiteral } from './size';

export const SLACK_LIMITS = { blocks: 50, header: 150, text: 3000, fields: 10, field: 2000, contextElements: 10 } as const;

const escapeMrkdwn = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
// Incoming webhooks do not link @channel, @here or @everyone written as text, but a word joiner
// keeps them inert even where `link_names` is on; escaping < and > already stops `<!channel>`.
const defuse = (s: string): string => s.replace(/@(?=(?:channel|here|everyone)\b)/gi, '@\u2060');
const url = (href: string): string => escapeMrkdwn(href).replace(/\|/g, '%7C');

export const mrkdwn: Dialect = {
  escape: (text) => escapeMrkdwn(defuse(text)),
  escapeCode: (text) => escapeMrkdwn(defuse(text)),
  strong: ['*', '*'],
  em: ['_', '_'],
  del: ['~', '~'],
  code: ['`', '`'],
  codeBlock: ['```\n', '\n```'],
  link: (label, href) => `<${url(href)}|${escapeMrkdwn(defuse(label))}>`,
  newline: '\n',
  quote: '> ',
  indent: (width) => ' '.repeat(width),
  bullet: '• ',
  rule: '———',
};

// plain_text objects show their text as written: nothing to escape.
const plainText: Dialect = { ...mrkdwn, escape: (text) => text, newline: ' ' };

const EMOJI: Record<Tone, string> = {
  critical: '🔴',
  major: '🟠',
  minor: '🟡',
  maintenance: '🔧',
  good: '✅',
  neutral: '⚪',
};

const section = (text: string) => ({ type: 'section', text: { type: 'mrkdwn', text } });

export function slackMessage(m: Moment): object {
  const link = mrkdwn.link(m.linkLabel, m.url);
  const blocks: object[] = [section(fitLiteral(mrkdwn, m.lead, SLACK_LIMITS.text))];
  if (m.facts.length > 0) {
    blocks.push({
      type: 'section',
      fields: m.facts.slice(0, SLACK_LIMITS.fields).map((f) => ({
        type: 'mrkdwn',
        text: `*${fitLiteral(mrkdwn, f.label, 100)}*\n${fitLiteral(mrkdwn, f.value, SLACK_LIMITS.field - 110)}`,
      })),
    });
  }
  if (m.message) {
    const ending = `…\n${link}`;
    const r = renderMarkdown(m.message, mrkdwn, { base: m.pageUrl, max: SLACK_LIMITS.text - ending.length, cost: (s) => s.length });
    blocks.push(section(r.cut ? `${r.text}${ending}` : r.text));
  }
  if (m.components.length > 0) {
    const heading = `*${fitLiteral(mrkdwn, m.componentsLabel, 100)}*\n`;
    const lines = m.components.map((c) => `• ${fitLiteral(mrkdwn, c.name, 200)}${m.colon} ${fitLiteral(mrkdwn, c.status, 100)}`);
    blocks.push(section(heading + fitLines(lines, SLACK_LIMITS.text - heading.length, '\n', (n) => `… (+${n})`)));
  }
  if (m.stillWorking) {
    const heading = `*${fitLiteral(mrkdwn, m.stillWorking.label, 100)}*\n`;
    blocks.push(section(heading + fitLiteral(mrkdwn, m.stillWorking.value, SLACK_LIMITS.text - heading.length)));
  }
  blocks.push({
    type: 'context',
    elements: [{ type: 'mrkdwn', text: `${link} · ${fitLiteral(mrkdwn, `${m.pageName} · ${m.at}`, SLACK_LIMITS.text - link.length - 3)}` }],
  });
  return {
    // What notifications and clients without blocks show.
    text: fitLiteral(mrkdwn, m.title, SLACK_LIMITS.text),
    blocks: [
      {
        type: 'header',
        text: { type: 'plain_text', text: fitLiteral(plainText, `${EMOJI[m.tone]} ${m.title}`, SLACK_LIMITS.header), emoji: true },
      },
    ],
    attachments: [{ color: m.color, fallback: fitLiteral(mrkdwn, m.title, SLACK_LIMITS.text), blocks }],
  };
}
