// The history feeds and the maintenance calendar, read from the snapshot only.
import { Hono } from 'hono';
import { cors } from 'hono/cors';
import type { AppEnv } from '../../app-env';
import { atomFeed, jsonFeed, rssFeed } from '../../present/feeds';
import { maintenanceCalendar } from '../../present/icalendar';
import { snapshotResponse } from '../cacheable';

/** Calendar apps poll on their own schedule; this is the hint they get (REFRESH-INTERVAL). */
const CALENDAR_REFRESH_SECONDS = 3600;

const FEED_PATHS = ['/history.rss', '/history.atom', '/feed.json', '/maintenances.ics'] as const;

export function feeds(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  // Browser-side feed readers fetch from other origins. Named paths only: this app is mounted at
  // the root, where '*' would reach every other surface too.
  const anyOrigin = cors({ origin: '*', allowMethods: ['GET', 'HEAD', 'OPTIONS'], exposeHeaders: ['ETag'] });
  for (const path of FEED_PATHS) app.use(path, anyOrigin);

  app.get('/history.rss', (c) =>
    snapshotResponse(c, 'feeds/rss', 'application/rss+xml; charset=utf-8', ({ snapshot, baseUrl }) => rssFeed(snapshot, baseUrl)),
  );
  app.get('/history.atom', (c) =>
    snapshotResponse(c, 'feeds/atom', 'application/atom+xml; charset=utf-8', ({ snapshot, baseUrl }) => atomFeed(snapshot, baseUrl)),
  );
  app.get('/feed.json', (c) =>
    snapshotResponse(c, 'feeds/json', 'application/feed+json; charset=utf-8', ({ snapshot, baseUrl }) => jsonFeed(snapshot, baseUrl)),
  );
  app.get('/maintenances.ics', (c) =>
    snapshotResponse(c, 'feeds/ics', 'text/calendar; charset=utf-8', ({ snapshot, baseUrl }) =>
      maintenanceCalendar(snapshot.page, snapshot.maintenances, {
        method: 'PUBLISH',
        baseUrl,
        componentNames: new Map(snapshot.components.map((c) => [c.id, c.name])),
        refreshSeconds: CALENDAR_REFRESH_SECONDS,
      }),
    ),
  );
  return app;
}
