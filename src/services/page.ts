import { z } from 'zod';
import { Invalid } from '../domain/errors';
import { mergeTranslations } from '../domain/localized';
import type { PageSettings } from '../domain/model';
import { LOCALES } from '../domain/model';
import type { Ctx } from '../env';
import { auditStatement } from '../store/audit';
import { findPageSettings, savePageSettings } from '../store/page';
import { commit } from './commit';
import { Name, TranslatedName, translationsOf } from './schemas';
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

/** This machine's names: http: to them cannot leave it. */
const isLoopback = (url: URL): boolean =>
  /^(?:localhost|[a-z0-9-]+\.localhost|127(?:\.\d{1,3}){3}|\[::1\])$/i.test(url.hostname.replace(/\.$/, ''));

const HTTPS_ONLY = 'must be an https: URL (http: only to localhost, in development)';

/**
 * A link or image the page shows: https:, or http: to this machine (a local `npm start`; whether
 * that is allowed depends on the deployment, see checkPlainHttp). Never javascript:, data: and
 * the like, which a reader's browser would run or show as the page's own.
 */
const PageUrl = z
  .url({ protocol: /^https?$/, error: HTTPS_ONLY })
  .max(500)
  .refine((s) => {
    const url = new URL(s);
    return url.protocol === 'https:' || isLoopback(url);
  }, HTTPS_ONLY);

/** The page's fields that hold a URL a reader's browser follows. */
export const URL_FIELDS = ['url', 'logo_url', 'support_url', 'privacy_url', 'legal_url'] as const;

export const PageInput = z.strictObject({
  name: Name.optional(),
  url: PageUrl.optional(),
  time_zone: z.string().max(64).refine(isTimeZone, 'must be an IANA time zone such as Europe/Paris').optional(),
  default_locale: z.enum(LOCALES).optional(),
  logo_url: PageUrl.nullable().optional(),
  support_url: PageUrl.nullable().optional(),
  /** The operator's privacy policy, linked from the subscription pages. */
  privacy_url: PageUrl.nullable().optional(),
  /** The operator's legal notice (« mentions légales »), linked from the page's and the e-mails' footers. */
  legal_url: PageUrl.nullable().optional(),
  translations: translationsOf({ name: TranslatedName }),
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

/**
 * Development is a PUBLIC_URL that is itself http: on this machine, as wrangler.toml ships it for
 * `npm start` (`npm run deploy` refuses such a deployment): only there may the page's URLs be
 * http:, to localhost. A deployed page links over https: alone.
 */
export const isDevelopment = (publicUrl: string): boolean => {
  const url = new URL(publicUrl);
  return url.protocol === 'http:' && isLoopback(url);
};

function checkPlainHttp(ctx: Ctx, input: PageInput): void {
  if (isDevelopment(ctx.config.PUBLIC_URL)) return;
  const plain = URL_FIELDS.filter((field) => {
    const value = input[field];
    return typeof value === 'string' && new URL(value).protocol === 'http:';
  });
  if (plain.length > 0) {
    throw new Invalid(
      `invalid body at ${plain[0]}: ${HTTPS_ONLY}`,
      plain.map((path) => ({ path, message: HTTPS_ONLY, code: 'custom' })),
    );
  }
}

export async function updatePage({ ctx, input }: { ctx: Ctx; input: PageInput }): Promise<PageSettings> {
  checkPlainHttp(ctx, input);
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
    privacyUrl: input.privacy_url !== undefined ? input.privacy_url : current.privacyUrl,
    legalUrl: input.legal_url !== undefined ? input.legal_url : current.legalUrl,
    updatedAt: ctx.now.toISOString(),
    translations: mergeTranslations(current.translations, input.translations),
  };
  await commit(ctx, [savePageSettings(ctx.db, next), auditStatement(ctx, 'page.update', 'page', next.pageId, input)]);
  return next;
}
