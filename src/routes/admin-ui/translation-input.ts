// The side-by-side language fields of a form (views/admin/translated-fields.tsx) to and from the
// admin API's `translations: {"fr": {"name": "…"}}`.
import type { Translations } from '../../domain/localized';
import type { Locale } from '../../domain/model';
import type { FormValues } from '../../views/admin/fields';
import { fieldValue } from '../../views/admin/fields';
import { otherLanguages, translationField } from '../../views/admin/translated-fields';

/**
 * What the operator wrote in the other languages, empty fields left out; undefined when nothing
 * was, so a form with no translation sends no `translations` at all.
 */
export function translationsFromForm<F extends string>(
  form: FormValues,
  fields: readonly F[],
  defaultLocale: Locale,
): Translations<F> | undefined {
  const out: Translations<F> = {};
  for (const locale of otherLanguages(defaultLocale)) {
    const written: Partial<Record<F, string>> = {};
    for (const field of fields) {
      const value = fieldValue(form, translationField(locale, field));
      if (value.trim()) written[field] = value;
    }
    if (Object.keys(written).length > 0) out[locale] = written;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

/**
 * The change an edit form makes to `current`: each field typed differently, null where the
 * operator emptied one (null removes the translation, so its readers fall back to the default
 * language; the API refuses an empty translated name); undefined when none. A field the post did
 * not carry at all is left as it is, not taken for emptied.
 */
export function translationsPatch<F extends string>(
  form: FormValues,
  current: Translations,
  fields: readonly F[],
  defaultLocale: Locale,
): Partial<Record<Locale, Partial<Record<F, string | null>>>> | undefined {
  const out: Partial<Record<Locale, Partial<Record<F, string | null>>>> = {};
  for (const locale of otherLanguages(defaultLocale)) {
    const changed: Partial<Record<F, string | null>> = {};
    for (const field of fields) {
      if (form[translationField(locale, field)] === undefined) continue;
      const typed = fieldValue(form, translationField(locale, field)).trim();
      if (typed !== (current[locale]?.[field] ?? '').trim()) changed[field] = typed || null;
    }
    if (Object.keys(changed).length > 0) out[locale] = changed;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

/** The form values of `translations`: `translations.fr.name` → "…". */
export function translationValues(
  translations: Partial<Record<Locale, Partial<Record<string, string | null | undefined>>>> | undefined,
): FormValues {
  const values: FormValues = {};
  for (const [locale, fields] of Object.entries(translations ?? {}) as [Locale, Record<string, string | null | undefined>][]) {
    for (const [field, value] of Object.entries(fields ?? {})) if (value) values[translationField(locale, field)] = value;
  }
  return values;
}
