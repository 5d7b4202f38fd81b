// What each chat platform accepts from a webhook, written from its documentation, as checks a
// local receiver can run on what it was sent: each returns the violations, none when the body is
// valid. Written apart from src/notify/chat (nothing imported from it), so they check the
// platforms' rules rather than our own idea of them. Sources:
// - Slack: docs.slack.dev, "Sending messages using incoming webhooks", "Block Kit" block and
//   composition-object references (header text ≤ 150, section text ≤ 3,000, fields ≤ 10 of ≤ 2,000,
//   context elements ≤ 10, ≤ 50 blocks a message, text ≤ 40,000), "Formatting message text"
//   (&, <, > are control characters and must be escaped; <!channel>, <!here>, <!everyone>,
//   <!subteam^…> and <@U…> mention).
// - Microsoft Teams Workflows: learn.microsoft.com, "Create incoming webhooks with Workflows" and
//   "Send Adaptive Cards" (a `message` with attachments of contentType
//   application/vnd.microsoft.card.adaptive), adaptivecards.io schema (required properties per
//   element; Teams renders up to 1.5), "Limits and specifications" (about 28 KB a message);
//   mentions need msteams.entities.
// - Discord: discord.com/developers/docs, "Execute Webhook" (content ≤ 2,000; content or embeds),
//   "Embed Limits" (title 256, description 4,096, ≤ 25 fields of name 256 and value 1,024, footer
//   2,048, author 256, 6,000 in all embeds, ≤ 10 embeds), "Allowed Mentions Object".
// - Google Chat: developers.google.com/workspace/chat, "Send messages with incoming webhooks",
//   Message (text ≤ 4,096; message ≤ 32,000 bytes), Card v2 (header title required, sections of
//   widgets, ≤ 100 widgets a card), "Format messages" (card text: <b> <i> <u> <s> <strike> <font
//   color> <a href> <br> <time>; <users/…> mentions).
//
// Lengths are counted in UTF-16 code units, never fewer than the characters the platforms count.

type Json = Record<string, any>;

export type ChatFormatName = 'slack' | 'teams' | 'discord' | 'google_chat';

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const isString = (v: unknown): v is string => typeof v === 'string';
const bytes = (s: string) => new TextEncoder().encode(s).length;

/** A body as a receiver gets it (a string) or already parsed. */
function parse(body: unknown, out: string[]): { value: unknown; raw: string } | null {
  if (!isString(body)) return { value: body, raw: JSON.stringify(body) ?? '' };
  try {
    return { value: JSON.parse(body), raw: body };
  } catch {
    out.push('body is not JSON');
    return null;
  }
}

function isHttpUrl(v: unknown): boolean {
  if (!isString(v)) return false;
  try {
    const u = new URL(v);
    return u.protocol === 'https:' || u.protocol === 'http:';
  } catch {
    return false;
  }
}

function maxLength(out: string[], where: string, v: unknown, max: number, min = 0): void {
  if (!isString(v)) out.push(`${where} must be a string`);
  else if (v.length > max) out.push(`${where} is ${v.length} characters, more than ${max}`);
  else if (v.length < min) out.push(`${where} must not be empty`);
}

// ---------------------------------------------------------------------------------------- Slack

const SLACK_MENTION = /<(?:!(?:channel|here|everyone|group)(?:\|[^>]*)?|!subteam\^[^>]*|@[UW][A-Z0-9]+(?:\|[^>]*)?)>/;
const SLACK_CONTROL = /<([^<>]*)>/g;

