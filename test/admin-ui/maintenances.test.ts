import { describe, expect, it } from 'vitest';
import { fingerprint, rows } from '../support/db';
import { makeCatalogue } from '../support/factories';
import { DAY, HOUR, harness, ok } from '../support/harness';
import { adminClient, textOf } from './client';

async function setUp() {
  const h = harness('2026-11-20T09:00:00.000Z');
  ok(await h.api('PATCH', '/page', { time_zone: 'Europe/Paris' }));
  const catalogue = await makeCatalogue(h);
  const admin = adminClient(h);
  await admin.signIn();
  return { h, admin, ...catalogue };
}

describe('maintenance in the admin UI', () => {
  it('the migration weekend is scheduled in Paris time, stored in UTC, with its reminders on the timeline', async () => {
    const { h, admin, crawlers, webapp, api, login } = await setUp();
    await admin.get('/admin/maintenances/new');
    const res = await admin.postConfirmed('/admin/maintenances', {
      name: 'Data-centre migration',
      body: 'We are moving all our servers to a new data centre.',
      scheduled_for: '2026-12-05T08:00',
      scheduled_until: '2026-12-06T20:00',
      [`component.${crawlers.id}`]: 'under_maintenance',
      [`component.${webapp.id}`]: 'degraded_performance',
      [`component.${api.id}`]: 'partial_outage',
      [`component.${login.id}`]: 'operational',
      still_working: 'Signing in and reading dashboards.',
      reminders: ['4320', '1440', '60'],
      reminders_custom: '',
      auto_start: 'on',
      auto_complete: 'on',
      deliver_notifications: 'on',
      impact: '',
    });
    expect(res.status, res.html.slice(0, 2000)).toBe(303);
    const id = res.location?.split('/').pop() ?? '';
    const m = ok(await h.api('GET', `/maintenances/${id}`)).maintenance;
    expect(m.scheduled_for).toBe('2026-12-05T07:00:00.000Z');
    expect(m.scheduled_until).toBe('2026-12-06T19:00:00.000Z');
    expect(m.reminders).toEqual([4320, 1440, 60]);
    expect(m.components).toEqual({
      [crawlers.id]: 'under_maintenance',
      [webapp.id]: 'degraded_performance',
      [api.id]: 'partial_outage',
      [login.id]: 'operational',
    });
    expect(await rows('SELECT actor, action FROM audit_log WHERE target_id = ?', id)).toEqual([
      { actor: 'admin-token', action: 'maintenance.create' },
    ]);

    const page = textOf((await admin.get(`/admin/maintenances/${id}`)).html);
    expect(page).toContain('5 Dec 2026, 08:00 CET');
    expect(page).toMatch(/Announcement Recorded/);
    expect(page).toMatch(/2 Dec 2026, 08:00 CET — Reminder, 72 h before Planned/);
    expect(page).toMatch(/4 Dec 2026, 08:00 CET — Reminder, 24 h before Planned/);
    expect(page).toMatch(/5 Dec 2026, 07:00 CET — Reminder, 1 h before Planned/);
    expect(page).toMatch(/5 Dec 2026, 08:00 CET — Starts by itself/);
    expect(page).toMatch(/6 Dec 2026, 20:00 CET — Completes by itself/);

    // The cron sends the 72-hour reminder; the page then shows it recorded, the others still planned.
    h.clock.set('2026-12-02T07:00:30.000Z');
    await h.tick();
    await admin.signIn(); // twelve days later, the session has long expired
    const later = textOf((await admin.get(`/admin/maintenances/${id}`)).html);
    expect(later).toMatch(/2 Dec 2026, 08:00 CET — Reminder, 72 h before Recorded/);
    expect(later).toMatch(/Reminder, 24 h before Planned/);
  });

  it('an update, then completion by hand, are audited as the signed-in token', async () => {
    const { h, crawlers } = await setUp();
    const minted = ok(await h.api('POST', '/tokens', { name: 'night shift', scope: 'write' })).token;
    const night = adminClient(h);
    await night.signIn(minted.secret);
    await night.get('/admin/maintenances/new');
    const created = await night.postConfirmed('/admin/maintenances', {
      name: 'Short move',
      scheduled_for: '2026-11-20T11:00',
      scheduled_until: '2026-11-20T13:00',
      [`component.${crawlers.id}`]: 'under_maintenance',
      auto_start: 'on',
      auto_complete: 'on',
      deliver_notifications: 'on',
    });
    expect(created.status).toBe(303);
    const id = created.location?.split('/').pop() ?? '';
    // Start now, a notified update and Complete now each pass through their confirmation.
    await night.get(`/admin/maintenances/${id}`);
    expect(
      (await night.postConfirmed(`/admin/maintenances/${id}/updates`, { status: 'in_progress', body: '', deliver_notifications: 'on' }))
        .status,
    ).toBe(303);
    await night.get(`/admin/maintenances/${id}`);
    const update = await night.postConfirmed(`/admin/maintenances/${id}/updates`, {
      status: 'in_progress',
      body: 'Half of the servers are in the new racks.',
      deliver_notifications: 'on',
    });
    expect(update.status).toBe(303);
    h.clock.advance(HOUR);
    await night.get(`/admin/maintenances/${id}`);
    expect(
      (await night.postConfirmed(`/admin/maintenances/${id}/updates`, { status: 'completed', deliver_notifications: 'on' })).status,
    ).toBe(303);

    expect(ok(await h.api('GET', `/maintenances/${id}`)).maintenance.status).toBe('completed');
    expect(ok(await h.api('GET', `/components/${crawlers.id}`)).component.status).toBe('operational');
    const audit = await rows<{ actor: string; action: string }>('SELECT actor, action FROM audit_log WHERE target_id = ? ORDER BY id', id);
    expect(audit).toEqual(
      ['maintenance.create', 'maintenance.start', 'maintenance.update', 'maintenance.complete'].map((action) => ({
        actor: `token:night shift (${minted.id})`,
        action,
      })),
    );
    const notices = await rows<{ kind: string }>('SELECT kind FROM notices WHERE subject_id = ? ORDER BY created_at, rowid', id);
    expect(notices.map((n) => n.kind)).toEqual(['scheduled', 'started', 'update', 'completed']);
    const page = textOf((await night.get(`/admin/maintenances/${id}`)).html);
    expect(page).toContain('Half of the servers are in the new racks.');
    expect(page).not.toContain('Complete now');
  });

  it('an end before the start re-renders the form with 422, the message at the end field and every value kept', async () => {
    const { admin, crawlers } = await setUp();
    await admin.get('/admin/maintenances/new');
    const before = await fingerprint();
    const res = await admin.post('/admin/maintenances', {
      name: 'Backwards',
      scheduled_for: '2026-12-05T08:00',
      scheduled_until: '2026-12-05T07:00',
      [`component.${crawlers.id}`]: 'under_maintenance',
      reminders: ['1440'],
      reminders_custom: '30, 2h, soon',
      still_working: 'Everything "important" & more',
      deliver_notifications: 'on',
    });
    expect(res.status).toBe(422);
    expect(res.html).toContain('value="2026-12-05T07:00"');
    expect(res.html).toContain('value="30, 2h, soon"');
    expect(res.html).toContain('Everything &quot;important&quot; &amp; more</textarea>');
    expect(res.html).toMatch(/<option value="under_maintenance" selected="">/);
    expect(res.html).toMatch(/value="1440" checked=""/);
    expect(res.html).not.toMatch(/value="4320" checked=""/);
    expect(textOf(res.html)).toContain('"soon" is not a duration');

    const fixedReminders = await admin.post('/admin/maintenances', {
      name: 'Backwards',
      scheduled_for: '2026-12-05T08:00',
      scheduled_until: '2026-12-05T07:00',
      reminders: ['1440'],
    });
    expect(fixedReminders.status).toBe(422);
    expect(fixedReminders.html).toMatch(/id="new-maintenance-scheduled_until-error">The end must be after the start.</);
    const notATime = await admin.post('/admin/maintenances', { name: 'x', scheduled_for: 'tomorrow', scheduled_until: '' });
    expect(notATime.status).toBe(422);
    expect(notATime.html).toMatch(/id="new-maintenance-scheduled_for-error">Enter a date and time/);
    expect(await fingerprint()).toEqual(before);
  });

  it('rescheduling from the edit form moves the window and its pending reminders; a running one may only move its end', async () => {
    const { h, admin, crawlers } = await setUp();
    // The edit form as the operator sends it each time; only the window moves.
    const moveForm = (scheduled_for: string, scheduled_until: string, more: Record<string, string> = {}) => ({
      name: 'Move',
      scheduled_for,
      scheduled_until,
      [`component.${crawlers.id}`]: 'under_maintenance',
      reminders: ['1440', '60'],
      auto_start: 'on',
      auto_complete: 'on',
      ...more,
    });
    await admin.get('/admin/maintenances/new');
    const created = await admin.postConfirmed(
      '/admin/maintenances',
      moveForm('2026-12-05T08:00', '2026-12-05T12:00', { deliver_notifications: 'on' }),
    );
    const id = created.location?.split('/').pop() ?? '';
    const edit = await admin.get(`/admin/maintenances/${id}/edit`);
    expect(edit.html).toContain('value="2026-12-05T08:00"');
    const moved = await admin.postConfirmed(
      `/admin/maintenances/${id}`,
      moveForm('2026-12-12T08:00', '2026-12-12T12:00', { deliver_notifications: 'on' }),
    );
    expect(moved.status).toBe(303);
    const m = ok(await h.api('GET', `/maintenances/${id}`)).maintenance;
    expect(m.scheduled_for).toBe('2026-12-12T07:00:00.000Z');
    expect(m.sequence).toBe(1);
    const page = textOf((await admin.get(`/admin/maintenances/${id}`)).html);
    expect(page).toMatch(/Rescheduled Recorded/);
    expect(page).toMatch(/11 Dec 2026, 08:00 CET — Reminder, 24 h before Planned/);

    h.clock.set('2026-12-12T07:30:00.000Z');
    await h.tick();
    await admin.signIn();
    await admin.get(`/admin/maintenances/${id}/edit`);
    const refused = await admin.post(`/admin/maintenances/${id}`, moveForm('2026-12-12T09:00', '2026-12-12T12:00'));
    expect(refused.status).toBe(409);
    expect(textOf(refused.html)).toContain('It has already started: only its end can still move.');
    const extended = await admin.post(`/admin/maintenances/${id}`, moveForm('2026-12-12T08:00', '2026-12-12T14:00'));
    expect(extended.status).toBe(303);
    expect(ok(await h.api('GET', `/maintenances/${id}`)).maintenance.scheduled_until).toBe('2026-12-12T13:00:00.000Z');
  });

  it('cancelling by hand records the cancellation; an illegal transition answers 409 in place', async () => {
    const { h, admin } = await setUp();
    await admin.get('/admin/maintenances/new');
    const created = await admin.postConfirmed('/admin/maintenances', {
      name: 'Not needed',
      scheduled_for: '2026-12-05T08:00',
      scheduled_until: '2026-12-05T12:00',
      deliver_notifications: 'on',
    });
    const id = created.location?.split('/').pop() ?? '';
    await admin.get(`/admin/maintenances/${id}`);
    const wrong = await admin.post(`/admin/maintenances/${id}/updates`, { status: 'completed', body: '' });
    expect(wrong.status).toBe(409);
    expect(textOf(wrong.html)).toContain('a maintenance must start before it is completed');
    const cancelled = await admin.postConfirmed(`/admin/maintenances/${id}/updates`, {
      status: 'cancelled',
      body: 'The move is postponed to next year.',
      deliver_notifications: 'on',
    });
    expect(cancelled.status).toBe(303);
    expect(ok(await h.api('GET', `/maintenances/${id}`)).maintenance.status).toBe('cancelled');
    h.clock.advance(DAY);
    await admin.signIn();
    const page = textOf((await admin.get(`/admin/maintenances/${id}`)).html);
    expect(page).toMatch(/Cancelled Recorded/);
    expect(page).not.toMatch(/Planned/);
  });
  it('reminders typed as "7d" and "90" come back in the edit form as typed, for a maintenance and for a draft', async () => {
    const { h, admin, crawlers } = await setUp();
    const m = ok(
      await h.api('POST', '/maintenances', {
        name: 'Long notice',
        scheduled_for: '2026-12-12T07:00:00Z',
        scheduled_until: '2026-12-12T09:00:00Z',
        components: { [crawlers.id]: 'under_maintenance' },
        reminders: [10080, 1440, 90],
      }),
    ).maintenance;
    const edit = await admin.get(`/admin/maintenances/${m.id}/edit`);
    expect(edit.html).toMatch(/name="reminders_custom"[^>]* value="7d, 90"/);
    expect(edit.html).not.toContain('10080');
    expect(edit.html).toMatch(/value="1440" checked=""/);

    const saved = await admin.post('/admin/drafts/new/maintenance', {
      name: 'Drafted with long notice',
      scheduled_for: '2026-12-19T08:00',
      scheduled_until: '2026-12-19T10:00',
      reminders: ['60'],
      reminders_custom: '7d, 2h, 45',
      deliver_notifications: 'on',
      intent: 'save',
    });
    expect(saved.status, textOf(saved.html).slice(0, 400)).toBe(303);
    const draftEdit = await admin.get(`${saved.location?.split('?')[0]}/edit`);
    expect(draftEdit.html).toMatch(/name="reminders_custom"[^>]* value="7d, 2h, 45"/);
  });
});
