// The operator's Markdown as the plain-text part of an e-mail says it: no markup characters a
// reader has to decode, links with their address beside them, lists as "- item". Built from
// marked's tokens (the same lexer the page and the HTML part use), so both parts read one text.
import type { Token, Tokens } from 'marked';
import { Lexer } from 'marked';

// `breaks` as on the page (src/views/markdown.ts): a single line break in the source is one in the text.
const lexerOptions = { gfm: true, breaks: true } as const;

/** marked leaves the entities an author typed (`&amp;`) in a token's text; the common ones are read here. */
const ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: '\u00a0',
  copy: '©',
  reg: '®',
  trade: '™',
  hellip: '…',
  ndash: '–',
  mdash: '—',
  lsquo: '‘',
  rsquo: '’',
  ldquo: '“',
  rdquo: '”',
  laquo: '«',
  raquo: '»',
  euro: '€',
};
/** The entities an author typed, as the page shows them: numeric ones and the named ones above. */
export const decodeEntities = (text: string): string =>
  text.replace(/&(#x[0-9a-f]{1,6}|#\d{1,7}|[a-z]+\d*);/gi, (whole, name: string) => {
    if (name[0] === '#') {
      const code = name[1] === 'x' || name[1] === 'X' ? Number.parseInt(name.slice(2), 16) : Number(name.slice(1));
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return ENTITIES[name.toLowerCase()] ?? whole;
  });

/** "text (url)"; the address alone when the text already is it (autolinks, bare URLs, e-mail addresses). */
function linkText(text: string, href: string): string {
  const url = href.trim();
  if (!url) return text;
  const bare = url.replace(/^mailto:/i, '');
  if (!text || text === url || text === bare) return bare;
  return `${text} (${url})`;
}

function inline(tokens: readonly Token[] | undefined): string {
  let out = '';
  for (const token of tokens ?? []) out += inlineToken(token as Tokens.Generic);
  return out;
}

function inlineToken(token: Tokens.Generic): string {
  switch (token.type) {
    case 'strong':
    case 'em':
    case 'del':
      return inline(token.tokens);
    case 'codespan':
      // CommonMark: code is literal, entities included.
      return token.text;
    case 'br':
      return '\n';
    case 'link':
      return linkText(inline(token.tokens), token.href);
    case 'image':
      return linkText(token.text, token.href);
    case 'html':
      // Shown as written, never interpreted: the same rule as the page.
      return token.raw;
    case 'escape':
      return token.text;
    case 'text':
      return token.tokens ? inline(token.tokens) : decodeEntities(token.text);
    case 'checkbox':
      return token.checked ? '[x] ' : '[ ] ';
    default:
      return token.tokens ? inline(token.tokens) : decodeEntities(token.text ?? token.raw ?? '');
  }
}

const indent = (text: string, prefix: string, first = prefix): string =>
  text
    .split('\n')
    .map((line, i) => (i === 0 ? first : line ? prefix : prefix.trimEnd()) + line)
    .join('\n');

function listText(list: Tokens.List): string {
  const start = typeof list.start === 'number' ? list.start : 1;
  const items = list.items.map((item, i) => {
    const marker = list.ordered ? `${start + i}. ` : '- ';
    const task = item.task ? (item.checked ? '[x] ' : '[ ] ') : '';
    // A task item's own checkbox token is written by the marker above.
    const content = blocks(
      item.tokens.filter((t) => t.type !== 'checkbox'),
      item.loose ? '\n\n' : '\n',
    );
    return indent(task + content, ' '.repeat(marker.length), marker);
  });
  return items.join(list.loose ? '\n\n' : '\n');
}

function block(token: Tokens.Generic): string | null {
  switch (token.type) {
    case 'space':
    case 'def':
      return null;
    case 'paragraph':
    case 'heading':
      return inline(token.tokens);
    case 'text':
      return token.tokens ? inline(token.tokens) : decodeEntities(token.text);
    case 'code':
      return token.text;
    case 'blockquote':
      return indent(blocks(token.tokens ?? [], '\n\n'), '> ');
    case 'list':
      return listText(token as Tokens.List);
    case 'hr':
      return '----';
    case 'html':
      return token.raw.replace(/\n+$/, '');
    case 'table': {
      const table = token as Tokens.Table;
      const row = (cells: Tokens.TableCell[]) => cells.map((cell) => inline(cell.tokens)).join(' | ');
      return [row(table.header), ...table.rows.map(row)].join('\n');
    }
    default:
      return token.tokens ? inline(token.tokens) : (token.text ?? token.raw ?? null);
  }
}

function blocks(tokens: readonly Token[], separator: string): string {
  return tokens
    .map((t) => block(t as Tokens.Generic))
    .filter((text): text is string => text !== null && text.trim() !== '')
    .join(separator);
}

/** Operator Markdown as readable plain text: paragraphs, headings and lists apart by a blank line. */
export function markdownToText(md: string): string {
  const tokens = new Lexer(lexerOptions).lex(md.replace(/\r\n?/g, '\n'));
  return blocks(tokens, '\n\n')
    .replace(/[ \t]+$/gm, '')
    .trim();
}
