import { parseTranslations } from '../domain/localized';
import type { Locale, PageSettings } from '../domain/model';

interface PageRow {
  page_id: string;
  name: string;
  url: string;
  time_zone: string;
  default_locale: Locale;
  logo_url: string | null;
  support_url: string | null;
  privacy_url: string | null;
  legal_url: string | null;
  updated_at: string;
  translations: string;
}

export async function findPageSettings(db: D1Database): Promise<PageSettings | null> {
  const row = await db.prepare('SELECT * FROM page_settings WHERE id = 1').first<PageRow>();
  return row
    ? {
        pageId: row.page_id,
        name: row.name,
        url: row.url,
        timeZone: row.time_zone,
        defaultLocale: row.default_locale,
        logoUrl: row.logo_url,
        supportUrl: row.support_url,
        privacyUrl: row.privacy_url,
        legalUrl: row.legal_url,
        updatedAt: row.updated_at,
        translations: parseTranslations(row.translations),
      }
    : null;
}

export function savePageSettings(db: D1Database, page: PageSettings): D1PreparedStatement {
  return db
    .prepare(
      `INSERT INTO page_settings (id, page_id, name, url, time_zone, default_locale, logo_url, support_url, privacy_url,
         legal_url, updated_at, translations)
       VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET name = excluded.name, url = excluded.url, time_zone = excluded.time_zone,
         default_locale = excluded.default_locale, logo_url = excluded.logo_url,
         support_url = excluded.support_url, privacy_url = excluded.privacy_url,
         legal_url = excluded.legal_url, updated_at = excluded.updated_at, translations = excluded.translations`,
    )
    .bind(
      page.pageId,
      page.name,
      page.url,
      page.timeZone,
      page.defaultLocale,
      page.logoUrl,
      page.supportUrl,
      page.privacyUrl,
      page.legalUrl,
      page.updatedAt,
      JSON.stringify(page.translations),
    );
}
