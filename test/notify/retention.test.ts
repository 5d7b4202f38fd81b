import { env } from 'cloudflare:test';
import { beforeEach, describe, expect, inject, it } from 'vitest';
import { randomId } from '../../src/env';
import { PRUNE_PER_TICK } from '../../src/services/retention';
import { claimDeliveries } from '../../src/store/deliveries';
import { prunableIds, pruneStatements } from '../../src/store/retention';
import { rows } from '../support/db';
import { makeCatalogue, rowCount } from '../support/factories';
import { DAY, type Harness, harness, ok } from '../support/harness';
import { mailbox } from '../support/mail';
import { emptyPage } from '../support/status-story';

// Retention: finished deliveries older than RETENTION_DAYS (90 by default) are deleted by the
// cron, a bounded number per tick; every notice's tallies read the same before and after.

const RETENTION = 90 * DAY;
const receiver = inject('webhookReceiver');

const form = (fields: Record<string, string>) => ({
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded', 'cf-connecting-ip': '198.51.100.7' },
  body: new URLSearchParams(fields).toString(),
});

/** What the admin API says of a notice: its line in GET /deliveries, and GET /notices/:id/deliveries. */
async function tallies(h: Harness, subjectId: string, noticeId: string, status?: string) {
  const summary = ok(await h.api('GET', `/deliveries?subject_id=${subjectId}`)).notices.find((n: any) => n.id === noticeId);
  const detail = ok(await h.api('GET', `/notices/${noticeId}/deliveries?limit=1000${status ? `&status=${status}` : ''}`));
  return { summary: summary.deliveries, detail: detail.notice.deliveries, listed: detail.deliveries.length, pruned: detail.pruned };
}

/** An incident on the public API, and the id of the notice it records. */
async function openIncident(h: Harness, apiId: string, name: string) {
  const incident = ok(
    await h.api('POST', '/incidents', { name, body: 'Errors on every call.', components: { [apiId]: 'major_outage' } }),
  ).incident;
  const [notice] = ok(await h.api('GET', `/deliveries?subject_id=${incident.id}`)).notices;
  return { incidentId: incident.id as string, noticeId: notice.id as string };
}

/**
 * `counts` finished deliveries of a notice, to as many subscribers, finished at `at`: what a big
 * send leaves behind once the consumer is done (written here in one statement, not sent).
 */
async function finishedSend(noticeId: string, counts: { sent: number; failed: number; skipped: number }, at: string) {
  const total = counts.sent + counts.failed + counts.skipped;
  const prefix = randomId(6);
  await env.DB.batch([
    env.DB.prepare(
      `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?1)
       INSERT INTO subscribers (id, email, source, created_at, updated_at, confirmed_at)
       SELECT ?2 || printf('%06d', i), ?2 || printf('%06d', i) || '@example.com', 'import', ?3, ?3, ?3 FROM n`,
    ).bind(total, prefix, at),
    env.DB.prepare(
      `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?1)
       INSERT INTO deliveries (id, purpose, notice_id, subscriber_id, status, attempts, message_id, last_error, created_at, updated_at, sent_at)
       SELECT ?4 || ?2 || printf('%06d', i), 'notice', ?4, ?2 || printf('%06d', i), status, 1,
              CASE status WHEN 'sent' THEN '<notice.' || ?4 || '.' || ?2 || i || '@example.com>' END,
              CASE status WHEN 'failed' THEN '550 mailbox unavailable' WHEN 'skipped' THEN 'the subscriber left before it was sent' END,
              ?3, ?3, CASE status WHEN 'sent' THEN ?3 END
       FROM (SELECT i, CASE WHEN i <= ?5 THEN 'sent' WHEN i <= ?5 + ?6 THEN 'failed' ELSE 'skipped' END AS status FROM n)`,
    ).bind(total, prefix, at, noticeId, counts.sent, counts.failed),
  ]);
}

