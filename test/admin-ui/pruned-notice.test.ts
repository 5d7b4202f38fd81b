import { beforeEach, describe, expect, it } from 'vitest';
import { makeCatalogue } from '../support/factories';
import { DAY, harness, ok } from '../support/harness';
import { mailbox } from '../support/mail';
import { emptyPage } from '../support/status-story';
import { adminClient, textOf } from './client';

describe('a notice whose deliveries retention deleted, in the admin UI', () => {
  beforeEach(emptyPage);

  it('keeps its tally and says the failures it no longer lists', async () => {
    const mail = await mailbox();
    const h = harness('2026-01-05T09:00:00.000Z', { smtpUrl: mail.smtpUrl });
    const { api } = await makeCatalogue(h);
    const emails = ['anne@example.com', 'bob@example.com', 'carl@example.com'];
    ok(await h.api('POST', '/subscribers/import', { confirmed: true, subscribers: emails.map((email) => ({ email })) }));
    await mail.fail(1, 550);
    const incident = ok(
      await h.api('POST', '/incidents', { name: 'API errors', body: 'Errors.', components: { [api.id]: 'major_outage' } }),
    ).incident;
    await h.drainQueue();
    const [notice] = ok(await h.api('GET', `/deliveries?subject_id=${incident.id}`)).notices;
    const admin = adminClient(h);
    await admin.signIn();
    const fresh = textOf((await admin.get(`/admin/notices/${notice.id}`)).html);
    expect(fresh).toMatch(/Pending 0 Sent 2 Failed 1 Failures Recipient Attempts Reason (anne|bob|carl)@example\.com 1 Failed 550/);
    expect(fresh).not.toContain('no longer listed');

    h.clock.advance(91 * DAY);
    await h.tick();
    await admin.signIn();
    const pruned = textOf((await admin.get(`/admin/notices/${notice.id}`)).html);
    expect(pruned).toMatch(
      /Pending 0 Sent 2 Failed 1 Failures 1 older failure is counted above but no longer listed: deliveries are deleted 90 days after they finish\./,
    );
    expect(pruned).not.toContain('No failures.');
  });
});
