// The history feeds and the maintenance calendar, read from the snapshot only, in the language
// `?lang=` names (the page's default language otherwise: see feedLocale).
import type { Context } from 'hono';
import { Hono } from 'hono';
import { cors } from 'hono/cors';
import type { AppEnv } from '../../app-env';
import type { Locale } from '../../domain/model';
import { feedLocale } from '../../i18n/feeds';
import { atomFeed, jsonFeed, rssFeed } from '../../present/feeds';
import { snapshotCalendar } from '../../present/icalendar';
import { CALENDAR_REFRESH_SECONDS } from '../../services/rendered-build';
import type { SnapshotContext } from '../cacheable';
import { currentRendered, currentSnapshot, prerenderedResponse, snapshotResponse } from '../cacheable';

const FEED_PATHS = ['/history.rss', '/history.atom', '/feed.json', '/maintenances.ics'] as const;

/**
 * One feed in the language asked for, as rendered when the snapshot was published (rendered
 * here only if that rendering lacks it), and labelled with Content-Language. The URL alone picks
 * the language, so the answer does not vary by request header and needs no Vary.
 */
async function feedResponse(
  c: Context<AppEnv>,
  key: string,
  contentType: string,
  render: (at: SnapshotContext, locale: Locale) => string,
): Promise<Response> {
  const rendered = await currentRendered(c);
  const locale = feedLocale(c.req.query('lang'), rendered.defaultLocale);
  c.header('Content-Language', locale);
  const prerendered = await prerenderedResponse(c, `${key}/${locale}`, contentType, rendered);
  if (prerendered) return prerendered;
  const snapshot = await currentSnapshot(c);
  return snapshotResponse(c, `${key}/${locale}`, contentType, (at) => render(at, locale), snapshot);
}

export function feeds(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  // Browser-side feed readers fetch from other origins. Named paths only: this app is mounted at
  // the root, where '*' would reach every other surface too.
  const anyOrigin = cors({ origin: '*', allowMethods: ['GET', 'HEAD', 'OPTIONS'], exposeHeaders: ['ETag'] });
  for (const path of FEED_PATHS) app.use(path, anyOrigin);

  app.get('/history.rss', (c) =>
    feedResponse(c, 'feeds/rss', 'application/rss+xml; charset=utf-8', ({ snapshot, baseUrl }, locale) =>
      rssFeed(snapshot, baseUrl, locale),
    ),
  );
  app.get('/history.atom', (c) =>
    feedResponse(c, 'feeds/atom', 'application/atom+xml; charset=utf-8', ({ snapshot, baseUrl }, locale) =>
      atomFeed(snapshot, baseUrl, locale),
    ),
  );
  app.get('/feed.json', (c) =>
    feedResponse(c, 'feeds/json', 'application/feed+json; charset=utf-8', ({ snapshot, baseUrl }, locale) =>
      jsonFeed(snapshot, baseUrl, locale),
    ),
  );
  app.get('/maintenances.ics', (c) =>
    feedResponse(c, 'feeds/ics', 'text/calendar; charset=utf-8', ({ snapshot, baseUrl }, locale) =>
      snapshotCalendar(snapshot, locale, { method: 'PUBLISH', baseUrl, refreshSeconds: CALENDAR_REFRESH_SECONDS }),
    ),
  );
  return app;
}
