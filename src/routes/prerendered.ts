// The public GETs whose bytes were rendered when the snapshot was published
// (services/rendered-build.tsx): one table of them, and their answer with every header it
// carries, the surface's security and CORS headers included. The worker answers them before the
// router (`answerBeforeRouter`): on the hottest routes Hono's routing, context and three
// middlewares setting headers one by one cost more than reading the bytes (issue 16). The routes'
// own handlers give the same answer through `prerenderedFor` (HEAD, a percent-encoded query) and
// render what the rendering lacks; test/read-model/answered-before-router.test.ts holds both to
// the same bytes and headers.
import type { Context } from 'hono';
import type { AppEnv } from '../app-env';
import type { Bindings, Deps } from '../bindings';
import type { Locale } from '../domain/model';
import { feedLocale } from '../i18n/feeds';
import { localeCookie, negotiateLocale } from '../i18n/negotiate';
import { STATUSPAGE_DOCUMENTS } from '../present/statuspage-documents';
import { currentRendered, readRendered } from '../services/rendered';
import type { RenderedBundle, RenderedEntry } from '../services/rendered-build';
import { renderedBody } from '../services/rendered-held';
import type { FeedKind } from '../services/rendered-names';
import { apiV2Key, badgeKey, feedKey, pageKey } from '../services/rendered-names';
import { matches, PUBLIC_MAX_AGE } from './conditional';
import { BADGE_CSP, CORS_HEADERS, DOCUMENT_CSP, securityHeaderValues } from './security-headers';

export const CONTENT_TYPES = {
  html: 'text/html; charset=utf-8',
  json: 'application/json; charset=utf-8',
  svg: 'image/svg+xml; charset=utf-8',
  rss: 'application/rss+xml; charset=utf-8',
  atom: 'application/atom+xml; charset=utf-8',
  jsonFeed: 'application/feed+json; charset=utf-8',
  calendar: 'text/calendar; charset=utf-8',
} as const;

/** `/history?page=N`: the numbers a history page may have. */
export const PAGE_NUMBER = /^[1-9]\d{0,3}$/;

/** The decoded values of the query parameters a route reads. */
type Query = Readonly<Partial<Record<string, string>>>;

interface PrerenderedRoute {
  path: string;
  /** The query parameters the route reads; a request naming any other goes to the router. */
  reads: readonly string[];
  /**
   * How the language is chosen: `reader`, a page (`?lang=`, the cookie, Accept-Language; the
   * answer varies with them); `url`, a feed (`?lang=` or the page's); `none`.
   */
  language: 'reader' | 'url' | 'none';
  /** The rendering's key, or null when the route's handler must answer (a 404, a 400 badge). */
  key: (query: Query, locale: Locale) => string | null;
  contentType: string;
  /** The surface's headers (security, CORS), as its middleware sets them. */
  headers: readonly [string, string][];
}

const entriesOf = (headers: Record<string, string>) => Object.entries(headers) as [string, string][];
const PAGE_HEADERS = entriesOf(securityHeaderValues('none'));
/** Documents that are not pages: any origin may read them, and opened on their own they run nothing. */
const SHARED_HEADERS = entriesOf({ ...CORS_HEADERS, 'Content-Security-Policy': DOCUMENT_CSP, 'X-Content-Type-Options': 'nosniff' });

type RouteSpec = Omit<PrerenderedRoute, 'path'>;

const page = (key: PrerenderedRoute['key'], reads = ['lang'], headers = PAGE_HEADERS): RouteSpec => ({
  reads,
  language: 'reader',
  key,
  contentType: CONTENT_TYPES.html,
  headers,
});
const feed = (kind: FeedKind, contentType: string): RouteSpec => ({
  reads: ['lang'],
  language: 'url',
  key: (_, locale) => feedKey(kind, locale),
  contentType,
  headers: SHARED_HEADERS,
});

