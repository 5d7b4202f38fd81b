// Operator text in several languages. Every text field of an aggregate holds the page's default
// language; `translations` holds the others, language first, then field. A reader gets their
// language's value when the operator wrote one, and the default language's otherwise, field by
// field: a maintenance translated but for its "what still works" falls back for that one only.
//
// Why this shape (compared in the issue with Instatus and Statuspage): Instatus keeps one
// `translations` map per object beside the default-language fields, which is what this is;
// Statuspage has no per-text translations at all, so its v2 JSON simply keeps reading the fields.
import type { Locale } from './model';

/** `{"fr": {"name": "…"}}`: the languages other than the default one, each with the fields written. */
export type Translations<F extends string = string> = Partial<Record<Locale, Partial<Record<F, string>>>>;

export const NO_TRANSLATIONS: Translations = Object.freeze({}) as Translations;

/** The value of `field` in `locale`: the translation when there is one, the default language's otherwise. */
export function inLocale<F extends string>(base: string, translations: Translations<F> | undefined, field: F, locale: Locale): string {
  const value = translations?.[locale]?.[field];
  return value?.trim() ? value : base;
}

/** Same for an optional field: a translation fills it only where the default language has it too. */
export function inLocaleOrNull<F extends string>(
  base: string | null,
  translations: Translations<F> | undefined,
  field: F,
  locale: Locale,
): string | null {
  if (base === null) return null;
  return inLocale(base, translations, field, locale);
}

/**
 * Merges a patch into translations: a field given as "" or null is removed (it falls back again),
 * a language left with no field disappears. Patches name only the languages they change.
 */
export function mergeTranslations<F extends string>(
  current: Translations<F>,
  patch: Partial<Record<Locale, Partial<Record<F, string | null>>>> | undefined,
): Translations<F> {
  if (!patch) return current;
  const next: Translations<F> = { ...current };
  for (const [locale, fields] of Object.entries(patch) as [Locale, Partial<Record<F, string | null>>][]) {
    if (!fields) continue;
    const merged: Partial<Record<F, string>> = { ...(next[locale] ?? {}) };
    for (const [field, value] of Object.entries(fields) as [F, string | null | undefined][]) {
      if (value === undefined) continue;
      if (value === null || value.trim() === '') delete merged[field];
      else merged[field] = value.trim();
    }
    if (Object.keys(merged).length === 0) delete next[locale];
    else next[locale] = merged;
  }
  return next;
}

/** Translations as stored: JSON text that is always an object (a broken row reads as none). */
export function parseTranslations<F extends string>(json: string | null | undefined): Translations<F> {
  if (!json) return {};
  try {
    const value: unknown = JSON.parse(json);
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Translations<F>) : {};
  } catch {
    return {};
  }
}
