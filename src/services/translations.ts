// Checks on the translations an operator writes: the default language lives in the fields
// themselves, so a translation into it would be a second, contradicting value.
import { Conflict, Invalid } from '../domain/errors';
import type { Locale } from '../domain/model';
import type { Ctx } from '../env';
import { findPageSettings } from '../store/page';

export async function pageDefaultLocale(ctx: Ctx): Promise<Locale> {
  return (await findPageSettings(ctx.db))?.defaultLocale ?? 'en';
}

/** Refuses translations into the page's default language, naming where that text goes instead. */
export async function checkTranslations(ctx: Ctx, translations: Partial<Record<Locale, unknown>> | undefined): Promise<void> {
  if (!translations || Object.keys(translations).length === 0) return;
  const locale = await pageDefaultLocale(ctx);
  if (translations[locale] !== undefined) {
    throw new Invalid(`"${locale}" is the page's default language: write it in the fields themselves, not in translations`, {
      translations: locale,
    });
  }
}

/**
 * Changing the default language would turn every text's default value into the new language's
 * while it was written in the old one: refused while any text has translations.
 */
export async function checkDefaultLocaleChange(ctx: Ctx, from: Locale, to: Locale): Promise<void> {
  if (from === to) return;
  const tables = ['page_settings', 'component_groups', 'components', 'incidents', 'maintenances', 'updates'];
  // One SELECT of ORed EXISTS, not a UNION: D1 refused six UNION ALL terms ("too many terms in
  // compound SELECT"), its limit being lower than SQLite's default.
  const row = await ctx.db
    .prepare(`SELECT ${tables.map((t) => `EXISTS (SELECT 1 FROM ${t} WHERE translations <> '{}')`).join(' OR ')} AS translated`)
    .first<{ translated: number }>();
  if (row?.translated === 1) {
    throw new Conflict(
      `the page's texts already have translations from "${from}": changing the default language to "${to}" would mislabel them`,
      { default_locale: to },
    );
  }
}