function slackMrkdwn(out: string[], where: string, text: string, linkNames: boolean): void {
  const mention = text.match(SLACK_MENTION);
  if (mention) out.push(`${where} mentions ${mention[0]}`);
  if (linkNames) {
    const word = text.match(/(?:^|[^\w\u2060])@(channel|here|everyone)\b/);
    if (word) out.push(`${where} mentions @${word[1]} (link_names)`);
  }
  for (const m of text.matchAll(SLACK_CONTROL)) {
    const inner = m[1]!;
    if (!/^(?:https?:\/\/|mailto:|!|@|#)/.test(inner)) out.push(`${where} has an unescaped <${inner}> (& < > must be escaped)`);
    const [target] = inner.split('|');
    if (/^(https?:\/\/|mailto:)/.test(target!) && /\s/.test(target!)) out.push(`${where} has a link with spaces in its address`);
  }
  // A ">" that starts a line is mrkdwn's quotation marker: its parsing purpose.
  const stray = text.replace(SLACK_CONTROL, '').replace(/^>/gm, '').match(/[<>]/);
  if (stray) out.push(`${where} has an unescaped "${stray[0]}"`);
  const amp = text.match(/&(?!amp;|lt;|gt;)/);
  if (amp) out.push(`${where} has an unescaped "&"`);
}

function slackText(out: string[], where: string, t: unknown, max: number, linkNames: boolean, plainOnly = false): void {
  if (!isObject(t)) {
    out.push(`${where} must be a text object`);
    return;
  }
  if (t.type !== 'plain_text' && t.type !== 'mrkdwn') {
    out.push(`${where}.type must be plain_text or mrkdwn`);
    return;
  }
  if (plainOnly && t.type !== 'plain_text') out.push(`${where}.type must be plain_text`);
  maxLength(out, `${where}.text`, t.text, max, 1);
  if (t.type === 'mrkdwn' && isString(t.text)) slackMrkdwn(out, `${where}.text`, t.text, linkNames);
}

function slackBlocks(out: string[], where: string, blocks: unknown, linkNames: boolean): number {
  if (!Array.isArray(blocks)) {
    out.push(`${where} must be an array`);
    return 0;
  }
  blocks.forEach((b, i) => {
    const at = `${where}[${i}]`;
    if (!isObject(b)) {
      out.push(`${at} must be an object`);
      return;
    }
    if (b.block_id !== undefined) maxLength(out, `${at}.block_id`, b.block_id, 255);
    switch (b.type) {
      case 'header':
        slackText(out, `${at}.text`, b.text, 150, linkNames, true);
        break;
      case 'section':
        if (b.text === undefined && b.fields === undefined) out.push(`${at} needs text or fields`);
        if (b.text !== undefined) slackText(out, `${at}.text`, b.text, 3000, linkNames);
        if (b.fields !== undefined) {
          if (!Array.isArray(b.fields) || b.fields.length === 0 || b.fields.length > 10)
            out.push(`${at}.fields must hold 1 to 10 text objects`);
          else for (const [j, f] of b.fields.entries()) slackText(out, `${at}.fields[${j}]`, f, 2000, linkNames);
        }
        break;
      case 'context':
        if (!Array.isArray(b.elements) || b.elements.length === 0 || b.elements.length > 10)
          out.push(`${at}.elements must hold 1 to 10 elements`);
        else
          b.elements.forEach((e: any, j: number) => {
            if (e?.type !== 'image') slackText(out, `${at}.elements[${j}]`, e, 3000, linkNames);
          });
        break;
      case 'divider':
        break;
      case 'actions':
        if (!Array.isArray(b.elements) || b.elements.length === 0 || b.elements.length > 25)
          out.push(`${at}.elements must hold 1 to 25 elements`);
        break;
      default:
        out.push(`${at}.type ${JSON.stringify(b.type)} is not a message block this receiver knows`);
    }
  });
  return blocks.length;
}

export function validateSlack(body: unknown): string[] {
  const out: string[] = [];
  const parsed = parse(body, out);
  if (!parsed) return out;
  const m = parsed.value;
  if (!isObject(m)) return ['body must be a JSON object'];
  const linkNames = m.link_names === true || m.link_names === 1 || m.link_names === '1';
  if (m.text === undefined && m.blocks === undefined && m.attachments === undefined) out.push('needs text, blocks or attachments');
  if (m.text !== undefined) {
    maxLength(out, 'text', m.text, 40_000, 1);
    if (isString(m.text)) slackMrkdwn(out, 'text', m.text, linkNames);
  } else if (m.blocks !== undefined) out.push('text is missing: notifications of a message with blocks show it');
  let count = m.blocks === undefined ? 0 : slackBlocks(out, 'blocks', m.blocks, linkNames);
  if (m.attachments !== undefined) {
    if (!Array.isArray(m.attachments)) out.push('attachments must be an array');
    else
      m.attachments.forEach((a: unknown, i: number) => {
        const at = `attachments[${i}]`;
        if (!isObject(a)) {
          out.push(`${at} must be an object`);
          return;
        }
        if (a.color !== undefined && !(isString(a.color) && /^(#?[0-9a-f]{6}|good|warning|danger)$/i.test(a.color)))
          out.push(`${at}.color must be a hex colour or good, warning, danger`);
        if (a.blocks !== undefined) count += slackBlocks(out, `${at}.blocks`, a.blocks, linkNames);
        if (a.fallback !== undefined && isString(a.fallback)) slackMrkdwn(out, `${at}.fallback`, a.fallback, linkNames);
      });
  }
  if (count > 50) out.push(`${count} blocks, more than 50`);
  return out;
}

// ---------------------------------------------------------------------------------------- Teams

const CARD_ELEMENTS: Record<string, (out: string[], at: string, e: Json) => void> = {
  TextBlock: (out, at, e) => {
    if (!isString(e.text)) out.push(`${at}.text is required`);
  },
  RichTextBlock: (out, at, e) => {
    if (!Array.isArray(e.inlines)) out.push(`${at}.inlines is required`);
  },
  FactSet: (out, at, e) => {
    if (!Array.isArray(e.facts)) {
      out.push(`${at}.facts is required`);
      return;
    }
    e.facts.forEach((f: any, i: number) => {
      if (!isString(f?.title) || !isString(f?.value)) out.push(`${at}.facts[${i}] needs a title and a value`);
    });
  },
  Image: (out, at, e) => {
    if (!isString(e.url)) out.push(`${at}.url is required`);
  },
  Container: (out, at, e) => {
    if (!Array.isArray(e.items)) {
      out.push(`${at}.items is required`);
      return;
    }
    cardElements(out, `${at}.items`, e.items);
  },
  ColumnSet: (out, at, e) => {
    for (const [i, c] of (Array.isArray(e.columns) ? e.columns : []).entries()) {
      if (c?.items !== undefined) cardElements(out, `${at}.columns[${i}].items`, c.items);
    }
  },
  ActionSet: (out, at, e) => {
    if (!Array.isArray(e.actions)) {
      out.push(`${at}.actions is required`);
      return;
    }
    cardActions(out, `${at}.actions`, e.actions);
  },
};
const CONTAINER_STYLES = ['default', 'emphasis', 'good', 'attention', 'warning', 'accent'];

function cardElements(out: string[], where: string, elements: unknown): void {
  if (!Array.isArray(elements)) {
    out.push(`${where} must be an array`);
    return;
  }
  elements.forEach((e, i) => {
    const at = `${where}[${i}]`;
    if (!isObject(e) || !isString(e.type)) {
      out.push(`${at} needs a type`);
      return;
    }
    const check = CARD_ELEMENTS[e.type];
    if (!check) {
      out.push(`${at}.type ${e.type} is not an Adaptive Card element`);
      return;
    }
    if (e.style !== undefined && e.type === 'Container' && !CONTAINER_STYLES.includes(e.style))
      out.push(`${at}.style ${e.style} is not a container style`);
    check(out, at, e);
  });
}

function cardActions(out: string[], where: string, actions: unknown): void {
  if (!Array.isArray(actions)) {
    out.push(`${where} must be an array`);
    return;
  }
  actions.forEach((a, i) => {
    const at = `${where}[${i}]`;
    if (!isObject(a)) {
      out.push(`${at} must be an object`);
      return;
    }
    if (a.type === 'Action.OpenUrl') {
      if (!isHttpUrl(a.url)) out.push(`${at}.url must be an absolute http(s) URL`);
    } else if (!['Action.Submit', 'Action.ShowCard', 'Action.ToggleVisibility', 'Action.Execute'].includes(a.type)) {
      out.push(`${at}.type ${a.type} is not an Adaptive Card action`);
    }
  });
}

export function validateTeams(body: unknown): string[] {
  const out: string[] = [];
  const parsed = parse(body, out);
  if (!parsed) return out;
  const m = parsed.value;
  if (!isObject(m)) return ['body must be a JSON object'];
  if (bytes(parsed.raw) > 28_000) out.push(`${bytes(parsed.raw)} bytes, more than Teams' 28 KB`);
  if (m.type !== 'message') out.push('type must be "message"');
  if (!Array.isArray(m.attachments) || m.attachments.length === 0) return [...out, 'attachments must hold the card'];
  m.attachments.forEach((a: unknown, i: number) => {
    const at = `attachments[${i}]`;
    if (!isObject(a)) {
      out.push(`${at} must be an object`);
      return;
    }
    if (a.contentType !== 'application/vnd.microsoft.card.adaptive')
      out.push(`${at}.contentType must be application/vnd.microsoft.card.adaptive`);
    const card = a.content;
    if (!isObject(card)) {
      out.push(`${at}.content must be the Adaptive Card`);
      return;
    }
    if (card.type !== 'AdaptiveCard') out.push(`${at}.content.type must be AdaptiveCard`);
    if (!isString(card.version) || !/^1\.[0-5]$/.test(card.version))
      out.push(`${at}.content.version must be 1.0 to 1.5 (what Teams renders)`);
    if (card.body === undefined) out.push(`${at}.content.body is missing`);
    else cardElements(out, `${at}.content.body`, card.body);
    if (card.actions !== undefined) cardActions(out, `${at}.content.actions`, card.actions);
    const entities = card.msteams?.entities;
    if (Array.isArray(entities) && entities.some((e: any) => e?.type === 'mention')) out.push(`${at} mentions someone (msteams.entities)`);
  });
  return out;
}

// -------------------------------------------------------------------------------------- Discord

const DISCORD_PING = /@everyone|@here|<@[!&]?\d+>/;

export function discordEmbedLength(e: Json): number {
  return (
    (isString(e.title) ? e.title.length : 0) +
    (isString(e.description) ? e.description.length : 0) +
    (Array.isArray(e.fields) ? e.fields.reduce((n: number, f: any) => n + (f?.name?.length ?? 0) + (f?.value?.length ?? 0), 0) : 0) +
    (isString(e.footer?.text) ? e.footer.text.length : 0) +
    (isString(e.author?.name) ? e.author.name.length : 0)
  );
}

export function validateDiscord(body: unknown): string[] {
  const out: string[] = [];
  const parsed = parse(body, out);
  if (!parsed) return out;
  const m = parsed.value;
  if (!isObject(m)) return ['body must be a JSON object'];
  const hasContent = isString(m.content) && m.content.length > 0;
  const embeds: unknown[] = Array.isArray(m.embeds) ? m.embeds : [];
  if (!hasContent && embeds.length === 0) out.push('needs content or embeds');
  if (m.content !== undefined) maxLength(out, 'content', m.content, 2000);
  if (m.embeds !== undefined && !Array.isArray(m.embeds)) out.push('embeds must be an array');
  if (embeds.length > 10) out.push(`${embeds.length} embeds, more than 10`);
  let total = 0;
  embeds.forEach((e, i) => {
    const at = `embeds[${i}]`;
    if (!isObject(e)) {
      out.push(`${at} must be an object`);
      return;
    }
    if (e.title !== undefined) maxLength(out, `${at}.title`, e.title, 256);
    if (e.description !== undefined) maxLength(out, `${at}.description`, e.description, 4096);
    if (e.url !== undefined && !isHttpUrl(e.url)) out.push(`${at}.url must be an http(s) URL`);
    if (e.color !== undefined && !(Number.isInteger(e.color) && e.color >= 0 && e.color <= 0xffffff))
      out.push(`${at}.color must be an integer 0 to 0xFFFFFF`);
    if (
      e.timestamp !== undefined &&
      !(isString(e.timestamp) && /^\d{4}-\d\d-\d\dT\d\d:\d\d/.test(e.timestamp) && !Number.isNaN(Date.parse(e.timestamp)))
    )
      out.push(`${at}.timestamp must be ISO 8601`);
    if (e.footer !== undefined) maxLength(out, `${at}.footer.text`, e.footer?.text, 2048, 1);
    if (e.author !== undefined) maxLength(out, `${at}.author.name`, e.author?.name, 256, 1);
    for (const key of ['type', 'provider', 'video'])
      if (e[key] !== undefined && !(key === 'type' && e[key] === 'rich')) out.push(`${at}.${key} is not accepted from webhooks`);
    if (e.fields !== undefined) {
      if (!Array.isArray(e.fields)) out.push(`${at}.fields must be an array`);
      else {
        if (e.fields.length > 25) out.push(`${at} has ${e.fields.length} fields, more than 25`);
        e.fields.forEach((f: any, j: number) => {
          maxLength(out, `${at}.fields[${j}].name`, f?.name, 256, 1);
          maxLength(out, `${at}.fields[${j}].value`, f?.value, 1024, 1);
          if (f?.inline !== undefined && typeof f.inline !== 'boolean') out.push(`${at}.fields[${j}].inline must be a boolean`);
        });
      }
    }
    total += discordEmbedLength(e);
  });
  if (total > 6000) out.push(`${total} characters in the embeds, more than 6,000`);
  const parse_ = m.allowed_mentions?.parse;
  const mutes = Array.isArray(parse_) && parse_.length === 0 && !m.allowed_mentions.users?.length && !m.allowed_mentions.roles?.length;
  if (!mutes) {
    const ping = hasContent ? m.content.match(DISCORD_PING) : null;
    if (ping) out.push(`content mentions ${ping[0]} and allowed_mentions lets it ping`);
    else out.push('allowed_mentions must be { parse: [] }: text from operators must never ping');
  }
  return out;
}

// ---------------------------------------------------------------------------------- Google Chat

const CHAT_TAGS = new Set(['b', 'i', 'u', 's', 'strike', 'font', 'a', 'br', 'time']);
const WIDGETS = [
  'textParagraph',
  'image',
  'decoratedText',
  'buttonList',
  'textInput',
  'selectionInput',
  'dateTimePicker',
  'divider',
  'grid',
  'columns',
  'chipList',
  'carousel',
];

function chatHtml(out: string[], where: string, text: unknown): void {
  if (!isString(text)) {
    out.push(`${where} must be a string`);
    return;
  }
  if (/<users\/[^>]*>/.test(text)) out.push(`${where} mentions ${text.match(/<users\/[^>]*>/)![0]}`);
  for (const m of text.matchAll(/<\/?([a-zA-Z][\w-]*)([^>]*)>/g)) {
    const tag = m[1]!.toLowerCase();
    if (!CHAT_TAGS.has(tag)) out.push(`${where} has a <${tag}> tag, which cards do not format`);
    if (tag === 'a' && !m[0].startsWith('</')) {
      const href = m[2]!.match(/href="([^"]*)"/)?.[1];
      if (!href || !/^(https?:\/\/|mailto:)/.test(href.replace(/&amp;/g, '&'))) out.push(`${where} has a link to ${href ?? 'nothing'}`);
    }
  }
  const stray = text.replace(/<\/?[a-zA-Z][\w-]*[^<>]*>/g, '').match(/[<>]/);
  if (stray) out.push(`${where} has an unescaped "${stray[0]}"`);
  if (/&(?!amp;|lt;|gt;|quot;|#\d+;|#x[0-9a-f]+;|nbsp;)/i.test(text)) out.push(`${where} has an unescaped "&"`);
}

export function validateGoogleChat(body: unknown): string[] {
  const out: string[] = [];
  const parsed = parse(body, out);
  if (!parsed) return out;
  const m = parsed.value;
  if (!isObject(m)) return ['body must be a JSON object'];
  if (bytes(parsed.raw) > 32_000) out.push(`${bytes(parsed.raw)} bytes, more than 32,000`);
  if (m.text === undefined && m.cardsV2 === undefined && m.cards === undefined) out.push('needs text or cardsV2');
  if (m.text !== undefined) {
    maxLength(out, 'text', m.text, 4096);
    if (isString(m.text) && /<users\/[^>]*>/.test(m.text)) out.push(`text mentions ${m.text.match(/<users\/[^>]*>/)![0]}`);
  }
  if (m.fallbackText !== undefined && !isString(m.fallbackText)) out.push('fallbackText must be a string');
  if (m.cardsV2 === undefined) return out;
  if (!Array.isArray(m.cardsV2) || m.cardsV2.length === 0) return [...out, 'cardsV2 must hold cards'];
  m.cardsV2.forEach((c: unknown, i: number) => {
    const at = `cardsV2[${i}]`;
    if (!isObject(c)) {
      out.push(`${at} must be an object`);
      return;
    }
    if (m.cardsV2.length > 1 && !isString(c.cardId)) out.push(`${at}.cardId is required when a message has several cards`);
    if (c.cardId !== undefined && !isString(c.cardId)) out.push(`${at}.cardId must be a string`);
    const card = c.card;
    if (!isObject(card)) {
      out.push(`${at}.card is required`);
      return;
    }
    if (card.header !== undefined && !isString(card.header?.title)) out.push(`${at}.card.header.title is required`);
    if (!Array.isArray(card.sections) || card.sections.length === 0) {
      out.push(`${at}.card.sections must hold sections`);
      return;
    }
    let widgets = 0;
    card.sections.forEach((s: any, j: number) => {
      const where = `${at}.card.sections[${j}]`;
      if (s?.header !== undefined && !isString(s.header)) out.push(`${where}.header must be a string`);
      if (!Array.isArray(s?.widgets) || s.widgets.length === 0) {
        out.push(`${where}.widgets must hold widgets`);
        return;
      }
      s.widgets.forEach((w: any, k: number) => {
        widgets++;
        const wat = `${where}.widgets[${k}]`;
        const kinds = isObject(w) ? Object.keys(w).filter((key) => WIDGETS.includes(key)) : [];
        if (kinds.length !== 1) {
          out.push(`${wat} must be exactly one widget`);
          return;
        }
        if (w.textParagraph) chatHtml(out, `${wat}.textParagraph.text`, w.textParagraph.text);
        if (w.decoratedText) chatHtml(out, `${wat}.decoratedText.text`, w.decoratedText.text);
        if (w.buttonList) {
          if (!Array.isArray(w.buttonList.buttons) || w.buttonList.buttons.length === 0)
            out.push(`${wat}.buttonList.buttons must hold buttons`);
          else
            w.buttonList.buttons.forEach((b: any, n: number) => {
              if (!isString(b?.text) && !b?.icon) out.push(`${wat}.buttonList.buttons[${n}] needs text or an icon`);
              const link = b?.onClick?.openLink?.url;
              if (!b?.onClick) out.push(`${wat}.buttonList.buttons[${n}].onClick is required`);
              else if (b.onClick.openLink && !isHttpUrl(link)) out.push(`${wat}.buttonList.buttons[${n}] opens ${link}`);
            });
        }
      });
    });
    if (widgets > 100) out.push(`${at} has ${widgets} widgets, more than 100`);
  });
  return out;
}

export const CHAT_VALIDATORS: Record<ChatFormatName, (body: unknown) => string[]> = {
  slack: validateSlack,
  teams: validateTeams,
  discord: validateDiscord,
  google_chat: validateGoogleChat,
};
