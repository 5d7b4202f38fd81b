// What the public routes serve, rendered once when a snapshot is published rather than on every
// request: `/`, `/embed` and every `/history` page in each language, the feeds in each language,
// the Statuspage JSON documents and the overall badge. Requests then only stream these bytes
// (services/rendered.ts). A rendering holds until the clock changes what it says without a
// write: the page zone's next midnight (the 90-day bars, the history's months) or the next
// moment a planned maintenance's countdown, "soon" or due state moves (validUntil below).

import type { Locale } from '../domain/model';
import { LOCALES } from '../domain/model';
import { INDICATOR_COLOR } from '../domain/status';
import { DAY_MS, HOUR_MS, MINUTE_MS } from '../domain/time-units';
import { maintenanceSoon, SOON_DAYS } from '../domain/upcoming';
import { addDays, knownZone, localDate, startOfDay } from '../domain/zone-days';
import { MESSAGES } from '../i18n';
import type { Badge } from '../present/badge';
import { badgeSvg, scheduledMessage } from '../present/badge';
import { atomFeed, jsonFeed, rssFeed } from '../present/feeds';
import { historyPage } from '../present/history-page';
import { snapshotCalendar } from '../present/icalendar';
import { localizeSnapshot } from '../present/localize';
import { homeModel } from '../present/public-page';
import type { StatuspageDocument } from '../present/statuspage';
import { statuspageDocuments, statuspageView } from '../present/statuspage';
import type { ViewContext } from '../views/public/context';
import { RENDERED_TEXT_LIFETIME_MS } from '../views/public/countdown';
import { EmbedPage } from '../views/public/embed-page';
import { HistoryPage } from '../views/public/history-page';
import { HomePage } from '../views/public/home-page';
import { renderDocument } from '../views/public/layout';
import type { RenderSite } from './rendered-names';
import { apiV2Key, badgeKey, feedKey, pageKey, rendererOf } from './rendered-names';
import type { Snapshot } from './snapshot-build';

/** Calendar apps poll on their own schedule; this is the hint they get (REFRESH-INTERVAL). */
export const CALENDAR_REFRESH_SECONDS = 3600;

export interface RenderedEntry {
  /** The bytes; null while they are only in KV (a rendering read from there loads each on first use). */
  body: Uint8Array<ArrayBuffer> | null;
  /** A hash of the body, not the version: a deploy that changes a document changes its tag. Names the body in KV. */
  etag: string;
}

export interface RenderedBundle {
  /** The snapshot version rendered. */
  version: number;
  /** Which code rendered it, for which URL (rendererOf): another one's bytes may name assets this one does not serve. */
  renderer: string;
  /** The clock the rendering read (ms). */
  renderedAtMs: number;
  /** From this instant (ms) the clock alone makes some of it wrong: render again. */
  validUntilMs: number;
  /** The next midnight in the page's zone (ms): the day's bars end there. */
  dayEndsMs: number;
  /** The page's default language, for readers who name none. */
  defaultLocale: Locale;
  /** Keyed as the routes look them up: `page/<locale>|<path><search>`, `feeds/rss/<locale>`, `api-v2/<name>`, `badge/page/<upcoming>`. */
  entries: Map<string, RenderedEntry>;
}

/**
 * How many times this isolate rendered public documents: a whole bundle here, or one document on
 * a request (routes/public/reader.ts, routes/cacheable.ts). A real count the tests read to show
 * that requests render nothing: the rendering happens when a write publishes.
 */
export const renderings = { count: 0 };

/** formatTimeLeft speaks in minutes up to 72 hours, in days and hours beyond. */
const MINUTES_UP_TO = 72 * HOUR_MS;

/** The next midnight after `now` in the page's zone. */
const nextMidnight = (snapshot: Snapshot, now: Date): number => {
  const zone = knownZone(snapshot.page.timeZone);
  return startOfDay(addDays(localDate(now, zone), 1), zone).getTime();
};

/** The next instant after `now` at which the clock alone changes something rendered. */
export function validUntil(snapshot: Snapshot, now: Date): number {
  const nowMs = now.getTime();
  const moments = [nextMidnight(snapshot, now)];
  for (const m of snapshot.maintenances) {
    if (m.status !== 'scheduled') continue;
    const start = Date.parse(m.scheduledFor);
    // Enters the embed's and the badge's "soon"; becomes due (history lists it).
    moments.push(start - SOON_DAYS * DAY_MS, start);
    // The countdown's words, counted from RENDERED_TEXT_LIFETIME_MS ahead, change at each unit.
    const left = start - RENDERED_TEXT_LIFETIME_MS - nowMs;
    if (left > 0) {
      const unit = left > MINUTES_UP_TO ? HOUR_MS : MINUTE_MS;
      moments.push(start - RENDERED_TEXT_LIFETIME_MS - (Math.ceil(left / unit) - 1) * unit);
    }
  }
  return Math.min(...moments.filter((at) => at > nowMs));
}

