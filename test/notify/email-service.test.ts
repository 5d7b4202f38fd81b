import { env } from 'cloudflare:test';
import { beforeEach, describe, expect, it } from 'vitest';
import { threadIds } from '../../src/notify/compose';
import { emailServiceFailure } from '../../src/notify/transports/email-service';
import { claimDeliveriesStatement, threadRootsFrom, threadRootsOfClaimStatement } from '../../src/store/deliveries';
import { rows } from '../support/db';
import { makeCatalogue, makeMaintenance } from '../support/factories';
import { harness, ok } from '../support/harness';
import { emptyPage } from '../support/status-story';

// MAIL_TRANSPORT=email-service: the queue consumer hands each e-mail to the send_email binding
// (Miniflare's local simulation, which parses the MIME and checks From, Message-ID and headers).

describe('the Email Service transport', () => {
  beforeEach(emptyPage);

  it('sends an announcement to every subscriber through the binding and records each as sent', async () => {
    const h = harness('2026-11-21T07:00:00.000Z', {
      vars: { MAIL_TRANSPORT: 'email-service', MAIL_FROM: 'Acme Status <status@status.example.com>', SMTP_URL: '' },
    });
    const { crawlers } = await makeCatalogue(h);
    const readers = ['ana@example.com', 'bruno@example.com'];
    ok(await h.api('POST', '/subscribers/import', { confirmed: true, subscribers: readers.map((email) => ({ email })) }));
    await makeMaintenance(h, { name: 'Crawler move', components: { [crawlers.id]: 'under_maintenance' } });
    const [report] = await h.drainQueue();
    expect(report!.acked).toHaveLength(1);
    const sent = await rows<{ status: string; message_id: string; last_error: string | null }>(
      "SELECT status, message_id, last_error FROM deliveries WHERE purpose = 'notice'",
    );
    expect(sent).toHaveLength(2);
    expect(sent.every((d) => d.status === 'sent' && d.last_error === null)).toBe(true);
    // The service gives each message a Message-ID of its own (Cloudflare lists it among the headers
    // it controls; Miniflare's simulation rewrites it and returns it from send()): each delivery
    // records the one its reader got, not the thread id Forewarn wrote (<maintenance.…>).
    for (const { message_id } of sent) {
      expect(message_id).toMatch(/^<[A-Za-z0-9]{36}@status\.example\.com>$/);
    }
    expect(new Set(sent.map((d) => d.message_id)).size).toBe(2);
  });

  it('a later notice replies to the Message-ID its reader’s first e-mail got, as the service set it', async () => {
    const h = harness('2026-11-21T07:00:00.000Z', {
      vars: { MAIL_TRANSPORT: 'email-service', MAIL_FROM: 'Acme Status <status@status.example.com>', SMTP_URL: '' },
    });
    const { crawlers } = await makeCatalogue(h);
    ok(await h.api('POST', '/subscribers/import', { confirmed: true, subscribers: [{ email: 'ana@example.com' }] }));
    const move = await makeMaintenance(h, { name: 'Crawler move', components: { [crawlers.id]: 'under_maintenance' } });
    await h.drainQueue();
    const [first] = await rows<{ message_id: string }>("SELECT message_id FROM deliveries WHERE purpose = 'notice'");
    expect(first!.message_id).not.toMatch(/^<maintenance\./);

    // The window moves: a second notice, its delivery claimed as the consumer claims it.
    ok(await h.api('PATCH', `/maintenances/${move.id}`, { scheduled_until: '2026-12-05T12:00:00.000Z' }));
    const later = await rows<{ id: string }>("SELECT id FROM deliveries WHERE purpose = 'notice' AND status = 'pending'");
    expect(later).toHaveLength(1);
    const ids = later.map((d) => d.id);
    const claim = claimDeliveriesStatement(env.DB, ids, h.clock.now(), 60_000);
    const [, roots] = await env.DB.batch([claim.statement, threadRootsOfClaimStatement(env.DB, ids, claim.leaseUntil)]);
    expect(threadRootsFrom(roots!)).toEqual(new Map([[ids[0], first!.message_id]]));
    // … which the reply names, in place of the id Forewarn wrote for the first e-mail.
    const notice = { id: 'n2', kind: 'rescheduled', subjectType: 'maintenance', subjectId: move.id } as const;
    expect(threadIds(notice, 's1', 'status.example.com', first!.message_id)).toEqual({
      messageId: '<notice.n2.s1@status.example.com>',
      inReplyTo: first!.message_id,
      references: first!.message_id,
    });
  });

  it("reads the binding's error codes: slow down, wait for the operator, or give up on the message", () => {
    const failure = (code: string) => emailServiceFailure(Object.assign(new Error('refused'), { code }));
    expect(failure('E_RATE_LIMIT_EXCEEDED').kind).toBe('throttled');
    expect(failure('E_DAILY_LIMIT_EXCEEDED')).toMatchObject({ kind: 'throttled', retryAfterMs: 3_600_000 });
    expect(failure('E_SENDER_DOMAIN_NOT_AVAILABLE').kind).toBe('unavailable');
    expect(failure('E_RECIPIENT_SUPPRESSED').kind).toBe('rejected');
    expect(failure('E_INTERNAL_SERVER_ERROR').kind).toBe('temporary');
    expect(emailServiceFailure(new Error('something new')).kind).toBe('temporary');
  });
});
