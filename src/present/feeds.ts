// RSS 2.0, Atom 1.0 (RFC 4287) and JSON Feed 1.1 of the page's history: one entry per incident and maintenance.
import { Feed } from 'feed';
import type { Incident, Locale, Maintenance, Update } from '../domain/model';
import { FEED_WORDS, type FeedWords, labelled } from '../i18n/feeds';
import { formatTime } from '../i18n/format';
import type { Snapshot } from '../services/snapshot';
import { oneLine, printable, statusLabel } from './english';
import { localizeSnapshot } from './localize';

/** Feed readers want recent news, not the archive: the newest 50 incidents and maintenances. */
const FEED_LIMIT = 50;

export interface HistoryEntry {
  /** A tag URI (RFC 4151) from the host, the creation day and the id: it never changes. */
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

const tagId = (host: string, kind: string, subject: { id: string; createdAt: string }) =>
  `tag:${host},${subject.createdAt.slice(0, 10)}:${kind}/${subject.id}`;

function incidentEntry(baseUrl: string, w: Writing, i: Incident): HistoryEntry {
  const statuses = w.words.status.incidentStatus;
  return {
    id: tagId(new URL(baseUrl).host, 'incident', i),
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
  const names = new Map(snapshot.components.map((c) => [c.id, c.name]));
  const affected = m.components.map((p) =>
    labelled(words, names.get(p.componentId) ?? p.componentId, said(words.status.componentStatus, p.plannedStatus).toLowerCase()),
  );
  const planned = m.status === 'cancelled' ? words.wasPlanned : words.planned;
  const actual = [
    ...(m.startedAt ? [labelled(words, words.labels.startedAt, w.time(m.startedAt))] : []),
    ...(m.resolvedAt ? [labelled(words, words.labels.endedAt, w.time(m.resolvedAt))] : []),
  ];
  const html = [
    `<p>${escapeHtml(planned(w.time(m.scheduledFor), w.time(m.scheduledUntil)))}</p>`,
    actual.length > 0 ? `<p>${actual.map(escapeHtml).join('<br>')}</p>` : '',
    affected.length > 0 ? `<p>${escapeHtml(labelled(words, words.labels.affected, affected.join(', ')))}</p>` : '',
    m.stillWorking ? `<p>${escapeHtml(`${words.labels.stillWorking}${words.colon} `)}${paragraphs(m.stillWorking)}</p>` : '',
    updatesHtml(m.updates, w, words.status.maintenanceStatus),
  ].join('');
  return {
    id: tagId(new URL(baseUrl).host, 'maintenance', m),
    url: `${baseUrl}/maintenances/${m.id}`,
    title: oneLine(m.status === 'cancelled' ? words.cancelled(m.name) : m.name),
    html,
    summary: summaryOf(w, said(words.status.maintenanceStatus, m.status), m.updates[0]?.body),
    published: m.createdAt,
    updated: m.updatedAt,
    tags: ['maintenance', m.status],
  };
}

/**
 * Newest first by creation, incidents and maintenances together, in `locale`: the operator's
 * text as they wrote it in that language (the default language's where they did not), the
 * feed's own words from the catalogue. Only the entries kept are written: the snapshot holds
 * every incident and maintenance of 90 days, a feed the newest 50.
 */
export function historyEntries(snapshot: Snapshot, baseUrl: string, locale: Locale): HistoryEntry[] {
  const local = localizeSnapshot(snapshot, locale);
  const w = writing(local, locale);
  const host = new URL(baseUrl).host;
  const candidates = [
    ...local.incidents.map((i) => ({
      published: i.createdAt,
      id: tagId(host, 'incident', i),
      write: () => incidentEntry(baseUrl, w, i),
    })),
    ...local.maintenances.map((m) => ({
      published: m.createdAt,
      id: tagId(host, 'maintenance', m),
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

/**
 * `feed` writes titles of type html and puts the markup in CDATA, so titles go in escaped; it
 * only escapes `&` in attributes, which therefore carry URLs alone.
 */
function xmlFeed(snapshot: Snapshot, baseUrl: string, locale: Locale, format: 'rss' | 'atom'): Feed {
  const words = FEED_WORDS[locale];
  const entries = historyEntries(snapshot, baseUrl, locale);
  const name = pageName(snapshot, locale);
  const feed = new Feed({
    id: `${baseUrl}/history`,
    title: words.feedTitle(name),
    description: words.feedDescription(name),
    link: baseUrl,
    language: words.tag,
    updated: new Date(lastUpdated(snapshot, entries)),
    generator: 'Forewarn',
    feedLinks: { rss: `${baseUrl}/history.rss`, atom: `${baseUrl}/history.atom` },
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

export const rssFeed = (snapshot: Snapshot, baseUrl: string, locale: Locale): string => xmlFeed(snapshot, baseUrl, locale, 'rss').rss2();

/**
 * `feed` writes no xml:lang, which is how Atom says the language of its text (RFC 4287 §2): it
 * goes on the root element, which `feed` always opens as `<feed xmlns=…>`.
 */
export const atomFeed = (snapshot: Snapshot, baseUrl: string, locale: Locale): string =>
  xmlFeed(snapshot, baseUrl, locale, 'atom')
    .atom1()
    .replace(/<feed\b/, `<feed xml:lang="${FEED_WORDS[locale].tag}"`);

/** JSON Feed 1.1 (https://jsonfeed.org/version/1.1), written here because `feed` writes 1.0. */
export function jsonFeed(snapshot: Snapshot, baseUrl: string, locale: Locale): string {
  const words = FEED_WORDS[locale];
  const entries = historyEntries(snapshot, baseUrl, locale);
  const name = pageName(snapshot, locale);
  return JSON.stringify({
    version: 'https://jsonfeed.org/version/1.1',
    title: words.feedTitle(name),
    home_page_url: baseUrl,
    feed_url: `${baseUrl}/feed.json`,
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
