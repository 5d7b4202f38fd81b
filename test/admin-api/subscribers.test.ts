import { beforeEach, describe, expect, it } from 'vitest';
import { auditActions, rows } from '../support/db';
import { makeCatalogue, makeMaintenance } from '../support/factories';
import { harness, ok } from '../support/harness';
import { mailbox } from '../support/mail';
import { emptyPage } from '../support/status-story';

describe('subscribers in the admin API', () => {
  beforeEach(emptyPage);

  it('imports existing customers without opt-in, others with a confirmation only, and never signs up again someone who left', async () => {
    const mail = await mailbox();
    const h = harness('2026-11-21T07:00:00.000Z', { smtpUrl: mail.smtpUrl });
    const { crawlers } = await makeCatalogue(h);
    const first = ok(
      await h.api('POST', '/subscribers/import', {
        confirmed: true,
        subscribers: [
          { email: 'Customer@Example.com', locale: 'fr', time_zone: 'Europe/Paris', components: [crawlers.id] },
          { email: 'leaver@example.com' },
        ],
      }),
    );
    expect(first.import).toEqual({ created: 2, updated: 0, skipped_unsubscribed: [], bounced: [], confirmations_sent: 0 });
    await rows("UPDATE subscribers SET unsubscribed_at = '2026-11-21T07:00:00.000Z' WHERE email = 'leaver@example.com'");

    const second = ok(
      await h.api('POST', '/subscribers/import', {
        subscribers: [{ email: 'customer@example.com', locale: 'en' }, { email: 'leaver@example.com' }, { email: 'prospect@example.com' }],
      }),
    );
    expect(second.import).toEqual({
      created: 1,
      updated: 1,
      skipped_unsubscribed: ['leaver@example.com'],
      bounced: [],
      confirmations_sent: 1,
    });
    await h.drainQueue();
    expect((await mail.messages()).map((m) => [m.envelope.to[0], m.subject])).toEqual([
      ['prospect@example.com', 'Confirm your subscription to Status'],
    ]);

    const list = ok(await h.api('GET', '/subscribers')).subscribers;
    expect(list.map((s: any) => [s.email, s.state, s.locale, s.components])).toEqual(
      expect.arrayContaining([
        ['customer@example.com', 'active', 'en', null],
        ['leaver@example.com', 'unsubscribed', 'en', null],
        ['prospect@example.com', 'pending', 'en', null],
      ]),
    );
    expect(ok(await h.api('GET', '/subscribers')).counts).toEqual({ active: 1, pending: 1, unsubscribed: 1, erased: 0, bounced: 0 });
    expect(ok(await h.api('GET', '/subscribers?state=pending')).subscribers.map((s: any) => s.email)).toEqual(['prospect@example.com']);
    expect((await rows("SELECT action, details FROM audit_log WHERE action = 'subscriber.import'")).length).toBe(2);
  });

  it('refuses a bad import whole', async () => {
    const h = harness();
    const bad = [
      { subscribers: [] },
      { subscribers: [{ email: 'not-an-address' }] },
      { subscribers: [{ email: 'a@example.com', components: ['nosuchcomponent'] }] },
      { subscribers: [{ email: 'a@example.com', time_zone: 'Mars/Olympus' }] },
      { subscribers: [{ email: 'a@example.com', locale: 'de' }] },
    ];
    for (const body of bad) {
      const r = await h.api('POST', '/subscribers/import', body);
      expect(r.status, JSON.stringify(body)).toBe(422);
      expect(r.body.error.code).toBe('invalid');
    }
    expect(await rows('SELECT id FROM subscribers')).toEqual([]);
    expect((await h.api('POST', '/subscribers/import', { subscribers: [{ email: 'a@example.com' }] }, null)).status).toBe(401);
  });

  it('pages through, exports as JSON and CSV, and erases a subscriber with their deliveries', async () => {
    const h = harness();
    const { crawlers } = await makeCatalogue(h);
    const emails = Array.from({ length: 5 }, (_, i) => `p${i}@example.com`);
    ok(
      await h.api('POST', '/subscribers/import', {
        confirmed: true,
        subscribers: [...emails.map((email) => ({ email })), { email: 'crawlers@example.com', components: [crawlers.id] }],
      }),
    );
    const page1 = ok(await h.api('GET', '/subscribers?limit=4'));
    expect(page1.subscribers).toHaveLength(4);
    const page2 = ok(await h.api('GET', `/subscribers?limit=4&after=${page1.next_after}`));
    expect(page2.subscribers).toHaveLength(2);
    expect(page2.next_after).toBeNull();

    const json = ok(await h.api('GET', '/subscribers/export')).subscribers;
    expect(json).toHaveLength(6);
    const csv = await h.fetch('/api/v1/subscribers/export?format=csv', {
      headers: { authorization: 'Bearer test-admin-token-0123456789abcdef' },
    });
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const lines = (await csv.text()).split('\r\n');
    expect(lines[0]).toBe('email,state,locale,time_zone,components,created_at,confirmed_at,unsubscribed_at,bounced_at');
    expect(lines.find((l) => l.startsWith('crawlers@'))).toMatch(
      new RegExp(`^crawlers@example.com,active,en,Etc/UTC,${crawlers.id},2026-`),
    );

    await makeMaintenance(h, { components: { [crawlers.id]: 'under_maintenance' } });
    const victim = json.find((s: any) => s.email === 'p0@example.com');
    expect(await rows('SELECT id FROM deliveries WHERE subscriber_id = ?', victim.id)).toHaveLength(1);
    expect((await h.api('DELETE', `/subscribers/${victim.id}`)).status).toBe(204);
    expect((await h.api('GET', `/subscribers/${victim.id}`)).status).toBe(404);
    expect((await h.api('DELETE', `/subscribers/${victim.id}`)).status).toBe(404);
    expect(await rows('SELECT id FROM deliveries WHERE subscriber_id = ?', victim.id)).toEqual([]);
    expect(await auditActions(victim.id)).toEqual(['subscriber.delete']);
  });
});