const ROUTE_SPECS: [string, RouteSpec][] = [
  ['/', page((_, locale) => pageKey(locale, '/'))],
  ['/embed', page((_, locale) => pageKey(locale, '/embed'), ['lang'], entriesOf(securityHeaderValues('any')))],
  [
    '/history',
    page(
      ({ page: n }, locale) =>
        n === undefined ? pageKey(locale, '/history') : PAGE_NUMBER.test(n) ? pageKey(locale, `/history?page=${n}`) : null,
      ['lang', 'page'],
    ),
  ],
  ['/history.rss', feed('rss', CONTENT_TYPES.rss)],
  ['/history.atom', feed('atom', CONTENT_TYPES.atom)],
  ['/feed.json', feed('json', CONTENT_TYPES.jsonFeed)],
  ['/maintenances.ics', feed('ics', CONTENT_TYPES.calendar)],
  ...STATUSPAGE_DOCUMENTS.map((name): [string, RouteSpec] => [
    `/api/v2/${name}`,
    { reads: [], language: 'none', key: () => apiV2Key(name), contentType: CONTENT_TYPES.json, headers: SHARED_HEADERS },
  ]),
  [
    '/badge.svg',
    {
      reads: ['upcoming'],
      language: 'none',
      key: ({ upcoming = '1' }) => (upcoming === '0' || upcoming === '1' ? badgeKey(upcoming) : null),
      contentType: CONTENT_TYPES.svg,
      headers: entriesOf({ 'Content-Security-Policy': BADGE_CSP, 'X-Content-Type-Options': 'nosniff' }),
    },
  ],
];

export const PRERENDERED: ReadonlyMap<string, PrerenderedRoute> = new Map(ROUTE_SPECS.map(([path, spec]) => [path, { path, ...spec }]));

/** `/healthz`: the worker runs; nothing read. */
const HEALTHY = '{"ok":true}';
const HEALTH_HEADERS = new Headers({
  'Content-Type': 'application/json',
  'Content-Security-Policy': DOCUMENT_CSP,
  'X-Content-Type-Options': 'nosniff',
});
export const healthy = (): Response => new Response(HEALTHY, { headers: HEALTH_HEADERS });

const NO_QUERY: Query = {};
const PLAIN_VALUE = /^[A-Za-z0-9_-]*$/;

/**
 * The query when it is plain: each parameter one the route reads, once, its value needing no
 * decoding. Anything else (null) the router reads, as Hono decodes it.
 */
function plainQuery(search: string, reads: readonly string[]): Query | null {
  const query: Record<string, string> = {};
  for (const pair of search.split('&')) {
    const at = pair.indexOf('=');
    const name = pair.slice(0, at);
    const value = pair.slice(at + 1);
    if (at < 1 || !reads.includes(name) || name in query || !PLAIN_VALUE.test(value)) return null;
    query[name] = value;
  }
  return query;
}

/**
 * Answers a GET that the table covers; null for any other request, the router's. A Response when
 * no waiting is needed (the rendering held is current, its body in memory); else a promise, whose
 * null means the rendering lacks the document, or KV its body: the route's handler renders it.
 * May throw (a binding missing): the caller hands the request to the router then too.
 */
export function answerBeforeRouter(
  request: Request,
  env: Bindings,
  ctx: ExecutionContext,
  deps: Deps,
): Response | Promise<Response | null> | null {
  if (request.method !== 'GET') return null;
  const url = request.url;
  const start = url.indexOf('/', url.indexOf('//') + 2);
  const mark = url.indexOf('?', start);
  const path = mark < 0 ? url.slice(start) : url.slice(start, mark);
  if (path === '/healthz' && mark < 0) return healthy();
  const route = PRERENDERED.get(path);
  if (!route) return null;
  const query = mark < 0 ? NO_QUERY : plainQuery(url.slice(mark + 1), route.reads);
  if (!query) return null;
  const bundle = currentRendered(env, deps.clock.now());
  if (bundle) return answerFrom(bundle, route, request, query, env);
  return prerenderedAnswer(route, request, query, env, (work) => ctx.waitUntil(work), deps);
}

/** The table's route at `path` (a handler's own), for its content type when it renders. */
export function prerenderedRoute(path: string): PrerenderedRoute {
  const route = PRERENDERED.get(path);
  if (!route) throw new Error(`${path} is not in PRERENDERED`);
  return route;
}

/** The same answer from a route's handler, for the route at the request's path. */
export function prerenderedFor(c: Context<AppEnv>): Promise<Response | null> {
  const route = prerenderedRoute(c.req.path);
  const query: Record<string, string> = {};
  for (const name of route.reads) {
    const value = c.req.query(name);
    if (value !== undefined) query[name] = value;
  }
  return prerenderedAnswer(route, c.req.raw, query, c.env, (work) => c.executionCtx.waitUntil(work), c.get('deps'));
}

