// Which language a reader gets: `?lang=`, then the switcher's cookie, then Accept-Language
// (RFC 9110 §12.5.4), then the page's default.
import type { Locale } from '../domain/model';
import { LOCALES } from '../domain/model';

export const LOCALE_COOKIE = 'forewarn_lang';

export const isLocale = (value: unknown): value is Locale => typeof value === 'string' && (LOCALES as readonly string[]).includes(value);

/** Headers already read: browsers send a few spellings, over and over. */
const readHeaders = new Map<string, Locale | null>();
/** Spellings kept at most (then forgotten at once), and the longest kept. */
const READ_HEADERS_KEPT = 256;
const READ_HEADER_LENGTH = 256;

/** The best supported locale of an Accept-Language header, by q-value then order; null if none fits. */
export function fromAcceptLanguage(header: string | null | undefined): Locale | null {
  if (!header) return null;
  const known = readHeaders.get(header);
  if (known !== undefined) return known;
  const locale = readAcceptLanguage(header);
  if (header.length <= READ_HEADER_LENGTH) {
    if (readHeaders.size >= READ_HEADERS_KEPT) readHeaders.clear();
    readHeaders.set(header, locale);
  }
  return locale;
}

function readAcceptLanguage(header: string): Locale | null {
  const ranges = header
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      const weight = q ? Number(q.slice(2)) : 1;
      return { tag: tag.trim().toLowerCase(), weight: Number.isFinite(weight) ? weight : 0, index };
    })
    .filter((r) => r.tag && r.weight > 0)
    .sort((a, b) => b.weight - a.weight || a.index - b.index);
  for (const range of ranges) {
    const primary = range.tag.split('-')[0];
    if (isLocale(primary)) return primary;
  }
  return null;
}

export function cookieValue(header: string | null | undefined, name: string): string | null {
  if (!header) return null;
  for (const pair of header.split(';')) {
    const at = pair.indexOf('=');
    if (at > 0 && pair.slice(0, at).trim() === name) return pair.slice(at + 1).trim();
  }
  return null;
}

export interface LocaleRequest {
  query: string | null | undefined;
  cookieHeader: string | null | undefined;
  acceptLanguage: string | null | undefined;
  fallback: Locale;
}

export interface NegotiatedLocale {
  locale: Locale;
  /** True when `?lang=` chose it: the answer remembers the choice in the cookie. */
  chosen: boolean;
}

export function negotiateLocale(request: LocaleRequest): NegotiatedLocale {
  if (isLocale(request.query)) return { locale: request.query, chosen: true };
  const cookie = cookieValue(request.cookieHeader, LOCALE_COOKIE);
  if (isLocale(cookie)) return { locale: cookie, chosen: false };
  return { locale: fromAcceptLanguage(request.acceptLanguage) ?? request.fallback, chosen: false };
}

/** The switcher's cookie for a request to `requestUrl`: a year, whole site, sent on top-level navigation only, Secure over https. */
export function localeCookie(locale: Locale, requestUrl: string): string {
  const secure = requestUrl.startsWith('https:');
  return `${LOCALE_COOKIE}=${locale}; Path=/; Max-Age=31536000; SameSite=Lax${secure ? '; Secure' : ''}`;
}
