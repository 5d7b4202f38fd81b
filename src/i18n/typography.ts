// French typography, applied where French text is made: the no-break spaces before high
// punctuation and inside guillemets, the typographic apostrophe, elision before a vowel and
// "1er" for the first day of a month.
//
// One convention throughout (the Imprimerie nationale's, as French typographers set it on
// screen): a no-break space (U+00A0) before ":", a narrow no-break space (U+202F) before ";",
// "!" and "?" and inside « ».

import type { Locale } from '../domain/model';

export const NBSP = '\u00a0';
export const NNBSP = '\u202f';

const fixed = new WeakMap<TemplateStringsArray, string[]>();

/** The literal text of a catalogue entry, set as French typography wants it. */
export function setFrench(text: string): string {
  return text
    .replace(/[ \u00a0\u202f]*:(?=\s|$)/g, `${NBSP}:`)
    .replace(/[ \u00a0\u202f]*([;!?])(?=\s|$)/g, `${NNBSP}$1`)
    .replace(/«[ \u00a0\u202f]*/g, `«${NNBSP}`)
    .replace(/[ \u00a0\u202f]*»/g, `${NNBSP}»`)
    .replace(/'/g, '’');
}

/**
 * Tag for French catalogue text: `french\`Quand : ${when}\`` writes the catalogue's plain spaces
 * and straight apostrophes as typography wants them, so the source stays readable. Only the
 * catalogue's own words are set: interpolated values (an operator's text, a URL) pass as they are.
 */
export function french(strings: TemplateStringsArray, ...values: unknown[]): string {
  let parts = fixed.get(strings);
  if (!parts) {
    parts = strings.map(setFrench);
    fixed.set(strings, parts);
  }
  let out = parts[0]!;
  for (let i = 0; i < values.length; i++) out += String(values[i]) + parts[i + 1]!;
  return out;
}

/**
 * "de" before a word, elided before a vowel: "d’Acme Intel", "d’octobre 2026", "de Forewarn".
 * A word in h is left whole: whether its h is mute ("d’hébergement") or aspirated ("de Hambourg")
 * only a dictionary knows, and "de" is never wrong enough to mislead. A y before a vowel is a
 * consonant ("de Yousign", "de YouTube"), before a consonant a vowel ("d’Yvelines"). And "de" takes
 * a leading article in: "du Bon Coin", "des Échos" ("de La Poste" and "de L’Oréal" stay).
 */
export function de(word: string): string {
  const text = word.trim();
  const article = leadingArticle(text);
  if (article) return `${article.plural ? 'des' : 'du'} ${article.rest}`;
  return /^(?!y[aeiouyàâäéèêëîïôöùûüÿæœ])[aeiouyàâäéèêëîïôöùûüÿæœ]/i.test(text) ? `d’${text}` : `de ${word}`;
}

/** "à" before a name, which takes a leading article in as "de" does: "au Bon Coin", "aux Échos", "à Acme". */
export function au(word: string): string {
  const article = leadingArticle(word.trim());
  return article ? `${article.plural ? 'aux' : 'au'} ${article.rest}` : `à ${word}`;
}

/** "Le Bon Coin" → { plural: false, rest: "Bon Coin" }: the articles "à" and "de" contract with. */
function leadingArticle(text: string): { plural: boolean; rest: string } | null {
  const found = /^(le|les)\s+(?=\S)/i.exec(text);
  return found ? { plural: found[1]!.length === 3, rest: text.slice(found[0].length) } : null;
}

/** Whether a count takes the singular in each language: English only for 1, French for 0 and 1 ("0 minute"). */
export const SINGULAR: Record<Locale, (n: number) => boolean> = { en: (n) => n === 1, fr: (n) => n < 2 };

/**
 * A "1" that is the first day of a month: before a month's name or abbreviation, or starting a
 * span of days in one month ("1–14 déc."). Exported as source and flags too, for the page's
 * reader-side script, which formats dates again in the reader's zone.
 */
export const FIRST_OF_MONTH = {
  source: '(^|[^\\p{L}\\p{N}])1(?=(?:[–-]\\d{1,2})?[ \\u00a0\\u202f](?:janv|févr|mars|avr|mai|juin|juil|août|sept|oct|nov|déc))',
  flags: 'gu',
  replacement: '$11er',
} as const;

const MONTH_AFTER_ONE = new RegExp(FIRST_OF_MONTH.source, FIRST_OF_MONTH.flags);

/** "1 décembre" → "1er décembre", as French writes the first day of a month. Other days stay. */
export const firstOfMonth = (text: string): string => text.replace(MONTH_AFTER_ONE, FIRST_OF_MONTH.replacement);
