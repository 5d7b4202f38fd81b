// Cloudflare Access: the JWT in Cf-Access-Jwt-Assertion signs the operator in, only when the
// deployment names its team and audience and the token verifies against the team's keys. The
// keys here are a locally generated pair served to the worker as a pinned JWKS.
import { createExecutionContext, env, waitOnExecutionContext } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { rows } from '../support/db';
import { BASE, harness } from '../support/harness';
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
    const created = await fetchAs('/admin/components', null, {
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

  it('without CF_ACCESS_TEAM_DOMAIN and CF_ACCESS_AUD the header is ignored', async () => {
    const { claims, fetchAs } = setUp({ ...env, CF_ACCESS_JWKS: JSON.stringify({ keys: [team.jwk] }) });
    const res = await fetchAs('/admin/components', await sign(team, claims));
    expect(res.status).toBe(303);
  });
});
