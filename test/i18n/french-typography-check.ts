// A check of French text against the typography rules of issue 13: a no-break space before
// ":" ";" "!" "?" and inside « », "1er" for the first of a month, "d’" before a vowel, and
// the typographic apostrophe. What it leaves alone: URLs and addresses (https:, mailto:, a
// query's "?"), times (08:00) and text that is not French (the tests feed it French only).

export type Rule = 'space-before' | 'guillemets' | 'first-of-month' | 'elision' | 'apostrophe' | 'convention';

export interface Fault {
  rule: Rule;
  /** The text around the fault, to find it. */
  near: string;
}

const NBSP = '\u00a0';
const NNBSP = '\u202f';
const NO_BREAK = /[\u00a0\u202f]/;

const MONTHS = 'janv|févr|mars|avr|mai|juin|juil|août|sept|oct|nov|déc';
const VOWEL = 'aeiouyàâäéèêëîïôöùûüÿæœ';
// Words "de" is right before although they open with a vowel (an aspirated onset).
const NO_ELISION = /^(onze|onzième|oui|yacht|yaourt|yoga)/i;
// Common words whose h is mute: "d’heure", "d’historique", "d’hébergement".
const MUTE_H = /^h(eure|ist|ôt|éberg|iver|abit|umain|ui)/i;

/** URLs and e-mail addresses, blanked out with spaces (the check never reads inside them). */
const withoutAddresses = (text: string): string =>
  text.replace(/\b(?:[a-z][a-z0-9+.-]*:\/\/|mailto:)[^\s<>"]*|[^\s@<>"]+@[^\s@<>"]+/gi, (m) => ' '.repeat(m.length));

function near(text: string, index: number): string {
  return text.slice(Math.max(0, index - 20), index + 20);
}

/**
 * The faults of `text`. With `strict`, also the house convention (typography.ts): U+00A0 before
 * ":", U+202F before ";" "!" "?" and inside « ».
 */
export function frenchTypographyFaults(source: string, options: { strict?: boolean } = {}): Fault[] {
  const text = withoutAddresses(source);
  const faults: Fault[] = [];
  const add = (rule: Rule, index: number) => faults.push({ rule, near: near(source, index) });

  for (const m of text.matchAll(/[:;!?]/g)) {
    const i = m.index;
    const before = text[i - 1];
    const after = text[i + 1];
    if (m[0] === ':' && /\d/.test(before ?? '') && /\d/.test(after ?? '')) continue; // 08:00
    if (i === 0 || before === undefined) continue;
    if (!NO_BREAK.test(before)) add('space-before', i);
    else if (options.strict && before !== (m[0] === ':' ? NBSP : NNBSP)) add('convention', i);
  }
  for (const m of text.matchAll(/«(.?)/g)) {
    if (!NO_BREAK.test(m[1] ?? '')) add('guillemets', m.index);
    else if (options.strict && m[1] !== NNBSP) add('convention', m.index);
  }
  for (const m of text.matchAll(/(.?)»/g)) {
    if (!NO_BREAK.test(m[1] ?? '')) add('guillemets', m.index);
    else if (options.strict && m[1] !== NNBSP) add('convention', m.index);
  }
  const firstOfMonth = new RegExp(`(?<![\\p{L}\\p{N}])1(?:[–-]\\d{1,2})?[ \\u00a0\\u202f](?:${MONTHS})`, 'gu');
  for (const m of text.matchAll(firstOfMonth)) add('first-of-month', m.index);
  const de = new RegExp(`(?<![\\p{L}\\p{N}’'-])de[ \\u00a0\\u202f]+([${VOWEL}h][\\p{L}]*)`, 'giu');
  for (const m of text.matchAll(de)) {
    const word = m[1] ?? '';
    const vowel = new RegExp(`^[${VOWEL}]`, 'iu').test(word);
    if ((vowel && !NO_ELISION.test(word)) || MUTE_H.test(word)) add('elision', m.index);
  }
  for (const m of source.matchAll(/'/g)) add('apostrophe', m.index);
  return faults;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: NBSP };

const decode = (s: string): string =>
  s.replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (whole, name: string) => {
    if (name[0] === '#') {
      const code = name[1] === 'x' || name[1] === 'X' ? Number.parseInt(name.slice(2), 16) : Number(name.slice(1));
      return String.fromCodePoint(code);
    }
    return ENTITIES[name.toLowerCase()] ?? whole;
  });

/**
 * What a reader of an HTML e-mail sees: the text between tags and the attributes that are read
 * out (alt, title, aria-label), entities decoded; styles, scripts, comments and markup left out.
 */
export function visibleText(html: string): string {
  const attributes = [...html.matchAll(/\s(?:alt|title|aria-label)="([^"]*)"/g)].map((m) => m[1]);
  const body = html
    .replace(/<(style|script)\b[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<!--[\s\S]*?-->/g, ' ')
    .replace(/<[^>]*>/g, ' ');
  return decode([body, ...attributes].join('\n'));
}
