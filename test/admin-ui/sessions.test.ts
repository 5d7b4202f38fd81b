// Admin sessions end at once (issue 15): signing out, revoking or expiring the token behind a
// session, and rotating ADMIN_TOKEN each end it at the next request, whoever still holds the cookie.
import { describe, expect, it } from 'vitest';
import { fingerprint, rows } from '../support/db';
import { HOUR, harness, MINUTE, ok } from '../support/harness';
import type { AdminClient } from './client';
import { adminClient, textOf } from './client';

const sha256Hex = async (text: string) =>
  [...new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)))]
    .map((b) => b.toString(16).padStart(2, '0'))
    .join('');

/** Another browser holding a copy of `admin`'s cookie, as someone who lifted it would. */
function replay(h: ReturnType<typeof harness>, admin: AdminClient): AdminClient {
  const thief = adminClient(h);
  thief.jar.set('fw_admin', admin.jar.get('fw_admin') ?? '');
  return thief;
}

async function mint(h: ReturnType<typeof harness>, body: Record<string, unknown>, token?: string) {
  return ok(await h.api('POST', '/tokens', body, token)).token as { id: string; secret: string };
}

describe('admin sessions end at once', () => {
  it('a cookie replayed after sign-out is sent to the sign-in page, and its form posts write nothing', async () => {
    const h = harness();
    const admin = adminClient(h);
    await admin.signIn();
    expect((await admin.get('/admin/components')).status).toBe(200);
    const csrf = admin.csrf ?? '';
    expect((await replay(h, admin).get('/admin/components')).status).toBe(200);
    const thief = replay(h, admin);
    const poster = replay(h, admin);

    expect((await admin.post('/admin/sign-out')).status).toBe(303);

    const replayed = await thief.get('/admin/components');
    expect(replayed.status).toBe(303);
    expect(replayed.location).toBe('/admin/sign-in?next=%2Fadmin%2Fcomponents&ended');
    expect(textOf((await thief.get(replayed.location ?? '')).html)).toContain('Your session has ended; sign in again.');
    const before = await fingerprint();
    const posted = await poster.post('/admin/components', { _csrf: csrf, name: 'After sign-out', status: 'operational' }, false);
    expect(posted.status).toBe(401);
    expect(await fingerprint()).toEqual(before);
  });

  it('the cookie holds a 256-bit id, the database only its hash, revoked at sign-out', async () => {
    const h = harness();
    const admin = adminClient(h);
    await admin.signIn();
    const value = admin.jar.get('fw_admin') ?? '';
    expect(value).toMatch(/^s\.[A-Za-z0-9_-]{43}$/);
    const hash = await sha256Hex(value.slice(2));
    expect(await rows('SELECT actor, revoked_at FROM admin_sessions WHERE id_hash = ?', hash)).toEqual([
      { actor: 'admin-token', revoked_at: null },
    ]);
    expect(await rows('SELECT 1 FROM admin_sessions WHERE id_hash = ? OR id_hash = ?', value, value.slice(2))).toEqual([]);
    await admin.get('/admin/components');
    await admin.post('/admin/sign-out');
    expect(await rows('SELECT revoked_at FROM admin_sessions WHERE id_hash = ?', hash)).toEqual([
      { revoked_at: h.clock.now().toISOString() },
    ]);
  });

  it('revoking the token behind a session sends its next request to sign in, and its posts write nothing', async () => {
    const h = harness();
    const token = await mint(h, { name: 'night shift', scope: 'write' });
    const admin = adminClient(h);
    await admin.signIn(token.secret);
    const operator = adminClient(h);
    await operator.signIn();
    expect((await admin.get('/admin/components')).status).toBe(200);

    ok(await h.api('DELETE', `/tokens/${token.id}`));

    const before = await fingerprint();
    expect((await admin.post('/admin/components', { name: 'After revocation', status: 'operational' })).status).toBe(401);
    expect(await fingerprint()).toEqual(before);
    const next = await admin.get('/admin/components');
    expect(next.status).toBe(303);
    expect(next.location).toMatch(/^\/admin\/sign-in\?/);
    expect((await operator.get('/admin/components')).status).toBe(200);
  });

  it('revoking the token that minted a token ends the sessions of the one below', async () => {
    const h = harness();
    const t1 = await mint(h, { name: 't1', scope: 'admin' });
    const t2 = await mint(h, { name: 't2', scope: 'write' }, t1.secret);
    const admin = adminClient(h);
    await admin.signIn(t2.secret);
    expect((await admin.get('/admin/components')).status).toBe(200);
    ok(await h.api('DELETE', `/tokens/${t1.id}`));
    expect((await admin.get('/admin/components')).status).toBe(303);
  });

  it('a session ends when its token expires, before its own 12 hours', async () => {
    const h = harness();
    const token = await mint(h, { name: 'one hour', scope: 'read', expires_in: 3600 });
    const admin = adminClient(h);
    await admin.signIn(token.secret);
    h.clock.advance(59 * MINUTE);
    expect((await admin.get('/admin/components')).status).toBe(200);
    h.clock.advance(2 * MINUTE);
    expect((await admin.get('/admin/components')).status).toBe(303);
  });

  it('rotating ADMIN_TOKEN ends the sessions opened with the old one', async () => {
    const h = harness();
    const admin = adminClient(h);
    await admin.signIn();
    const rotated = harness(h.clock.now(), { vars: { ADMIN_TOKEN: 'rotated-admin-token-0123456789abcdef' } });
    const after = replay(rotated, admin);
    expect((await after.get('/admin/components')).status).toBe(303);
    expect((await admin.get('/admin/components')).status).toBe(200);
  });

  it('signing in again from a signed-in browser ends the session it replaces', async () => {
    const h = harness();
    const token = await mint(h, { name: 'second', scope: 'read' });
    const admin = adminClient(h);
    await admin.signIn();
    const first = admin.jar.get('fw_admin') ?? '';
    const res = await admin.post('/admin/sign-in', { token: token.secret });
    expect(res.status).toBe(303);
    expect(admin.jar.get('fw_admin')).not.toBe(first);
    expect(textOf((await admin.get('/admin/components')).html)).toContain(`Signed in as token:${token.id}`);
    const old = adminClient(h);
    old.jar.set('fw_admin', first);
    expect((await old.get('/admin/components')).status).toBe(303);
  });

  it('a session is read on every page but written at most every five minutes', async () => {
    const h = harness();
    const admin = adminClient(h);
    await admin.signIn();
    const hash = await sha256Hex((admin.jar.get('fw_admin') ?? '').slice(2));
    const seen = async () => (await rows<{ last_seen_at: string }>('SELECT last_seen_at FROM admin_sessions WHERE id_hash = ?', hash))[0];
    const signedInAt = h.clock.now().toISOString();
    h.clock.advance(4 * MINUTE);
    await admin.get('/admin/components');
    expect(await seen()).toEqual({ last_seen_at: signedInAt });
    h.clock.advance(MINUTE);
    await admin.get('/admin/components');
    expect(await seen()).toEqual({ last_seen_at: h.clock.now().toISOString() });
  });

  it('expired sessions are deleted when the next one opens', async () => {
    const h = harness();
    const admin = adminClient(h);
    await admin.signIn();
    const hash = await sha256Hex((admin.jar.get('fw_admin') ?? '').slice(2));
    h.clock.advance(13 * HOUR);
    await adminClient(h).signIn();
    expect(await rows('SELECT 1 FROM admin_sessions WHERE id_hash = ?', hash)).toEqual([]);
  });
});
