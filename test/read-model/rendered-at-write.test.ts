// The public documents are rendered when a write publishes the snapshot, not when someone reads
// them: a write puts every route's bytes beside the snapshot in KV, and a reader only streams
// them. The one thing that changes them without a write, the page zone's midnight (the 90-day
// bars gain a day), is rendered once, and then put for everyone by the cron.
import { createExecutionContext, env, waitOnExecutionContext } from 'cloudflare:test';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Bindings } from '../../src/env';
import { readConfig } from '../../src/env';
import { renderBundle, renderings } from '../../src/services/rendered-build';
import type { RenderedMetadata } from '../../src/services/rendered-held';
import { bodyKey, decodeIndex, RENDERED_KEY, renderedBody } from '../../src/services/rendered-held';
import { rendererOf, renderSiteOf } from '../../src/services/rendered-names';
import { putRendered } from '../../src/services/rendered-store';
import { STYLE_ASSET } from '../../src/views/public/assets';
import { selectOne } from '../public/html';
import { barsOf } from '../public/uptime-days';
import { makeComponent, makeMaintenance } from '../support/factories';
import { FaultyKv } from '../support/faulty-kv';
import { BASE, harness, MINUTE, ok } from '../support/harness';
import { putInKv, snapshotInKv, snapshotState } from '../support/snapshots';
import { emptyPage, makeStatusStory } from '../support/status-story';
import { V2_ENDPOINTS } from '../support/statuspage-schema';

const READS = [
  '/',
  '/?lang=fr',
  '/embed',
  '/history',
  '/history?page=1',
  '/history.atom',
  '/history.atom?lang=fr',
  '/history.rss',
  '/feed.json?lang=fr',
  '/maintenances.ics',
  ...Object.keys(V2_ENDPOINTS),
  '/badge.svg',
  '/badge.svg?upcoming=0',
];

/** A D1 binding that is down: any use of it throws, so a request that answers used none. */
const noD1 = new Proxy({} as D1Database, {
  get: () => () => {
    throw new Error('D1_ERROR: this request was not to touch D1');
  },
});

/** KV's rendering: its index, and every body it names read from KV. */
async function rendering() {
  const stored = await env.SNAPSHOT.getWithMetadata<RenderedMetadata>(RENDERED_KEY, 'text');
  if (!stored.value || !stored.metadata) return null;
  const bundle = decodeIndex(stored.value);
  for (const entry of bundle.entries.values()) {
    if (!(await renderedBody(env as unknown as Bindings, entry))) throw new Error(`KV holds no body for ${entry.etag}`);
  }
  return { metadata: stored.metadata, bundle };
}

async function fetchWith(h: ReturnType<typeof harness>, bindings: Bindings, path: string, init?: RequestInit): Promise<Response> {
  const ctx = createExecutionContext();
  const response = await h.worker.fetch(new Request(new URL(path, BASE), init), bindings, ctx);
  await waitOnExecutionContext(ctx);
  return response;
}

