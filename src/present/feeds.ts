// RSS 2.0, Atom 1.0 (RFC 4287) and JSON Feed 1.1 of the page's history: one entry per incident and maintenance.
import { Feed } from 'feed';
import { NotFound } from '../domain/errors';
import type { Incident, Locale, Maintenance, Update } from '../domain/model';
import { follows } from '../domain/subscribers';
import { FEED_WORDS, type FeedWords, labelled } from '../i18n/feeds';
import { formatTime } from '../i18n/format';
import type { Snapshot } from '../services/snapshot';
import { oneLine, printable, statusLabel } from './english';
import { localizeSnapshot } from './localize';

/** Feed readers want recent news, not the archive: the newest 50 incidents and maintenances. */
const FEED_LIMIT = 50;

/**
 * The part of the page a feed or calendar covers, as `?component=` names it: the whole page
 * when absent. Named components and groups (a group stands for its members) are covered, and so
 * is news that touches no component, which concerns the whole page: a feed of some components
 * says what a subscriber following them is told (domain/subscribers.ts `follows`).
 */
export interface FeedScope {
  /** The ids named, sorted and each once: the feed's own URLs write them so, comma-separated. */
  ids: readonly string[];
  /** The components covered: those named and the members of the groups named. */
  components: readonly string[];
}

/** The scope of `ids` (component or group ids) in `snapshot`; an id that names neither is not found. */
export function feedScope(snapshot: Snapshot, ids: readonly string[]): FeedScope {
  const sorted = [...new Set(ids)].sort();
  const components = new Set<string>();
  for (const id of sorted) {
    const members = snapshot.components.filter((c) => c.id === id || c.groupId === id).map((c) => c.id);
    if (members.length === 0 && !snapshot.groups.some((g) => g.id === id)) throw new NotFound('Component', id);
    for (const member of members) components.add(member);
  }
  return { ids: sorted, components: [...components] };
}

/** The scope's names in the snapshot's language, in page order: groups, then components. */
export function scopeNames(snapshot: Snapshot, scope: FeedScope): string[] {
  const named = new Set(scope.ids);
  return [...snapshot.groups.filter((g) => named.has(g.id)), ...snapshot.components.filter((c) => named.has(c.id))].map((x) =>
    oneLine(x.name),
  );
}

export const feedScopeCovers = (scope: FeedScope | undefined, touched: readonly string[]): boolean =>
  !scope || follows({ allComponents: false, components: [...scope.components] }, touched);

/** The components a maintenance touches: those it plans a status for. */
export const maintenanceTouches = (m: Maintenance): string[] => m.components.map((p) => p.componentId);

const incidentTouches = (i: Incident): string[] => [
  ...i.components.map((h) => h.componentId),
  ...i.updates.flatMap((u) => u.affectedComponents.map((a) => a.componentId)),
];

/**
 * The query of a feed's own URLs (its self link, JSON Feed's feed_url): the scope, then the
 * language unless it is the page's default, so each document names the URL it is served at.
 */
export function feedQuery(snapshot: Snapshot, locale: Locale, scope?: FeedScope): string {
  const params = [
    ...(scope ? [`component=${scope.ids.map(encodeURIComponent).join(',')}`] : []),
    ...(locale === snapshot.page.defaultLocale ? [] : [`lang=${locale}`]),
  ];
  return params.length > 0 ? `?${params.join('&')}` : '';
}

/**
 * The authority that names the page in entry ids and UIDs: the host name alone, never a port
 * (RFC 4151's taggingEntity is a DNS name or an e-mail address), so the ids stay the same when
 * only the port the page is served on changes. An IPv6 literal, which is no DNS name, is written
 * with its groups joined by hyphens.
 */
export function idAuthority(baseUrl: string): string {
  const host = new URL(baseUrl).hostname.replace(/\.$/, '');
  if (!host.startsWith('[')) return host;
  return host
    .slice(1, -1)
    .split(':')
    .map((group) => group || '0')
    .join('-');
}

export interface HistoryEntry {
  /** A tag URI (RFC 4151) from the host name, the creation day and the id: it never changes. */
  id: string;
  url: string;
  title: string;
  html: string;
  summary: string;
  published: string;
  updated: string;
  tags: string[];
}

const escapeHtml = (text: string): string =>
  printable(text).replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch] ?? ch);

const paragraphs = (text: string): string => escapeHtml(text).replace(/\r?\n/g, '<br>');

/** What an entry is written with: the language's words, and times in the page's zone. */
interface Writing {
  words: FeedWords;
  zone: string;
  time: (instant: string) => string;
}

function writing(snapshot: Snapshot, locale: Locale): Writing {
  const words = FEED_WORDS[locale];
  const zone = snapshot.page.timeZone;
  return { words, zone, time: (instant) => formatTime(instant, words.intlLocale, zone) };
}

/** A status in the language, or its spelling made readable if a catalogue lacks it. */
const said = (table: Readonly<Record<string, string>>, status: string): string => table[status] ?? statusLabel(status);

