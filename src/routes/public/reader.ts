// Who reads a public page (language, the page's zone) and the HTML answer they get: rendered
// once per snapshot, language, path and minute (uptime bars and "today" move with the clock),
// with an ETag, and the language cookie when `?lang=` chose it.
import type { Context } from 'hono';
import type { AppEnv } from '../../app-env';
import type { Locale, PageSettings } from '../../domain/model';
import { knownZone } from '../../domain/zone-days';
import { localeCookie, MESSAGES, negotiateLocale } from '../../i18n';
import { etagOf, renderings } from '../../services/rendered-build';
import type { Snapshot } from '../../services/snapshot';
import { fromSnapshot } from '../../services/snapshot';
import type { ViewContext } from '../../views/public/context';
import { matches, PUBLIC_MAX_AGE } from '../conditional';
import { CONTENT_TYPES } from '../prerendered';

type C = Context<AppEnv>;

export interface Reader {
  ctx: ViewContext;
  /** `?lang=` chose the language: remember it. */
  chosen: boolean;
}

/** `keep`: the query parameters that select what the page shows (the switcher keeps them). */
export function readerOf(c: C, page: PageSettings, keep: readonly string[] = []): Reader {
  const { locale, chosen } = languageOf(c, page.defaultLocale);
  const search = keptSearch(c, keep);
  return {
    chosen,
    ctx: {
      locale,
      t: MESSAGES[locale],
      page,
      zone: knownZone(page.timeZone),
      path: c.req.path,
      search,
      now: c.get('deps').clock.now(),
    },
  };
}

/** The reader's language: `?lang=`, else the cookie, else Accept-Language, else the page's. */
const languageOf = (c: C, fallback: Locale) =>
  negotiateLocale({
    query: c.req.query('lang'),
    cookieHeader: c.req.header('cookie'),
    acceptLanguage: c.req.header('accept-language'),
    fallback,
  });

/** `?page=2`: the kept query parameters, as the switcher links and the rendering keys have them. */
function keptSearch(c: C, keep: readonly string[]): string {
  if (keep.length === 0 || !c.req.url.includes('?')) return '';
  const params = new URLSearchParams();
  for (const name of keep) {
    const value = c.req.query(name);
    if (value !== undefined) params.set(name, value);
  }
  const search = params.toString();
  return search ? `?${search}` : '';
}

interface Rendered {
  minute: number;
  body: string;
  etag: string;
}

const minuteOf = (c: C) => Math.floor(c.get('deps').clock.now().getTime() / 60_000);

/**
 * A value derived from the snapshot and the clock (the 90-day bars), computed at most once a
 * minute per snapshot, and shared by every language and page that shows it.
 */
export function perMinute<T>(c: C, snapshot: Snapshot, key: string, compute: () => T): T {
  const minute = minuteOf(c);
  const store = fromSnapshot(snapshot, 'public-values', () => new Map<string, { minute: number; value: unknown }>());
  const held = store.get(key);
  if (held && held.minute === minute) return held.value as T;
  const value = compute();
  store.set(key, { minute, value });
  return value;
}

/**
 * The page `render` makes, for GET and HEAD. Each (language, path, kept query) holds only its
 * latest rendering, so the cache stays as small as the set of pages, however long a snapshot lives.
 */
export async function pageResponse(c: C, snapshot: Snapshot, reader: Reader, render: () => Promise<string>): Promise<Response> {
  const minute = minuteOf(c);
  const store = fromSnapshot(snapshot, 'public-pages', () => new Map<string, Rendered>());
  const key = `${reader.ctx.locale}|${reader.ctx.path}${reader.ctx.search}`;
  let rendered = store.get(key);
  if (!rendered || rendered.minute !== minute) {
    renderings.count++;
    const body = await render();
    rendered = { minute, body, etag: await etagOf(body) };
    store.set(key, rendered);
  }
  return htmlResponse(c, reader.ctx.locale, reader.chosen, rendered.etag, rendered.body);
}

/** The page's answer: 304 to a reader who has it, else the body; one `?lang=` chose sets the cookie and is private. */
function htmlResponse(c: C, locale: Locale, chosen: boolean, etag: string, body: string): Response {
  const headers: Record<string, string> = {
    ETag: etag,
    Vary: 'Accept-Language, Cookie',
    'Content-Language': locale,
    'Cache-Control': chosen ? 'private, no-cache' : `public, max-age=${PUBLIC_MAX_AGE}`,
  };
  if (chosen) headers['Set-Cookie'] = localeCookie(locale, c.req.url);
  else if (matches(c.req.header('if-none-match'), etag)) return c.body(null, 304, headers);
  return c.body(body, 200, { ...headers, 'Content-Type': CONTENT_TYPES.html });
}
