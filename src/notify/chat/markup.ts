// The operator's Markdown in a chat platform's own markup (Slack mrkdwn, Discord Markdown, an
// Adaptive Card's Markdown subset, Google Chat's HTML subset), cut to a size without breaking it.
//
// Rendering writes a stream of pieces: escaped text, one whole link, one opening or closing
// marker. Cutting keeps whole pieces, splits only the text piece the cut falls in, and only
// between two characters as a reader sees them, then closes what it left open: a cut never
// halves a character, an `&amp;`, a `<url|text>` or an `<a>…</a>`. Rendering stops once the
// stream is past the size, so a long text costs what is kept of it. marked's lexer reads the
// Markdown, as for the page and the e-mails.
import type { Token, Tokens } from 'marked';
import { Lexer } from 'marked';

export type Wrap = readonly [open: string, close: string];

/**
 * How one platform writes each thing. `escape` shows plain text (no line breaks) as written and
 * mentioning no one; it escapes character by character, so escaping two halves of a text gives
 * the escaped whole.
 */
export interface Dialect {
  escape(text: string): string;
  /** Text inside code, where some platforms need fewer escapes. */
  escapeCode(text: string): string;
  strong: Wrap | null;
  em: Wrap | null;
  del: Wrap | null;
  code: Wrap | null;
  codeBlock: Wrap | null;
  /** A link to a safe address; `label` is plain text, `href` a normalised http(s) or mailto URL. */
  link(label: string, href: string): string;
  newline: string;
  /** What starts each line of a quotation, and what indents a list item's next lines. */
  quote: string;
  indent(width: number): string;
  bullet: string;
  rule: string;
}

type Piece = { s: string; close?: string; closes?: true; newline?: true; text?: { raw: string; code: boolean } };

export type Cost = (s: string) => number;

/** Length in UTF-16 code units: never less than the characters Slack or Discord count. */
export const length: Cost = (s) => s.length;

const encoder = new TextEncoder();
/** UTF-8 bytes: what a request's size is counted in. */
export const utf8Bytes = (s: string): number => encoder.encode(s).length;

/**
 * The bytes a string adds to a JSON body (quotes aside), as JSON.stringify writes it and UTF-8
 * encodes it: for platforms that limit the request's size. Counted without building either.
 */
export const jsonBytes: Cost = (s) => {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += c === 0x22 || c === 0x5c ? 2 : c >= 0x20 ? 1 : c === 8 || c === 9 || c === 10 || c === 12 || c === 13 ? 2 : 6;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      n += 4;
      i++;
    } else if (c >= 0xd800 && c <= 0xdfff) n += 6;
    else n += 3;
  }
  return n;
};

// What a reader sees as one character: a base and its combining marks, emoji joined by ZWJ with
// their skin tones and tags, a flag's two regional indicators. Close to Unicode's extended
// grapheme clusters (UAX #29) for the texts operators write, and twenty times faster here than
// Intl.Segmenter, which matters for 20,000-character updates.
// (Marks, skin-tone modifiers U+1F3FB–1F3FF and tag characters U+E0020–E007F extend a character.)
const EXTEND = '(?:\\p{M}|[\\u{1F3FB}-\\u{1F3FF}]|[\\u{E0020}-\\u{E007F}])*';
const GRAPHEME = new RegExp(`\\p{RI}\\p{RI}|[^\\p{M}\\u200d]${EXTEND}(?:\\u200d[^\\p{M}\\u200d]${EXTEND})*|[\\s\\S]`, 'gu');

/** A text's characters as a reader sees them: a cut between two of them splits neither. */
export const graphemes = (text: string): string[] => text.match(GRAPHEME) ?? [];

/**
 * The longest start of `text` whose escaped form costs at most `max`. Every cost is at least the
 * length, so no more than `max` code units can fit: only that much of a long text is split.
 */
function fittingStart(text: string, show: (s: string) => string, max: number, cost: Cost): string {
  const window = text.length > max + 64 ? text.slice(0, max + 64) : text;
  const parts = graphemes(window);
  // The window's last character may be cut short by the window: it is never kept.
  if (window.length < text.length) parts.pop();
  let out = '';
  let used = 0;
  for (const g of parts) {
    const c = cost(show(g));
    if (used + c > max) break;
    out += g;
    used += c;
  }
  return out;
}

// marked keeps the entities an author typed in a token's text; the page shows them decoded.
const BASIC_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };
const decode = (text: string): string =>
  text.replace(/&(#x[0-9a-f]{1,6}|#\d{1,7}|[a-z]+);/gi, (whole, name: string) => {
    if (name[0] !== '#') return BASIC_ENTITIES[name.toLowerCase()] ?? whole;
    const code = name[1] === 'x' || name[1] === 'X' ? Number.parseInt(name.slice(2), 16) : Number(name.slice(1));
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });

