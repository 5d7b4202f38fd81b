// Cloudflare Access: the JWT in Cf-Access-Jwt-Assertion signs the operator in, only when the
// deployment names its team and audience and the token verifies against the team's keys. The
// keys here are a locally generated pair served to the worker as a pinned JWKS.
import { createExecutionContext, env, waitOnExecutionContext } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { fingerprint, rows } from '../support/db';
import { BASE, HOUR, harness, MINUTE } from '../support/harness';
import { textOf } from './client';

const TEAM = 'acme.cloudflareaccess.com';
const AUD = 'a1b2c3d4e5f6a1b2c3d4e5f6a1b2c3d4e5f6a1b2c3d4e5f6a1b2c3d4e5f6a1b2';
const enc = (value: unknown) =>
  btoa(typeof value === 'string' ? value : JSON.stringify(value))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');

async function keyPair(kid: string) {
  const pair = (await crypto.subtle.generateKey(
    { name: 'RSASSA-PKCS1-v1_5', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' },
    true,
    ['sign', 'verify'],
  )) as CryptoKeyPair;
  const jwk = (await crypto.subtle.exportKey('jwk', pair.publicKey)) as JsonWebKey;
  return { kid, privateKey: pair.privateKey, jwk: { ...jwk, kid, alg: 'RS256', use: 'sig' } };
}

async function sign(key: { kid: string; privateKey: CryptoKey }, claims: Record<string, unknown>): Promise<string> {
  const head = `${enc({ alg: 'RS256', kid: key.kid, typ: 'JWT' })}.${enc(claims)}`;
  const signature = new Uint8Array(await crypto.subtle.sign('RSASSA-PKCS1-v1_5', key.privateKey, new TextEncoder().encode(head)));
  return `${head}.${enc(String.fromCharCode(...signature))}`;
}

const cookieOf = (res: Response): string =>
  res.headers
    .getSetCookie()
    .find((c) => c.startsWith('fw_admin='))
    ?.split(';')[0] ?? '';
const csrfOf = (html: string): string => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';

describe('signing in through Cloudflare Access', async () => {
  const team = await keyPair('team-key-1');
  const stranger = await keyPair('team-key-1');
  const accessEnv = { ...env, CF_ACCESS_TEAM_DOMAIN: TEAM, CF_ACCESS_AUD: AUD, CF_ACCESS_JWKS: JSON.stringify({ keys: [team.jwk] }) };

  function setUp(bindings: object = accessEnv) {
    const h = harness();
    const now = Math.floor(h.clock.now().getTime() / 1000);
    const claims = { iss: `https://${TEAM}`, aud: [AUD], email: 'Ops@Example.com', iat: now, nbf: now, exp: now + 3600, sub: 'u1' };
    async function fetchAs(path: string, jwt: string | null, init: RequestInit = {}) {
      const headers = new Headers(init.headers);
      if (jwt) headers.set('cf-access-jwt-assertion', jwt);
      const ctx = createExecutionContext();
      const res = await h.worker.fetch(new Request(new URL(path, BASE), { ...init, headers }), bindings as typeof env, ctx);
      await waitOnExecutionContext(ctx);
      return res;
    }
    return { h, claims, fetchAs };
  }

  it('a valid Access JWT opens a session as access:<email>, and writes are audited as that identity', async () => {
    const { claims, fetchAs } = setUp();
    const res = await fetchAs('/admin/components', await sign(team, claims));
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(textOf(html)).toContain('Signed in as access:ops@example.com');
    const cookie =
      res.headers
        .getSetCookie()
        .find((c) => c.startsWith('fw_admin='))
        ?.split(';')[0] ?? '';
    const csrf = /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';
    const created = await fetchAs('/admin/components', await sign(team, claims), {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ _csrf: csrf, name: 'Made through Access', status: 'operational' }),
    });
    expect(created.status).toBe(303);
    const [row] = await rows<{ id: string }>("SELECT id FROM components WHERE name = 'Made through Access'");
    expect(await rows('SELECT actor FROM audit_log WHERE target_id = ?', row?.id)).toEqual([{ actor: 'access:ops@example.com' }]);
  });

  it('a JWT for another audience, another issuer, expired, or signed by another key is no identity', async () => {
    const { claims, fetchAs } = setUp();
    const bad = [
      await sign(team, { ...claims, aud: ['someone-else'] }),
      await sign(team, { ...claims, iss: 'https://evil.cloudflareaccess.com' }),
      await sign(team, { ...claims, exp: claims.iat - 120 }),
      await sign(team, { ...claims, nbf: claims.iat + 3600 }),
      await sign(stranger, claims),
      `${(await sign(team, claims)).split('.').slice(0, 2).join('.')}.`,
      'not-a-jwt',
    ];
    for (const jwt of bad) {
      const res = await fetchAs('/admin/components', jwt);
      expect(res.status, jwt.slice(0, 40)).toBe(303);
      expect(res.headers.get('location')).toMatch(/^\/admin\/sign-in/);
    }
  });

  it('an Access session needs a valid JWT of its identity on every request: a cookie without one, or with an expired one, is refused', async () => {
    const { h, claims, fetchAs } = setUp();
    const opened = await fetchAs('/admin/components', await sign(team, claims));
    const cookie = cookieOf(opened);
    const csrf = csrfOf(await opened.text());
    expect(cookie).toMatch(/^fw_admin=s\./);

    // Removed from Access: the request reaches the worker without a JWT (a route Access does not
    // cover), or with the last one Access issued, now expired.
    const withoutJwt = await fetchAs('/admin/components', null, { headers: { cookie } });
    expect(withoutJwt.status).toBe(303);
    expect(withoutJwt.headers.get('location')).toBe('/admin/sign-in?next=%2Fadmin%2Fcomponents&ended');
    h.clock.advance(HOUR + 2 * MINUTE);
    const expired = await fetchAs('/admin/components', await sign(team, claims), { headers: { cookie } });
    expect(expired.status).toBe(303);

    const before = await fingerprint();
    const post = (jwt: string | null) =>
      fetchAs('/admin/components', jwt, {
        method: 'POST',
        headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ _csrf: csrf, name: 'After removal', status: 'operational' }),
      });
    expect((await post(null)).status).toBe(401);
    expect((await post(await sign(team, claims))).status).toBe(401);
    expect(await fingerprint()).toEqual(before);
  });

  it('a JWT of another identity does not ride on the session: it gets its own', async () => {
    const { claims, fetchAs } = setUp();
    const cookie = cookieOf(await fetchAs('/admin/components', await sign(team, claims)));
    const other = await fetchAs('/admin/components', await sign(team, { ...claims, email: 'eve@example.com' }), { headers: { cookie } });
    expect(other.status).toBe(200);
    expect(textOf(await other.text())).toContain('Signed in as access:eve@example.com');
    expect(cookieOf(other)).not.toBe(cookie);
    const same = await fetchAs('/admin/components', await sign(team, claims), { headers: { cookie } });
    expect(textOf(await same.text())).toContain('Signed in as access:ops@example.com');
    expect(same.headers.getSetCookie()).toEqual([]);
  });

  it('the CF_Authorization cookie alone is no identity: only a request Access let through carries the header', async () => {
    const { claims, fetchAs } = setUp();
    const jwt = await sign(team, claims);
    const cookie = `${cookieOf(await fetchAs('/admin/components', jwt))}; CF_Authorization=${jwt}`;
    const bypassed = await fetchAs('/admin/components', null, { headers: { cookie } });
    expect(bypassed.status).toBe(303);
    expect((await fetchAs('/admin/components', null, { headers: { cookie: `CF_Authorization=${jwt}` } })).status).toBe(303);
  });

  it('signing out revokes the Access session and sends the browser to sign out of Access too', async () => {
    const { claims, fetchAs } = setUp();
    const jwt = await sign(team, claims);
    const opened = await fetchAs('/admin/components', jwt);
    const cookie = cookieOf(opened);
    const out = await fetchAs('/admin/sign-out', jwt, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ _csrf: csrfOf(await opened.text()) }),
    });
    expect(out.status).toBe(303);
    expect(out.headers.get('location')).toBe('/cdn-cgi/access/logout');
    const idHash = [...new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(cookie.slice('fw_admin=s.'.length))))]
      .map((b) => b.toString(16).padStart(2, '0'))
      .join('');
    expect(await rows('SELECT actor, revoked_at FROM admin_sessions WHERE id_hash = ?', idHash)).toEqual([
      { actor: 'access:ops@example.com', revoked_at: expect.any(String) },
    ]);
  });

  it('without CF_ACCESS_TEAM_DOMAIN and CF_ACCESS_AUD the header is ignored', async () => {
    const { claims, fetchAs } = setUp({ ...env, CF_ACCESS_JWKS: JSON.stringify({ keys: [team.jwk] }) });
    const res = await fetchAs('/admin/components', await sign(team, claims));
    expect(res.status).toBe(303);
  });
});
