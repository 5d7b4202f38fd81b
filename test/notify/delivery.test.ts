import { env } from 'cloudflare:test';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { LEASE_MS, MAX_SEND_ATTEMPTS } from '../../src/domain/subscribers';
import { SentRecords } from '../../src/notify/delivery';
import {
  claimDeliveries,
  claimDeliveriesStatement,
  claimedDeliveries,
  followerPageEnd,
  planNoticeDeliveriesStatement,
  recordSentStatement,
  releaseDeliveriesStatement,
  settleDeliveryStatement,
} from '../../src/store/deliveries';
import { holdSends } from '../../src/store/send-pace';
import { subscribersFrom, subscribersOfClaimStatement } from '../../src/store/subscribers';
import { countingReads, d1LimitedTo, rows, watchD1 } from '../support/db';
import { makeCatalogue, makeMaintenance } from '../support/factories';
import { HOUR, harness, ok } from '../support/harness';
import { mailbox } from '../support/mail';
import { emptyPage } from '../support/status-story';

// Exactly one message per subscriber per notice, whatever the SMTP server and the queue do.

async function scenario(count: number, vars?: Record<string, string>) {
  const mail = await mailbox();
  const h = harness('2026-11-21T07:00:00.000Z', { smtpUrl: mail.smtpUrl, vars });
  ok(await h.api('PATCH', '/page', { name: 'Acme Intel', time_zone: 'Europe/Paris' }));
  const { crawlers } = await makeCatalogue(h);
  const emails = Array.from({ length: count }, (_, i) => `reader${String(i).padStart(2, '0')}@example.com`);
  ok(
    await h.api('POST', '/subscribers/import', {
      confirmed: true,
      subscribers: emails.map((email) => ({ email, components: [crawlers.id] })),
    }),
  );
  const announce = () => makeMaintenance(h, { name: 'Crawler move', components: { [crawlers.id]: 'under_maintenance' } });
  /** Recipients of every caught message, sorted: duplicates show up as repeats. */
  const recipients = async () => (await mail.messages()).flatMap((m) => m.envelope.to).sort();
  const deliveries = (noticeId?: string) =>
    rows<{ id: string; email: string; status: string; attempts: number; last_error: string | null }>(
      `SELECT d.id, s.email, d.status, d.attempts, d.last_error FROM deliveries d JOIN subscribers s ON s.id = d.subscriber_id
       WHERE d.purpose = 'notice' AND (?1 IS NULL OR d.notice_id = ?1) ORDER BY d.id`,
      noticeId ?? null,
    );
  /** Moves the clock to when the next retried message is due. */
  const untilNextDue = () => {
    const next = Math.min(...h.notify.backlog.map((m) => m.notBefore));
    if (next > h.clock.now().getTime()) h.clock.set(new Date(next));
  };
  return { mail, h, emails, announce, recipients, deliveries, untilNextDue };
}

