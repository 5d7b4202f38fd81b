// The worker answers the public documents rendered at publish time before Hono's router
// (src/routes/prerendered.ts). Those answers must be the router's to the byte and header: the
// same request is put to both, the worker's early answer and the app alone (createApp, the routes'
// own handlers), and everything a client sees compared.
import { createExecutionContext, waitOnExecutionContext } from 'cloudflare:test';
import { beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app';
import type { Bindings } from '../../src/env';
import { answerBeforeRouter } from '../../src/routes/prerendered';
import { renderings } from '../../src/services/rendered-build';
import { BASE, harness } from '../support/harness';
import { emptyPage, makeStatusStory } from '../support/status-story';
import { V2_ENDPOINTS } from '../support/statuspage-schema';

interface Answer {
  status: number;
  headers: [string, string][];
  body: string;
}

async function seen(response: Response): Promise<Answer> {
  const headers = [...response.headers].filter(([name]) => name !== 'date');
  return { status: response.status, headers, body: await response.text() };
}

function setUp() {
  const h = harness('2026-11-20T09:00:00.000Z');
  const { deps } = h;
  const bindings = h.env as unknown as Bindings;
  const app = createApp(deps);

  /** The router's answer: the app alone, as the worker built it before. */
  async function routed(path: string, init?: RequestInit): Promise<Answer> {
    const ctx = createExecutionContext();
    const response = await app.fetch(new Request(new URL(path, BASE), init), bindings, ctx);
    await waitOnExecutionContext(ctx);
    return seen(response);
  }

  /** The worker's early answer as it is: null when it leaves the request to the router. */
  async function earlyResponse(path: string, init?: RequestInit): Promise<Response | null | 'router'> {
    const ctx = createExecutionContext();
    const pending = answerBeforeRouter(new Request(new URL(path, BASE), init), bindings, ctx, deps);
    if (!pending) return 'router';
    const response = await pending;
    await waitOnExecutionContext(ctx);
    return response;
  }

  async function early(path: string, init?: RequestInit): Promise<Answer | null | 'router'> {
    const response = await earlyResponse(path, init);
    return response instanceof Response ? seen(response) : response;
  }
  return { h, routed, early, earlyResponse };
}

const READS = [
  '/',
  '/?lang=fr',
  '/?lang=de',
  '/embed',
  '/embed?lang=fr',
  '/history',
  '/history?page=1',
  '/history?lang=fr&page=1',
  '/history.atom',
  '/history.atom?lang=fr',
  '/history.rss?lang=FR',
  '/feed.json',
  '/maintenances.ics?lang=fr',
  ...Object.keys(V2_ENDPOINTS),
  '/badge.svg',
  '/badge.svg?upcoming=0',
  '/healthz',
];

const READERS: Record<string, RequestInit> = {
  'no headers': {},
  'French browser': { headers: { 'accept-language': 'fr-FR,fr;q=0.9,en;q=0.5' } },
  'English browser': { headers: { 'accept-language': 'en-GB,en;q=0.9' } },
  'language cookie': { headers: { cookie: 'theme=dark; lang=fr', 'accept-language': 'en' } },
};

describe('public documents answered before the router', () => {
  beforeEach(emptyPage);

  it('every rendered route answers as its own handler does, for every kind of reader, 304s included', async () => {
    const { h, routed, early } = setUp();
    await makeStatusStory(h);

    const before = renderings.count;
    let compared = 0;
    for (const path of READS) {
      for (const [reader, init] of Object.entries(READERS)) {
        const mine = await early(path, init);
        expect(mine, `${path}, ${reader}: answered before the router`).not.toBe('router');
        expect(mine, `${path}, ${reader}`).not.toBeNull();
        expect(mine, `${path}, ${reader}`).toEqual(await routed(path, init));
        const answer = mine as Answer;
        expect(answer.status).toBe(200);

        // A client holding it (strong, weak, or one of a list) gets 304 with the same headers, unless `?lang=` chose the page.
        const etag = answer.headers.find(([name]) => name === 'etag')?.[1];
        if (!etag) continue;
        for (const held of [etag, `W/${etag}`, `"other", ${etag}`]) {
          const again = { headers: { ...(init.headers as Record<string, string>), 'if-none-match': held } };
          const cached = await early(path, again);
          expect(cached, `${path}, ${reader}, If-None-Match: ${held}`).toEqual(await routed(path, again));
          const chosen = answer.headers.some(([name]) => name === 'set-cookie');
          expect((cached as Answer).status, `${path}, ${reader}`).toBe(chosen ? 200 : 304);
        }
        compared++;
      }
    }
    expect(compared).toBe(READS.length * Object.keys(READERS).length - Object.keys(READERS).length); // /healthz has no ETag
    expect(renderings.count, 'the reads rendered nothing').toBe(before);
  });

  it('leaves to the router what it does not answer as the router would', async () => {
    const { h, routed, early } = setUp();
    const { api } = await makeStatusStory(h);

    // Other methods, other paths, a query it does not read or must decode: the router's, untouched.
    for (const [path, init] of [
      ['/', { method: 'HEAD' }],
      ['/', { method: 'POST' }],
      ['/api/v2/summary.json', { method: 'OPTIONS', headers: { origin: 'https://x.example', 'access-control-request-method': 'GET' } }],
      ['/admin', {}],
      ['/history/', {}],
      ['/?utm_source=mail', {}],
      ['/?lang=f%72', {}],
      ['/?lang=fr&lang=en', {}],
      ['/?', {}],
      ['/healthz?probe=1', {}],
      [`/badge.svg?component=${api.id}`, {}],
      [`/history.atom?component=${api.id}`, {}],
      ['/api/v2/summary.json?cachebust=1', {}],
    ] as [string, RequestInit][]) {
      expect(await early(path, init), `${init.method ?? 'GET'} ${path}`).toBe('router');
      expect((await h.fetch(path, init)).status, `${init.method ?? 'GET'} ${path}`).toBeLessThan(500);
    }
    // The rendering has no such document: the route's handler answers (a 404 page, an error badge).
    for (const [path, status] of [
      ['/history?page=99', 404],
      ['/badge.svg?upcoming=2', 400],
    ] as const) {
      expect([null, 'router'], path).toContain(await early(path));
      expect((await h.fetch(path)).status, path).toBe(status);
    }
    // A page number the route refuses never reaches the rendering.
    expect([null, 'router']).toContain(await early('/history?page=0'));
    expect((await routed('/history?page=0')).status).toBe(404);
  });

  it('answers a held, current document at once; past the second it asks KV first', async () => {
    const { h, early } = setUp();
    await makeStatusStory(h);
    const now = (path: string, init?: RequestInit) =>
      answerBeforeRouter(new Request(new URL(path, BASE), init), h.env as unknown as Bindings, createExecutionContext(), h.deps);

    expect(await early('/'), 'the isolate holds the rendering').not.toBe('router');
    const plain = now('/');
    expect(plain, '/ from memory: no promise').toBeInstanceOf(Response);
    const etag = (plain as Response).headers.get('etag') as string;
    expect(now('/', { headers: { 'if-none-match': etag } }), 'a 304 too').toBeInstanceOf(Response);
    expect(now('/healthz')).toBeInstanceOf(Response);
    expect((await (now('/healthz') as Response).json()) as unknown).toEqual({ ok: true });

    // A second on, this isolate asks KV whether a newer rendering exists before it answers.
    h.clock.advance(1_000);
    const asked = now('/');
    expect(asked).toBeInstanceOf(Promise);
    expect(((await asked) as Response).headers.get('etag')).toBe(etag);
    expect(now('/'), 'checked again: at once').toBeInstanceOf(Response);
  });

  it('each answer has headers of its own, though they are built once per document', async () => {
    const { h, early, earlyResponse } = setUp();
    await makeStatusStory(h);
    for (const path of ['/', '/?lang=fr', '/api/v2/summary.json', '/badge.svg']) {
      const first = (await earlyResponse(path)) as Response;
      first.headers.set('Cache-Control', 'no-store');
      first.headers.set('X-Changed', 'yes');
      const next = (await early(path)) as Answer;
      expect(next.headers.find(([name]) => name === 'cache-control')?.[1], path).not.toBe('no-store');
      expect(
        next.headers.some(([name]) => name === 'x-changed'),
        path,
      ).toBe(false);
    }
  });
});
