import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { signLink } from '../../src/domain/signed-links';
import { rows } from '../support/db';
import type { Harness } from '../support/harness';
import { HOUR, harness, MINUTE, ok } from '../support/harness';

interface Minted {
  id: string;
  secret: string;
  scope: string;
  expires_at: string | null;
  minted_by: string | null;
}

/** Mints a token as `by` (ADMIN_TOKEN unless given) and returns it with its secret. */
async function mint(h: Harness, body: Record<string, unknown>, by?: string): Promise<Minted> {
  return ok(await h.api('POST', '/tokens', body, by)).token;
}

const forbidden = { error: { code: 'forbidden', message: expect.any(String), details: expect.anything() } };

describe('scoped tokens', () => {
  it('revoking a token revokes every token it minted, however deep; tokens minted by others live on', async () => {
    const h = harness();
    const t1 = await mint(h, { name: 'ci', scope: 'admin' });
    const t2 = await mint(h, { name: 'ci child', scope: 'admin' }, t1.secret);
    const t3 = await mint(h, { name: 'ci grandchild', scope: 'read' }, t2.secret);
    const other = await mint(h, { name: 'dashboard' });
    expect([t1.minted_by, t2.minted_by, t3.minted_by, other.minted_by]).toEqual([null, t1.id, t2.id, null]);
    expect((await h.api('GET', '/components', undefined, t2.secret)).status).toBe(200);

    expect((await h.api('DELETE', `/tokens/${t1.id}`)).status).toBe(204);

    for (const t of [t1, t2, t3]) {
      const res = await h.api('GET', '/components', undefined, t.secret);
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe('unauthorized');
    }
    expect((await h.api('GET', '/components', undefined, other.secret)).status).toBe(200);
    const revoked = await rows<{ id: string; revoked: number }>(
      'SELECT id, revoked_at IS NOT NULL AS revoked FROM api_tokens WHERE id IN (?, ?, ?, ?) ORDER BY id',
      t1.id,
      t2.id,
      t3.id,
      other.id,
    );
    expect(revoked).toEqual(
      [
        { id: t1.id, revoked: 1 },
        { id: t2.id, revoked: 1 },
        { id: t3.id, revoked: 1 },
        { id: other.id, revoked: 0 },
      ].sort((a, b) => a.id.localeCompare(b.id)),
    );
    const audit = await rows<{ details: string }>("SELECT details FROM audit_log WHERE action = 'token.revoke' AND target_id = ?", t1.id);
    expect(audit.map((a) => JSON.parse(a.details))).toEqual([
      {
        name: 'ci',
        also_revoked: [
          { id: t2.id, name: 'ci child' },
          { id: t3.id, name: 'ci grandchild' },
        ],
      },
    ]);
  });

  it('a read token reads but cannot write: 403 and nothing written', async () => {
    const h = harness();
    const reader = await mint(h, { name: 'dashboard' });
    expect(reader.scope).toBe('read');
    expect((await h.api('GET', '/components', undefined, reader.secret)).status).toBe(200);
    const before = await rows('SELECT * FROM audit_log');

    const create = await h.api('POST', '/components', { name: 'Written by a reader' }, reader.secret);
    expect(create.status).toBe(403);
    expect(create.body).toEqual(forbidden);
    expect(create.body.error.message).toBe("this token's scope is read; POST /components needs write");
    expect((await h.api('PATCH', '/page', { name: 'Hijacked' }, reader.secret)).status).toBe(403);
    expect((await h.api('POST', '/tokens', { name: 'escalate', scope: 'admin' }, reader.secret)).status).toBe(403);

    expect(await rows("SELECT * FROM components WHERE name = 'Written by a reader'")).toEqual([]);
    expect(await rows("SELECT * FROM api_tokens WHERE name = 'escalate'")).toEqual([]);
    expect(await rows('SELECT * FROM audit_log')).toEqual(before);
  });

  it('a read token counts subscribers but never reads their addresses; a write token does', async () => {
    const h = harness();
    const reader = await mint(h, { name: 'dashboard' });
    const writer = await mint(h, { name: 'support desk', scope: 'write' });
    ok(
      await h.api('POST', '/subscribers/import', {
        subscribers: [{ email: 'ada@example.com' }, { email: 'bob@example.com' }],
        confirmed: true,
      }),
    );
    const incident = ok(await h.api('POST', '/incidents', { name: 'API errors', body: 'Requests fail.' })).incident;
    const [notice] = ok(await h.api('GET', `/notices?subject_type=incident&subject_id=${incident.id}`)).notices;
    const listed = ok(await h.api('GET', '/subscribers?state=active', undefined, writer.secret)).subscribers;
    expect(listed.map((s: { email: string }) => s.email).sort()).toEqual(['ada@example.com', 'bob@example.com']);
    const ada = listed.find((s: { email: string }) => s.email === 'ada@example.com');

    const counted = await h.api('GET', '/subscribers/counts', undefined, reader.secret);
    expect(counted.status).toBe(200);
    expect(counted.body).toEqual({ counts: { pending: 0, active: 2, unsubscribed: 0, erased: 0, bounced: 0 } });
    expect(JSON.stringify(counted.body)).not.toContain('@');
    expect((await h.api('GET', '/deliveries', undefined, reader.secret)).status).toBe(200);
    for (const path of [
      '/subscribers',
      '/subscribers/export',
      '/subscribers/export?format=csv',
      `/subscribers/${ada.id}`,
      `/notices/${notice.id}/deliveries`,
    ]) {
      const refused = await h.api('GET', path, undefined, reader.secret);
      expect(refused.status, path).toBe(403);
      expect(refused.body.error.message, path).toMatch(
        /^this token's scope is read; GET \/subscribers|^this token's scope is read; GET \/notices/,
      );
      expect(refused.body.error.message, path).toContain('needs write');
      const allowed = await h.fetch(`/api/v1${path}`, { headers: { authorization: `Bearer ${writer.secret}` } });
      expect(allowed.status, path).toBe(200);
      expect(await allowed.text(), path).toContain('ada@example.com');
    }

    // The audit log keeps what a subscriber did and when; below write, not who nor their choices.
    const manage = `/manage/${await signLink(env.SIGNING_SECRET ?? '', { purpose: 'manage', subscriberId: ada.id })}`;
    const saved = await h.fetch(manage, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ locale: 'fr', time_zone: 'America/Cayenne' }).toString(),
    });
    expect(saved.status).toBe(200);
    const audit = async (token: string) =>
      ok(await h.api('GET', '/audit?target_type=subscriber', undefined, token)).audit.filter(
        (e: { action: string }) => e.action === 'subscriber.preferences',
      );
    expect(await audit(writer.secret)).toEqual([
      expect.objectContaining({ target_id: ada.id, details: expect.objectContaining({ time_zone: 'America/Cayenne', locale: 'fr' }) }),
    ]);
    expect(await audit(reader.secret)).toEqual([
      expect.objectContaining({
        action: 'subscriber.preferences',
        actor: 'subscriber',
        target_type: 'subscriber',
        target_id: null,
        details: {},
      }),
    ]);
  });

  it('a write token writes but cannot list, mint or revoke tokens', async () => {
    const h = harness();
    const writer = await mint(h, { name: 'deploy bot', scope: 'write' });
    const victim = await mint(h, { name: 'on-call', scope: 'admin' });
    expect((await h.api('POST', '/components', { name: 'Search' }, writer.secret)).status).toBe(201);

    const minting = await h.api('POST', '/tokens', { name: 'escalate', scope: 'admin' }, writer.secret);
    expect(minting.status).toBe(403);
    expect(minting.body).toEqual(forbidden);
    expect((await h.api('POST', '/tokens', { name: 'sidekick', scope: 'write' }, writer.secret)).status).toBe(403);
    expect((await h.api('DELETE', `/tokens/${victim.id}`, undefined, writer.secret)).status).toBe(403);
    expect((await h.api('GET', '/tokens', undefined, writer.secret)).status).toBe(403);

    expect(await rows("SELECT * FROM api_tokens WHERE name IN ('escalate', 'sidekick')")).toEqual([]);
    expect(await rows('SELECT revoked_at FROM api_tokens WHERE id = ?', victim.id)).toEqual([{ revoked_at: null }]);
  });

  it('an expired token answers 401, from the moment it expires', async () => {
    const h = harness('2026-11-20T09:00:00.000Z');
    const shortLived = await mint(h, { name: 'incident call', scope: 'write', expires_in: 3600 });
    const until = await mint(h, { name: 'contractor', expires_at: '2026-11-20T12:00:00+02:00' });
    expect(shortLived.expires_at).toBe('2026-11-20T10:00:00.000Z');
    expect(until.expires_at).toBe('2026-11-20T10:00:00.000Z');

    h.clock.advance(HOUR - MINUTE);
    expect((await h.api('GET', '/components', undefined, shortLived.secret)).status).toBe(200);
    h.clock.advance(MINUTE);
    for (const t of [shortLived, until]) {
      const res = await h.api('GET', '/components', undefined, t.secret);
      expect(res.status).toBe(401);
      expect(res.body).toEqual({ error: { code: 'unauthorized', message: 'this token has expired' } });
    }
    expect((await h.api('POST', '/components', { name: 'Written after expiry' }, shortLived.secret)).status).toBe(401);
    expect(await rows("SELECT * FROM components WHERE name = 'Written after expiry'")).toEqual([]);
  });

  it('a token cannot mint one that outlives it; asked for no expiry, the new one expires with it', async () => {
    const h = harness('2026-11-20T09:00:00.000Z');
    const temp = await mint(h, { name: 'temp admin', scope: 'admin', expires_in: 3600 });

    const later = await h.api('POST', '/tokens', { name: 'forever', scope: 'admin', expires_in: 7200 }, temp.secret);
    expect(later.status).toBe(403);
    expect(later.body.error.message).toMatch(/cannot mint one that expires after itself/);
    const endless = await mint(h, { name: 'child', scope: 'write' }, temp.secret);
    expect(endless.expires_at).toBe(temp.expires_at);
    expect(await rows("SELECT * FROM api_tokens WHERE name = 'forever'")).toEqual([]);
    expect(await rows('SELECT expires_at FROM api_tokens WHERE id = ?', endless.id)).toEqual([{ expires_at: '2026-11-20T10:00:00.000Z' }]);

    h.clock.advance(HOUR);
    expect((await h.api('GET', '/components', undefined, endless.secret)).status).toBe(401);
  });

  it('refuses an expiry in the past, or given twice, an unknown scope and a name with a line break', async () => {
    const h = harness('2026-11-20T09:00:00.000Z');
    const before = await rows('SELECT * FROM api_tokens');
    const past = await h.api('POST', '/tokens', { name: 'late', expires_at: '2026-11-20T08:59:59Z' });
    expect(past.status).toBe(422);
    expect(past.body.error.message).toBe('expires_at must be in the future');
    const both = await h.api('POST', '/tokens', { name: 'both', expires_at: '2026-11-21T09:00:00Z', expires_in: 3600 });
    expect(both.status).toBe(422);
    expect((await h.api('POST', '/tokens', { name: 'root', scope: 'superuser' })).status).toBe(422);
    expect((await h.api('POST', '/tokens', { name: 'line\nbreak' })).status).toBe(422);
    expect(await rows('SELECT * FROM api_tokens')).toEqual(before);
  });

  it('the audit log names the token that acted, by name and id', async () => {
    const h = harness();
    const bot = await mint(h, { name: 'deploy bot', scope: 'write' });
    const component = ok(await h.api('POST', '/components', { name: 'Search' }, bot.secret)).component;
    ok(await h.api('PATCH', `/components/${component.id}`, { status: 'major_outage' }));

    const audit = ok(await h.api('GET', `/audit?target_id=${component.id}`)).audit;
    expect(audit.map((a: { actor: string; action: string }) => [a.action, a.actor])).toEqual([
      ['component.update', 'admin-token'],
      ['component.create', `token:deploy bot (${bot.id})`],
    ]);
  });
});

