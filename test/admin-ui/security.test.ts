// The admin UI's auth matrix: every POST route refuses a visitor without a session (401), a
// session without the form's CSRF token (403) and a session whose token may only read (403), and
// none of them writes anything.
import { describe, expect, it } from 'vitest';
import { fingerprint, rows } from '../support/db';
import { makeCatalogue, makeMaintenance } from '../support/factories';
import { harness, ok } from '../support/harness';
import { adminClient, textOf } from './client';

async function setUp() {
  const h = harness();
  const { platform, crawlers } = await makeCatalogue(h);
  const incident = ok(
    await h.api('POST', '/incidents', { name: 'Slow', body: 'Slow.', components: { [crawlers.id]: 'degraded_performance' } }),
  ).incident;
  const maintenance = await makeMaintenance(h, { components: { [crawlers.id]: 'under_maintenance' } });
  ok(await h.api('POST', '/subscribers/import', { confirmed: true, subscribers: [{ email: 'matrix@example.com' }] }));
  const subscriber = ok(await h.api('GET', '/subscribers')).subscribers.find((s: { email: string }) => s.email === 'matrix@example.com');
  const draft = ok(
    await h.api('POST', '/drafts', {
      subject_type: 'maintenance',
      input: { name: 'Drafted', scheduled_for: '2026-12-05T07:00:00Z', scheduled_until: '2026-12-05T11:00:00Z' },
    }),
  ).draft;
  const drafted = { name: 'Drafted', scheduled_for: '2026-12-05T08:00', scheduled_until: '2026-12-05T12:00', intent: 'save' };
  const routes: [string, Record<string, string>][] = [
    ['/admin/components', { name: 'New', status: 'operational' }],
    [`/admin/components/${crawlers.id}`, { name: 'Renamed', status: 'operational' }],
    [`/admin/components/${crawlers.id}/status`, { status: 'major_outage' }],
    [`/admin/components/${crawlers.id}/move`, { direction: 'up' }],
    [`/admin/components/${crawlers.id}/delete`, {}],
    ['/admin/groups', { name: 'New group' }],
    [`/admin/groups/${platform.id}`, { name: 'Renamed' }],
    [`/admin/groups/${platform.id}/move`, { direction: 'down' }],
    [`/admin/groups/${platform.id}/delete`, {}],
    ['/admin/incidents', { name: 'Down', status: 'investigating', body: 'Down.' }],
    [`/admin/incidents/${incident.id}/updates`, { status: 'resolved', body: 'Fixed.' }],
    ['/admin/maintenances', { name: 'Move', scheduled_for: '2026-12-05T08:00', scheduled_until: '2026-12-05T12:00' }],
    [`/admin/maintenances/${maintenance.id}`, { name: 'Renamed', scheduled_for: '2026-12-12T08:00', scheduled_until: '2026-12-12T12:00' }],
    [`/admin/maintenances/${maintenance.id}/updates`, { status: 'cancelled', body: 'No.' }],
    ['/admin/drafts/new/maintenance', drafted],
    ['/admin/drafts/new/incident', { name: 'Down', status: 'investigating', body: 'Down.', intent: 'save' }],
    [`/admin/drafts/${draft.id}`, { ...drafted, name: 'Renamed' }],
    [`/admin/drafts/${draft.id}/publish`, { confirm: draft.updated_at }],
    [`/admin/drafts/${draft.id}/delete`, {}],
    ['/admin/subscribers/import', { csv: 'new@example.com,en,,', mode: 'import', confirmed: 'on' }],
    [`/admin/subscribers/${subscriber.id}/delete`, {}],
    ['/admin/sign-out', {}],
  ];
  const pages = [
    '/admin/maintenances',
    `/admin/maintenances/${maintenance.id}`,
    '/admin/incidents',
    `/admin/incidents/${incident.id}`,
    '/admin/drafts',
    `/admin/drafts/${draft.id}`,
    '/admin/components',
    `/admin/components/${crawlers.id}`,
    '/admin/subscribers',
    '/admin/subscribers/export.csv',
    '/admin/notices',
    '/admin/audit',
  ];
  return { h, routes, pages };
}

