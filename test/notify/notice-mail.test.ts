import ICAL from 'ical.js';
import { beforeEach, describe, expect, it } from 'vitest';
import { rows } from '../support/db';
import { makeCatalogue, makeMaintenance } from '../support/factories';
import { DAY, harness, ok } from '../support/harness';
import { type CaughtMail, headerValues, mailbox } from '../support/mail';
import { emptyPage } from '../support/status-story';

const eventOf = (m: CaughtMail) => {
  const ics = m.attachments.find((a) => a.filename === 'maintenance.ics')!;
  return new ICAL.Event(new ICAL.Component(ICAL.parse(ics.content)).getFirstSubcomponent('vevent')!);
};

async function setUp(subscribers: Record<string, unknown>[]) {
  const mail = await mailbox();
  const h = harness('2026-11-21T07:00:00.000Z', { smtpUrl: mail.smtpUrl });
  ok(await h.api('PATCH', '/page', { name: 'Acme Intel', time_zone: 'Europe/Paris' }));
  const catalogue = await makeCatalogue(h);
  const list = subscribers.map((s) => ({
    ...s,
    components: ((s.components as string[] | undefined) ?? []).map((k) => (catalogue as any)[k].id),
  }));
  ok(await h.api('POST', '/subscribers/import', { confirmed: true, subscribers: list }));
  return { mail, h, ...catalogue };
}

