// How big a text is where a platform counts it (characters, or bytes of the JSON request), and
// how to cut plain text to a size between two characters as a reader sees them.
import type { Dialect } from './markup';

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
export function fittingStart(text: string, show: (s: string) => string, max: number, cost: Cost): string {
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
