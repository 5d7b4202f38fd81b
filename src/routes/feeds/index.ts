// The history feeds and the maintenance calendar, read from the snapshot only, in the language
// `?lang=` names (the page's default language otherwise: see feedLocale), of the whole page or
// of the components `?component=` names (see scopeIds).
import type { Context } from 'hono';
import { Hono } from 'hono';
import type { AppEnv } from '../../app-env';
import { AppError } from '../../domain/errors';
import type { Locale } from '../../domain/model';
import { readConfig } from '../../env';
import { feedLocale } from '../../i18n/feeds';
import type { FeedScope } from '../../present/feeds';
import { atomFeed, feedScope, jsonFeed, rssFeed } from '../../present/feeds';
import { snapshotCalendar } from '../../present/icalendar';
import { CALENDAR_REFRESH_SECONDS, etagOf, renderings } from '../../services/rendered-build';
import type { FeedKind } from '../../services/rendered-names';
import { feedKey } from '../../services/rendered-names';
import type { SnapshotContext } from '../cacheable';
import { currentSnapshot, snapshotResponse } from '../cacheable';
import { matches, PUBLIC_MAX_AGE } from '../conditional';
import { prerenderedFor, prerenderedRoute } from '../prerendered';
import { anyOrigin } from '../security-headers';

const FEED_PATHS = ['/history.rss', '/history.atom', '/feed.json', '/maintenances.ics'] as const;

/** More ids than a page has components is no real subscription: refused before any work. */
const MAX_SCOPE_IDS = 100;

type Render = (at: SnapshotContext, locale: Locale, scope?: FeedScope) => string;

/**
 * The component and group ids of `?component=`: comma-separated (`?component=a,b`), the form
 * the feeds' own links write; the parameter given twice is read as the same list. Null for the
 * whole page (no parameter, or an empty one).
 */
function scopeIds(c: Context<AppEnv>): string[] | null {
  const ids = (c.req.queries('component') ?? [])
    .flatMap((value) => value.split(','))
    .map((id) => id.trim())
    .filter((id) => id !== '');
  if (ids.length > MAX_SCOPE_IDS) throw new AppError('bad_request', `?component= names at most ${MAX_SCOPE_IDS} components`);
  return ids.length > 0 ? ids : null;
}

/**
 * A feed rendered for this request alone, with an ETag of its body: a scope of several
 * components is not kept per snapshot, as their combinations are without number and each kept
 * rendering would hold isolate memory until the next write.
 */
async function renderedNow(c: Context<AppEnv>, contentType: string, body: string): Promise<Response> {
  renderings.count++;
  const etag = await etagOf(body);
  const headers = { ETag: etag, 'Cache-Control': `public, max-age=${PUBLIC_MAX_AGE}` };
  if (matches(c.req.header('if-none-match'), etag)) return c.body(null, 304, headers);
  return c.body(body, 200, { ...headers, 'Content-Type': contentType });
}

/**
 * One feed in the language asked for, labelled with Content-Language. The whole page's is the
 * one rendered when the snapshot was published (rendered here only if that rendering lacks it);
 * a scoped one is rendered here from the snapshot, kept per snapshot for one component or group.
 * The URL alone picks the language and the scope, so the answer needs no Vary.
 */
async function feedResponse(c: Context<AppEnv>, kind: FeedKind, render: Render): Promise<Response> {
  const { contentType } = prerenderedRoute(c.req.path);
  const ids = scopeIds(c);
  if (ids) {
    const snapshot = await currentSnapshot(c);
    const scope = feedScope(snapshot, ids);
    const locale = feedLocale(c.req.query('lang'), snapshot.page.defaultLocale);
    c.header('Content-Language', locale);
    if (scope.ids.length === 1) {
      return snapshotResponse(
        c,
        `${feedKey(kind, locale)}?component=${scope.ids[0]}`,
        contentType,
        (at) => render(at, locale, scope),
        snapshot,
      );
    }
    return renderedNow(c, contentType, render({ snapshot, baseUrl: readConfig(c.env).PUBLIC_URL }, locale, scope));
  }
  const prerendered = await prerenderedFor(c);
  if (prerendered) return prerendered;
  const snapshot = await currentSnapshot(c);
  const locale = feedLocale(c.req.query('lang'), snapshot.page.defaultLocale);
  c.header('Content-Language', locale);
  return snapshotResponse(c, feedKey(kind, locale), contentType, (at) => render(at, locale), snapshot);
}

export function feeds(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  // Browser-side feed readers fetch from other origins. Named paths only: this app is mounted at
  // the root, where '*' would reach every other surface too.
  const everyOrigin = anyOrigin();
  for (const path of FEED_PATHS) app.use(path, everyOrigin);

  app.get('/history.rss', (c) =>
    feedResponse(c, 'rss', ({ snapshot, baseUrl }, locale, scope) => rssFeed(snapshot, baseUrl, locale, scope)),
  );
  app.get('/history.atom', (c) =>
    feedResponse(c, 'atom', ({ snapshot, baseUrl }, locale, scope) => atomFeed(snapshot, baseUrl, locale, scope)),
  );
  app.get('/feed.json', (c) =>
    feedResponse(c, 'json', ({ snapshot, baseUrl }, locale, scope) => jsonFeed(snapshot, baseUrl, locale, scope)),
  );
  app.get('/maintenances.ics', (c) =>
    feedResponse(c, 'ics', ({ snapshot, baseUrl }, locale, scope) =>
      snapshotCalendar(snapshot, locale, {
        method: 'PUBLISH',
        baseUrl,
        mailFrom: readConfig(c.env).MAIL_FROM,
        refreshSeconds: CALENDAR_REFRESH_SECONDS,
        ...(scope ? { scope } : {}),
      }),
    ),
  );
  return app;
}
