// Entry ids against RFC 4151 (the "tag" URI scheme), and the ids' stability when the page's port
// changes: a feed reader or calendar that holds an entry must recognise it in the next fetch.
import { parseFeed } from '@rowanmanning/feed-parser';
import { XMLParser } from 'fast-xml-parser';
import ICAL from 'ical.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { harness } from '../support/harness';
import { emptyPage, makeStatusStory } from '../support/status-story';

// RFC 4151 §2.1, written out from its ABNF (pchar from RFC 3986 §3.3):
//   tagURI = "tag:" taggingEntity ":" specific [ "#" fragment ]
//   taggingEntity = authorityName "," date
//   authorityName = DNSname / emailAddress
//   date = year ["-" month ["-" day]]
//   DNSname = DNScomp *( "." DNScomp ) ; DNScomp = alphaNum [*(alphaNum / "-") alphaNum]
//   emailAddress = 1*(alphaNum / "-" / "." / "_") "@" DNSname
//   specific = *( pchar / "/" / "?" ) ; fragment = *( pchar / "/" / "?" )
const alphaNum = '[A-Za-z0-9]';
const dnsComp = `${alphaNum}(?:[A-Za-z0-9-]*${alphaNum})?`;
const dnsName = `${dnsComp}(?:\\.${dnsComp})*`;
const emailAddress = `[A-Za-z0-9._-]+@${dnsName}`;
const date = '(\\d{4})(?:-(\\d{2})(?:-(\\d{2}))?)?';
const pchar = "(?:[A-Za-z0-9\\-._~]|%[0-9A-Fa-f]{2}|[!$&'()*+,;=]|:|@)";
const specific = `(?:${pchar}|/|\\?)*`;
const TAG_URI = new RegExp(`^tag:(${dnsName}|${emailAddress}),${date}:(${specific})(?:#${specific})?$`);

/** The parts of an RFC 4151 tag URI, or null when it is not one (its date a real day, too). */
function tagUri(uri: string): { authority: string; date: string; specific: string } | null {
  const m = TAG_URI.exec(uri);
  if (!m) return null;
  const [, authority = '', year = '', month, day, rest = ''] = m;
  if (month && (Number(month) < 1 || Number(month) > 12)) return null;
  if (day && new Date(`${year}-${month}-${day}T00:00:00Z`).getUTCDate() !== Number(day)) return null;
  return { authority, date: [year, month, day].filter(Boolean).join('-'), specific: rest };
}

const xml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', isArray: (name) => ['entry', 'item'].includes(name) });
const text = (node: unknown): string =>
  typeof node === 'object' && node !== null ? String((node as { '#text'?: unknown })['#text'] ?? '') : String(node);

/** Every id the four documents give their entries, as a client reads them. */
async function idsServedAt(publicUrl: string) {
  const h = harness('2026-11-20T12:00:00.000Z', { vars: { PUBLIC_URL: publicUrl } });
  const get = async (path: string) => {
    const response = await h.fetch(path);
    expect(response.status, path).toBe(200);
    return response.text();
  };
  const atom = xml.parse(await get('/history.atom')).feed;
  const rss = xml.parse(await get('/history.rss')).rss.channel;
  const json = JSON.parse(await get('/feed.json'));
  const ics = new ICAL.Component(ICAL.parse(await get('/maintenances.ics')));
  return {
    atom: (atom.entry as Record<string, unknown>[]).map((e) => text(e.id)),
    atomLinks: (atom.entry as { link: { '@href': string } }[]).map((e) => e.link['@href']),
    rss: (rss.item as { guid: { '#text': string; '@isPermaLink': string } }[]).map((i) => i.guid),
    json: (json.items as { id: string }[]).map((i) => i.id),
    uids: ics.getAllSubcomponents('vevent').map((v) => String(v.getFirstPropertyValue('uid'))),
  };
}

describe('entry ids (RFC 4151 tag URIs) and calendar UIDs', () => {
  let story: Awaited<ReturnType<typeof makeStatusStory>>;
  beforeAll(async () => {
    await emptyPage();
    story = await makeStatusStory(harness('2026-11-20T09:00:00.000Z'));
  });

  it('are tag URIs by the grammar of RFC 4151 in Atom, RSS and JSON Feed, naming the host without the port it is served on', async () => {
    const served = await idsServedAt('http://localhost:8899');
    expect(served.atom).toHaveLength(6);
    for (const id of [...served.atom, ...served.json, ...served.rss.map((g) => g['#text'])]) {
      const tag = tagUri(id);
      expect(tag, id).not.toBeNull();
      expect(tag!.authority).toBe('localhost');
      expect(tag!.date).toBe('2026-11-20');
      expect(tag!.specific).toMatch(/^(incident|maintenance)\/[a-z0-9]+$/);
    }
    // The grammar itself refuses what the ids used to be.
    expect(tagUri('tag:localhost:8899,2026-11-20:maintenance/abc')).toBeNull();
    expect(tagUri('tag:status.example.com,2026-13-01:x')).toBeNull();
    expect(tagUri('tag:-bad.example.com,2026-11-20:x')).toBeNull();
    expect(tagUri('tag:status.example.com,2026-11-20:incident/abc')).not.toBeNull();

    // RSS 2.0: a guid that is not the item's URL says so (isPermaLink="false"); JSON Feed's id is
    // the same tag URI as Atom's, so one entry is one id in all three.
    for (const guid of served.rss) expect(guid['@isPermaLink']).toBe('false');
    expect(new Set(served.json)).toEqual(new Set(served.atom));
    expect(new Set(served.rss.map((g) => g['#text']))).toEqual(new Set(served.atom));
    expect(served.atomLinks.every((href) => href.startsWith('http://localhost:8899/'))).toBe(true);

    expect(served.uids.sort()).toEqual(
      [story.upcoming, story.running, story.cancelled, story.completed].map((m) => `${m.id}@localhost`).sort(),
    );
  });

  it('stay the same when only the port changes, and match the ones served without a port', async () => {
    const first = await idsServedAt('http://localhost:8899');
    const moved = await idsServedAt('http://localhost:9911');
    const plain = await idsServedAt('http://localhost');
    expect(moved.atomLinks[0]).toMatch(/^http:\/\/localhost:9911\//);
    for (const other of [moved, plain]) {
      expect(other.atom).toEqual(first.atom);
      expect(other.rss).toEqual(first.rss);
      expect(other.json).toEqual(first.json);
      expect(other.uids).toEqual(first.uids);
    }
    // A reader of the RSS feed through a real parser sees the same ids.
    const h = harness('2026-11-20T12:00:00.000Z', { vars: { PUBLIC_URL: 'http://localhost:9911' } });
    const parsed = parseFeed(await (await h.fetch('/history.rss')).text());
    expect(parsed.items.map((i) => i.id)).toEqual(first.rss.map((g) => g['#text']));
  });
});
