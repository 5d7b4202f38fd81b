import { z } from 'zod';
import { Invalid } from '../domain/errors';
import { mergeTranslations } from '../domain/localized';
import type { PageSettings } from '../domain/model';
import { LOCALES } from '../domain/model';
import type { Ctx } from '../env';
import { auditStatement } from '../store/audit';
import { findPageSettings, savePageSettings } from '../store/page';
import { commit } from './commit';
import { Name, TranslatedText, translationsOf } from './schemas';
import { DEFAULT_PAGE } from './snapshot';
import { checkDefaultLocaleChange, checkTranslations } from './translations';

const isTimeZone = (zone: string): boolean => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
};

export const PageInput = z.strictObject({
  name: Name.optional(),
  url: z.url().max(500).optional(),
  time_zone: z.string().max(64).refine(isTimeZone, 'must be an IANA time zone such as Europe/Paris').optional(),
  default_locale: z.enum(LOCALES).optional(),
  logo_url: z.url().max(500).nullable().optional(),
  support_url: z.url().max(500).nullable().optional(),
  translations: translationsOf({ name: TranslatedText(200) }),
});
export type PageInput = z.infer<typeof PageInput>;

export async function getPage(ctx: Ctx): Promise<PageSettings> {
  return (
    (await findPageSettings(ctx.db)) ?? {
      ...DEFAULT_PAGE,
      url: ctx.config.PUBLIC_URL,
      pageId: ctx.newId(),
      updatedAt: ctx.now.toISOString(),
    }
  );
}

export async function updatePage({ ctx, input }: { ctx: Ctx; input: PageInput }): Promise<PageSettings> {
  const current = await getPage(ctx);
  if (input.default_locale) await checkDefaultLocaleChange(ctx, current.defaultLocale, input.default_locale);
  if (input.default_locale && input.translations?.[input.default_locale]) {
    throw new Invalid(`"${input.default_locale}" becomes the default language: write it in the fields themselves`);
  }
  if (!input.default_locale) await checkTranslations(ctx, input.translations);
  const next: PageSettings = {
    ...current,
    name: input.name ?? current.name,
    url: input.url ?? current.url,
    timeZone: input.time_zone ?? current.timeZone,
    defaultLocale: input.default_locale ?? current.defaultLocale,
    logoUrl: input.logo_url !== undefined ? input.logo_url : current.logoUrl,
    supportUrl: input.support_url !== undefined ? input.support_url : current.supportUrl,
    updatedAt: ctx.now.toISOString(),
    translations: mergeTranslations(current.translations, input.translations),
  };
  await commit(ctx, [savePageSettings(ctx.db, next), auditStatement(ctx, 'page.update', 'page', next.pageId, input)]);
  return next;
}