describe('delivering notices', () => {
  beforeEach(emptyPage);

  it('with the SMTP server down for the first attempts, delivers every message once it is back, none twice', async () => {
    const { mail, h, emails, announce, recipients, deliveries, untilNextDue } = await scenario(25);
    await mail.down();
    await announce();
    expect(h.notify.sent).toHaveLength(3); // 10 + 10 + 5 ids

    const first = await h.drainQueue();
    // Each message comes back as a new one, due in 30 s, on its second round of attempts.
    expect(first.flatMap((r) => r.requeued)).toEqual(
      Array.from({ length: 3 }, () => ({ body: expect.objectContaining({ round: 2 }), delaySeconds: 30 })),
    );
    expect(first.flatMap((r) => r.retried)).toEqual([]);
    // The first refused connection stops the batch: nothing else was even claimed.
    const tried = (await deliveries()).filter((d) => d.attempts > 0);
    expect(tried).toHaveLength(1);
    expect(tried[0]!.last_error).toMatch(/ECONNREFUSED|ESOCKET|ECONNECTION/);

    untilNextDue();
    const second = await h.drainQueue();
    expect(second.flatMap((r) => r.requeued.map((x) => x.delaySeconds))).toEqual([60, 60, 60]);
    expect(await recipients()).toEqual([]);

    await mail.up();
    untilNextDue();
    const third = await h.drainQueue();
    expect(third.flatMap((r) => r.acked)).toHaveLength(3);
    expect(await recipients()).toEqual(emails);
    expect((await deliveries()).every((d) => d.status === 'sent')).toBe(true);
    expect(h.notify.backlog).toEqual([]);
  });

  it('takes a 451 ("try again later") as the relay asking to slow down: pauses, sends each once, counts no failed attempt', async () => {
    const { mail, h, emails, announce, recipients, deliveries } = await scenario(12);
    await mail.fail(3);
    await announce();
    const started = Date.now();
    await h.drainQueue();
    // Each refusal held every lane back for the throttle pause before the next try.
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_000);
    expect(await recipients()).toEqual(emails);
    const all = await deliveries();
    expect(all.every((d) => d.status === 'sent' && d.attempts === 1)).toBe(true);
    expect((await mail.transactions()).filter((t) => t.code === 451)).toHaveLength(3);
  });

  it('sends nothing twice when the same batch is delivered twice, one after the other or at the same time', async () => {
    const { h, emails, announce, recipients } = await scenario(15);
    await announce();
    const batch = h.notify.takeDue();
    await h.queue(batch);
    const again = await h.queue(batch);
    expect(again.acked).toHaveLength(batch.length);
    expect(await recipients()).toEqual(emails);

    h.clock.advance(HOUR);
    await announce();
    const next = h.notify.takeDue();
    await Promise.all([h.queue(next), h.queue(next)]);
    expect(await recipients()).toEqual(emails.flatMap((e) => [e, e]));
  });

  it('leaves a delivery claimed by a consumer that died mid-send alone until its lease runs out, then sends it once', async () => {
    const { h, emails, announce, recipients, deliveries } = await scenario(5);
    await announce();
    const [held] = await deliveries();
    // What a consumer killed after claiming leaves behind: status sending, under lease.
    expect(await claimDeliveries(env.DB, [held!.id], h.clock.now(), LEASE_MS)).toHaveLength(1);

    const report = await h.queue();
    // Back when the lease runs out, on the same round: waiting for another consumer is no failed attempt.
    expect(report.requeued).toEqual([{ body: expect.objectContaining({ round: 1 }), delaySeconds: LEASE_MS / 1000 + 1 }]);
    expect(await recipients()).toEqual(emails.filter((e) => e !== held!.email));

    h.clock.advance(LEASE_MS - 60_000);
    await h.queue(h.notify.backlog.slice());
    expect(await recipients()).toHaveLength(4);

    h.clock.advance(2 * 60_000);
    await h.drainQueue();
    expect(await recipients()).toEqual(emails);
    expect((await deliveries()).find((d) => d.id === held!.id)).toMatchObject({ status: 'sent', attempts: 2 });
  });

  it('starts no send under a claim near its end: a slot that came late sends the rest back to be claimed afresh, each sent once', async () => {
    const { mail, h, emails, announce, recipients, deliveries } = await scenario(10);
    await mail.fail(1);
    await announce();
    const running = h.queue();
    // The relay's 451 holds the first send back a second; meanwhile the claim's lease nears its end.
    for (let polls = 0; !(await mail.transactions()).some((t) => t.code === 451); polls++) {
      expect(polls).toBeLessThan(200);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    h.clock.advance((LEASE_MS * 2) / 3 + 1_000);
    const report = await running;
    // Nothing sent past the deadline, nothing failed: all ten back to the queue on the same round.
    expect(report.requeued).toEqual([{ body: expect.objectContaining({ round: 1 }), delaySeconds: 1 }]);
    expect(await recipients()).toEqual([]);
    expect((await deliveries()).map((d) => [d.status, d.attempts])).toEqual(emails.map(() => ['pending', 0]));

    h.clock.advance(1_000);
    await h.drainQueue();
    expect(await recipients()).toEqual(emails);
    expect((await deliveries()).every((d) => d.status === 'sent' && d.attempts === 1)).toBe(true);
  });

  it('a consumer whose claim was taken over records neither a failure nor a release over the new claim; a send it made is recorded', async () => {
    const { h, announce, deliveries } = await scenario(2);
    await announce();
    const [a, b] = await deliveries();
    const now = h.clock.now();
    const [first] = await claimDeliveries(env.DB, [a!.id, b!.id], now, LEASE_MS);
    // The lease ran out and another consumer claimed both afresh.
    const later = new Date(now.getTime() + LEASE_MS + 1_000);
    const taken = await claimDeliveries(env.DB, [a!.id, b!.id], later, LEASE_MS);
    expect(taken).toHaveLength(2);
    const at = later.toISOString();
    const stale = first!.leaseUntil!;
    await releaseDeliveriesStatement(env.DB, [a!.id], at, at, stale).run();
    await settleDeliveryStatement(env.DB, b!.id, at, { status: 'failed', error: 'late' }, stale).run();
    expect((await deliveries()).map((d) => [d.status, d.attempts])).toEqual([
      ['sending', 2],
      ['sending', 2],
    ]);
    // The relay accepted what the first consumer sent: that is recorded, so nobody sends it again.
    await recordSentStatement(env.DB, [{ id: a!.id, messageId: '<m@x>', at }]).run();
    expect((await deliveries())[0]).toMatchObject({ status: 'sent' });
    // The claim that holds the row settles it.
    await settleDeliveryStatement(
      env.DB,
      b!.id,
      at,
      { status: 'failed', error: 'refused' },
      taken.find((d) => d.id === b!.id)!.leaseUntil!,
    ).run();
    expect((await deliveries())[1]).toMatchObject({ status: 'failed', last_error: 'refused' });
  });

  it('a message that keeps waiting for its turn spends none of its attempts: a relay down afterwards still gets every round', async () => {
    const { mail, h, emails, announce, recipients, deliveries, untilNextDue } = await scenario(2);
    await announce();
    // The relay asked everyone to slow down for two minutes, more often than the queue allows retries.
    for (let wait = 0; wait < MAX_SEND_ATTEMPTS + 3; wait++) {
      await holdSends(env.DB, 'smtp', Date.now() + 120_000);
      untilNextDue();
      const [report] = await h.drainQueue();
      expect(report!.acked).toHaveLength(1);
      expect(report!.requeued).toEqual([{ body: expect.objectContaining({ round: 1 }), delaySeconds: expect.any(Number) }]);
    }
    expect((await deliveries()).map((d) => [d.status, d.attempts])).toEqual([
      ['pending', 0],
      ['pending', 0],
    ]);

    // The pause is over, but the relay is gone: the message is on its first round, not its last.
    await env.DB.prepare('DELETE FROM send_pace').run();
    await mail.down();
    untilNextDue();
    const [down] = await h.drainQueue();
    expect(down!.requeued).toEqual([{ body: expect.objectContaining({ round: 2 }), delaySeconds: 30 }]);
    expect((await deliveries()).every((d) => d.status === 'pending')).toBe(true);

    await mail.up();
    untilNextDue();
    await h.drainQueue();
    expect(await recipients()).toEqual(emails);
    expect(h.notify.backlog).toEqual([]);
  });

  it('a relay that refuses us at the greeting (554) is down, not refusing each message: nothing is failed, all go out once it lets us in', async () => {
    const { mail, h, emails, announce, recipients, deliveries, untilNextDue } = await scenario(12);
    await mail.refuseGreeting(554);
    await announce();
    await h.drainQueue();
    const waiting = await deliveries();
    expect(waiting.every((d) => d.status === 'pending')).toBe(true);
    // The batch stopped at the first refusal: one attempt spent, the others handed back untried.
    expect(waiting.reduce((sum, d) => sum + d.attempts, 0)).toBe(1);
    expect(waiting.find((d) => d.attempts === 1)!.last_error).toMatch(/554/);

    await mail.refuseGreeting(null);
    untilNextDue();
    await h.drainQueue();
    expect(await recipients()).toEqual(emails);
    expect((await deliveries()).every((d) => d.status === 'sent')).toBe(true);
  });

  it('after the last attempt marks the delivery failed with the reason, and stops retrying', async () => {
    const { mail, h, announce, deliveries, untilNextDue } = await scenario(2);
    await mail.down();
    await announce();
    const reports = [];
    while (h.notify.backlog.length > 0) {
      untilNextDue();
      reports.push(...(await h.drainQueue()));
    }
    expect(reports).toHaveLength(MAX_SEND_ATTEMPTS);
    expect(reports.at(-1)).toMatchObject({ retried: [], requeued: [], dropped: [] });
    expect(reports.at(-1)!.acked).toHaveLength(1);
    for (const d of await deliveries()) {
      expect(d.status).toBe('failed');
      expect(d.last_error).toMatch(/ECONNREFUSED|ESOCKET|ECONNECTION/);
    }
  });

  it('fails a delivery the server refuses for good (550) at once, still sends the rest, and tells the logs once', async () => {
    const { mail, h, announce, recipients, deliveries } = await scenario(3);
    await mail.fail(1, 550);
    await announce();
    const warned: string[] = [];
    const warn = vi.spyOn(console, 'warn').mockImplementation((...args: unknown[]) => void warned.push(args.join(' ')));
    let report: Awaited<ReturnType<typeof h.drainQueue>>[number] | undefined;
    try {
      [report] = await h.drainQueue();
    } finally {
      warn.mockRestore();
    }
    expect(report!.acked).toHaveLength(1);
    expect(await recipients()).toHaveLength(2);
    const failed = (await deliveries()).filter((d) => d.status === 'failed');
    expect(failed).toHaveLength(1);
    expect(failed[0]!.last_error).toMatch(/^550 .*<bounces\+[a-z0-9.]+@forewarn\.localhost>: Sender address rejected/);
    // The operator's line in `wrangler tail`: the relay's answer, which names our own sender (the
    // return address's detail masked).
    expect(warned.filter((line) => line.startsWith('notify: '))).toEqual([
      `notify: 1 send failed in this batch (0 to be tried again, 1 given up); the first: ${failed[0]!.last_error!.replace(/\+[^@]+@/, '+***@')}`,
    ]);
  });

  it('skips a subscriber who left between the fan-out and the send', async () => {
    const { h, emails, announce, recipients, deliveries } = await scenario(2);
    await announce();
    await env.DB.prepare('UPDATE subscribers SET unsubscribed_at = ? WHERE email = ?').bind(h.clock.now().toISOString(), emails[0]).run();
    await h.drainQueue();
    expect(await recipients()).toEqual([emails[1]]);
    expect((await deliveries()).map((d) => d.status).sort()).toEqual(['sent', 'skipped']);
  });

  it('fans out once however often it runs, resumes an interrupted run, and sends again a message the queue lost', async () => {
    const { h, emails, announce, recipients, deliveries } = await scenario(25);
    const move = await announce();
    const [notice] = await rows<{ id: string }>("SELECT id FROM notices WHERE subject_id = ? AND kind = 'scheduled'", move.id);
    expect(await deliveries(notice!.id)).toHaveLength(25);
    await h.tick();
    await h.tick();
    expect(await deliveries(notice!.id)).toHaveLength(25);
    expect(h.notify.sent).toHaveLength(3);

    // A run that stopped after enqueuing the first ten ids: the next one enqueues only the rest.
    const tenth = (await deliveries(notice!.id))[9]!.id;
    await env.DB.prepare('UPDATE notices SET fanned_out_at = NULL, fanout_cursor = ? WHERE id = ?').bind(tenth, notice!.id).run();
    await h.tick();
    expect(h.notify.sent.slice(3)).toEqual([
      { type: 'deliveries', notice: notice!.id, ids: (await deliveries(notice!.id)).slice(10, 20).map((d) => d.id) },
      { type: 'deliveries', notice: notice!.id, ids: (await deliveries(notice!.id)).slice(20).map((d) => d.id) },
    ]);

    // Every message of the first run is lost (a crash took the queue with it). While they could
    // still be on their way, the cron leaves them; once the consumer has been idle for a minute
    // with deliveries due, it enqueues the ids again, once.
    h.notify.takeDue();
    h.notify.takeDue();
    h.clock.advance(30_000);
    await h.tick();
    expect(h.notify.sent).toHaveLength(5);
    h.clock.advance(90_000);
    await h.tick();
    await h.tick();
    expect(h.notify.sent.slice(5).flatMap((m) => (m as { ids: string[] }).ids)).toHaveLength(25);
    await h.drainQueue();
    expect(await recipients()).toEqual(emails);
    expect((await deliveries(notice!.id)).every((d) => d.status === 'sent')).toBe(true);

    // Planned a page of subscribers at a time (7 here), the same deliveries as in one statement.
    const planned = (await deliveries(notice!.id)).map((d) => d.id);
    await env.DB.prepare('DELETE FROM deliveries WHERE notice_id = ?').bind(notice!.id).run();
    const sizes: number[] = [];
    for (let after = ''; ; ) {
      const until = await followerPageEnd(env.DB, [], after, 7);
      await planNoticeDeliveriesStatement(env.DB, notice!.id, [], h.clock.now().toISOString(), { after, until }).run();
      sizes.push((await deliveries(notice!.id)).length);
      if (until === null) break;
      after = until;
    }
    expect(sizes).toEqual([7, 14, 21, 25]);
    expect((await deliveries(notice!.id)).map((d) => d.id)).toEqual(planned);
  });
});