describe('who may post to the admin UI', () => {
  it('without a session cookie every POST answers 401 and writes nothing', async () => {
    const { h, routes } = await setUp();
    const before = await fingerprint();
    for (const [path, fields] of routes) {
      const res = await h.fetch(path, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ ...fields, _csrf: 'guessed-token' }),
      });
      expect(res.status, path).toBe(401);
    }
    expect(await fingerprint()).toEqual(before);
  });

  it('with a session but without its CSRF token (missing, wrong, or another session’s) every POST answers 403 and writes nothing', async () => {
    const { h, routes } = await setUp();
    const admin = adminClient(h);
    await admin.signIn();
    const other = adminClient(h);
    await other.signIn();
    await other.get('/admin/components');
    const before = await fingerprint();
    for (const [path, fields] of routes) {
      expect((await admin.post(path, fields, false)).status, `${path} without a token`).toBe(403);
      expect((await admin.post(path, { ...fields, _csrf: 'x'.repeat(32) }, false)).status, `${path} with a wrong token`).toBe(403);
      expect((await admin.post(path, { ...fields, _csrf: other.csrf ?? '' }, false)).status, `${path} with another session's token`).toBe(
        403,
      );
      const json = await admin.send('POST', path, JSON.stringify(fields), { 'content-type': 'application/json' });
      expect(json.status, `${path} as JSON`).toBe(415);
    }
    expect(await fingerprint()).toEqual(before);
  });

  it('admin pages are not cached, not framed, and load only their own scripts and styles', async () => {
    const { h } = await setUp();
    const admin = adminClient(h);
    await admin.signIn();
    const page = await admin.get('/admin/maintenances');
    expect(page.status).toBe(200);
    expect(page.headers.get('cache-control')).toBe('no-store');
    expect(page.headers.get('x-frame-options')).toBe('DENY');
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(page.html).not.toMatch(/<script>(?!<\/script>)|<script(?![^>]*\ssrc=)[^>]*>|style="/);
    for (const asset of [...page.html.matchAll(/(?:href|src)="(\/admin\/assets\/[^"]+)"/g)].map((m) => m[1] ?? '')) {
      const res = await h.fetch(asset);
      expect(res.status, asset).toBe(200);
    }
  });

  it('a session of a read token views every page, but not the export of addresses, and each of its form posts gets a 403 page and writes nothing', async () => {
    const { h, routes, pages } = await setUp();
    const token = ok(await h.api('POST', '/tokens', { name: 'auditor', scope: 'read' })).token;
    const reader = adminClient(h);
    await reader.signIn(token.secret);
    // Every page but the export of every subscriber's address, which needs write (as in the API).
    for (const path of pages) expect((await reader.get(path)).status, path).toBe(path === '/admin/subscribers/export.csv' ? 403 : 200);
    await reader.get('/admin/components');
    const before = await fingerprint();
    for (const [path, fields] of routes.filter(([path]) => path !== '/admin/sign-out')) {
      const res = await reader.post(path, fields);
      expect(res.status, path).toBe(403);
      expect(textOf(res.html), path).toContain(
        `You are signed in as token:${token.id} with a read token, which may view every page, subscribers' addresses excepted, but change nothing. This needs a write token, so nothing was changed.`,
      );
    }
    expect(await fingerprint()).toEqual(before);
    expect((await reader.post('/admin/sign-out')).status).toBe(303);
  });

  it('a session of a write token posts like an operator, and the audit log names the token', async () => {
    const { h } = await setUp();
    const token = ok(await h.api('POST', '/tokens', { name: 'night shift', scope: 'write' })).token;
    const writer = adminClient(h);
    await writer.signIn(token.secret);
    await writer.get('/admin/components');
    const created = await writer.post('/admin/components', { name: 'Written by a token', status: 'operational' });
    expect(created.status).toBe(303);
    const [row] = await rows<{ id: string }>("SELECT id FROM components WHERE name = 'Written by a token'");
    expect(await rows('SELECT actor FROM audit_log WHERE target_id = ?', row?.id)).toEqual([{ actor: `token:night shift (${token.id})` }]);
  });
});