async function prerenderedAnswer(
  route: PrerenderedRoute,
  request: Request,
  query: Query,
  env: Bindings,
  defer: (work: Promise<unknown>) => void,
  deps: Deps,
): Promise<Response | null> {
  const bundle = await readRendered(env, deps.clock.now(), { writeGapMs: deps.snapshotWriteGapMs, defer });
  return answerFrom(bundle, route, request, query, env);
}

/**
 * `bundle`'s answer to the request: at once when the body is in memory (or none is needed: a 304,
 * or null when the rendering has no such document), else once KV gives the body (null if it cannot).
 */
function answerFrom(
  bundle: RenderedBundle,
  route: PrerenderedRoute,
  request: Request,
  query: Query,
  env: Bindings,
): Response | Promise<Response | null> | null {
  const answer = answerOf(route, request, query, bundle);
  if (!(answer instanceof PendingBody)) return answer;
  if (answer.entry.body) return answer.respond(answer.entry.body);
  return renderedBody(env, answer.entry).then((body) => body && answer.respond(body));
}

/** A whole answer waiting for its body. */
class PendingBody {
  constructor(
    readonly entry: RenderedEntry,
    private readonly headers: Headers,
  ) {}

  respond(body: Uint8Array<ArrayBuffer>): Response {
    return new Response(body, { headers: this.headers });
  }
}

/**
 * The answer `bundle` gives to the request: a 304, the whole document once its body is read, or
 * null when the rendering has no such document.
 */
function answerOf(route: PrerenderedRoute, request: Request, query: Query, bundle: RenderedBundle): Response | PendingBody | null {
  let locale = bundle.defaultLocale;
  let chosen = false;
  if (route.language === 'reader') {
    ({ locale, chosen } = negotiateLocale({
      query: query.lang,
      cookieHeader: request.headers.get('cookie'),
      acceptLanguage: request.headers.get('accept-language'),
      fallback: bundle.defaultLocale,
    }));
  } else if (route.language === 'url') locale = feedLocale(query.lang, bundle.defaultLocale);
  const key = route.key(query, locale);
  const entry = key === null ? undefined : bundle.entries.get(key);
  if (!entry) return null;

  if (!chosen && matches(request.headers.get('if-none-match') ?? undefined, entry.etag)) {
    return new Response(null, { status: 304, headers: headersOf(route, entry, locale, chosen, request.url, false) });
  }
  return new PendingBody(entry, headersOf(route, entry, locale, chosen, request.url, true));
}

/**
 * Each answer's headers, built once per document, route and kind of answer, then copied into
 * every Response: workerd copies a Headers object natively, where a list of pairs is read and
 * checked string by string on every request. Held per entry: a new rendering starts afresh.
 */
const builtHeaders = new WeakMap<RenderedEntry, Map<string, Headers>>();

function headersOf(route: PrerenderedRoute, entry: RenderedEntry, locale: Locale, chosen: boolean, url: string, whole: boolean): Headers {
  // Of the URL, only the cookie's Secure flag depends on it.
  const variant = `${route.path}|${locale}|${chosen}|${url.startsWith('https:')}|${whole}`;
  let byVariant = builtHeaders.get(entry);
  const built = byVariant?.get(variant);
  if (built) return built;
  const headers = new Headers(route.headers);
  headers.set('ETag', entry.etag);
  // A page chosen by `?lang=` sets the cookie: private, and always whole.
  headers.set('Cache-Control', chosen ? 'private, no-cache' : `public, max-age=${PUBLIC_MAX_AGE}`);
  if (route.language === 'reader') headers.set('Vary', 'Accept-Language, Cookie');
  if (route.language !== 'none') headers.set('Content-Language', locale);
  if (chosen) headers.set('Set-Cookie', localeCookie(locale, url));
  if (whole) headers.set('Content-Type', route.contentType);
  if (!byVariant) {
    byVariant = new Map();
    builtHeaders.set(entry, byVariant);
  }
  byVariant.set(variant, headers);
  return headers;
}
