// Google Chat incoming webhooks (developers.google.com/workspace/chat: "Send messages to Google
// Chat with incoming webhooks", "Card" in cardsV2, "Format messages"): one card with a header,
// sections of widgets and a button to the page. Card text takes Google's HTML subset (<b>, <i>,
// <s>, <font color>, <a href>, <br>), so &, < and > are escaped; the status colour is a coloured
// dot. A message is at most 32,000 bytes, a card at most 100 widgets. `fallbackText` is what
// notifications show; there is no `text`, where <users/all> would mention everyone.
import { type Dialect, renderMarkdown } from './markup';
import type { Moment } from './moment';
import { fitLines, fitLiteral, jsonBytes, utf8Bytes } from './size';

export const GOOGLE_CHAT_LIMITS = { bytes: 32_000, widgets: 100 } as const;
const TARGET_BYTES = 24_000;
const COMPONENT_BYTES = 8_000;

const escapeHtml = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const attribute = (s: string): string => escapeHtml(s).replace(/"/g, '&quot;');

export const cardHtml: Dialect = {
  escape: escapeHtml,
  escapeCode: escapeHtml,
  strong: ['<b>', '</b>'],
  em: ['<i>', '</i>'],
  del: ['<s>', '</s>'],
  code: null,
  codeBlock: null,
  link: (label, href) => `<a href="${attribute(href)}">${escapeHtml(label)}</a>`,
  newline: '<br>',
  quote: '│ ',
  indent: (width) => '\u00a0'.repeat(width),
  bullet: '• ',
  rule: '———',
};

// Plain text where Google Chat shows text as written (header, labels, fallback): nothing escaped,
// but no angle brackets either, so nothing can read as a mention.
const plain: Dialect = { ...cardHtml, escape: (text) => text.replace(/</g, '‹').replace(/>/g, '›'), newline: ' ' };

const paragraph = (text: string) => ({ textParagraph: { text } });
const dot = (color: string) => `<font color="${color}">●</font>`;

export function googleChatMessage(m: Moment, noticeId: string): object {
  const within = (value: string, max: number) => fitLiteral(cardHtml, value, max, jsonBytes);
  const sections: { header?: string; widgets: object[] }[] = [{ widgets: [paragraph(`${dot(m.color)} ${within(m.lead, 2000)}`)] }];
  if (m.facts.length > 0) {
    sections.push({
      widgets: m.facts.map((f) => ({
        decoratedText: { topLabel: fitLiteral(plain, f.label, 200), text: within(f.value, 1000), wrapText: true },
      })),
    });
  }
  const messageAt = sections.length;
  if (m.components.length > 0) {
    const lines = m.components.map((c) => `${dot(c.color)} ${within(c.name, 300)}${m.colon} ${within(c.status, 200)}`);
    const list = fitLines(lines, COMPONENT_BYTES, '<br>', (n) => `… (+${n})`, jsonBytes);
    sections.push({ header: fitLiteral(plain, m.componentsLabel, 200), widgets: [paragraph(list)] });
  }
  if (m.stillWorking)
    sections.push({ header: fitLiteral(plain, m.stillWorking.label, 200), widgets: [paragraph(within(m.stillWorking.value, 3000))] });
  sections.push({
    widgets: [{ buttonList: { buttons: [{ text: fitLiteral(plain, m.linkLabel, 100), onClick: { openLink: { url: m.url } } }] } }],
  });
  const message = {
    fallbackText: fitLiteral(plain, m.title, 1000),
    cardsV2: [
      {
        cardId: `notice-${noticeId}`,
        card: {
          header: { title: fitLiteral(plain, m.title, 500), subtitle: fitLiteral(plain, `${m.pageName} · ${m.at}`, 500) },
          sections,
        },
      },
    ],
  };
  if (m.message) {
    const ending = `…<br>${cardHtml.link(m.linkLabel, m.url)}`;
    const section = { widgets: [paragraph('')] };
    const room = TARGET_BYTES - utf8Bytes(JSON.stringify(message)) - JSON.stringify(section).length - 1 - jsonBytes(ending);
    if (room > 0) {
      const r = renderMarkdown(m.message, cardHtml, { base: m.pageUrl, max: room, cost: jsonBytes });
      const value = r.cut ? `${r.text}${ending}` : r.text;
      if (value) sections.splice(messageAt, 0, { widgets: [paragraph(value)] });
    }
  }
  return message;
}