/**
 * A document's ETag: a hash of its bytes rather than the snapshot's version, so a deploy that
 * changes how a document is written cannot keep answering 304 to clients holding the old body.
 * The same for a document rendered here and one rendered on a request (routes/cacheable.ts).
 */
export async function etagOf(body: string | Uint8Array): Promise<string> {
  const bytes = typeof body === 'string' ? new TextEncoder().encode(body) : body;
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  let hex = '';
  for (const byte of digest.subarray(0, 16)) hex += byte.toString(16).padStart(2, '0');
  return `"${hex}"`;
}

function contextFor(snapshot: Snapshot, locale: Locale, path: string, search: string, now: Date): ViewContext {
  return { locale, t: MESSAGES[locale], page: snapshot.page, zone: knownZone(snapshot.page.timeZone), path, search, now };
}

/** The overall badge (no ?component=), as routes/badge says it. */
export function overallBadge(snapshot: Snapshot, now: Date, upcoming: boolean): Badge {
  const [next] = upcoming && snapshot.status.indicator === 'none' ? maintenanceSoon(snapshot.maintenances, now) : [];
  if (next) {
    const message = scheduledMessage(next.scheduledFor, knownZone(snapshot.page.timeZone));
    return { label: 'status', message, color: INDICATOR_COLOR.maintenance };
  }
  return { label: 'status', message: snapshot.status.description, color: INDICATOR_COLOR[snapshot.status.indicator] };
}

/** Feeds and Statuspage JSON say nothing that moves with the clock: a rendering of the same version keeps them. */
const clockFree = (key: string) => key.startsWith('feeds/') || key.startsWith('api-v2/');

/**
 * Renders every document the public routes serve from `snapshot` at `now`. With `earlier`, a
 * rendering of the same version the clock made stale, only what moves with the clock is rendered
 * again (the pages and the badge: about two thirds of the work).
 */
export async function renderBundle(snapshot: Snapshot, now: Date, site: RenderSite, earlier?: RenderedBundle): Promise<RenderedBundle> {
  renderings.count++;
  const { baseUrl, mailFrom } = site;
  const renderer = rendererOf(site);
  const kept =
    earlier?.version === snapshot.version && earlier.renderer === renderer ? [...earlier.entries].filter(([key]) => clockFree(key)) : [];
  const texts = new Map<string, string>();
  for (const locale of LOCALES) {
    const local = localizeSnapshot(snapshot, locale);
    const model = homeModel(local, now);
    const at = (path: string, search = '') => contextFor(local, locale, path, search, now);
    texts.set(pageKey(locale, '/'), await renderDocument(<HomePage ctx={at('/')} status={local.status} model={model} />));
    texts.set(pageKey(locale, '/embed'), await renderDocument(<EmbedPage ctx={at('/embed')} status={local.status} model={model} />));
    const first = historyPage(local, now, 1);
    for (let n = 1; first && n <= first.pages; n++) {
      const history = n === 1 ? first : historyPage(local, now, n);
      if (!history) break;
      const search = `?page=${n}`;
      texts.set(pageKey(locale, `/history${search}`), await renderDocument(<HistoryPage ctx={at('/history', search)} history={history} />));
      if (n === 1) texts.set(pageKey(locale, '/history'), await renderDocument(<HistoryPage ctx={at('/history')} history={history} />));
    }
    if (kept.length > 0) continue;
    texts.set(feedKey('rss', locale), rssFeed(snapshot, baseUrl, locale));
    texts.set(feedKey('atom', locale), atomFeed(snapshot, baseUrl, locale));
    texts.set(feedKey('json', locale), jsonFeed(snapshot, baseUrl, locale));
    texts.set(
      feedKey('ics', locale),
      snapshotCalendar(snapshot, locale, { method: 'PUBLISH', baseUrl, mailFrom, refreshSeconds: CALENDAR_REFRESH_SECONDS }),
    );
  }
  if (kept.length === 0) {
    const view = statuspageView(snapshot, baseUrl);
    for (const name of Object.keys(statuspageDocuments) as StatuspageDocument[]) {
      texts.set(apiV2Key(name), JSON.stringify(statuspageDocuments[name](view)));
    }
  }
  texts.set(badgeKey('1'), badgeSvg(overallBadge(snapshot, now, true)));
  texts.set(badgeKey('0'), badgeSvg(overallBadge(snapshot, now, false)));

  const encoder = new TextEncoder();
  const entries = new Map<string, RenderedEntry>(kept);
  // Documents with the same bytes share one body (and one KV value).
  const byText = new Map<string, RenderedEntry>();
  for (const [key, text] of texts) {
    let entry = byText.get(text);
    if (!entry) {
      const body = encoder.encode(text) as Uint8Array<ArrayBuffer>;
      entry = { body, etag: await etagOf(body) };
      byText.set(text, entry);
    }
    entries.set(key, entry);
  }
  return {
    version: snapshot.version,
    renderer,
    renderedAtMs: now.getTime(),
    validUntilMs: validUntil(snapshot, now),
    dayEndsMs: nextMidnight(snapshot, now),
    defaultLocale: snapshot.page.defaultLocale,
    entries,
  };
}
