// The admin UI says things the way an operator reads them: times in the page's zone, reminders as
// they were typed, Markdown rendered, the real start and end, refusals in plain words.
import { describe, expect, it } from 'vitest';
import { makeCatalogue, makeMaintenance } from '../support/factories';
import { harness, ok } from '../support/harness';
import { adminClient, textOf } from './client';

async function setUp(start = '2026-11-20T09:00:00.000Z') {
  const h = harness(start);
  ok(await h.api('PATCH', '/page', { time_zone: 'Europe/Paris' }));
  const catalogue = await makeCatalogue(h);
  const admin = adminClient(h);
  await admin.signIn();
  return { h, admin, ...catalogue };
}

/** The text of the audit table's details cell of the newest entry with `action`. */
function auditDetails(html: string, action: string): string {
  const row = new RegExp(`<td>${action.replace('.', '\\.')}</td>[\\s\\S]*?<td class="details">([\\s\\S]*?)</td>`).exec(html);
  return textOf(row?.[1] ?? '');
}

describe('the admin UI in the operator’s words', () => {
  it('a "7d" reminder reads "7 d" in the list, on the page and in the audit, whose times are in the page’s zone', async () => {
    const { h, admin, crawlers } = await setUp();
    const m = await makeMaintenance(h, {
      name: 'Weekly window',
      components: { [crawlers.id]: 'under_maintenance' },
      reminders: [10080, 90, 60],
      translations: { fr: { name: 'Fenêtre hebdomadaire' } },
    });
    const list = textOf((await admin.get('/admin/maintenances')).html);
    expect(list).toContain('7 d, 90 min, 1 h');
    expect(list).not.toContain('10080');
    const page = textOf((await admin.get(`/admin/maintenances/${m.id}`)).html);
    expect(page).toContain('Reminders 7 d, 90 min, 1 h');

    const audit = (await admin.get('/admin/audit')).html;
    const details = auditDetails(audit, 'maintenance.create');
    expect(details).toContain('Start 5 Dec 2026, 08:00 CET');
    expect(details).toContain('End 5 Dec 2026, 12:00 CET');
    expect(details).toContain('Reminders 7 d, 90 min, 1 h');
    expect(details).toContain('Components Price crawlers: Under maintenance');
    expect(details).toContain('Notify subscribers yes');
    expect(details).toContain('Translations French: Name: Fenêtre hebdomadaire');
    expect(details).not.toMatch(/2026-12-05T|10080|\{"/);
  });

  it('Markdown in an update is rendered as on the page, and HTML in it stays text', async () => {
    const { h, admin } = await setUp();
    const m = await makeMaintenance(h, { name: 'Read-only' });
    ok(
      await h.api('POST', `/maintenances/${m.id}/updates`, {
        status: 'scheduled',
        body: 'Dashboards stay **read-only**.\n\n<script>alert(1)</script>',
        deliver_notifications: false,
      }),
    );
    const html = (await admin.get(`/admin/maintenances/${m.id}`)).html;
    expect(html).toContain('<strong>read-only</strong>');
    expect(html).not.toContain('**read-only**');
    expect(html).not.toContain('<script>alert(1)</script>');
  });

  it('after an early start the page and the list show when it really started, and once completed when it really ended', async () => {
    // Planned 20:35 → 23:00 Paris; started by hand at 20:21, completed at 21:40.
    const { h, admin } = await setUp('2026-11-20T19:21:00.000Z');
    const m = await makeMaintenance(h, {
      name: 'Evening',
      scheduled_for: '2026-11-20T19:35:00.000Z',
      scheduled_until: '2026-11-20T22:00:00.000Z',
    });
    ok(await h.api('POST', `/maintenances/${m.id}/updates`, { status: 'in_progress' }));
    const started = textOf((await admin.get(`/admin/maintenances/${m.id}`)).html);
    // (textOf leaves a space where the closing </time> was.)
    expect(started).toMatch(/Starts Started 20 Nov 2026, 20:21 CET \(planned 20 Nov 2026, 20:35 CET ?\)/);
    expect(started).toContain('Ends 20 Nov 2026, 23:00 CET (Automatic)');
    expect(textOf((await admin.get('/admin/maintenances')).html)).toMatch(
      /Started 20 Nov 2026, 20:21 CET \(planned 20 Nov 2026, 20:35 CET ?\)/,
    );

    h.clock.set('2026-11-20T20:40:00.000Z');
    ok(await h.api('POST', `/maintenances/${m.id}/updates`, { status: 'completed' }));
    await admin.signIn();
    const ended = textOf((await admin.get(`/admin/maintenances/${m.id}`)).html);
    expect(ended).toMatch(/Ends Ended 20 Nov 2026, 21:40 CET \(planned 20 Nov 2026, 23:00 CET ?\)/);
  });

  it('updates Forewarn writes itself read as sentences, a moved window in the page’s zone rather than raw ISO', async () => {
    const { h, admin } = await setUp();
    const m = await makeMaintenance(h, { name: 'Moving' });
    ok(
      await h.api('PATCH', `/maintenances/${m.id}`, {
        scheduled_for: '2026-12-04T07:00:00.000Z',
        scheduled_until: '2026-12-04T11:00:00.000Z',
      }),
    );
    const page = textOf((await admin.get(`/admin/maintenances/${m.id}`)).html);
    expect(page).toMatch(/Moved earlier: previously .*5 Dec.*08:00.*, now .*4 Dec.*08:00/);
    expect(page).not.toMatch(/\d{4}-\d{2}-\d{2}T/);
    h.clock.set('2026-12-04T07:00:00.000Z');
    ok(await h.api('POST', `/maintenances/${m.id}/updates`, { status: 'in_progress' }));
    await admin.signIn();
    expect(textOf((await admin.get(`/admin/maintenances/${m.id}`)).html)).toContain(
      'Scheduled maintenance is currently in progress. We will provide updates as necessary.',
    );
  });

  it('a refused form says what is wrong in plain words, at the field', async () => {
    const { admin } = await setUp();
    await admin.get('/admin/maintenances/new');
    const tooLong = await admin.post('/admin/maintenances', {
      name: 'x'.repeat(201),
      scheduled_for: '2026-12-05T08:00',
      scheduled_until: '2026-12-05T12:00',
      reminders_custom: '61d',
    });
    expect(tooLong.status).toBe(422);
    expect(tooLong.html).toMatch(/id="new-maintenance-name-error">At most 200 characters.</);
    expect(tooLong.html).toMatch(
      /<legend>Reminders<\/legend>[\s\S]*?<p class="field-error">A reminder can be at most 60 days before the start.<\/p>/,
    );
    const past = await admin.post('/admin/maintenances', {
      name: 'Yesterday',
      scheduled_for: '2026-11-19T08:00',
      scheduled_until: '2026-11-19T12:00',
    });
    expect(past.status).toBe(422);
    expect(textOf(past.html)).toContain('The end has already passed: choose an end in the future.');
    expect(textOf(past.html)).not.toContain('scheduled_until');
  });

  it('every admin page, the sign-in page too, names the favicon', async () => {
    const { h, admin } = await setUp();
    const signIn = await h.fetch('/admin/sign-in');
    expect(await signIn.text()).toContain('<link rel="icon" href="/favicon.svg" type="image/svg+xml"/>');
    expect((await admin.get('/admin/maintenances')).html).toContain('<link rel="icon" href="/favicon.svg"');
  });
});
