import { beforeEach, describe, expect, it } from 'vitest';
import { rows } from '../support/db';
import { makeComponent, makeMaintenance } from '../support/factories';
import { harness, ok } from '../support/harness';
import { mailbox } from '../support/mail';
import { emptyPage } from '../support/status-story';

// A maintenance written without telling anyone and then called off never happened for readers:
// no history entry, no feed item, no "cancelled" e-mail about something nobody heard of.

const everywhere = async (h: ReturnType<typeof harness>) =>
  (
    await Promise.all(
      ['/', '/history', '/history.rss', '/history.atom', '/feed.json', '/maintenances.ics', '/api/v2/scheduled-maintenances.json'].map(
        async (path) => (await h.fetch(path)).text(),
      ),
    )
  ).join('\n');

describe('a maintenance cancelled before anyone was told', () => {
  beforeEach(emptyPage);

  it('never appears publicly and its cancellation e-mails nobody; one that was announced stays, cancelled', async () => {
    const mail = await mailbox();
    const h = harness('2026-11-30T08:00:00.000Z', { smtpUrl: mail.smtpUrl });
    const api = await makeComponent(h, 'Public API');
    ok(await h.api('POST', '/subscribers/import', { confirmed: true, subscribers: [{ email: 'ada@example.com', locale: 'en' }] }));

    const quiet = await makeMaintenance(h, {
      name: 'Quiet swap',
      components: { [api.id]: 'under_maintenance' },
      deliver_notifications: false,
    });
    const told = await makeMaintenance(h, { name: 'Told swap', components: { [api.id]: 'under_maintenance' } });
    await h.drainQueue();
    ok(await h.api('POST', `/maintenances/${quiet.id}/updates`, { status: 'cancelled', body: 'Not needed.' }));
    ok(await h.api('POST', `/maintenances/${told.id}/updates`, { status: 'cancelled', body: 'Postponed to next year.' }));
    await h.drainQueue();

    const seen = await everywhere(h);
    expect(seen).not.toContain('Quiet swap');
    expect(seen).toContain('Told swap');
    expect((await h.fetch(`/maintenances/${quiet.id}`)).status).toBe(404);
    expect((await mail.messages('ada@example.com')).map((m) => m.subject)).toEqual(['[Scheduled] Told swap', '[Cancelled] Told swap']);
    // The record stays for the operator: the notice exists, marked not to be delivered.
    expect(await rows('SELECT kind, deliver FROM notices WHERE subject_id = ? ORDER BY created_at, kind DESC', quiet.id)).toEqual([
      { kind: 'scheduled', deliver: 0 },
      { kind: 'cancelled', deliver: 0 },
    ]);
    expect(ok(await h.api('GET', `/maintenances/${quiet.id}`)).maintenance.status).toBe('cancelled');
  });
});
