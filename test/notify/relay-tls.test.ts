import { beforeEach, describe, expect, it } from 'vitest';
import { smtpSettings } from '../../src/notify/transports/smtp';
import { openSmtpConnection } from '../../src/notify/transports/smtp-socket';
import { rows } from '../support/db';
import { makeCatalogue, makeMaintenance } from '../support/factories';
import { type Harness, harness, ok } from '../support/harness';
import { type MailboxOptions, mailbox } from '../support/mail';
import { emptyPage } from '../support/status-story';

// A relay off this machine is reached over TLS, its certificate checked against its name by
// workerd: here a local smtp-server named `localhost`, whose certificate comes from a CA this run
// made (trusted through NODE_EXTRA_CA_CERTS) or from one nobody trusts.

const READERS = ['ana@example.com', 'bruno@example.com', 'chloe@example.com'];

async function relayScenario(relay: MailboxOptions) {
  const mail = await mailbox(relay);
  const h = harness('2026-11-21T07:00:00.000Z', { smtpUrl: mail.smtpUrl });
  ok(await h.api('PATCH', '/page', { name: 'Acme Intel', time_zone: 'Europe/Paris' }));
  const { crawlers } = await makeCatalogue(h);
  ok(await h.api('POST', '/subscribers/import', { confirmed: true, subscribers: READERS.map((email) => ({ email })) }));
  await makeMaintenance(h, { name: 'Crawler move', components: { [crawlers.id]: 'under_maintenance' } });
  return { mail, h };
}

const deliveries = () =>
  rows<{ email: string; status: string; attempts: number; last_error: string | null; due_at: string | null }>(
    `SELECT s.email, d.status, d.attempts, d.last_error, d.due_at FROM deliveries d JOIN subscribers s ON s.id = d.subscriber_id
     WHERE d.purpose = 'notice' ORDER BY s.email`,
  );

/** Delivers what `from` left in its queue through `to` (another relay), once those messages are due. */
async function retryThrough(from: Harness, to: Harness) {
  const backlog = from.notify.backlog.slice();
  to.clock.set(new Date(Math.max(...backlog.map((m) => m.notBefore))));
  return to.queue(backlog);
}

describe.each([
  ['TLS from the first byte (smtps://, port 465 style)', 'implicit'],
  ['STARTTLS (smtp://, port 587 style)', 'starttls'],
] as const)('a relay speaking %s', (_name, tls) => {
  beforeEach(emptyPage);

  it('gets the announcement, encrypted, when its certificate is for its name from a trusted CA', async () => {
    const { mail, h } = await relayScenario({ tls, authority: 'trusted' });
    await h.drainQueue();
    const caught = await mail.messages();
    expect(caught.flatMap((m) => m.envelope.to).sort()).toEqual(READERS);
    expect(caught.every((m) => m.subject?.includes('Crawler move'))).toBe(true);
    // Every transaction ran inside TLS: nothing went over the wire in clear.
    const transactions = await mail.transactions();
    expect(transactions).toHaveLength(READERS.length);
    expect(transactions.every((t) => t.secure)).toBe(true);
    expect((await deliveries()).map((d) => d.status)).toEqual(['sent', 'sent', 'sent']);
  });

  it('is refused when its certificate comes from an unknown CA: nothing sent, the deliveries wait for a retry and go out once the relay is fixed', async () => {
    const { mail, h } = await relayScenario({ tls, authority: 'untrusted' });
    const [report] = await h.drainQueue();
    expect(report!.requeued.length).toBeGreaterThan(0);
    expect(await mail.messages()).toEqual([]);
    expect(await mail.transactions()).toEqual([]);
    const waiting = await deliveries();
    expect(waiting.map((d) => d.status)).toEqual(['pending', 'pending', 'pending']);
    // The batch stopped at the first refusal: one attempt spent, the others handed back untried.
    expect(waiting.reduce((sum, d) => sum + d.attempts, 0)).toBe(1);
    const refused = waiting.find((d) => d.attempts === 1)!;
    expect(refused.last_error).toMatch(/^(ECONNECTION|ESOCKET) TLS .*localhost:\d+.*certificate/);
    expect(Date.parse(refused.due_at!)).toBeGreaterThan(h.clock.now().getTime());

    // The operator puts a properly certified relay behind the same settings: the queue's retry
    // delivers everything it held, once.
    const fixed = await mailbox({ tls, authority: 'trusted' });
    const after = harness(h.clock.now(), { smtpUrl: fixed.smtpUrl });
    await retryThrough(h, after);
    await after.drainQueue();
    expect((await fixed.messages()).flatMap((m) => m.envelope.to).sort()).toEqual(READERS);
    expect((await deliveries()).map((d) => d.status)).toEqual(['sent', 'sent', 'sent']);
  });
});

describe('which relay may be reached without TLS', () => {
  it('smtp:// requires STARTTLS off this machine, smtps:// is TLS from the first byte, plain only to loopback', () => {
    expect(smtpSettings('smtp://user:p%40ss@smtp.relay.example:587', 'status.example.com')).toMatchObject({
      target: { hostname: 'smtp.relay.example', port: 587, security: 'starttls' },
      auth: { user: 'user', pass: 'p@ss' },
    });
    expect(smtpSettings('smtps://email-smtp.eu-west-1.amazonaws.com', 'x').target).toMatchObject({ port: 465, security: 'tls' });
    for (const local of ['smtp://127.0.0.1:2525', 'smtp://localhost:1025', 'smtp://[::1]:25'])
      expect(smtpSettings(local, 'x').target.security).toBe('starttls-if-offered');
    expect(() => smtpSettings('http://relay.example', 'x')).toThrow(/smtp:\/\/ or smtps:\/\//);
  });

  it('a relay that must do STARTTLS but does not offer it is refused before anything is sent', async () => {
    const plain = await mailbox();
    const port = Number(new URL(plain.smtpUrl).port);
    const refused = openSmtpConnection({
      hostname: 'localhost',
      port,
      security: 'starttls',
      clientName: 'status.example.com',
      timeoutMs: 5_000,
    });
    await expect(refused).rejects.toMatchObject({ code: 'ETLS', message: expect.stringMatching(/does not offer STARTTLS/) });
    expect(await plain.transactions()).toEqual([]);
  });
});
