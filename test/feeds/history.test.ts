import { parseFeed } from '@rowanmanning/feed-parser';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { harness, MINUTE, ok } from '../support/harness';
import { emptyPage, makeStatusStory } from '../support/status-story';

const xml = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  isArray: (name) => ['entry', 'item', 'link'].includes(name),
});
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$/;
const RFC822 = /^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} GMT$/;
const text = (node: unknown): string =>
  typeof node === 'object' && node !== null ? String((node as { '#text'?: unknown })['#text'] ?? '') : String(node);

/** JSON Feed 1.1 (https://jsonfeed.org/version/1.1): the top-level and item fields it defines. */
const JsonFeed = z.strictObject({
  version: z.literal('https://jsonfeed.org/version/1.1'),
  title: z.string().min(1),
  home_page_url: z.url(),
  feed_url: z.url(),
  description: z.string(),
  language: z.string(),
  authors: z.array(z.strictObject({ name: z.string(), url: z.url() })).min(1),
  items: z.array(
    z.strictObject({
      id: z.string().min(1),
      url: z.url(),
      title: z.string(),
      content_html: z.string(),
      summary: z.string(),
      date_published: z.string().regex(RFC3339),
      date_modified: z.string().regex(RFC3339),
      tags: z.array(z.string()),
    }),
  ),
});

async function body(h: ReturnType<typeof harness>, path: string, type: string): Promise<string> {
  const response = await h.fetch(path);
  expect(response.status, path).toBe(200);
  expect(response.headers.get('content-type')).toBe(type);
  expect(response.headers.get('etag')).toMatch(/^"[0-9a-f]{32}"$/);
  return response.text();
}

describe('history feeds', () => {
  beforeEach(emptyPage);

  it('/history.atom is valid Atom 1.0 (RFC 4287) with one entry per incident and maintenance', async () => {
    const h = harness('2026-11-20T09:00:00.000Z');
    const story = await makeStatusStory(h);
    const atom = await body(h, '/history.atom', 'application/atom+xml; charset=utf-8');
    expect(XMLValidator.validate(atom)).toBe(true);

    const feed = xml.parse(atom).feed;
    expect(feed['@xmlns']).toBe('http://www.w3.org/2005/Atom');
    expect(text(feed.id)).toBe('https://status.example.com/history');
    expect(text(feed.title)).toBe('Acme Intel status');
    expect(feed.updated).toMatch(RFC3339);
    expect(feed.author.name).toBe('Acme Intel');
    expect(feed.link.map((l: Record<string, string>) => l['@rel'])).toEqual(['alternate', 'self']);
    const entries = feed.entry as Record<string, any>[];
    for (const entry of entries) {
      expect(text(entry.id)).toMatch(/^tag:status\.example\.com,2026-11-20:(incident|maintenance)\/[a-z0-9]+$/);
      expect(entry.updated).toMatch(RFC3339);
      expect(entry.published).toMatch(RFC3339);
      expect(entry.title['@type']).toBe('html');
      expect(entry.content['@type']).toBe('html');
      expect(entry.link[0]['@href']).toMatch(/^https:\/\/status\.example\.com\/(incidents|maintenances)\/[a-z0-9]+$/);
    }
    expect(new Set(entries.map((e) => text(e.id))).size).toBe(entries.length);

    const parsed = parseFeed(atom);
    expect(parsed.meta.type).toBe('atom');
    expect(parsed.items.map((i) => i.title)).toEqual([
      'API errors',
      'Data-centre move',
      'Crawler fleet reboot',
      'Cancelled: Mail relay swap',
      'Database upgrade',
      'Slow logins',
    ]);
    const move = parsed.items[1]!;
    expect(move.url).toBe(`https://status.example.com/maintenances/${story.upcoming.id}`);
    expect(move.content).toContain('5 Dec 2026, 08:00 CET');
    expect(move.content).toContain('Public API: partial outage');
    expect(move.content).toContain('Still working: Logging in and reading existing reports.');
    const open = parsed.items[0]!;
    expect(open.url).toBe(`https://status.example.com/incidents/${story.open.id}`);
    expect(open.content!.indexOf('Rolled back; watching.')).toBeLessThan(open.content!.indexOf('A bad deploy causes errors'));
  });

  it('/history.rss is valid RSS 2.0 with every required element', async () => {
    const h = harness('2026-11-20T09:00:00.000Z');
    const story = await makeStatusStory(h);
    const rss = await body(h, '/history.rss', 'application/rss+xml; charset=utf-8');
    expect(XMLValidator.validate(rss)).toBe(true);

    const doc = xml.parse(rss).rss;
    expect(doc['@version']).toBe('2.0');
    expect(text(doc.channel.title)).toBe('Acme Intel status');
    expect(text(doc.channel.link[0])).toBe('https://status.example.com/');
    expect(text(doc.channel.description)).toBe('Incidents and maintenance of Acme Intel');
    const items = doc.channel.item as Record<string, any>[];
    expect(items).toHaveLength(6);
    for (const item of items) {
      expect(item.pubDate).toMatch(RFC822);
      expect(text(item.guid)).toMatch(/^tag:/);
      expect(item.description).toBeTruthy();
    }

    const parsed = parseFeed(rss);
    expect(parsed.meta.type).toBe('rss');
    const resolved = parsed.items.find((i) => i.title === 'Slow logins')!;
    expect(resolved.url).toBe(`https://status.example.com/incidents/${story.resolved.id}`);
    expect(resolved.description).toContain('<strong>Resolved</strong> - Logins are fast again.');
    expect(resolved.published?.toISOString()).toBe('2026-11-20T09:00:00.000Z');
  });

  it('/feed.json is JSON Feed 1.1', async () => {
    const h = harness('2026-11-20T09:00:00.000Z');
    const story = await makeStatusStory(h);
    const feed = JsonFeed.parse(JSON.parse(await body(h, '/feed.json', 'application/feed+json; charset=utf-8')));
    expect(feed.items.map((i) => i.url)).toContain(`https://status.example.com/maintenances/${story.cancelled.id}`);
    expect(feed.items[0]).toMatchObject({ title: 'API errors', tags: ['incident', 'monitoring'] });
  });

  it('keeps entry ids when the page changes, and carries hostile text intact and well-formed', async () => {
    const h = harness('2026-11-20T09:00:00.000Z');
    const first = ok(
      await h.api('POST', '/incidents', { name: 'Errors <b>& "quotes"</b> ]]>', body: 'Line one\nA ]]> B ]]> C\u0001 <script>x</script>' }),
    ).incident;
    const before = parseFeed(await body(h, '/history.atom', 'application/atom+xml; charset=utf-8'));

    h.clock.advance(MINUTE);
    ok(await h.api('POST', '/incidents', { name: 'Second', body: 'Another.' }));
    for (const path of ['/history.atom', '/history.rss']) {
      const feed = await (await h.fetch(path)).text();
      expect(XMLValidator.validate(feed), path).toBe(true);
      expect(feed).not.toContain('\u0001');
      expect(feed).not.toContain('<script>');
      expect(feed).toContain('Line one<br>A ]]&gt; B ]]&gt; C &lt;script&gt;x&lt;/script&gt;');
      const parsed = parseFeed(feed);
      const item = parsed.items.find((i) => i.url?.endsWith(first.id))!;
      expect(item.id).toBe(before.items[0]!.id);
      expect(item.title).toBe('Errors <b>& "quotes"</b> ]]>');
      expect(item.content ?? item.description).toContain('Line one<br>A ]]> B ]]> C');
    }
  });
});