describe('what each route needs', () => {
  it('every operation declares its scope in the OpenAPI document, and each is enforced', async () => {
    const h = harness();
    const doc = ok(await h.api('GET', '/openapi.json', undefined, null));
    expect(Object.keys(doc.components.securitySchemes.bearer.description)).not.toHaveLength(0);
    const operations = Object.entries(doc.paths as Record<string, Record<string, any>>).flatMap(([path, ops]) =>
      Object.entries(ops).map(([method, op]) => ({ method: method.toUpperCase(), path, scope: op['x-scope'], security: op.security })),
    );
    // Subscribers' addresses (their list, export, one of them, a notice's deliveries) are personal
    // data: write, like adding and removing them; their counts are read.
    const ADDRESSES = ['/subscribers', '/subscribers/export', '/subscribers/{id}', '/notices/{id}/deliveries'];
    for (const op of operations) {
      const expected =
        op.path === '/openapi.json'
          ? 'public'
          : op.path.startsWith('/tokens')
            ? 'admin'
            : op.method === 'GET' && !ADDRESSES.includes(op.path)
              ? 'read'
              : 'write';
      expect(op.scope, `${op.method} ${op.path}`).toBe(expected);
      expect(op.security, `${op.method} ${op.path}`).toEqual(expected === 'public' ? [] : [{ bearer: [expected] }]);
    }

    const reader = await mint(h, { name: 'dashboard', scope: 'read' });
    const writer = await mint(h, { name: 'deploy bot', scope: 'write' });
    const before = await rows('SELECT * FROM audit_log');
    for (const op of operations.filter((o) => o.scope !== 'public')) {
      const path = `/api/v1${op.path.replace(/\{id\}/g, 'abc123')}`;
      for (const [token, scope] of [
        [reader, 'read'],
        [writer, 'write'],
      ] as const) {
        const res = await h.fetch(path, {
          method: op.method,
          headers: { authorization: `Bearer ${token.secret}`, 'content-type': 'application/json' },
          body: op.method === 'GET' ? undefined : '{"not_a_field":1}',
        });
        const allowed = op.scope === 'read' || (op.scope === 'write' && scope === 'write');
        if (allowed) expect(res.status, `${op.method} ${op.path} as ${scope}`).not.toBe(403);
        else expect(res.status, `${op.method} ${op.path} as ${scope}`).toBe(403);
      }
    }
    // Fake ids and unknown fields: whatever was allowed through was refused further on, so nothing was written.
    expect(await rows('SELECT * FROM audit_log')).toEqual(before);
  });

  it('only the OpenAPI document itself is public, not every path that ends like it', async () => {
    const h = harness();
    expect((await h.fetch('/api/v1/openapi.json')).status).toBe(200);
    for (const path of [
      '/api/v1/components/openapi.json',
      '/api/v1/tokens/openapi.json',
      '/api/v1/incidents/x/openapi.json',
      '/api/v1/openapi.json/',
      '/api/v1//openapi.json',
      '/api/v1/x.openapi.json',
    ]) {
      const res = await h.fetch(path);
      expect(res.status, path).toBe(401);
      expect(await res.json()).toEqual({ error: { code: 'unauthorized', message: expect.any(String) } });
    }
    expect((await h.fetch('/api/v1/openapi.json', { method: 'POST' })).status).toBe(401);
  });
});
