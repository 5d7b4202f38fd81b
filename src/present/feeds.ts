// RSS 2.0, Atom 1.0 (RFC 4287) and JSON Feed 1.1 of the page's history: one entry per incident and maintenance.
import { Feed } from 'feed';
import type { Incident, Maintenance, Update } from '../domain/model';
import type { Snapshot } from '../services/snapshot';
import { printable, readableTime, statusLabel } from './english';

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

function updatesHtml(updates: readonly Update[], zone: string): string {
  return [...updates]
    .sort((a, b) => b.displayAt.localeCompare(a.displayAt) || b.createdAt.localeCompare(a.createdAt))
    .map(
      (u) =>
        `<p><small>${escapeHtml(readableTime(u.displayAt, zone))}</small><br><strong>${escapeHtml(statusLabel(u.status))}</strong>` +
        (u.body ? ` - ${paragraphs(u.body)}` : '') +
        '</p>',
    )
    .join('');
}

const tagId = (host: string, kind: string, subject: { id: string; createdAt: string }) =>
  `tag:${host},${subject.createdAt.slice(0, 10)}:${kind}/${subject.id}`;

function incidentEntry(snapshot: Snapshot, baseUrl: string, i: Incident): HistoryEntry {
  return {
    id: tagId(new URL(baseUrl).host, 'incident', i),
    url: `${baseUrl}/incidents/${i.id}`,
    title: i.name,
    html: updatesHtml(i.updates, snapshot.page.timeZone),
    summary: `${statusLabel(i.status)} - ${i.updates[0]?.body ?? ''}`.trim(),
    published: i.createdAt,
    updated: i.updatedAt,
    tags: ['incident', i.status],
  };
}

function maintenanceEntry(snapshot: Snapshot, baseUrl: string, m: Maintenance): HistoryEntry {
  const zone = snapshot.page.timeZone;
  const names = new Map(snapshot.components.map((c) => [c.id, c.name]));
  const affected = m.components.map((p) => `${names.get(p.componentId) ?? p.componentId}: ${statusLabel(p.plannedStatus).toLowerCase()}`);
  const html = [
    `<p>${m.status === 'cancelled' ? 'Was planned' : 'Planned'} for ${escapeHtml(readableTime(m.scheduledFor, zone))}` +
      ` to ${escapeHtml(readableTime(m.scheduledUntil, zone))}</p>`,
    affected.length > 0 ? `<p>Affected: ${affected.map(escapeHtml).join(', ')}</p>` : '',
    m.stillWorking ? `<p>Still working: ${paragraphs(m.stillWorking)}</p>` : '',
    updatesHtml(m.updates, zone),
  ].join('');
  return {
    id: tagId(new URL(baseUrl).host, 'maintenance', m),
    url: `${baseUrl}/maintenances/${m.id}`,
    title: m.status === 'cancelled' ? `Cancelled: ${m.name}` : m.name,
    html,
    summary: `${statusLabel(m.status)} - ${m.updates[0]?.body ?? ''}`.trim(),
    published: m.createdAt,
    updated: m.updatedAt,
    tags: ['maintenance', m.status],
  };
}

/**
 * Newest first by creation, incidents and maintenances together. Only the entries kept are
 * written: the snapshot holds every incident and maintenance of 90 days, a feed the newest 50.
 */
export function historyEntries(snapshot: Snapshot, baseUrl: string): HistoryEntry[] {
  const host = new URL(baseUrl).host;
  const candidates = [
    ...snapshot.incidents.map((i) => ({
      published: i.createdAt,
      id: tagId(host, 'incident', i),
      write: () => incidentEntry(snapshot, baseUrl, i),
    })),
    ...snapshot.maintenances.map((m) => ({
      published: m.createdAt,
      id: tagId(host, 'maintenance', m),
      write: () => maintenanceEntry(snapshot, baseUrl, m),
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

/**
 * `feed` writes titles of type html and puts the markup in CDATA, so titles go in escaped; it
 * only escapes `&` in attributes, which therefore carry URLs alone.
 */
function xmlFeed(snapshot: Snapshot, baseUrl: string, format: 'rss' | 'atom'): Feed {
  const entries = historyEntries(snapshot, baseUrl);
  const name = printable(snapshot.page.name);
  const feed = new Feed({
    id: `${baseUrl}/history`,
    title: `${name} status`,
    description: `Incidents and maintenance of ${name}`,
    link: baseUrl,
    language: 'en',
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

export const rssFeed = (snapshot: Snapshot, baseUrl: string): string => xmlFeed(snapshot, baseUrl, 'rss').rss2();

export const atomFeed = (snapshot: Snapshot, baseUrl: string): string => xmlFeed(snapshot, baseUrl, 'atom').atom1();

/** JSON Feed 1.1 (https://jsonfeed.org/version/1.1), written here because `feed` writes 1.0. */
export function jsonFeed(snapshot: Snapshot, baseUrl: string): string {
  const entries = historyEntries(snapshot, baseUrl);
  return JSON.stringify({
    version: 'https://jsonfeed.org/version/1.1',
    title: `${snapshot.page.name} status`,
    home_page_url: baseUrl,
    feed_url: `${baseUrl}/feed.json`,
    description: `Incidents and maintenance of ${snapshot.page.name}`,
    language: 'en',
    authors: [{ name: snapshot.page.name, url: baseUrl }],
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
