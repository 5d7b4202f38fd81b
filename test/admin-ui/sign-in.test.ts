import { describe, expect, it } from 'vitest';
import { rows } from '../support/db';
import { HOUR, harness, ok } from '../support/harness';
import { adminClient, textOf } from './client';

describe('signing in to the admin UI', () => {
  it('a visitor without a session is sent to the sign-in page, and back where they were after it', async () => {
    const h = harness();
    const admin = adminClient(h);
    const first = await admin.get('/admin/components?x=1');
    expect(first.status).toBe(303);
    expect(first.location).toBe('/admin/sign-in?next=%2Fadmin%2Fcomponents%3Fx%3D1');

    const form = await admin.get(first.location ?? '');
    expect(form.status).toBe(200);
    expect(form.html).toContain('name="token"');
    const signedIn = await admin.post('/admin/sign-in', { token: 'test-admin-token-0123456789abcdef', next: '/admin/components?x=1' });
    expect(signedIn.status).toBe(303);
    expect(signedIn.location).toBe('/admin/components?x=1');
    const page = await admin.get('/admin/components');
    expect(page.status).toBe(200);
    expect(textOf(page.html)).toContain('Signed in as admin-token');
  });

  it('the session cookie is HttpOnly, Secure, SameSite=Strict, scoped to /admin and expires', async () => {
    const h = harness();
    const admin = adminClient(h);
    const res = await admin.signIn();
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith('fw_admin='));
    expect(cookie).toBeDefined();
    expect(cookie).toMatch(/; HttpOnly/);
    expect(cookie).toMatch(/; Secure/);
    expect(cookie).toMatch(/; SameSite=Strict/);
    expect(cookie).toMatch(/; Path=\/admin/);
    expect(cookie).toMatch(/; Max-Age=43200/);
  });

  it('a session ends at its expiry even if the browser keeps the cookie', async () => {
    const h = harness();
    const admin = adminClient(h);
    await admin.signIn();
    h.clock.advance(11 * HOUR);
    expect((await admin.get('/admin/components')).status).toBe(200);
    h.clock.advance(2 * HOUR);
    expect((await admin.get('/admin/components')).status).toBe(303);
  });

  it('a wrong token is refused with 401 and no session', async () => {
    const h = harness();
    const admin = adminClient(h);
    await admin.get('/admin/sign-in');
    const res = await admin.post('/admin/sign-in', { token: 'not-the-token-at-all-000000' });
    expect(res.status).toBe(401);
    expect(textOf(res.html)).toContain('This token is not valid');
    expect((await admin.get('/admin/components')).status).toBe(303);
  });

  it('a minted token signs in as itself, and revoking it ends the session', async () => {
    const h = harness();
    const minted = ok(await h.api('POST', '/tokens', { name: 'night shift' })).token;
    const admin = adminClient(h);
    await admin.signIn(minted.secret);
    expect(textOf((await admin.get('/admin/components')).html)).toContain(`Signed in as token:${minted.id}`);
    expect(
      (await rows<{ last_used_at: string | null }>('SELECT last_used_at FROM api_tokens WHERE id = ?', minted.id))[0]?.last_used_at,
    ).not.toBeNull();
    await h.api('DELETE', `/tokens/${minted.id}`);
    expect((await admin.get('/admin/components')).status).toBe(303);
  });

  it('a cookie that is not a live session is no session: guessed, relabelled, or the hash the database keeps', async () => {
    const h = harness();
    const admin = adminClient(h);
    await admin.signIn();
    const [stored] = await rows<{ id_hash: string }>('SELECT id_hash FROM admin_sessions');
    const anonymous = adminClient(h);
    await anonymous.get('/admin/sign-in');
    const forged = [
      `s.${'A'.repeat(43)}`,
      `s.${(anonymous.jar.get('fw_admin') ?? '').slice(2)}`,
      `s.${stored?.id_hash ?? ''}`,
      (admin.jar.get('fw_admin') ?? '').replace(/^s\./, 'a.'),
      `${admin.jar.get('fw_admin') ?? ''}.x`,
    ];
    for (const value of forged) {
      const visitor = adminClient(h);
      visitor.jar.set('fw_admin', value);
      const res = await visitor.get('/admin/components');
      expect(res.status, value).toBe(303);
      expect(res.location, value).toMatch(/^\/admin\/sign-in\?/);
    }
    expect((await admin.get('/admin/components')).status).toBe(200);
  });

  it('signing out clears the cookie and needs the CSRF token', async () => {
    const h = harness();
    const admin = adminClient(h);
    await admin.signIn();
    await admin.get('/admin/components');
    expect((await admin.post('/admin/sign-out', {}, false)).status).toBe(403);
    const out = await admin.post('/admin/sign-out');
    expect(out.status).toBe(303);
    expect(out.headers.getSetCookie().join()).toMatch(/fw_admin=;.*Max-Age=0/);
    expect((await admin.get('/admin/components')).status).toBe(303);
  });

  it('the sign-in form itself is CSRF-protected (no login CSRF)', async () => {
    const h = harness();
    const admin = adminClient(h);
    const res = await admin.post('/admin/sign-in', { token: 'test-admin-token-0123456789abcdef' }, false);
    expect(res.status).toBe(403);
    expect((await admin.get('/admin/components')).status).toBe(303);
  });

  it('after sign-in, next= never leads off the admin UI', async () => {
    const h = harness();
    for (const next of ['https://evil.example', '//evil.example', '/admin//evil.example', '/\\evil.example', '/api/v1/components']) {
      const admin = adminClient(h);
      await admin.get('/admin/sign-in');
      const res = await admin.post('/admin/sign-in', { token: 'test-admin-token-0123456789abcdef', next });
      expect(res.location, next).toBe('/admin');
    }
  });
});