describe('public documents rendered when a write publishes', () => {
  beforeEach(emptyPage);

  it('a write puts every route’s bytes in KV; readers stream them and render nothing', async () => {
    const h = harness('2026-11-20T09:00:00.000Z');
    await makeStatusStory(h);

    const stored = await rendering();
    expect(stored?.metadata.version).toBe((await snapshotState()).version);
    const home = await h.fetch('/', { headers: { 'accept-language': 'en' } });
    const bytes = new Uint8Array(await home.arrayBuffer());
    expect(bytes).toEqual(stored?.bundle.entries.get('page/en|/')?.body);
    expect(home.headers.get('etag')).toBe(stored?.bundle.entries.get('page/en|/')?.etag);

    const before = renderings.count;
    for (const path of READS) expect((await h.fetch(path)).status, path).toBe(200);
    h.clock.advance(2_000); // past the second an isolate serves what it holds without asking KV
    for (const path of READS) expect((await h.fetch(path)).status, path).toBe(200);
    expect(renderings.count).toBe(before);

    // Headers stay per request: `?lang=` sets the cookie and keeps the answer private; the bytes are the shared French ones.
    const chosen = await h.fetch('/?lang=fr');
    expect(chosen.headers.get('set-cookie')).toMatch(/lang=fr/);
    expect(chosen.headers.get('cache-control')).toBe('private, no-cache');
    expect(chosen.headers.get('vary')).toBe('Accept-Language, Cookie');
    expect(new Uint8Array(await chosen.arrayBuffer())).toEqual(stored?.bundle.entries.get('page/fr|/')?.body);
    const again = await h.fetch('/', { headers: { 'accept-language': 'en', 'if-none-match': home.headers.get('etag') ?? '' } });
    expect(again.status).toBe(304);
    expect(renderings.count).toBe(before);
  });

  it('the front knows its own rendering without checking the configuration: a PUBLIC_URL given with a trailing slash and spaces renders nothing on read', async () => {
    const slashed = ` ${env.PUBLIC_URL}/\n`;
    const h = harness('2026-11-20T09:00:00.000Z', { vars: { PUBLIC_URL: slashed } });
    await makeStatusStory(h);
    const site = renderSiteOf(readConfig({ ...env, PUBLIC_URL: slashed } as Bindings));
    expect(site.baseUrl).toBe(env.PUBLIC_URL);
    expect((await rendering())?.metadata.renderer).toBe(rendererOf(site));

    h.clock.advance(2_000); // past the second an isolate serves what it holds without asking KV
    const before = renderings.count;
    for (const path of READS) expect((await h.fetch(path)).status, path).toBe(200);
    expect(renderings.count).toBe(before);
  });

  it('a setting that goes wrong after a write (a short ADMIN_TOKEN) leaves the page up from what was rendered, rendering nothing', async () => {
    const h = harness('2026-11-20T09:00:00.000Z');
    await makeStatusStory(h);
    h.clock.advance(2_000); // past the second an isolate serves what it holds without asking KV
    const wrong = { ...h.env, ADMIN_TOKEN: 'short' };

    const before = renderings.count;
    for (const path of READS) expect((await fetchWith(h, wrong, path)).status, path).toBe(200);
    expect(renderings.count).toBe(before);
  });

  it('the bars gain a day at midnight in the page’s zone with no write: rendered once, then put by the cron', async () => {
    const h = harness('2026-11-10T09:00:00.000Z');
    ok(await h.api('PATCH', '/page', { name: 'Acme Intel', time_zone: 'Europe/Paris' }));
    const api = await makeComponent(h, 'Public API');
    // Down all of the 20th in Paris, back up at 23:00 that evening.
    h.clock.set('2026-11-19T23:00:00.000Z');
    ok(await h.api('PATCH', `/components/${api.id}`, { status: 'major_outage' }));
    h.clock.set('2026-11-20T22:00:00.000Z');
    ok(await h.api('PATCH', `/components/${api.id}`, { status: 'operational' }));
    const state = await snapshotState();
    const down = { ...h.env, DB: noD1 };

    const bars = async (path = '/') => (await barsOf(await (await fetchWith(h, down, path)).text())).find((b) => b.name === 'Public API');
    const evening = await bars();
    expect(evening?.runs.at(0)?.from).toBe('2026-08-23');
    expect(evening?.runs.at(-1)).toMatchObject({ from: '2026-11-20', until: '2026-11-20', tone: 'major_outage' });

    h.clock.set('2026-11-20T23:05:00.000Z'); // 00:05 on the 21st in Paris
    const before = renderings.count;
    const night = await bars();
    expect(night?.runs.at(0)?.from).toBe('2026-08-24');
    expect(night?.runs.slice(-2)).toMatchObject([
      { from: '2026-11-20', until: '2026-11-20', tone: 'major_outage' },
      { from: '2026-11-21', until: '2026-11-21', tone: 'operational' },
    ]);
    expect((await fetchWith(h, down, '/?lang=fr')).status).toBe(200);
    expect((await fetchWith(h, down, '/embed')).status).toBe(200);
    // Once for the new day in this isolate, whatever it serves after; and D1 was not even read.
    expect(renderings.count).toBe(before + 1);
    expect(await snapshotState()).toEqual(state);
    // KV still holds the evening's rendering until the cron puts the new day's for every isolate.
    expect((await rendering())?.metadata.validUntilMs).toBe(Date.parse('2026-11-20T23:00:00.000Z'));

    await h.tick();
    const refreshed = await rendering();
    expect(refreshed?.metadata).toMatchObject({ version: state.version, validUntilMs: Date.parse('2026-11-21T23:00:00.000Z') });
    expect(
      (await barsOf(new TextDecoder().decode(refreshed?.bundle.entries.get('page/en|/')?.body ?? undefined))).at(0)?.runs.at(-1)?.until,
    ).toBe('2026-11-21');
    expect(await snapshotState()).toMatchObject({ version: state.version, published_version: state.version, lease_owner: null });
  });

  it('a rendering by other code (a deploy that renamed the assets) is rendered again, not served, and the cron replaces it', async () => {
    const h = harness('2026-11-20T09:00:00.000Z');
    await makeStatusStory(h);
    const stored = await rendering();
    if (!stored) throw new Error('no rendering in KV');
    // The previous release, still running during the rollout, publishes the next version: its
    // snapshot, and its rendering, whose pages name assets this code no longer serves.
    const next = { ...(await snapshotInKv())!.snapshot, version: stored.bundle.version + 1 };
    await env.DB.prepare('UPDATE snapshot_state SET version = ?1, published_version = ?1').bind(next.version).run();
    await putInKv(next);
    const old = new TextEncoder().encode('<link href="/assets/style.0ld0ld00.css">') as Uint8Array<ArrayBuffer>;
    await putRendered(env, {
      ...stored.bundle,
      version: next.version,
      renderer: 'previous',
      entries: new Map([['page/en|/', { body: old, etag: '"old"' }]]),
    });
    h.clock.advance(2_000); // past the second an isolate serves what it holds without asking KV

    const before = renderings.count;
    const home = await (await h.fetch('/', { headers: { 'accept-language': 'en' } })).text();
    expect(home).not.toContain('0ld0ld00');
    expect(home).toContain(STYLE_ASSET.path);
    expect(renderings.count).toBe(before + 1);

    await h.tick();
    expect((await rendering())?.metadata).toMatchObject({ version: next.version, renderer: stored.bundle.renderer });
  });

  it('a write reads KV’s rendering index once, for its version and for which bodies KV already holds', async () => {
    const kv = new FaultyKv(env.SNAPSHOT);
    const h = harness('2026-11-20T09:00:00.000Z', { snapshot: kv.binding });
    await makeStatusStory(h);
    kv.getKeys = [];
    kv.putKeys = [];
    ok(await h.api('PATCH', '/page', { name: 'Acme Renamed' }));
    expect(kv.putKeys).toContain(RENDERED_KEY);
    expect(kv.getKeys.filter((key) => key === RENDERED_KEY)).toEqual([RENDERED_KEY]);
  });

  it('another isolate’s first request after a write reads the index and the one document it serves, not the whole rendering', async () => {
    const kv = new FaultyKv(env.SNAPSHOT);
    const h = harness('2026-11-20T09:00:00.000Z', { snapshot: kv.binding });
    await makeStatusStory(h);
    const stored = await rendering();
    if (!stored) throw new Error('no rendering in KV');
    // Another isolate publishes the next version: its snapshot, then its rendering.
    const previous = (await snapshotInKv())!.snapshot;
    const next = { ...previous, version: stored.bundle.version + 1, page: { ...previous.page, name: 'Acme Elsewhere' } };
    await env.DB.prepare('UPDATE snapshot_state SET version = ?1, published_version = ?1').bind(next.version).run();
    await putInKv(next);
    const bindings = { ...h.env, SNAPSHOT: kv.binding } as unknown as Bindings;
    const theirs = await renderBundle(next, h.clock.now(), renderSiteOf(readConfig(bindings)));
    expect(await putRendered(bindings, theirs)).toBe(true);
    const bodyOf = (key: string) => bodyKey(theirs.entries.get(key)!.etag);
    h.clock.advance(2_000); // past the second this isolate serves what it holds without asking KV

    const before = renderings.count;
    kv.getKeys = [];
    const home = await h.fetch('/', { headers: { 'accept-language': 'en' } });
    expect(new Uint8Array(await home.arrayBuffer())).toEqual(theirs.entries.get('page/en|/')!.body);
    expect(kv.getKeys).toEqual([RENDERED_KEY, bodyOf('page/en|/')]);

    // A reader who already has a page gets 304 without its body being read from KV.
    kv.getKeys = [];
    const embedTag = theirs.entries.get('page/en|/embed')!.etag;
    const unchanged = await h.fetch('/embed', { headers: { 'accept-language': 'en', 'if-none-match': embedTag } });
    expect(unchanged.status).toBe(304);
    expect(kv.getKeys).toEqual([]);

    kv.getKeys = [];
    expect(await (await h.fetch('/embed', { headers: { 'accept-language': 'en' } })).text()).toContain('Acme Elsewhere');
    expect(await (await h.fetch('/', { headers: { 'accept-language': 'en' } })).text()).toContain('Acme Elsewhere');
    expect(kv.getKeys).toEqual([bodyOf('page/en|/embed')]);
    expect(renderings.count).toBe(before);

    // A body KV lost: that document is rendered here from the snapshot, the rest still served as stored.
    await env.SNAPSHOT.delete(bodyOf('page/en|/history'));
    const history = await h.fetch('/history', { headers: { 'accept-language': 'en' } });
    expect(history.status).toBe(200);
    expect(await history.text()).toContain('Acme Elsewhere');
    expect(renderings.count).toBe(before + 1);
  });

  it('at a second’s turn, one request asks KV for a newer rendering; those that come meanwhile serve the one held', async () => {
    const kv = new FaultyKv(env.SNAPSHOT);
    const h = harness('2026-11-20T09:00:00.000Z', { snapshot: kv.binding });
    await makeStatusStory(h);
    const etag = (await h.fetch('/badge.svg')).headers.get('etag');
    h.clock.advance(2_000);
    kv.getKeys = [];

    const answers = await Promise.all(Array.from({ length: 10 }, () => h.fetch('/badge.svg')));
    expect(answers.map((answer) => [answer.status, answer.headers.get('etag')])).toEqual(Array(10).fill([200, etag]));
    expect(kv.getKeys).toEqual([RENDERED_KEY]);
    // Checked: the next requests of the second answer without KV too.
    kv.getKeys = [];
    expect((await h.fetch('/api/v2/summary.json')).status).toBe(200);
    expect(kv.getKeys).toEqual([]);
  });

  it('a countdown’s words move every minute on the page, while KV’s copy is put again at most every ten minutes', async () => {
    const kv = new FaultyKv(env.SNAPSHOT);
    const h = harness('2026-11-20T09:00:00.000Z', { snapshot: kv.binding });
    await makeComponent(h, 'Public API');
    await makeMaintenance(h, { name: 'Swap', scheduled_for: '2026-11-21T09:00:00.000Z', scheduled_until: '2026-11-21T10:00:00.000Z' });
    kv.putKeys = [];

    const words: string[] = [];
    for (let minute = 1; minute <= 20; minute++) {
      h.clock.advance(MINUTE);
      await h.tick();
      const home = await (await h.fetch('/', { headers: { 'accept-language': 'en' } })).text();
      words.push((await selectOne(home, '.countdown')).text);
    }
    expect(words.at(0)).toBe('Starts in 23 hours and 57 minutes');
    expect(words.at(-1)).toBe('Starts in 23 hours and 38 minutes');
    expect(new Set(words).size).toBe(20);
    expect(kv.putKeys.filter((key) => key === RENDERED_KEY).length).toBe(2);
    // Each put stored only the bodies KV did not hold: none twice, and not the feeds, which the countdown does not change.
    const bodies = kv.putKeys.filter((key) => key.startsWith('rendered:body:'));
    expect(bodies.length).toBeGreaterThan(0);
    expect(new Set(bodies).size).toBe(bodies.length);
    const feeds = [...(await rendering())!.bundle.entries].filter(([key]) => key.startsWith('feeds/'));
    expect(feeds.length).toBe(8);
    for (const [key, entry] of feeds) expect(bodies, key).not.toContain(bodyKey(entry.etag));
    expect(kv.putKeys.filter((key) => key !== RENDERED_KEY && !key.startsWith('rendered:body:'))).toEqual([]);
  });
});