describe("D1's limit on statements per invocation", () => {
  beforeEach(emptyPage);

  it('a batch near the limit starts no more sends and hands the rest back: nothing fails, every reader gets one copy', async () => {
    const LIMIT = 60;
    const { h, emails, announce, recipients, deliveries, untilNextDue } = await scenario(250, {
      D1_QUERIES_PER_INVOCATION: String(LIMIT),
    });
    await announce();
    expect(h.notify.sent).toHaveLength(25);
    const used: number[] = [];
    let handedBack = 0;
    for (let round = 0; round < 400; round++) {
      const due = h.notify.takeDue();
      if (due.length === 0) {
        if (h.notify.backlog.length === 0) break;
        untilNextDue();
        continue;
      }
      // As Cloudflare does: past the limit, every D1 call of the invocation fails.
      const limited = d1LimitedTo(env.DB, LIMIT);
      h.env.DB = limited.db;
      const report = await h.queue(due);
      used.push(limited.used());
      handedBack += report.requeued.length;
    }
    h.env.DB = env.DB;
    expect(Math.max(...used)).toBeLessThanOrEqual(LIMIT);
    // One invocation could not have sent 250 e-mails within 60 statements (it makes about 130): some went back.
    expect(handedBack).toBeGreaterThan(0);
    expect(used.length).toBeGreaterThan(1);
    expect(await recipients()).toEqual([...emails].sort());
    expect((await deliveries()).every((d) => d.status === 'sent' && d.last_error === null)).toBe(true);
  });
});

