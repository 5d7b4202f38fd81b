// `?component=` on every feed: only the news of the components (or groups) named, and the news of
// the whole page, as a subscriber of those components is told; unknown ids are an error.
import { parseFeed } from '@rowanmanning/feed-parser';
import { XMLParser } from 'fast-xml-parser';
import ICAL from 'ical.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { renderings } from '../../src/services/rendered-build';
import { BASE, harness } from '../support/harness';
import { emptyPage, makeStatusStory } from '../support/status-story';

const xml = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  isArray: (name) => ['entry', 'item', 'link'].includes(name),
});
const text = (node: unknown): string =>
  typeof node === 'object' && node !== null ? String((node as { '#text'?: unknown })['#text'] ?? '') : String(node);

type Story = Awaited<ReturnType<typeof makeStatusStory>>;
const h = harness('2026-11-20T12:00:00.000Z');
let story: Story;

async function get(path: string): Promise<string> {
  const response = await h.fetch(path);
  expect(response.status, path).toBe(200);
  return response.text();
}

/** The URLs of the incidents and maintenances each of the four documents gives, as clients read them. */
async function subjects(query: string) {
  const urls = (items: { url?: string | null }[]) => items.map((i) => i.url ?? '').sort();
  const ics = new ICAL.Component(ICAL.parse(await get(`/maintenances.ics${query}`)));
  return {
    rss: urls(parseFeed(await get(`/history.rss${query}`)).items),
    atom: urls(parseFeed(await get(`/history.atom${query}`)).items),
    json: urls(JSON.parse(await get(`/feed.json${query}`)).items),
    ics: ics
      .getAllSubcomponents('vevent')
      .map((v) => String(v.getFirstPropertyValue('url')))
      .sort(),
  };
}

const incident = (i: { id: string }) => `${BASE}/incidents/${i.id}`;
const maintenance = (m: { id: string }) => `${BASE}/maintenances/${m.id}`;

