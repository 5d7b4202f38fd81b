import { describe, expect, it } from 'vitest';
import { rows } from '../support/db';
import { harness } from '../support/harness';

const FORM = 'application/x-www-form-urlencoded';

describe('the subscribers’ pages answer a script in JSON, whatever it sends', () => {
  it('a form posted by a script that asks for JSON subscribes, and is answered 202 in JSON', async () => {
    const h = harness();
    const res = await h.fetch('/subscribe', {
      method: 'POST',
      headers: { 'content-type': FORM, accept: 'application/json' },
      body: 'email=script@example.com&locale=fr',
    });
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ message: expect.any(String) });
    expect(await rows('SELECT locale, confirmed_at FROM subscribers WHERE email = ?', 'script@example.com')).toEqual([
      { locale: 'fr', confirmed_at: null },
    ]);

    // A body that is neither a form nor JSON is still refused, in JSON.
    const plain = await h.fetch('/subscribe', {
      method: 'POST',
      headers: { 'content-type': 'text/plain', accept: 'application/json' },
      body: 'email=plain@example.com',
    });
    expect(plain.status).toBe(415);
    expect((await plain.json<any>()).error.code).toBe('unsupported_media_type');
    expect(await rows('SELECT id FROM subscribers WHERE email = ?', 'plain@example.com')).toEqual([]);
  });

  it('a method or path the pages do not serve is a 404 in the client’s format, never cached', async () => {
    const h = harness();
    for (const [method, path] of [
      ['PUT', '/subscribe'],
      ['OPTIONS', '/manage/m.abc.x'],
      ['DELETE', '/unsubscribe/x/extra'],
      ['POST', '/confirm/'],
      ['GET', '/subscribe/'],
    ] as const) {
      const json = await h.fetch(path, { method, headers: { 'content-type': 'application/json' }, body: method === 'GET' ? null : '{}' });
      expect(json.status, `${method} ${path}`).toBe(404);
      expect(json.headers.get('cache-control')).toBe('no-store');
      expect((await json.json<any>()).error.code).toBe('not_found');

      const page = await h.fetch(path, { method, headers: { accept: 'text/html' } });
      expect(page.status, `${method} ${path}`).toBe(404);
      expect(page.headers.get('content-type')).toMatch(/^text\/html/);
      expect(page.headers.get('cache-control')).toBe('no-store');
      expect(await page.text()).toMatch(/<h1>[^<]+<\/h1>/);
    }
  });
});