describe('the e-mails of each kind of notice', () => {
  beforeEach(emptyPage);

  it('a rescheduled maintenance says "previously … now …" and raises the calendar SEQUENCE; a cancelled one cancels the event', async () => {
    const { mail, h, crawlers } = await setUp([
      { email: 'en@example.com', locale: 'en', time_zone: 'Europe/London' },
      { email: 'fr@example.com', locale: 'fr', time_zone: 'Europe/Paris' },
    ]);
    const move = await makeMaintenance(h, { name: 'Rack move', components: { [crawlers.id]: 'under_maintenance' } });
    h.clock.advance(DAY);
    ok(
      await h.api('PATCH', `/maintenances/${move.id}`, {
        scheduled_for: '2026-12-12T07:00:00.000Z',
        scheduled_until: '2026-12-12T11:00:00.000Z',
      }),
    );
    h.clock.advance(DAY);
    ok(await h.api('POST', `/maintenances/${move.id}/updates`, { status: 'cancelled', body: 'The new racks are late.' }));
    await h.drainQueue();

    const en = await mail.messages('en@example.com');
    // A week later: postponed, in each reader's words.
    expect(en.map((m) => m.subject)).toEqual(['[Scheduled] Rack move', '[Postponed] Rack move', '[Cancelled] Rack move']);
    const [scheduled, rescheduled, cancelled] = en as [CaughtMail, CaughtMail, CaughtMail];
    expect(rescheduled.text).toContain('Previously: Saturday, 5 December 2026, 07:00 → 11:00 (Europe/London)');
    expect(rescheduled.text).toContain('It now takes place Saturday, 12 December 2026, 07:00 → 11:00 (Europe/London).');
    expect(cancelled.text).toContain('Was planned for: Saturday, 12 December 2026, 07:00 → 11:00 (Europe/London)');
    expect(cancelled.text).toContain('The new racks are late.');

    const events = [scheduled, rescheduled, cancelled].map(eventOf);
    expect(new Set(events.map((e) => e.uid))).toEqual(new Set([`${move.id}@status.example.com`]));
    expect(events.map((e) => e.sequence)).toEqual([0, 1, 2]);
    expect(events.map((e) => e.startDate.toJSDate().toISOString())).toEqual([
      '2026-12-05T07:00:00.000Z',
      '2026-12-12T07:00:00.000Z',
      '2026-12-12T07:00:00.000Z',
    ]);
    expect(events.map((e) => e.component.getFirstPropertyValue('status'))).toEqual(['CONFIRMED', 'CONFIRMED', 'CANCELLED']);
    expect(events[2]!.summary).toBe('Cancelled: Rack move');

    const fr = await mail.messages('fr@example.com');
    expect(fr.map((m) => m.subject)).toEqual([
      '[Maintenance planifiée] Rack move',
      '[Maintenance reportée] Rack move',
      '[Maintenance annulée] Rack move',
    ]);
    expect(fr[1]!.text).toContain('Auparavant\u00a0: samedi 5 décembre 2026, 08:00 → 12:00 (Europe/Paris)');
    expect(eventOf(fr[2]!).summary).toBe('Maintenance annulée\u00a0: Rack move');
  });

  it('an incident reaches the subscribers of its components, in one thread, with no calendar', async () => {
    const { mail, h, api } = await setUp([
      { email: 'api@example.com', locale: 'en', time_zone: 'UTC', components: ['api'] },
      { email: 'crawlers@example.com', locale: 'en', components: ['crawlers'] },
      { email: 'everything@example.fr', locale: 'fr', time_zone: 'Europe/Paris' },
    ]);
    const incident = ok(
      await h.api('POST', '/incidents', { name: 'API errors', body: 'Requests fail.', components: { [api.id]: 'partial_outage' } }),
    ).incident;
    // An update posted without notifying anyone is kept on the page and mailed to nobody.
    h.clock.advance(10 * 60_000);
    ok(await h.api('POST', `/incidents/${incident.id}/updates`, { status: 'identified', body: 'A deploy.', deliver_notifications: false }));
    h.clock.advance(20 * 60_000);
    ok(await h.api('POST', `/incidents/${incident.id}/updates`, { status: 'monitoring', body: 'Rolled back.' }));
    h.clock.advance(30 * 60_000);
    ok(await h.api('POST', `/incidents/${incident.id}/updates`, { status: 'resolved', body: 'All good.' }));
    h.clock.advance(DAY);
    ok(await h.api('POST', `/incidents/${incident.id}/updates`, { status: 'postmortem', body: 'A bad deploy.' }));
    await h.drainQueue();

    const apiMail = await mail.messages('api@example.com');
    expect(apiMail.map((m) => m.subject)).toEqual([
      '[Investigating] API errors',
      '[Monitoring] API errors',
      '[Resolved] API errors',
      '[Postmortem] API errors',
    ]);
    expect(apiMail[0]!.text).toContain('Status: Investigating · Saturday, 21 November 2026 at 07:00 (UTC)');
    expect(apiMail[0]!.text).toContain('- Public API: Partial outage');
    expect(apiMail[0]!.text).toContain(`View the incident: https://status.example.com/incidents/${incident.id}`);
    expect(apiMail[3]!.text).toContain('A bad deploy.');
    const root = apiMail[0]!.message_id;
    expect(root).toMatch(new RegExp(`^<incident\\.${incident.id}\\.`));
    for (const m of apiMail.slice(1)) expect(m.in_reply_to).toBe(root);
    for (const m of apiMail) {
      expect(m.attachments).toEqual([]);
      expect(m.content_type).toBe('multipart/alternative');
      expect(headerValues(m, 'List-Unsubscribe')).toHaveLength(1);
    }

    expect(await mail.messages('crawlers@example.com')).toEqual([]);
    expect((await mail.messages('everything@example.fr')).map((m) => m.subject)).toEqual([
      '[Analyse en cours] API errors',
      '[Sous surveillance] API errors',
      '[Incident résolu] API errors',
      '[Post-mortem] API errors',
    ]);
    expect(
      await rows('SELECT id FROM notices WHERE subject_id = ? AND deliver = 0 AND fanned_out_at IS NOT NULL', incident.id),
    ).toHaveLength(1);
  });

  it('signs with DKIM when a key is configured', async () => {
    const { mail, h, crawlers } = await setUp([{ email: 'signed@example.com' }]);
    const keys = (await crypto.subtle.generateKey(
      { name: 'RSASSA-PKCS1-v1_5', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' },
      true,
      ['sign', 'verify'],
    )) as CryptoKeyPair;
    const pkcs8 = new Uint8Array((await crypto.subtle.exportKey('pkcs8', keys.privateKey)) as ArrayBuffer);
    const pem = `-----BEGIN PRIVATE KEY-----\n${btoa(String.fromCharCode(...pkcs8)).replace(/.{64}/g, '$&\n')}\n-----END PRIVATE KEY-----\n`;
    await makeMaintenance(h, { name: 'Signed', components: { [crawlers.id]: 'under_maintenance' } });
    await h.notify.deliver(h.worker.queue, { ...h.env, DKIM_PRIVATE_KEY: pem, DKIM_SELECTOR: 'mail2026' }, h.notify.takeDue());
    const [signed] = await mail.messages('signed@example.com');
    const [dkim] = headerValues(signed!, 'DKIM-Signature');
    expect(dkim).toMatch(/a=rsa-sha256/);
    expect(dkim).toMatch(/d=forewarn\.localhost/);
    expect(dkim).toMatch(/s=mail2026/);
  });
});
