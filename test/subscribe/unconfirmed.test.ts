// Addresses typed into the form and never confirmed: the cron deletes them, their choices and the
// confirmations sent to them UNCONFIRMED_DAYS after their last link, while subscribers who
// confirmed, and those who left (until RETENTION_DAYS: test/subscribe/erased.test.ts), stay.
import { beforeEach, describe, expect, it } from 'vitest';
import { CONFIRM_LINK_TTL_MS, UNCONFIRMED_DAYS } from '../../src/domain/signed-links';
import { rows } from '../support/db';
import { DAY, MINUTE, ok } from '../support/harness';
import { emptyPage } from '../support/status-story';
import { linkIn, setUp, subscriberRow } from './support';

beforeEach(emptyPage);

const dataOf = async (id: string) => ({
  subscriber: (await rows('SELECT id FROM subscribers WHERE id = ?', id)).length,
  components: (await rows('SELECT component_id FROM subscriber_components WHERE subscriber_id = ?', id)).length,
  deliveries: (await rows('SELECT id FROM deliveries WHERE subscriber_id = ?', id)).length,
});

describe('subscribers who never confirm', () => {
  it(`are deleted with their choices and confirmations ${UNCONFIRMED_DAYS} days after their last link; the others stay`, async () => {
    expect(UNCONFIRMED_DAYS).toBe(7);
    expect(UNCONFIRMED_DAYS * DAY).toBe(CONFIRM_LINK_TTL_MS);
    const { h, post, sent, crawlers, webapp } = await setUp('2026-11-21T07:00:00.000Z');
    ok(
      await h.api('POST', '/subscribers/import', {
        confirmed: true,
        subscribers: [{ email: 'active@example.com' }, { email: 'leaver@example.com' }],
      }),
    );
    const leaver = (await subscriberRow('leaver@example.com'))!;
    await h.env.DB.prepare('UPDATE subscribers SET unsubscribed_at = ? WHERE id = ?').bind(h.clock.now().toISOString(), leaver.id).run();

    await post('/subscribe', { email: 'never@example.com', components: [crawlers.id, webapp.id] }, '198.51.100.40');
    const never = (await subscriberRow('never@example.com'))!;
    const [confirmation] = await sent('never@example.com');
    expect(await dataOf(never.id)).toEqual({ subscriber: 1, components: 2, deliveries: 1 });

    // A minute short of the week, the link still works and nothing goes.
    h.clock.advance(UNCONFIRMED_DAYS * DAY - MINUTE);
    await h.tick();
    expect(await dataOf(never.id)).toEqual({ subscriber: 1, components: 2, deliveries: 1 });
    expect((await h.fetch(linkIn(confirmation!.text, 'confirm'))).status).toBe(200);

    h.clock.advance(2 * MINUTE);
    // One subscriber deleted, with their two components and their confirmation.
    expect(await h.prune()).toEqual({
      deliveries: 0,
      webhookDeliveries: 0,
      unconfirmedSubscribers: 1,
      erasedSubscribers: 0,
      erasedBounced: 0,
    });
    expect(await dataOf(never.id)).toEqual({ subscriber: 0, components: 0, deliveries: 0 });
    // Their old link now names nobody.
    expect((await h.fetch(linkIn(confirmation!.text, 'confirm'), { method: 'POST' })).status).toBe(404);
    expect((await rows<{ email: string }>('SELECT email FROM subscribers ORDER BY email')).map((r) => r.email)).toEqual([
      'active@example.com',
      'leaver@example.com',
    ]);
  });

  it('asking again starts the week over, since the new link is good for a week; confirming keeps them for good', async () => {
    const { h, post, sent } = await setUp('2026-11-21T07:00:00.000Z');
    await post('/subscribe', { email: 'slow@example.com' }, '198.51.100.41');
    await post('/subscribe', { email: 'quick@example.com' }, '198.51.100.41');
    h.clock.advance(5 * DAY);
    await post('/subscribe', { email: 'slow@example.com' }, '198.51.100.41');
    const links = (await sent('slow@example.com')).map((m) => linkIn(m.text, 'confirm'));
    expect(links).toHaveLength(2);
    expect((await h.fetch(linkIn((await sent('quick@example.com'))[0]!.text, 'confirm'), { method: 'POST' })).status).toBe(200);

    h.clock.advance(3 * DAY);
    await h.tick();
    expect(await subscriberRow('slow@example.com')).toBeDefined();
    expect(await subscriberRow('quick@example.com')).toMatchObject({ confirmed_at: '2026-11-26T07:00:00.000Z' });
    expect((await h.fetch(links[1]!, { method: 'POST' })).status).toBe(200);
    expect((await subscriberRow('slow@example.com'))!.confirmed_at).not.toBeNull();

    h.clock.advance(30 * DAY);
    await h.tick();
    expect(await subscriberRow('slow@example.com')).toBeDefined();
    expect(await subscriberRow('quick@example.com')).toBeDefined();
  });

  it('an import that was not confirmed goes the same way', async () => {
    const { h, sent } = await setUp('2026-11-21T07:00:00.000Z');
    ok(await h.api('POST', '/subscribers/import', { confirmed: false, subscribers: [{ email: 'imported@example.com' }] }));
    expect(await sent('imported@example.com')).toHaveLength(1);
    h.clock.advance(UNCONFIRMED_DAYS * DAY + MINUTE);
    await h.tick();
    expect(await subscriberRow('imported@example.com')).toBeUndefined();
    expect(await rows('SELECT id FROM deliveries')).toEqual([]);
  });
});