describe('recording what the relay accepted', () => {
  beforeEach(emptyPage);

  it('records each delivery with the Message-ID of the e-mail its reader got, and the moment it went', async () => {
    const { mail, h, emails, announce, recipients } = await scenario(25);
    await announce();
    await h.drainQueue();
    expect(await recipients()).toEqual(emails);
    const recorded = await rows<{
      email: string;
      status: string;
      message_id: string;
      sent_at: string;
      updated_at: string;
      lease_until: string | null;
    }>(
      `SELECT s.email, d.status, d.message_id, d.sent_at, d.updated_at, d.lease_until FROM deliveries d
       JOIN subscribers s ON s.id = d.subscriber_id WHERE d.purpose = 'notice' ORDER BY s.email`,
    );
    const caught = await mail.messages();
    expect(recorded.map((d) => d.email)).toEqual(emails);
    for (const d of recorded) {
      const got = caught.find((m) => m.envelope.to.includes(d.email));
      expect(d).toMatchObject({ status: 'sent', lease_until: null, sent_at: d.updated_at });
      expect(d.message_id).toBe(got?.message_id);
    }
    expect(new Set(recorded.map((d) => d.message_id)).size).toBe(25);
    expect(recorded.every((d) => d.sent_at === h.clock.now().toISOString())).toBe(true);
  });

  /** env.DB, keeping the JSON each statement bound first (a record statement's records). */
  function countingStatements() {
    const statements: string[] = [];
    const db = watchD1(env.DB, (_statements, bound, run) => {
      statements.push(String(bound[0]));
      return run();
    });
    return { db, groups: () => statements.map((json) => (JSON.parse(json) as unknown[]).length) };
  }

  async function claimedIds(count: number) {
    const { h, announce } = await scenario(count);
    await announce();
    const ids = (await rows<{ id: string }>("SELECT id FROM deliveries WHERE purpose = 'notice' ORDER BY id")).map((d) => d.id);
    await claimDeliveries(env.DB, ids, h.clock.now(), LEASE_MS);
    return ids;
  }

  it('records e-mails accepted close together in one write: those of the gathering time, then those accepted during the write', async () => {
    const ids = await claimedIds(5);
    const counted = countingStatements();
    // Three lanes: the third record fills the group and starts the write; two come during it.
    const records = new SentRecords(counted.db, 3);
    const at = (i: number) => new Date(Date.parse('2026-11-21T07:00:00.000Z') + i * 1000).toISOString();
    const recorded = ids.map((id, i) => records.record({ id, messageId: `<m${i}@status.example>`, at: at(i) }));
    await Promise.all(recorded);
    expect(counted.groups()).toEqual([3, 2]);
    const rowsAfter = await rows<{ id: string; status: string; message_id: string; sent_at: string }>(
      "SELECT id, status, message_id, sent_at FROM deliveries WHERE purpose = 'notice' ORDER BY id",
    );
    expect(rowsAfter).toEqual(ids.map((id, i) => ({ id, status: 'sent', message_id: `<m${i}@status.example>`, sent_at: at(i) })));
  });

  it('an e-mail accepted alone waits the gathering time for company: what comes meanwhile goes in the same write', async () => {
    const ids = await claimedIds(3);
    const counted = countingStatements();
    const records = new SentRecords(counted.db, 16);
    const at = '2026-11-21T07:00:00.000Z';
    const later = new Promise<void>((resolve) => setTimeout(resolve, 0)).then(() =>
      records.record({ id: ids[1]!, messageId: '<b@x>', at }),
    );
    await Promise.all([records.record({ id: ids[0]!, messageId: '<a@x>', at }), later]);
    expect(counted.groups()).toEqual([2]);
    await records.record({ id: ids[2]!, messageId: '<c@x>', at });
    expect(counted.groups()).toEqual([2, 1]);
    expect((await rows<{ status: string }>("SELECT status FROM deliveries WHERE purpose = 'notice'")).map((d) => d.status)).toEqual([
      'sent',
      'sent',
      'sent',
    ]);
  });

  it('leaves rows that are not being sent as they are: a record reaches only deliveries still under a claim', async () => {
    const { h, announce } = await scenario(3);
    await announce();
    const ids = (await rows<{ id: string }>("SELECT id FROM deliveries WHERE purpose = 'notice' ORDER BY id")).map((d) => d.id);
    await claimDeliveries(env.DB, ids.slice(0, 2), h.clock.now(), LEASE_MS);
    const at = h.clock.now().toISOString();
    await recordSentStatement(env.DB, [{ id: ids[0]!, messageId: '<first@x>', at }]).run();
    // ids[0] is sent already, ids[2] was never claimed: only ids[1] changes.
    const result = await recordSentStatement(
      env.DB,
      ids.map((id) => ({ id, messageId: `<again-${id}@x>`, at })),
    ).run();
    expect(result.meta.changes).toBe(1);
    const after = await rows<{ status: string; message_id: string | null }>(
      "SELECT status, message_id FROM deliveries WHERE purpose = 'notice' ORDER BY id",
    );
    expect(after).toEqual([
      { status: 'sent', message_id: '<first@x>' },
      { status: 'sent', message_id: `<again-${ids[1]}@x>` },
      { status: 'pending', message_id: null },
    ]);
  });
});

