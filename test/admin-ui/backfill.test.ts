import { beforeEach, describe, expect, it } from 'vitest';
import { fingerprint, rows, statusLog } from '../support/db';
import { makeCatalogue } from '../support/factories';
import { harness, ok } from '../support/harness';
import { emptyPage } from '../support/status-story';
import { adminClient, textOf } from './client';

async function setUp() {
  const h = harness('2026-11-20T09:00:00.000Z');
  ok(await h.api('PATCH', '/page', { name: 'Acme Intel', time_zone: 'Europe/Paris' }));
  const catalogue = await makeCatalogue(h);
  const admin = adminClient(h);
  await admin.signIn();
  return { h, admin, ...catalogue };
}

describe('backfilling a past incident in the admin UI', () => {
  beforeEach(emptyPage);

  it('records it at its real times, typed in the page’s zone, in both languages; nobody is notified; audited', async () => {
    const { h, admin, crawlers } = await setUp();
    const form = await admin.get('/admin/backfill');
    expect(form.status).toBe(200);
    expect(form.html).toContain('href="/admin/backfill" aria-current="page"');
    expect(textOf(form.html)).toContain("Times are shown in the page's time zone, Europe/Paris.");

    const res = await admin.post('/admin/backfill', {
      name: 'Crawlers stalled',
      'translations.fr.name': 'Robots bloqués',
      impact: 'major',
      started_at: '2026-11-10T14:00',
      resolved_at: '2026-11-10T16:30',
      [`component.${crawlers.id}`]: 'major_outage',
      body: 'The crawler queue **stalled**.',
      'translations.fr.body': 'La file des robots était bloquée.',
      postmortem: 'A full disk.',
    });
    expect(res.status).toBe(303);
    const id = /^\/admin\/incidents\/([a-z0-9]+)$/.exec(res.location ?? '')?.[1];
    expect(id).toBeTruthy();
    const incident = ok(await h.api('GET', `/incidents/${id}`)).incident;
    // 14:00 and 16:30 in Paris (CET, UTC+1) are 13:00 and 15:30 UTC.
    expect(incident).toMatchObject({ name: 'Crawlers stalled', status: 'postmortem', impact: 'major' });
    expect(incident.started_at).toBe('2026-11-10T13:00:00.000Z');
    expect(incident.resolved_at).toBe('2026-11-10T15:30:00.000Z');
    expect(incident.translations).toMatchObject({ fr: { name: 'Robots bloqués' } });
    expect((await statusLog(crawlers.id)).filter((e) => e.cause_type === 'incident')).toEqual([
      {
        old_status: 'operational',
        new_status: 'major_outage',
        changed_at: '2026-11-10T13:00:00.000Z',
        cause_type: 'incident',
        cause_id: id,
      },
      {
        old_status: 'major_outage',
        new_status: 'operational',
        changed_at: '2026-11-10T15:30:00.000Z',
        cause_type: 'incident',
        cause_id: id,
      },
    ]);
    expect(await rows('SELECT status FROM components WHERE id = ?', crawlers.id)).toEqual([{ status: 'operational' }]);
    expect(await rows('SELECT id FROM notices')).toEqual([]);
    expect(await rows("SELECT actor, target_id FROM audit_log WHERE action = 'incident.backfill'")).toEqual([
      { actor: 'admin-token', target_id: id },
    ]);
    const history = await (await h.fetch('/history?lang=fr')).text();
    expect(history).toContain('Robots bloqués');
  });

  it('refuses an end before the start, an unreadable time, an incident not over and an empty name, at their fields (422), writing nothing', async () => {
    const { h, admin } = await setUp();
    await admin.get('/admin/backfill');
    const before = await fingerprint();
    const base = { name: 'Outage', impact: 'minor', body: 'It broke.', started_at: '2026-11-10T14:00', resolved_at: '2026-11-10T16:00' };

    const backwards = await admin.post('/admin/backfill', { ...base, resolved_at: '2026-11-10T13:00' });
    expect(backwards.status).toBe(422);
    expect(backwards.html).toMatch(/id="backfill-resolved_at-error">The resolution must come after the start\.</);

    const unreadable = await admin.post('/admin/backfill', { ...base, started_at: 'last Tuesday', name: '' });
    expect(unreadable.status).toBe(422);
    expect(unreadable.html).toMatch(/id="backfill-started_at-error">Enter a date and time, e\.g\. 2026-12-05 08:00\.</);
    expect(unreadable.html).toMatch(/id="backfill-name-error">Enter a name\.</);
    expect(unreadable.html).toContain('value="last Tuesday"');

    const ongoing = await admin.post('/admin/backfill', { ...base, resolved_at: '2026-11-21T08:00' });
    expect(ongoing.status).toBe(422);
    expect(textOf(ongoing.html)).toContain('A backfilled incident must be over; post a live incident instead.');

    const longFrench = await admin.post('/admin/backfill', { ...base, 'translations.fr.name': 'x'.repeat(201) });
    expect(longFrench.status).toBe(422);
    expect(textOf(longFrench.html)).toContain('Name in French: at most 200 characters.');
    // A post without the form's CSRF token, or without a session, is refused too.
    expect((await admin.post('/admin/backfill', base, false)).status).toBe(403);
    expect((await adminClient(h).post('/admin/backfill', base, false)).status).toBe(401);
    expect(await fingerprint()).toEqual(before);
  });

  it('a read session sees the page without the form, and its post is refused (403)', async () => {
    const { h } = await setUp();
    const token = ok(await h.api('POST', '/tokens', { name: 'auditor', scope: 'read' })).token;
    const reader = adminClient(h);
    await reader.signIn(token.secret);
    const page = await reader.get('/admin/backfill');
    expect(page.status).toBe(200);
    expect(page.html).not.toContain('action="/admin/backfill"');
    const before = await fingerprint();
    const res = await reader.post('/admin/backfill', {
      name: 'Sneaky',
      impact: 'minor',
      body: 'x',
      started_at: '2026-11-10T14:00',
      resolved_at: '2026-11-10T16:00',
    });
    expect(res.status).toBe(403);
    expect(await fingerprint()).toEqual(before);
  });
});