// A label that reads as an address ("paypal.com", "https://…") is shown as the address it goes to.
const LOOKS_LIKE_ADDRESS = /[a-z][a-z\d+.-]*:\/\/|www\.|[a-z\d-]\.[a-z]{2,}\b|@[a-z\d-]+\./i;
const bare = (url: string) => url.replace(/^(https?:\/\/|mailto:)/i, '').replace(/\/$/, '');

/** An http(s) or mailto address, normalised; a relative one on the page's site; anything else null. */
export function safeHref(href: string, base: string): string | null {
  const raw = href.trim();
  if (/^mailto:[^\s<>]+@[^\s<>]+$/i.test(raw)) return raw;
  try {
    const url = raw.startsWith('/') && !raw.startsWith('//') ? new URL(raw, `${base}/`) : new URL(raw);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : null;
  } catch {
    return null;
  }
}

export function linkLabel(label: string, href: string): string {
  const text = label.trim();
  if (!text) return bare(href);
  if (LOOKS_LIKE_ADDRESS.test(text) && bare(text).toLowerCase() !== bare(href).toLowerCase()) return bare(href);
  return text;
}

class Writer {
  readonly pieces: Piece[] = [];
  private prefix = '';
  private used = 0;

  constructor(
    readonly d: Dialect,
    readonly base: string,
    readonly max: number,
    readonly cost: Cost,
  ) {}

  /** Past the size: nothing written from now on could be kept. */
  get full(): boolean {
    return this.used > this.max;
  }

  private add(p: Piece): void {
    if (this.full || !p.s) return;
    this.pieces.push(p);
    this.used += this.cost(p.s);
  }

  push(s: string): void {
    this.add({ s });
  }

  literal(text: string, code = false): void {
    const lines = text.split('\n');
    lines.forEach((line, i) => {
      if (i > 0) this.newline();
      if (line) this.add({ s: code ? this.d.escapeCode(line) : this.d.escape(line), text: { raw: line, code } });
    });
  }

  newline(): void {
    this.add({ s: this.d.newline + this.prefix, newline: true });
  }

  wrap(w: Wrap | null, body: () => void): void {
    if (!w) {
      body();
      return;
    }
    this.add({ s: w[0], close: w[1] });
    body();
    // A marker opened before the size was reached is closed by the cut, not here.
    this.add({ s: w[1], closes: true });
  }

  nested(prefix: string, first: string, body: () => void): void {
    const before = this.prefix;
    this.push(first);
    this.prefix = before + prefix;
    body();
    this.prefix = before;
  }

  inline(tokens: readonly Token[] | undefined): void {
    for (const token of tokens ?? []) {
      if (this.full) return;
      this.inlineToken(token as Tokens.Generic);
    }
  }

  inlineToken(t: Tokens.Generic): void {
    switch (t.type) {
      case 'strong':
        this.wrap(this.d.strong, () => this.inline(t.tokens));
        return;
      case 'em':
        this.wrap(this.d.em, () => this.inline(t.tokens));
        return;
      case 'del':
        this.wrap(this.d.del, () => this.inline(t.tokens));
        return;
      case 'codespan':
        this.wrap(this.d.code, () => this.literal(t.text, true));
        return;
      case 'br':
        this.newline();
        return;
      case 'link':
      case 'image': {
        const text = t.type === 'image' ? t.text : plain(t.tokens);
        const href = safeHref(t.href, this.base);
        if (!href) {
          this.literal(decode(text));
          return;
        }
        this.push(this.d.link(linkLabel(decode(text), href), href));
        return;
      }
      case 'html':
        // Shown as written, never interpreted: the same rule as the page.
        this.literal(t.raw);
        return;
      case 'escape':
        this.literal(t.text);
        return;
      case 'checkbox':
        this.literal(t.checked ? '[x] ' : '[ ] ');
        return;
      default:
        if (t.tokens) {
          this.inline(t.tokens);
          return;
        }
        this.literal(decode(t.text ?? t.raw ?? ''));
        return;
    }
  }

  blocks(tokens: readonly Token[], tight = false): void {
    let first = true;
    for (const token of tokens) {
      if (this.full) return;
      const t = token as Tokens.Generic;
      if (t.type === 'space' || t.type === 'def' || (t.type === 'html' && !t.raw.trim())) continue;
      if (!first) {
        this.newline();
        if (!tight) this.newline();
      }
      first = false;
      this.block(t);
    }
  }