describe('notices and their deliveries in the admin API', () => {
  beforeEach(emptyPage);

  it('shows each notice with its counts, its deliveries, and a preview in each language', async () => {
    const mail = await mailbox();
    const h = harness('2026-11-21T07:00:00.000Z', { smtpUrl: mail.smtpUrl });
    ok(await h.api('PATCH', '/page', { name: 'Acme Intel', time_zone: 'Europe/Paris' }));
    const { crawlers } = await makeCatalogue(h);
    ok(
      await h.api('POST', '/subscribers/import', {
        confirmed: true,
        subscribers: [{ email: 'a@example.com' }, { email: 'b@example.com' }, { email: 'c@example.com' }],
      }),
    );
    const move = await makeMaintenance(h, {
      name: 'Data-centre move',
      components: { [crawlers.id]: 'under_maintenance' },
      still_working: 'Logging in.',
    });
    const [notice] = ok(await h.api('GET', `/deliveries?subject_id=${move.id}`)).notices;
    expect(notice).toMatchObject({ kind: 'scheduled', deliveries: { pending: 3, sent: 0, failed: 0, skipped: 0 } });

    await mail.fail(1, 550);
    await h.drainQueue();
    expect(ok(await h.api('GET', `/deliveries?subject_id=${move.id}`)).notices[0].deliveries).toEqual({
      pending: 0,
      sent: 2,
      failed: 1,
      skipped: 0,
    });
    const detail = ok(await h.api('GET', `/notices/${notice.id}/deliveries`));
    expect(detail.notice.deliveries).toMatchObject({ sent: 2, failed: 1 });
    expect(detail.deliveries.map((d: any) => d.email).sort()).toEqual(['a@example.com', 'b@example.com', 'c@example.com']);
    const failed = detail.deliveries.find((d: any) => d.status === 'failed');
    expect(failed).toMatchObject({ attempts: 1, message_id: null });
    expect(failed.last_error).toMatch(/^550 /);
    expect(ok(await h.api('GET', `/notices/${notice.id}/deliveries?status=sent`)).deliveries).toHaveLength(2);

    const previews = ok(await h.api('GET', `/notices/${notice.id}/preview`)).previews;
    expect(previews.map((p: any) => [p.locale, p.time_zone, p.subject])).toEqual([
      ['en', 'Europe/Paris', '[Scheduled] Data-centre move'],
      ['fr', 'Europe/Paris', '[Maintenance planifiée] Data-centre move'],
    ]);
    expect(previews[1].text).toContain('Ce qui fonctionne encore\u00a0: Logging in.');
    expect(previews[0].headers['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');
    expect(previews[0].attachments[0]).toMatchObject({ filename: 'maintenance.ics' });

    const auth = { authorization: 'Bearer test-admin-token-0123456789abcdef' };
    const html = await h.fetch(`/api/v1/notices/${notice.id}/preview?locale=fr&format=html`, { headers: auth });
    expect(html.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await html.text()).toContain('<html lang="fr"');
    const eml = await h.fetch(`/api/v1/notices/${notice.id}/preview?locale=en&format=eml&time_zone=Asia/Tokyo`, { headers: auth });
    const source = new TextDecoder().decode(await eml.arrayBuffer());
    expect(source).toMatch(/^List-Unsubscribe:/m);
    expect(source).toContain('Content-Type: text/calendar; charset=utf-8; method=PUBLISH');
    expect((await h.api('GET', `/notices/${notice.id}/preview?format=html`)).status).toBe(422);
    expect((await h.api('GET', '/notices/nosuchnotice/preview')).status).toBe(404);
  });
});