describe('retention of deliveries', () => {
  beforeEach(emptyPage);

  it('three months after a send, its e-mails, webhook calls and confirmations are deleted, its tallies read the same, and the next send counts right', async () => {
    const mail = await mailbox();
    const h = harness('2026-01-05T09:00:00.000Z', { smtpUrl: mail.smtpUrl, vars: { ALLOW_LOOPBACK_TARGETS: '1' } });
    const { api } = await makeCatalogue(h);
    const readers = Array.from({ length: 6 }, (_, i) => `reader${i}@example.com`);
    ok(await h.api('POST', '/subscribers/import', { confirmed: true, subscribers: readers.map((email) => ({ email })) }));
    ok(await h.api('POST', '/webhooks', { url: `${receiver}/hooks/retention-${randomId()}` }));
    // Someone asks through the form and never confirms: a confirmation delivery, with no notice.
    expect((await h.fetch('/subscribe', form({ email: 'newcomer@example.com' }))).status).toBe(200);
    await h.drainQueue();

    await mail.fail(1, 550);
    const first = await openIncident(h, api.id, 'API errors');
    await h.drainQueue();
    const before = await tallies(h, first.incidentId, first.noticeId);
    expect(before).toEqual({
      summary: { pending: 0, sent: 5, failed: 1, skipped: 0 },
      detail: { pending: 0, sent: 5, failed: 1, skipped: 0 },
      listed: 6,
      pruned: 0,
    });
    const mailed = (await mail.messages()).length;

    // A day short of the retention period, nothing goes but the newcomer, who never confirmed: they
    // and their confirmation went UNCONFIRMED_DAYS after it was sent.
    h.clock.advance(RETENTION - DAY);
    await h.tick();
    expect(await rows('SELECT id FROM subscribers WHERE email = ?', 'newcomer@example.com')).toEqual([]);
    expect(await rowCount(env.DB, 'deliveries')).toBe(6);
    // The webhook got the incident and the API's own change of status (component_update).
    expect(await rowCount(env.DB, 'webhook_deliveries')).toBe(2);

    h.clock.advance(2 * DAY);
    await h.tick();
    expect(await rowCount(env.DB, 'deliveries')).toBe(0);
    expect(await rowCount(env.DB, 'webhook_deliveries')).toBe(0);
    expect(await tallies(h, first.incidentId, first.noticeId)).toEqual({ ...before, listed: 0, pruned: 6 });
    expect((await tallies(h, first.incidentId, first.noticeId, 'failed')).pruned).toBe(1);
    expect(
      await rows('SELECT channel, status, count FROM pruned_deliveries WHERE notice_id = ? ORDER BY channel, status', first.noticeId),
    ).toEqual([
      { channel: 'email', status: 'failed', count: 1 },
      { channel: 'email', status: 'sent', count: 5 },
      { channel: 'webhook', status: 'sent', count: 1 },
    ]);
    // Pruning resends nothing.
    await h.drainQueue();
    expect(await mail.messages()).toHaveLength(mailed);

    // The next notice goes to everyone, and each notice keeps its own numbers.
    const second = await openIncident(h, api.id, 'API errors again');
    await h.drainQueue();
    await h.tick();
    expect(await tallies(h, second.incidentId, second.noticeId)).toEqual({
      summary: { pending: 0, sent: 6, failed: 0, skipped: 0 },
      detail: { pending: 0, sent: 6, failed: 0, skipped: 0 },
      listed: 6,
      pruned: 0,
    });
    expect(await mail.messages()).toHaveLength(mailed + 6);
    expect(await tallies(h, first.incidentId, first.noticeId)).toEqual({ ...before, listed: 0, pruned: 6 });
  });

  it(`a backlog larger than one tick's ${PRUNE_PER_TICK} rows takes several ticks, and the tallies never move`, async () => {
    const h = harness('2026-01-05T09:00:00.000Z');
    const { api } = await makeCatalogue(h);
    const { incidentId, noticeId } = await openIncident(h, api.id, 'API errors');
    await finishedSend(noticeId, { sent: 9_000, failed: 2_500, skipped: 1_000 }, h.clock.now().toISOString());
    const counts = { pending: 0, sent: 9_000, failed: 2_500, skipped: 1_000 };
    expect((await tallies(h, incidentId, noticeId)).summary).toEqual(counts);

    h.clock.advance(RETENTION + DAY);
    for (const left of [7_500, 2_500, 0, 0]) {
      await h.tick();
      expect(await rowCount(env.DB, 'deliveries')).toBe(left);
      const now = await tallies(h, incidentId, noticeId);
      expect(now.summary).toEqual(counts);
      expect(now.detail).toEqual(counts);
      expect(now.pruned).toBe(12_500 - left);
    }
  });

  it('a chunk finds its rows by id: deleting a thousand reads a few thousand rows, not the whole backlog', async () => {
    const h = harness('2026-01-05T09:00:00.000Z');
    const { api } = await makeCatalogue(h);
    const { noticeId } = await openIncident(h, api.id, 'API errors');
    await finishedSend(noticeId, { sent: 20_000, failed: 0, skipped: 0 }, h.clock.now().toISOString());
    h.clock.advance(RETENTION + DAY);
    const before = new Date(h.clock.now().getTime() - RETENTION).toISOString();

    const ids = await prunableIds(env.DB, 'deliveries', before, 1_000);
    const [count, removal] = await env.DB.batch(pruneStatements(env.DB, 'deliveries', ids, before));
    expect(removal!.meta.changes).toBe(1_000);
    // The id list, the key and the row of each (about 4,000); through the (status, updated_at)
    // index it would be the 20,000 rows of the backlog and more.
    expect(count!.meta.rows_read).toBeLessThan(5_000);
    expect(removal!.meta.rows_read).toBeLessThan(5_000);
  });

  it('pending and sending deliveries stay however old they are; once given up on, they go a retention period later', async () => {
    const h = harness('2026-01-05T09:00:00.000Z');
    const { api } = await makeCatalogue(h);
    const readers = Array.from({ length: 4 }, (_, i) => `reader${i}@example.com`);
    ok(await h.api('POST', '/subscribers/import', { confirmed: true, subscribers: readers.map((email) => ({ email })) }));
    // The queue never delivers; one delivery is claimed by a consumer that then dies.
    const { incidentId, noticeId } = await openIncident(h, api.id, 'API errors');
    const [held] = await rows<{ id: string }>('SELECT id FROM deliveries ORDER BY id LIMIT 1');
    expect(await claimDeliveries(env.DB, [held!.id], h.clock.now(), 60_000)).toHaveLength(1);

    h.clock.advance(365 * DAY);
    expect(await h.prune()).toEqual({
      deliveries: 0,
      webhookDeliveries: 0,
      unconfirmedSubscribers: 0,
      erasedSubscribers: 0,
      erasedBounced: 0,
    });
    expect(await rows('SELECT status, COUNT(*) AS n FROM deliveries GROUP BY status ORDER BY status')).toEqual([
      { status: 'pending', n: 3 },
      { status: 'sending', n: 1 },
    ]);

    // The cron gives up on them (failed, now), so they are a retention period from going.
    await h.tick();
    expect((await tallies(h, incidentId, noticeId)).summary).toEqual({ pending: 0, sent: 0, failed: 4, skipped: 0 });
    expect(await rowCount(env.DB, 'deliveries')).toBe(4);
    h.clock.advance(RETENTION + DAY);
    await h.tick();
    expect(await rowCount(env.DB, 'deliveries')).toBe(0);
    expect((await tallies(h, incidentId, noticeId)).summary).toEqual({ pending: 0, sent: 0, failed: 4, skipped: 0 });
  });

  it('two prunes holding the same rows count each row once', async () => {
    const h = harness('2026-01-05T09:00:00.000Z');
    const { api } = await makeCatalogue(h);
    const { incidentId, noticeId } = await openIncident(h, api.id, 'API errors');
    await finishedSend(noticeId, { sent: 1_200, failed: 300, skipped: 0 }, h.clock.now().toISOString());
    h.clock.advance(RETENTION + DAY);
    const before = new Date(h.clock.now().getTime() - RETENTION).toISOString();

    // Both read the same ids before either deletes, then both commit.
    const ids = await prunableIds(env.DB, 'deliveries', before, 1_000);
    const [a, b] = await Promise.all([
      env.DB.batch(pruneStatements(env.DB, 'deliveries', ids, before)),
      env.DB.batch(pruneStatements(env.DB, 'deliveries', ids, before)),
    ]);
    expect(a[1]!.meta.changes + b[1]!.meta.changes).toBe(1_000);
    // A stale run replaying them later finds nothing either.
    await env.DB.batch(pruneStatements(env.DB, 'deliveries', ids, before));
    expect(await rowCount(env.DB, 'deliveries')).toBe(500);
    expect((await tallies(h, incidentId, noticeId)).summary).toEqual({ pending: 0, sent: 1_200, failed: 300, skipped: 0 });

    // Two cron ticks at the same moment share the rest.
    await Promise.all([h.tick(), h.tick()]);
    expect(await rowCount(env.DB, 'deliveries')).toBe(0);
    expect((await tallies(h, incidentId, noticeId)).summary).toEqual({ pending: 0, sent: 1_200, failed: 300, skipped: 0 });
    expect(await rows('SELECT status, count FROM pruned_deliveries ORDER BY status')).toEqual([
      { status: 'failed', count: 300 },
      { status: 'sent', count: 1_200 },
    ]);
  });

  it('subscription-form counters go once their window is a day old', async () => {
    const h = harness('2026-01-05T09:00:00.000Z');
    expect((await h.fetch('/subscribe', form({ email: 'someone@example.com' }))).status).toBe(200);
    // Its network's hour, the whole form's hour, and its mailbox's hour and day (from midnight UTC).
    expect(await rowCount(env.DB, 'rate_limits')).toBe(4);
    h.clock.advance(DAY - 60_000);
    await h.tick();
    // The day began at midnight, so it is a day old by now; the hours are not yet.
    expect(await rowCount(env.DB, 'rate_limits')).toBe(3);
    h.clock.advance(2 * 60 * 60_000);
    await h.tick();
    expect(await rowCount(env.DB, 'rate_limits')).toBe(0);
  });
});
