import { describe, expect, it } from 'vitest';
import { rows } from '../support/db';
import { harness, ok } from '../support/harness';

describe('who may use the admin API', () => {
  it('every route but the OpenAPI document answers 401 without a valid token', async () => {
    const h = harness();
    const doc = ok(await h.api('GET', '/openapi.json', undefined, null));
    const routes = Object.entries(doc.paths as Record<string, Record<string, unknown>>).flatMap(([path, ops]) =>
      Object.keys(ops).map((method) => ({ method: method.toUpperCase(), path: path.replace(/\{id\}/g, 'abc123') })),
    );
    expect(routes.length).toBeGreaterThan(20);
    const credentials: [string, Record<string, string>][] = [
      ['no header', {}],
      ['a wrong token', { authorization: 'Bearer fw_not-a-real-token-at-all' }],
      ['another scheme', { authorization: 'Basic dGVzdDp0ZXN0' }],
      ['an empty bearer', { authorization: 'Bearer ' }],
      ['the admin token with a suffix', { authorization: 'Bearer test-admin-token-0123456789abcdefX' }],
    ];
    for (const { method, path } of routes.filter((r) => !r.path.endsWith('/openapi.json'))) {
      for (const [label, headers] of credentials) {
        const res = await h.fetch(`/api/v1${path}`, {
          method,
          headers: { ...headers, 'content-type': 'application/json' },
          body: method === 'GET' ? undefined : '{}',
        });
        expect(res.status, `${method} ${path} with ${label}`).toBe(401);
        // RFC 9110 §11.6.1: a 401 names the scheme to use.
        expect(res.headers.get('www-authenticate')).toBe('Bearer');
        expect(await res.json()).toEqual({ error: { code: 'unauthorized', message: expect.any(String) } });
      }
    }
    expect(await rows('SELECT * FROM audit_log')).toEqual([]);
  });

  it('a minted token works until it is revoked, and only its hash is stored', async () => {
    const h = harness();
    const minted = ok(await h.api('POST', '/tokens', { name: 'deploy bot', scope: 'write' })).token;
    expect(minted.secret).toMatch(/^fw_[a-z0-9]{40}$/);
    const stored = await rows<{ token_hash: string }>('SELECT token_hash FROM api_tokens WHERE id = ?', minted.id);
    expect(stored[0]?.token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(await rows('SELECT * FROM api_tokens'))).not.toContain(minted.secret);

    const created = await h.api('POST', '/components', { name: 'Search' }, minted.secret);
    expect(created.status).toBe(201);
    const audit = await rows<{ actor: string }>('SELECT actor FROM audit_log WHERE action = ?', 'component.create');
    expect(audit).toEqual([{ actor: `token:deploy bot (${minted.id})` }]);
    expect(ok(await h.api('GET', '/tokens')).tokens[0]).not.toHaveProperty('secret');

    expect((await h.api('DELETE', `/tokens/${minted.id}`)).status).toBe(204);
    expect((await h.api('GET', '/components', undefined, minted.secret)).status).toBe(401);
  });
});