describe('the cost of a claim', () => {
  beforeEach(emptyPage);

  it("claiming a queue message's ten deliveries reads those rows, not the whole outbox", async () => {
    const { h, announce, deliveries } = await scenario(1000);
    await announce();
    const ids = (await deliveries()).slice(0, 10).map((d) => d.id);
    const counted = countingReads(env.DB);
    expect(await claimDeliveries(counted.db, ids, h.clock.now(), LEASE_MS)).toHaveLength(10);
    // A plan on the status index would read all 1,000 pending rows.
    expect(counted.rowsRead()).toBeLessThan(100);
  });

  it('a claim and the read of its readers, in one batch, read those rows and name exactly whom the claim took', async () => {
    const { h, announce, deliveries } = await scenario(1000);
    await announce();
    const ids = (await deliveries()).slice(0, 10).map((d) => d.id);
    // Two of them are another consumer's: this claim wins eight and reads their eight readers.
    expect(await claimDeliveries(env.DB, ids.slice(0, 2), h.clock.now(), LEASE_MS)).toHaveLength(2);
    h.clock.advance(1_000);
    const counted = countingReads(env.DB);
    const claim = claimDeliveriesStatement(counted.db, ids, h.clock.now(), LEASE_MS);
    const [took, readers] = await counted.db.batch([claim.statement, subscribersOfClaimStatement(counted.db, ids, claim.leaseUntil)]);
    const claimed = claimedDeliveries(took as D1Result);
    expect(claimed.map((d) => d.id).sort()).toEqual(ids.slice(2).sort());
    const subscribers = subscribersFrom(readers as D1Result);
    expect([...subscribers.keys()].sort()).toEqual(claimed.map((d) => d.subscriberId).sort());
    expect(counted.rowsRead()).toBeLessThan(150);
  });

  it('recording ten sent e-mails reads those rows, not every one being sent', async () => {
    const { h, announce, deliveries } = await scenario(1000);
    await announce();
    const ids = (await deliveries()).map((d) => d.id);
    expect(await claimDeliveries(env.DB, ids, h.clock.now(), LEASE_MS)).toHaveLength(1000);
    const counted = countingReads(env.DB);
    const at = h.clock.now().toISOString();
    const result = await recordSentStatement(
      counted.db,
      ids.slice(0, 10).map((id) => ({ id, messageId: `<${id}@x>`, at })),
    ).run();
    expect(result.meta.changes).toBe(10);
    // Each row's Message-ID and time are looked up in the ten records (json_each: ten rows read
    // per row changed); a plan on the status index would read all 1,000 rows being sent.
    expect(counted.rowsRead()).toBeLessThan(200);
  });
});