function updatesHtml(updates: readonly Update[], w: Writing, statuses: Readonly<Record<string, string>>): string {
  return [...updates]
    .sort((a, b) => b.displayAt.localeCompare(a.displayAt) || b.createdAt.localeCompare(a.createdAt))
    .map(
      (u) =>
        `<p><small>${escapeHtml(w.time(u.displayAt))}</small><br><strong>${escapeHtml(said(statuses, u.status))}</strong>` +
        (u.body ? `${escapeHtml(w.words.dash)}${paragraphs(u.body)}` : '') +
        '</p>',
    )
    .join('');
}

const summaryOf = (w: Writing, status: string, body: string | undefined): string =>
  (body ? `${status}${w.words.dash}${body}` : status).trim();

const tagId = (authority: string, kind: string, subject: { id: string; createdAt: string }) =>
  `tag:${authority},${subject.createdAt.slice(0, 10)}:${kind}/${subject.id}`;

/** A maintenance that is or was on: its window, what it does to each component, what still works. */
function plannedHtml(snapshot: Snapshot, w: Writing, m: Maintenance): string {
  const { words } = w;
  const names = new Map(snapshot.components.map((c) => [c.id, c.name]));
  const affected = m.components.map((p) =>
    labelled(words, names.get(p.componentId) ?? p.componentId, said(words.status.componentStatus, p.plannedStatus).toLowerCase()),
  );
  const actual = [
    ...(m.startedAt ? [labelled(words, words.labels.startedAt, w.time(m.startedAt))] : []),
    ...(m.resolvedAt ? [labelled(words, words.labels.endedAt, w.time(m.resolvedAt))] : []),
  ];
  return [
    `<p>${escapeHtml(words.planned(w.time(m.scheduledFor), w.time(m.scheduledUntil)))}</p>`,
    actual.length > 0 ? `<p>${actual.map(escapeHtml).join('<br>')}</p>` : '',
    affected.length > 0 ? `<p>${escapeHtml(labelled(words, words.labels.affected, affected.join(', ')))}</p>` : '',
    m.stillWorking ? `<p>${escapeHtml(`${words.labels.stillWorking}${words.colon} `)}${paragraphs(m.stillWorking)}</p>` : '',
  ].join('');
}

/** A cancelled maintenance says so and when it was to be, no longer what it would have done. */
const cancelledHtml = (w: Writing, m: Maintenance): string =>
  `<p>${escapeHtml(w.words.notTakingPlace)}<br>${escapeHtml(w.words.wasPlanned(w.time(m.scheduledFor), w.time(m.scheduledUntil)))}</p>`;

function incidentEntry(baseUrl: string, w: Writing, i: Incident): HistoryEntry {
  const statuses = w.words.status.incidentStatus;
  return {
    id: tagId(idAuthority(baseUrl), 'incident', i),
    url: `${baseUrl}/incidents/${i.id}`,
    title: oneLine(i.name),
    html: updatesHtml(i.updates, w, statuses),
    summary: summaryOf(w, said(statuses, i.status), i.updates[0]?.body),
    published: i.createdAt,
    updated: i.updatedAt,
    tags: ['incident', i.status],
  };
}

function maintenanceEntry(snapshot: Snapshot, baseUrl: string, w: Writing, m: Maintenance): HistoryEntry {
  const { words } = w;
  const html = m.status === 'cancelled' ? cancelledHtml(w, m) : plannedHtml(snapshot, w, m);
  return {
    id: tagId(idAuthority(baseUrl), 'maintenance', m),
    url: `${baseUrl}/maintenances/${m.id}`,
    title: oneLine(m.status === 'cancelled' ? words.cancelled(m.name) : m.name),
    html: html + updatesHtml(m.updates, w, words.status.maintenanceStatus),
    summary: summaryOf(w, said(words.status.maintenanceStatus, m.status), m.updates[0]?.body),
    published: m.createdAt,
    updated: m.updatedAt,
    tags: ['maintenance', m.status],
  };
}

/**
 * Newest first by creation, incidents and maintenances together, in `locale`: the operator's
 * text as they wrote it in that language (the default language's where they did not), the
 * feed's own words from the catalogue; only those `scope` covers, when given. Only the entries
 * kept are written: the snapshot holds every incident and maintenance of 90 days, a feed the
 * newest 50.
 */
export function historyEntries(snapshot: Snapshot, baseUrl: string, locale: Locale, scope?: FeedScope): HistoryEntry[] {
  const local = localizeSnapshot(snapshot, locale);
  const w = writing(local, locale);
  const authority = idAuthority(baseUrl);
  const candidates = [
    ...local.incidents
      .filter((i) => feedScopeCovers(scope, incidentTouches(i)))
      .map((i) => ({
        published: i.createdAt,
        id: tagId(authority, 'incident', i),
        write: () => incidentEntry(baseUrl, w, i),
      })),
    ...local.maintenances
      .filter((m) => feedScopeCovers(scope, maintenanceTouches(m)))
      .map((m) => ({
        published: m.createdAt,
        id: tagId(authority, 'maintenance', m),
        write: () => maintenanceEntry(local, baseUrl, w, m),
      })),
  ];
  return candidates
    .sort((a, b) => b.published.localeCompare(a.published) || a.id.localeCompare(b.id))
    .slice(0, FEED_LIMIT)
    .map((c) => c.write());
}

