import { beforeEach, describe, expect, it } from 'vitest';
import { fingerprint, rows } from '../support/db';
import { harness, ok } from '../support/harness';
import { emptyPage } from '../support/status-story';
import { adminClient, textOf } from './client';

async function setUp() {
  const h = harness('2026-11-20T09:00:00.000Z');
  ok(await h.api('PATCH', '/page', { time_zone: 'Europe/Paris' }));
  const admin = adminClient(h);
  await admin.signIn();
  return { h, admin };
}

const secretOn = (html: string) => /id="minted-secret"[^>]*value="(fw_[^"]+)"/.exec(html)?.[1] ?? null;

describe('API tokens in the admin UI', () => {
  beforeEach(emptyPage);

  it('an admin mints a token through the form: its secret is shown once, works, and is in no later page nor the audit log', async () => {
    const { h, admin } = await setUp();
    const page = await admin.get('/admin/tokens');
    expect(page.status).toBe(200);
    expect(page.html).toContain('href="/admin/tokens" aria-current="page"');

    const minted = await admin.post('/admin/tokens', { name: 'deploy script', scope: 'write', expires_at: '2026-12-31T18:00' });
    expect(minted.status).toBe(200);
    const secret = secretOn(minted.html);
    expect(secret).toMatch(/^fw_/);
    expect(textOf(minted.html)).toContain('Token “deploy script” minted. Copy it now');
    // The expiry was typed in Paris time: 18:00 CET is 17:00 UTC.
    const [row] = await rows<{ id: string; scope: string; expires_at: string; created_by: string }>(
      'SELECT id, scope, expires_at, created_by FROM api_tokens',
    );
    expect(row).toMatchObject({ scope: 'write', expires_at: '2026-12-31T17:00:00.000Z', created_by: 'admin-token' });

    // The secret is a working token of the scope chosen.
    expect((await h.api('GET', '/components', undefined, secret)).status).toBe(200);
    expect((await h.api('GET', '/tokens', undefined, secret)).status).toBe(403);

    const later = await admin.get('/admin/tokens');
    expect(later.html).not.toContain(secret ?? 'fw_');
    const listed = textOf(later.html);
    // Created, expires, last used (by the API call above), minted by.
    expect(listed).toContain('write Active 20 Nov 2026, 10:00 CET 31 Dec 2026, 18:00 CET 20 Nov 2026, 10:00 CET admin-token Revoke');
    const audit = await rows<{ actor: string; action: string; details: string }>(
      "SELECT actor, action, details FROM audit_log WHERE target_type = 'token'",
    );
    expect(audit.map((a) => [a.actor, a.action])).toEqual([['admin-token', 'token.create']]);
    expect(audit[0]?.details).not.toContain(secret ?? 'fw_');
  });

  it('refuses bad input readably, at its field, and writes nothing', async () => {
    const { h, admin } = await setUp();
    await admin.get('/admin/tokens');
    const before = await fingerprint();
    const empty = await admin.post('/admin/tokens', { name: '  ', scope: 'read', expires_at: '' });
    expect(empty.status).toBe(422);
    expect(empty.html).toMatch(/id="mint-name-error">Enter a name\.</);
    const badTime = await admin.post('/admin/tokens', { name: 'x', scope: 'read', expires_at: 'next tuesday' });
    expect(badTime.status).toBe(422);
    expect(badTime.html).toMatch(/id="mint-expires_at-error">Enter a date and time/);
    const badScope = await admin.post('/admin/tokens', { name: 'x', scope: 'root', expires_at: '' });
    expect(badScope.status).toBe(422);
    expect(badScope.html).toMatch(/id="mint-scope-error">Choose one of the offered values\.</);
    const past = await admin.post('/admin/tokens', { name: 'x', scope: 'read', expires_at: '2026-11-01T08:00' });
    expect(past.status).toBe(422);
    expect(textOf(past.html)).toContain('The form has errors; nothing was saved.');
    for (const res of [empty, badTime, badScope, past]) expect(res.html).not.toContain('id="minted-secret"');
    // A post without the form's CSRF token, or without a session, is refused too.
    expect((await admin.post('/admin/tokens', { name: 'forged', scope: 'admin' }, false)).status).toBe(403);
    expect((await adminClient(h).post('/admin/tokens', { name: 'forged', scope: 'admin' }, false)).status).toBe(401);
    expect(await fingerprint()).toEqual(before);
  });

  it('revoking asks first, names the tokens it takes with it, then revokes them all, audited', async () => {
    const { h, admin } = await setUp();
    const parent = ok(await h.api('POST', '/tokens', { name: 'ops lead', scope: 'admin' })).token;
    const child = ok(await h.api('POST', '/tokens', { name: 'ops bot', scope: 'read' }, parent.secret)).token;
    await admin.get('/admin/tokens');
    const before = await fingerprint();
    const asked = await admin.post(`/admin/tokens/${parent.id}/revoke`);
    expect(asked.status).toBe(200);
    expect(textOf(asked.html)).toContain('Revoke token “ops lead”?');
    expect(textOf(asked.html)).toContain('Also revoked, since it minted them: ops bot.');
    expect(await fingerprint()).toEqual(before);

    // A confirmation given for another token is refused.
    expect((await admin.post(`/admin/tokens/${parent.id}/revoke`, { confirm: child.id })).status).toBe(409);
    const done = await admin.answer(asked);
    expect(done.status).toBe(303);
    expect(done.location).toBe('/admin/tokens');
    expect(await rows('SELECT name, revoked_at FROM api_tokens ORDER BY name')).toEqual([
      { name: 'ops bot', revoked_at: '2026-11-20T09:00:00.000Z' },
      { name: 'ops lead', revoked_at: '2026-11-20T09:00:00.000Z' },
    ]);
    expect((await h.api('GET', '/components', undefined, child.secret)).status).toBe(401);
    expect(textOf((await admin.get('/admin/tokens')).html)).toMatch(/ops bot fw_\S+… read Revoked .*ops lead/);
    expect(await rows("SELECT actor, action, details FROM audit_log WHERE action = 'token.revoke'")).toEqual([
      {
        actor: 'admin-token',
        action: 'token.revoke',
        details: JSON.stringify({ name: 'ops lead', also_revoked: [{ id: child.id, name: 'ops bot' }] }),
      },
    ]);
  });

  it('a token with an expiry mints none that outlives it: the form says so at the expiry field (403)', async () => {
    const { h } = await setUp();
    const lead = ok(await h.api('POST', '/tokens', { name: 'temp admin', scope: 'admin', expires_at: '2026-11-30T12:00:00Z' })).token;
    const session = adminClient(h);
    await session.signIn(lead.secret);
    await session.get('/admin/tokens');
    const res = await session.post('/admin/tokens', { name: 'too long', scope: 'read', expires_at: '2027-01-01T00:00' });
    expect(res.status).toBe(403);
    expect(res.html).toMatch(/id="mint-expires_at-error">A token cannot mint one that expires after itself/);
    const inherits = await session.post('/admin/tokens', { name: 'short', scope: 'read', expires_at: '' });
    expect(inherits.status).toBe(200);
    expect(await rows("SELECT expires_at, minted_by FROM api_tokens WHERE name = 'short'")).toEqual([
      { expires_at: '2026-11-30T12:00:00.000Z', minted_by: lead.id },
    ]);
    expect(await rows("SELECT actor FROM audit_log WHERE action = 'token.create' ORDER BY id DESC LIMIT 1")).toEqual([
      { actor: `token:temp admin (${lead.id})` },
    ]);
  });

  it('read and write sessions neither see the tokens page nor its link, and their posts are refused (403), writing nothing', async () => {
    const { h } = await setUp();
    const target = ok(await h.api('POST', '/tokens', { name: 'target', scope: 'read' })).token;
    for (const scope of ['read', 'write'] as const) {
      const token = ok(await h.api('POST', '/tokens', { name: `${scope} session`, scope })).token;
      const session = adminClient(h);
      await session.signIn(token.secret);
      await session.get('/admin/webhooks');
      const page = await session.get('/admin/tokens');
      expect(page.status, scope).toBe(403);
      expect(textOf(page.html)).toContain(`with a ${scope} token`);
      expect(page.html).not.toContain('target');
      expect((await session.get('/admin/settings')).html).not.toContain('href="/admin/tokens"');
      // Every page's navigation, not only the new ones'.
      expect((await session.get('/admin/components')).html).not.toContain('href="/admin/tokens"');
      expect(textOf(page.html)).toContain('This needs an admin token');
      const before = await fingerprint();
      expect((await session.post('/admin/tokens', { name: 'sneaky', scope: 'admin' })).status, scope).toBe(403);
      expect((await session.post(`/admin/tokens/${target.id}/revoke`, { confirm: target.id })).status, scope).toBe(403);
      expect(await fingerprint()).toEqual(before);
    }
  });
});
