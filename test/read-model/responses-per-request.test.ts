// A public read builds one Response. Building one is most of what a read costs once its bytes
// come from KV (issue 16, `npm run bench:profile`): Hono's `c.header()` after the handler copies
// the whole Response on every call, and hono/cors made two more per request. Counted, not timed.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { harness } from '../support/harness';
import { emptyPage, makeStatusStory } from '../support/status-story';

const READS = [
  '/',
  '/?lang=fr',
  '/embed',
  '/history',
  '/history.atom',
  '/history.rss?lang=fr',
  '/feed.json',
  '/maintenances.ics',
  '/api/v2/summary.json',
  '/api/v2/status.json',
  '/badge.svg',
  '/healthz',
];

/** Counts every Response built while it is installed (the worker runs in this isolate). */
const made = { count: 0 };
const Original = globalThis.Response;
class CountedResponse extends Original {
  constructor(body?: BodyInit | null, init?: ResponseInit) {
    super(body, init);
    made.count++;
  }
}

describe('a public read', () => {
  beforeEach(emptyPage);
  afterEach(() => {
    globalThis.Response = Original;
  });

  it('builds one Response, a 304 and a preflight too', async () => {
    const h = harness('2026-11-20T09:00:00.000Z');
    await makeStatusStory(h);
    // Warm: the snapshot and its rendering read once, as an isolate that has served before.
    for (const path of READS) expect((await h.fetch(path)).status, path).toBe(200);

    globalThis.Response = CountedResponse;
    const counts: Record<string, number> = {};
    for (const path of READS) {
      made.count = 0;
      const response = await h.fetch(path);
      counts[path] = made.count;
      expect(response.status, path).toBe(200);
      // Feeds and the Statuspage API stay readable from any origin (widgets, browser feed readers).
      const shared = /^\/(api\/v2\/|history\.|feed\.json|maintenances\.ics)/.test(path);
      expect(response.headers.get('access-control-allow-origin'), path).toBe(shared ? '*' : null);
      if (shared) expect(response.headers.get('access-control-expose-headers'), path).toBe('ETag');
      const etag = response.headers.get('etag');
      await response.arrayBuffer();
      // `?lang=` sets the language's cookie, so its answer is always whole (private, no 304).
      if (etag && response.headers.get('cache-control')?.startsWith('public')) {
        made.count = 0;
        const again = await h.fetch(path, { headers: { 'if-none-match': etag } });
        expect(again.status, `${path} again`).toBe(304);
        counts[`${path} 304`] = made.count;
      }
    }
    made.count = 0;
    const preflight = await h.fetch('/api/v2/summary.json', {
      method: 'OPTIONS',
      headers: { origin: 'https://widget.example', 'access-control-request-method': 'GET' },
    });
    expect(preflight.status).toBe(204);
    expect(Object.fromEntries(preflight.headers)).toMatchObject({
      'access-control-allow-origin': '*',
      'access-control-allow-methods': 'GET,HEAD,OPTIONS',
      'access-control-max-age': '86400',
    });
    counts.preflight = made.count;

    expect(counts).toEqual(Object.fromEntries(Object.keys(counts).map((k) => [k, 1])));
  });
});
