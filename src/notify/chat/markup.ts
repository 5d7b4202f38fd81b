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
import { decodeEntities } from '../markdown-text';
import { type Cost, fittingStart } from './size';

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

// marked keeps the entities an author typed in a token's text; the page shows them decoded.
const decode = decodeEntities;

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
