import { beforeEach, describe, expect, it } from 'vitest';
import { makeCatalogue, makeMaintenance } from '../support/factories';
import { harness, ok } from '../support/harness';
import { mailbox } from '../support/mail';
import { emptyPage } from '../support/status-story';
import { adminClient, textOf } from './client';

async function setUp() {
  const mail = await mailbox();
  const h = harness('2026-11-21T07:00:00.000Z', { smtpUrl: mail.smtpUrl });
  ok(await h.api('PATCH', '/page', { name: 'Acme Intel', time_zone: 'Europe/Paris' }));
  const { crawlers } = await makeCatalogue(h);
  const emails = ['anne@example.com', 'bob@example.com', 'carl@example.com'];
  ok(
    await h.api('POST', '/subscribers/import', {
      confirmed: true,
      subscribers: emails.map((email) => ({ email, components: [crawlers.id] })),
    }),
  );
  const admin = adminClient(h);
  await admin.signIn();
  return { h, mail, admin, crawlers };
}

describe('notices in the admin UI', () => {
  beforeEach(emptyPage);

  it('shows each send pending and refreshing live, then sent; failures with their reason', async () => {
    const { h, mail, admin, crawlers } = await setUp();
    const m = await makeMaintenance(h, { name: 'Crawler move', components: { [crawlers.id]: 'under_maintenance' } });

    const pending = await admin.get('/admin/notices');
    expect(pending.html).toMatch(/<section id="notice-progress" aria-label="Notices" data-live="3000">/);
    expect(textOf(pending.html)).toMatch(/Crawler move Announcement 3 0 0/);

    await h.drainQueue();
    const sent = await admin.get('/admin/notices');
    expect(sent.html).toMatch(/<section id="notice-progress" aria-label="Notices">/);
    expect(textOf(sent.html)).toMatch(/Crawler move Announcement 0 3 0/);
    expect(textOf(sent.html)).toContain('Nothing is waiting to be sent.');
    // The maintenance's own timeline carries the same counts.
    expect(textOf((await admin.get(`/admin/maintenances/${m.id}`)).html)).toMatch(
      /Announcement Recorded · E-mails: Pending 0, Sent 3, Failed 0/,
    );

    await mail.fail(1, 550);
    await h.api('POST', `/maintenances/${m.id}/updates`, { status: 'scheduled', body: 'A note.' });
    await h.drainQueue();
    const list = textOf((await admin.get('/admin/notices')).html);
    expect(list).toMatch(/Crawler move Update 0 2 1/);
    const updateId = /href="\/admin\/notices\/([a-z0-9]+)">Update</.exec((await admin.get('/admin/notices')).html)?.[1];
    const detail = textOf((await admin.get(`/admin/notices/${updateId}`)).html);
    // Which of the three the server turned away depends on delivery order; the reason is the server's.
    expect(detail).toMatch(/(anne|bob|carl)@example\.com 1 Failed 550 .*Mail command failed: 550/);

    // A read session sees how many failed, not for whom, nor the relay's reply (it may repeat the address).
    const reader = adminClient(h);
    await reader.signIn(ok(await h.api('POST', '/tokens', { name: 'wallboard', scope: 'read' })).token.secret);
    const shown = await reader.get(`/admin/notices/${updateId}`);
    expect(shown.status).toBe(200);
    expect(textOf(shown.html)).toContain(
      "1 failed: the recipients' addresses (and the relay's replies, which may repeat them) are shown only to sessions that may write.",
    );
    expect(shown.html).not.toMatch(/@example\.com|Mail command failed/);
  });

  it("lists what subscribers are mailed, not a component's own status changes (those go to webhooks only)", async () => {
    const { h, admin, crawlers } = await setUp();
    ok(await h.api('PATCH', `/components/${crawlers.id}`, { status: 'major_outage' }));
    const [change] = await h.env.DB.prepare("SELECT id FROM notices WHERE kind = 'component_update'")
      .all<{ id: string }>()
      .then((r) => r.results);
    expect(change).toBeDefined();
    const list = await admin.get('/admin/notices');
    expect(list.html).not.toContain(change!.id);
    expect((await admin.get(`/admin/notices/${change!.id}`)).status).toBe(404);
  });

  it('previews the e-mail of a notice in English and in French, framed and sandboxed', async () => {
    const { h, admin, crawlers } = await setUp();
    await makeMaintenance(h, { name: 'Crawler move', components: { [crawlers.id]: 'under_maintenance' } });
    const list = await admin.get('/admin/notices');
    const id = /href="\/admin\/notices\/([a-z0-9]+)">Announcement</.exec(list.html)?.[1];
    const detail = await admin.get(`/admin/notices/${id}`);
    expect(detail.status).toBe(200);
    expect(detail.html).toMatch(
      new RegExp(`<iframe class="preview" title="E-mail preview in English" src="/admin/notices/${id}/preview/en" sandbox=""`),
    );
    expect(detail.html).toContain(`src="/admin/notices/${id}/preview/fr"`);
    const text = textOf(detail.html);
    expect(text).toMatch(/In English Subject: \[Scheduled\] Crawler move/);
    expect(text).toMatch(/In French Subject: \S+.*Crawler move/);

    const en = await admin.get(`/admin/notices/${id}/preview/en`);
    expect(en.status).toBe(200);
    expect(en.headers.get('content-security-policy')).toContain('sandbox');
    expect(en.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(en.html).toContain('Crawler move');
    const fr = await admin.get(`/admin/notices/${id}/preview/fr`);
    expect(fr.html).toMatch(/lang="fr"/);
    expect((await admin.get(`/admin/notices/${id}/preview/de`)).status).toBe(404);
  });
});
