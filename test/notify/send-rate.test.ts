import { beforeEach, describe, expect, it } from 'vitest';
import { busiestSecond } from '../../scripts/bench/busiest-second.mjs';
import { rows } from '../support/db';
import { makeCatalogue, makeMaintenance } from '../support/factories';
import { harness, ok } from '../support/harness';
import { mailbox } from '../support/mail';
import { emptyPage } from '../support/status-story';

// MAIL_RATE_PER_SECOND is what the relay sees, however many consumer invocations run at once,
// and a relay that answers "454 Throttling failure" slows Forewarn down without losing anyone.

const RATE = 10;
const READERS = Array.from({ length: 40 }, (_, i) => `reader${String(i).padStart(2, '0')}@example.com`);

describe('the send rate', () => {
  beforeEach(emptyPage);

  it('holds across two consumer invocations at once, against a relay that throttles every eighth transaction; everyone gets one e-mail, none fails', async () => {
    const mail = await mailbox({ throttle: { every: 8, code: 454 } });
    const h = harness('2026-11-21T07:00:00.000Z', { smtpUrl: mail.smtpUrl, vars: { MAIL_RATE_PER_SECOND: String(RATE) } });
    const { crawlers } = await makeCatalogue(h);
    ok(await h.api('POST', '/subscribers/import', { confirmed: true, subscribers: READERS.map((email) => ({ email })) }));
    await makeMaintenance(h, { name: 'Crawler move', components: { [crawlers.id]: 'under_maintenance' } });

    // Four queue messages of ten: two invocations take two each, at the same time.
    const messages = h.notify.takeDue();
    expect(messages).toHaveLength(4);
    await Promise.all([h.queue(messages.slice(0, 2)), h.queue(messages.slice(2))]);
    // What a throttle handed back to the queue comes back when due.
    while (h.notify.backlog.length > 0) {
      h.clock.set(new Date(Math.max(h.clock.now().getTime(), ...h.notify.backlog.map((m) => m.notBefore))));
      await h.drainQueue();
    }

    const caught = await mail.messages();
    expect(caught.flatMap((m) => m.envelope.to).sort()).toEqual(READERS);
    const transactions = await mail.transactions();
    const throttled = transactions.filter((t) => t.code === 454);
    expect(throttled.length).toBeGreaterThanOrEqual(Math.floor(READERS.length / 8));
    expect(transactions).toHaveLength(READERS.length + throttled.length);
    // The relay never saw more than RATE transactions start in one second, throttled ones included.
    expect(busiestSecond(transactions.map((t) => t.at))).toBeLessThanOrEqual(RATE);
    const span = (transactions.at(-1)!.at - transactions[0]!.at) / 1000;
    expect((transactions.length - 1) / span).toBeLessThanOrEqual(RATE);

    const outcome = await rows<{ status: string; attempts: number; n: number }>(
      "SELECT status, attempts, COUNT(*) AS n FROM deliveries WHERE purpose = 'notice' GROUP BY status, attempts",
    );
    // Sent, each on its first counted attempt: a throttle is not a failed attempt.
    expect(outcome).toEqual([{ status: 'sent', attempts: 1, n: READERS.length }]);
  });
});