describe('?component= on RSS, Atom, JSON Feed and .ics', () => {
  beforeAll(async () => {
    await emptyPage();
    story = await makeStatusStory(h);
  });

  it('keeps the news of the component named and of the whole page; news of other components is absent from every feed', async () => {
    const { api, open, resolved, upcoming, cancelled, running, completed } = story;
    const scoped = await subjects(`?component=${api.id}`);
    // The API: its open incident and the move that plans it down; the cancelled swap named no
    // component, so it concerned the whole page.
    const history = [incident(open), maintenance(upcoming), maintenance(cancelled)].sort();
    expect(scoped.rss).toEqual(history);
    expect(scoped.atom).toEqual(history);
    expect(scoped.json).toEqual(history);
    expect(scoped.ics).toEqual([maintenance(upcoming), maintenance(cancelled)].sort());
    for (const other of [incident(resolved), maintenance(running), maintenance(completed)]) {
      for (const list of Object.values(scoped)) expect(list).not.toContain(other);
    }
    // Unscoped, everything is there.
    expect((await subjects('')).atom).toHaveLength(6);
  });

  it('reads several ids comma-separated (or the parameter repeated) and a group as its members', async () => {
    const { api, login, alerts, platform, open, resolved, upcoming, cancelled, running, completed } = story;
    const comma = await subjects(`?component=${login.id},${alerts.id}`);
    const repeated = await subjects(`?component=${alerts.id}&component=${login.id}`);
    expect(repeated).toEqual(comma);
    expect(comma.atom).toEqual([incident(resolved), maintenance(completed), maintenance(upcoming), maintenance(cancelled)].sort());

    const group = await subjects(`?component=${platform.id}`);
    expect(group.atom).toEqual([incident(open), maintenance(upcoming), maintenance(running), maintenance(cancelled)].sort());
    expect(group.ics).toEqual([maintenance(upcoming), maintenance(running), maintenance(cancelled)].sort());
    expect((await subjects(`?component=${platform.id},${api.id}`)).atom).toEqual(group.atom);
  });

  it('names the scope in its self link, feed id, feed_url and title, with ?lang= too', async () => {
    const { api, login } = story;
    const ids = [api.id, login.id].sort().join(',');
    const atom = xml.parse(await get(`/history.atom?component=${login.id},${api.id}&lang=fr`)).feed;
    expect(text(atom.id)).toBe(`${BASE}/history?component=${ids}`);
    const self = (atom.link as Record<string, string>[]).find((l) => l['@rel'] === 'self');
    expect(self?.['@href']).toBe(`${BASE}/history.atom?component=${ids}&lang=fr`);
    expect(atom['@xml:lang']).toBe('fr');
    // Names in page order (the API's group comes first), in the feed's language.
    expect(text(atom.title)).toBe('État des services d’Acme Intel\u00a0: Public API, Login');

    const rss = xml.parse(await get(`/history.rss?component=${api.id}`)).rss.channel;
    const rssSelf = (rss['atom:link'] as Record<string, string> | Record<string, string>[]) ?? [];
    expect([rssSelf].flat().map((l) => l['@href'])).toContain(`${BASE}/history.rss?component=${api.id}`);
    expect(text(rss.title)).toBe('Acme Intel status: Public API');

    const json = JSON.parse(await get(`/feed.json?component=${api.id}&lang=fr`));
    expect(json.feed_url).toBe(`${BASE}/feed.json?component=${api.id}&lang=fr`);
    expect(json.language).toBe('fr');

    const ics = new ICAL.Component(ICAL.parse(await get(`/maintenances.ics?component=${api.id}`)));
    expect(ics.getFirstPropertyValue('x-wr-calname')).toBe('Acme Intel maintenance: Public API');

    // The unscoped feeds keep their unscoped ids and links.
    const whole = xml.parse(await get('/history.atom')).feed;
    expect(text(whole.id)).toBe(`${BASE}/history`);
    expect((whole.link as Record<string, string>[]).find((l) => l['@rel'] === 'self')?.['@href']).toBe(`${BASE}/history.atom`);
  });

  it('answers 404 for an id that is no component or group, JSON on /feed.json, and 400 past a hundred ids', async () => {
    const { api } = story;
    for (const path of ['/history.rss', '/history.atom', '/feed.json', '/maintenances.ics']) {
      const response = await h.fetch(`${path}?component=${api.id},nosuchthing`);
      expect(response.status, path).toBe(404);
      expect(response.headers.get('etag'), path).toBeNull();
      const body = await response.text();
      expect(body, path).not.toContain('<item>');
      expect(body, path).not.toContain('BEGIN:VCALENDAR');
    }
    const json = await h.fetch('/feed.json?component=nosuchthing');
    expect(await json.json()).toEqual({
      error: { code: 'not_found', message: 'Component nosuchthing does not exist', details: { component: 'nosuchthing' } },
    });
    const many = Array.from({ length: 101 }, (_, n) => `c${n}`).join(',');
    expect((await h.fetch(`/feed.json?component=${many}`)).status).toBe(400);
    // An empty parameter is no scope: the whole page.
    expect(parseFeed(await get('/history.atom?component=')).items).toHaveLength(6);
  });

  it('renders a scoped feed from the snapshot, once per version for one id, with an ETag that answers 304; the unscoped ones stay prerendered', async () => {
    const { api, login } = story;
    await get('/history.rss');
    const before = renderings.count;
    await get('/history.rss');
    await get('/history.rss?lang=fr');
    expect(renderings.count).toBe(before);

    const first = await h.fetch(`/history.rss?component=${login.id}`);
    await first.text();
    expect(renderings.count).toBe(before + 1);
    const again = await h.fetch(`/history.rss?component=${login.id}`, { headers: { 'if-none-match': first.headers.get('etag')! } });
    expect(again.status).toBe(304);
    expect(renderings.count).toBe(before + 1);

    // Several ids: rendered for each request (their combinations are not kept), still with 304.
    const pair = await h.fetch(`/history.rss?component=${login.id},${api.id}`);
    const etag = pair.headers.get('etag')!;
    expect(etag).toMatch(/^"[0-9a-f]{32}"$/);
    expect(pair.headers.get('content-type')).toBe('application/rss+xml; charset=utf-8');
    expect(pair.headers.get('content-language')).toBe('en');
    const revalidated = await h.fetch(`/history.rss?component=${api.id},${login.id}`, { headers: { 'if-none-match': etag } });
    expect(revalidated.status).toBe(304);
  });
});