/** The newest change among the entries, so the feed's date moves only when an entry does. */
const lastUpdated = (snapshot: Snapshot, entries: HistoryEntry[]): string =>
  entries
    .map((e) => e.updated)
    .sort()
    .at(-1) ?? snapshot.generatedAt;

/** The page's name in `locale`, on one line, as the feed's title and author say it. */
const pageName = (snapshot: Snapshot, locale: Locale): string => oneLine(localizeSnapshot(snapshot, locale).page.name);

/** The feed's title: the page's, and the components' names when it covers only some. */
function feedTitle(snapshot: Snapshot, locale: Locale, scope: FeedScope | undefined): string {
  const words = FEED_WORDS[locale];
  const title = words.feedTitle(pageName(snapshot, locale));
  return scope ? words.scoped(title, scopeNames(localizeSnapshot(snapshot, locale), scope).join(', ')) : title;
}

/** Atom's feed id: the same in every language, one per scope (`…/history?component=a,b`). */
const feedId = (baseUrl: string, scope: FeedScope | undefined): string =>
  `${baseUrl}/history${scope ? `?component=${scope.ids.map(encodeURIComponent).join(',')}` : ''}`;

/**
 * `feed` writes titles of type html and puts the markup in CDATA, so titles go in escaped; it
 * only escapes `&` in attributes, which therefore carry URLs alone.
 */
function xmlFeed(snapshot: Snapshot, baseUrl: string, locale: Locale, format: 'rss' | 'atom', scope?: FeedScope): Feed {
  const words = FEED_WORDS[locale];
  const entries = historyEntries(snapshot, baseUrl, locale, scope);
  const name = pageName(snapshot, locale);
  const query = feedQuery(snapshot, locale, scope);
  const feed = new Feed({
    id: feedId(baseUrl, scope),
    title: feedTitle(snapshot, locale, scope),
    description: words.feedDescription(name),
    link: baseUrl,
    language: words.tag,
    updated: new Date(lastUpdated(snapshot, entries)),
    generator: 'Forewarn',
    feedLinks: { rss: `${baseUrl}/history.rss${query}`, atom: `${baseUrl}/history.atom${query}` },
    author: { name, link: baseUrl },
  });
  for (const e of entries) {
    feed.addItem({
      title: escapeHtml(e.title),
      id: e.id,
      link: e.url,
      date: new Date(e.updated),
      published: new Date(e.published),
      // RSS readers show <description>; Atom has <content> for the whole text.
      ...(format === 'rss' ? { description: e.html } : { content: e.html, description: escapeHtml(e.summary) }),
      category: e.tags.map((tag) => ({ name: tag, term: tag })),
    });
  }
  return feed;
}

export const rssFeed = (snapshot: Snapshot, baseUrl: string, locale: Locale, scope?: FeedScope): string =>
  xmlFeed(snapshot, baseUrl, locale, 'rss', scope).rss2();

/**
 * `feed` writes no xml:lang, which is how Atom says the language of its text (RFC 4287 §2): it
 * goes on the root element, which `feed` always opens as `<feed xmlns=…>`.
 */
export const atomFeed = (snapshot: Snapshot, baseUrl: string, locale: Locale, scope?: FeedScope): string =>
  xmlFeed(snapshot, baseUrl, locale, 'atom', scope)
    .atom1()
    .replace(/<feed\b/, `<feed xml:lang="${FEED_WORDS[locale].tag}"`);

/** JSON Feed 1.1 (https://jsonfeed.org/version/1.1), written here because `feed` writes 1.0. */
export function jsonFeed(snapshot: Snapshot, baseUrl: string, locale: Locale, scope?: FeedScope): string {
  const words = FEED_WORDS[locale];
  const entries = historyEntries(snapshot, baseUrl, locale, scope);
  const name = pageName(snapshot, locale);
  return JSON.stringify({
    version: 'https://jsonfeed.org/version/1.1',
    title: feedTitle(snapshot, locale, scope),
    home_page_url: baseUrl,
    feed_url: `${baseUrl}/feed.json${feedQuery(snapshot, locale, scope)}`,
    description: words.feedDescription(name),
    language: words.tag,
    authors: [{ name, url: baseUrl }],
    items: entries.map((e) => ({
      id: e.id,
      url: e.url,
      title: e.title,
      content_html: e.html,
      summary: e.summary,
      date_published: e.published,
      date_modified: e.updated,
      tags: e.tags,
    })),
  });
}
