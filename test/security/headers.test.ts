// Every response carries `X-Content-Type-Options: nosniff` and a CSP: the pages their own, every
// other surface (JSON, feeds, the calendar, the badge, icons, 404s and errors) one under which a
// document opened on its own loads and runs nothing.
import { beforeEach, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, harness } from '../support/harness';
import { emptyPage, makeStatusStory } from '../support/status-story';

const DOCUMENT_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

function expectHardened(response: Response, what: string): string {
  expect(response.headers.get('x-content-type-options'), what).toBe('nosniff');
  const csp = response.headers.get('content-security-policy') ?? '';
  expect(csp, what).toMatch(/^default-src 'none'(;|$)/);
  expect(csp, what).not.toContain("script-src 'unsafe-inline'");
  return csp;
}

describe('security headers', () => {
  beforeEach(emptyPage);

  it('are on every surface, whatever it answers', async () => {
    const h = harness('2026-11-20T09:00:00.000Z');
    const story = await makeStatusStory(h);
    const home = await h.fetch('/');
    const stylesheet = /<link rel="stylesheet" href="([^"]+)"/.exec(await home.text())?.[1];
    expect(stylesheet).toBeDefined();
    const bearer = { authorization: `Bearer ${ADMIN_TOKEN}` };
    const json = { ...bearer, 'content-type': 'application/json' };

    // Surfaces with a CSP of their own keep it.
    const pages: [string, RequestInit?][] = [
      ['/'],
      ['/embed'],
      ['/history'],
      [`/maintenances/${story.upcoming.id}`],
      // Under the maintenance page's path, so under its policy, which is as strict for a calendar.
      [`/maintenances/${story.upcoming.id}.ics`],
      [stylesheet!],
      ['/subscribe'],
      ['/admin/sign-in'],
    ];
    for (const [path, init] of pages) {
      const response = await h.fetch(path, init);
      expect(response.status, path).toBeLessThan(400);
      expect(expectHardened(response, path), path).toContain("script-src 'self'");
    }

    // Everything else has the document policy.
    const documents: [string, number, RequestInit?][] = [
      ['/history.rss', 200],
      ['/history.atom', 200],
      ['/feed.json', 200],
      ['/maintenances.ics', 200],
      ['/api/v2/summary.json', 200],
      [
        '/api/v2/summary.json',
        204,
        { method: 'OPTIONS', headers: { origin: 'https://elsewhere.example', 'access-control-request-method': 'GET' } },
      ],
      ['/api/v1/components', 200, { headers: bearer }],
      ['/api/v1/components', 401],
      ['/api/v1/components', 400, { method: 'POST', headers: json, body: '{"name":' }],
      ['/api/v1/components', 422, { method: 'POST', headers: json, body: '{"name":""}' }],
      ['/api/v1/nothing', 404, { headers: bearer }],
      ['/api/v2/nothing.json', 404],
      ['/nothing', 404],
      ['/favicon.ico', 200],
      ['/favicon.svg', 200],
      ['/healthz', 200],
    ];
    for (const [path, status, init] of documents) {
      const response = await h.fetch(path, init);
      const what = `${init?.method ?? 'GET'} ${path}`;
      expect(response.status, what).toBe(status);
      const csp = expectHardened(response, what);
      // A 404 page is a page: it keeps the page policy.
      if (path !== '/nothing') expect(csp, what).toBe(DOCUMENT_CSP);
    }

    // A 304 carries them as the 200 did.
    const feed = await h.fetch('/history.atom');
    const again = await h.fetch('/history.atom', { headers: { 'if-none-match': feed.headers.get('etag') ?? '' } });
    expect(again.status).toBe(304);
    expect(expectHardened(again, '304')).toBe(DOCUMENT_CSP);
  });

  it('are on the badge, an SVG any page may frame and that runs nothing, its error badges too', async () => {
    const h = harness('2026-11-20T09:00:00.000Z');
    await makeStatusStory(h);
    for (const [path, status] of [
      ['/badge.svg', 200],
      ['/badge.svg?component=nothing', 404],
      ['/badge.svg?upcoming=2', 400],
    ] as const) {
      const response = await h.fetch(path);
      expect(response.status, path).toBe(status);
      expect(response.headers.get('content-type')).toBe('image/svg+xml; charset=utf-8');
      expect(expectHardened(response, path)).toBe("default-src 'none'");
    }
  });

  it('are the same on a page, the embed aside, and on its error page; on a feed and on its error', async () => {
    const h = harness('2026-11-20T09:00:00.000Z');
    await makeStatusStory(h);
    const named = (response: Response, names: readonly string[]) => Object.fromEntries(names.map((n) => [n, response.headers.get(n)]));
    const PAGE = ['content-security-policy', 'x-content-type-options', 'referrer-policy', 'x-frame-options'];
    // `/` is served as rendered at write time; a missing incident under a page path is the error page.
    const home = await h.fetch('/');
    const missing = await h.fetch('/incidents/nothing');
    expect([home.status, missing.status]).toEqual([200, 404]);
    expect(named(home, PAGE)).toEqual(named(missing, PAGE));
    expect(home.headers.get('x-frame-options')).toBe('DENY');
    // The embed may be framed anywhere, and says so.
    const embed = await h.fetch('/embed');
    expect(embed.headers.get('content-security-policy')).toContain('frame-ancestors *');
    expect(embed.headers.get('x-frame-options')).toBeNull();
    expect(embed.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
    // A feed any origin may read, and a feed's error (a page: its own CSP).
    const FEED = ['x-content-type-options', 'access-control-allow-origin', 'access-control-expose-headers'];
    const feed = await h.fetch('/history.atom');
    const feedError = await h.fetch('/history.atom?component=nothing');
    expect([feed.status, feedError.status]).toEqual([200, 404]);
    expect(named(feed, FEED)).toEqual(named(feedError, FEED));
    expect(feed.headers.get('access-control-allow-origin')).toBe('*');
    expect(feed.headers.get('content-security-policy')).toBe(DOCUMENT_CSP);
    expect(feed.headers.get('content-language')).toBe('en');
  });

  it('are on the generic 500 of a misconfigured deployment', async () => {
    const h = harness('2026-11-20T09:00:00.000Z', { vars: { PUBLIC_URL: 'not a url' } });
    for (const path of ['/api/v2/summary.json', '/history.rss', '/badge.svg']) {
      const response = await h.fetch(path);
      expect(response.status, path).toBe(500);
      expectHardened(response, path);
    }
  });
});