  block(t: Tokens.Generic): void {
    switch (t.type) {
      case 'paragraph':
        this.inline(t.tokens);
        return;
      case 'heading':
        this.wrap(this.d.strong, () => this.inline(t.tokens));
        return;
      case 'text':
        if (t.tokens) this.inline(t.tokens);
        else this.literal(decode(t.text));
        return;
      case 'code':
        this.wrap(this.d.codeBlock, () => this.literal(t.text.replace(/\n+$/, ''), true));
        return;
      case 'blockquote':
        this.nested(this.d.quote, this.d.quote, () => this.blocks(t.tokens ?? []));
        return;
      case 'list':
        this.list(t as Tokens.List);
        return;
      case 'hr':
        this.push(this.d.rule);
        return;
      case 'html':
        this.literal(t.raw.replace(/\n+$/, ''));
        return;
      case 'table': {
        const table = t as Tokens.Table;
        [table.header, ...table.rows].forEach((cells, i) => {
          if (i > 0) this.newline();
          cells.forEach((cell, j) => {
            if (j > 0) this.literal(' | ');
            this.inline(cell.tokens);
          });
        });
        return;
      }
      default:
        if (t.tokens) {
          this.inline(t.tokens);
          return;
        }
        this.literal(decode(t.text ?? t.raw ?? ''));
        return;
    }
  }

  list(list: Tokens.List): void {
    const start = typeof list.start === 'number' ? list.start : 1;
    list.items.forEach((item, i) => {
      if (i > 0) {
        this.newline();
        if (list.loose) this.newline();
      }
      const marker = list.ordered ? `${start + i}. ` : this.d.bullet;
      const task = item.task ? (item.checked ? '[x] ' : '[ ] ') : '';
      this.nested(this.d.indent(marker.length), marker, () => {
        if (task) this.literal(task);
        this.blocks(
          item.tokens.filter((t) => t.type !== 'checkbox'),
          !item.loose,
        );
      });
    });
  }
}

const plain = (tokens: readonly Token[] | undefined): string =>
  (tokens ?? []).map((t) => ('tokens' in t && t.tokens ? plain(t.tokens) : 'text' in t ? String(t.text) : '')).join('');

export interface Rendered {
  text: string;
  /** True when the text was cut: the caller ends it with "…" and the link. */
  cut: boolean;
}

/**
 * Markdown in a dialect, within `max` (by `cost`). When it does not fit, whole pieces are kept
 * while they and the markers still open fit, the open markers are closed, and `cut` is set.
 */
export function renderMarkdown(md: string, d: Dialect, options: { base: string; max: number; cost: Cost }): Rendered {
  const { cost, max } = options;
  const w = new Writer(d, options.base, max, cost);
  w.blocks(new Lexer({ gfm: true, breaks: true }).lex(md.replace(/\r\n?/g, '\n')));
  const open: Piece[] = [];
  const kept: Piece[] = [];
  let used = 0;
  let closing = 0;
  let cut = false;
  for (const p of w.pieces) {
    const c = cost(p.s);
    if (p.closes) {
      kept.push(p);
      used += c;
      closing -= c;
      open.pop();
      continue;
    }
    if (used + c + closing + (p.close ? cost(p.close) : 0) > max) {
      // The text the cut falls in keeps the characters that fit.
      if (p.text) {
        const show = p.text.code ? d.escapeCode : d.escape;
        const start = fittingStart(p.text.raw, show, max - used - closing, cost);
        if (start) kept.push({ s: show(start) });
      }
      cut = true;
      break;
    }
    kept.push(p);
    used += c;
    if (p.close) {
      open.push(p);
      closing += cost(p.close);
    }
  }
  if (cut) {
    // Trailing line breaks and markers opened around nothing are dropped, the rest closed.
    while (kept.length > 0) {
      const last = kept[kept.length - 1]!;
      if (last.close && open[open.length - 1] === last) {
        open.pop();
        kept.pop();
      } else if (last.newline || (!last.close && !last.closes && !last.s.trim())) kept.pop();
      else break;
    }
    for (const p of open.reverse()) kept.push({ s: p.close!, closes: true });
  }
  return {
    text: kept
      .map((p) => p.s)
      .join('')
      .replace(/\s+$/, ''),
    cut,
  };
}

/** Plain text in a dialect (line breaks kept), cut to `max` with "…" when it does not fit. */
export function fitLiteral(d: Dialect, text: string, max: number, cost: Cost = length): string {
  const show = (t: string) => t.split('\n').map(d.escape).join(d.newline);
  const whole = show(text);
  if (cost(whole) <= max) return whole;
  return `${show(fittingStart(text, show, max - cost('…'), cost).trimEnd())}…`;
}

/**
 * Lines (already in the dialect) joined by `separator` within `max`; those that do not fit are
 * counted in a last line, `more(n)`, which always fits.
 */
export function fitLines(
  lines: readonly string[],
  max: number,
  separator: string,
  more: (n: number) => string,
  cost: Cost = length,
): string {
  const kept: string[] = [];
  let used = 0;
  for (const [i, line] of lines.entries()) {
    const c = cost(line) + (kept.length > 0 ? cost(separator) : 0);
    const left = lines.length - i - 1;
    const reserve = left > 0 ? cost(separator) + cost(more(left)) : 0;
    if (used + c + reserve > max) {
      kept.push(more(lines.length - i));
      return kept.join(separator);
    }
    kept.push(line);
    used += c;
  }
  return kept.join(separator);
}
