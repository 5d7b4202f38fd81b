// Every admin action that e-mails subscribers or changes what the public sees asks first, says
// how many subscribers will be written to, and does nothing until confirmed.
import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { fingerprint, rows } from '../support/db';
import { makeCatalogue, makeMaintenance } from '../support/factories';
import { harness, ok } from '../support/harness';
import { adminClient, confirmationForm, textOf } from './client';

/**
 * The catalogue and its audience: two follow everything, one the crawlers, one only the login
 * page; one crawler follower never confirmed and another unsubscribed, so neither counts.
 */
async function setUp() {
  const h = harness('2026-11-20T09:00:00.000Z');
  ok(await h.api('PATCH', '/page', { time_zone: 'Europe/Paris' }));
  const catalogue = await makeCatalogue(h);
  const { crawlers, login } = catalogue;
  const confirmed = [
    { email: 'all-1@example.com' },
    { email: 'all-2@example.com' },
    { email: 'crawlers@example.com', components: [crawlers.id] },
    { email: 'login@example.com', components: [login.id] },
    { email: 'gone@example.com', components: [crawlers.id] },
  ];
  ok(await h.api('POST', '/subscribers/import', { confirmed: true, subscribers: confirmed }));
  ok(await h.api('POST', '/subscribers/import', { subscribers: [{ email: 'pending@example.com', components: [crawlers.id] }] }));
  // Unsubscribed the way the manage page leaves it: the row stays, stamped.
  await env.DB.prepare("UPDATE subscribers SET unsubscribed_at = '2026-11-19T00:00:00.000Z' WHERE email = 'gone@example.com'").run();
  const admin = adminClient(h);
  await admin.signIn();
  return { h, admin, ...catalogue };
}

const noticesOf = (id: string) =>
  rows<{ id: string; kind: string; deliver: number }>(
    'SELECT id, kind, deliver FROM notices WHERE subject_id = ? ORDER BY created_at, rowid',
    id,
  );

const deliveriesOf = async (noticeId: string) =>
  (await rows<{ n: number }>("SELECT COUNT(*) AS n FROM deliveries WHERE notice_id = ? AND purpose = 'notice'", noticeId))[0]?.n;

describe('confirming admin actions', () => {
  it('Start now asks first, counts who will be e-mailed, changes nothing until confirmed, and e-mails exactly that many', async () => {
    const { h, admin, crawlers } = await setUp();
    const m = await makeMaintenance(h, {
      name: 'Crawler move',
      components: { [crawlers.id]: 'under_maintenance' },
      deliver_notifications: false,
    });
    await admin.get(`/admin/maintenances/${m.id}`);
    const before = await fingerprint();

    const asked = await admin.post(`/admin/maintenances/${m.id}/updates`, {
      _form: 'action-in_progress',
      status: 'in_progress',
      body: 'We start **early**.',
      deliver_notifications: 'on',
    });
    expect(asked.status).toBe(200);
    const question = textOf(asked.html);
    expect(question).toContain('Start “Crawler move” now?');
    // Both who follow everything and the crawler follower; not login, pending or unsubscribed.
    expect(question).toContain('3 subscribers will be e-mailed.');
    expect(question).toContain('Scheduled → In progress');
    expect(question).toContain('Price crawlers: Under maintenance');
    expect(asked.html).toContain('<strong>early</strong>');
    expect(await fingerprint()).toEqual(before);

    // Back: the detail page again, the message as typed in the Start now form, nothing written.
    const back = await admin.answer(asked, 'back');
    expect(back.status).toBe(200);
    expect(back.html).toMatch(/id="action-in_progress"[\s\S]*?We start \*\*early\*\*.<\/textarea>/);
    expect(await fingerprint()).toEqual(before);
    expect(ok(await h.api('GET', `/maintenances/${m.id}`)).maintenance.status).toBe('scheduled');

    const done = await admin.answer(asked);
    expect(done.status).toBe(303);
    expect(ok(await h.api('GET', `/maintenances/${m.id}`)).maintenance.status).toBe('in_progress');
    const started = (await noticesOf(m.id)).find((n) => n.kind === 'started');
    expect(started?.deliver).toBe(1);
    expect(await deliveriesOf(started?.id ?? '')).toBe(3);
  });

  it('Complete and Cancel ask too; with notifying off the question says nobody is e-mailed', async () => {
    const { h, admin, crawlers } = await setUp();
    const m = await makeMaintenance(h, { name: 'Not needed', components: { [crawlers.id]: 'under_maintenance' } });
    await admin.get(`/admin/maintenances/${m.id}`);
    const before = await fingerprint();
    const asked = await admin.post(`/admin/maintenances/${m.id}/updates`, { _form: 'action-cancelled', status: 'cancelled', body: '' });
    const question = textOf(asked.html);
    expect(question).toContain('Cancel “Not needed”?');
    expect(question).toContain('Nobody will be e-mailed: “Notify subscribers” is off.');
    expect(question).toContain('None typed: the standard message is posted.');
    expect(await fingerprint()).toEqual(before);
    expect((await admin.answer(asked)).status).toBe(303);
    expect(ok(await h.api('GET', `/maintenances/${m.id}`)).maintenance.status).toBe('cancelled');
    expect((await noticesOf(m.id)).map((n) => [n.kind, n.deliver])).toEqual([
      ['scheduled', 1],
      ['cancelled', 0],
    ]);

    const running = await makeMaintenance(h, { name: 'Running', components: { [crawlers.id]: 'under_maintenance' } });
    ok(await h.api('POST', `/maintenances/${running.id}/updates`, { status: 'in_progress' }));
    await admin.get(`/admin/maintenances/${running.id}`);
    const complete = await admin.post(`/admin/maintenances/${running.id}/updates`, {
      _form: 'action-completed',
      status: 'completed',
      deliver_notifications: 'on',
    });
    expect(textOf(complete.html)).toContain('Complete “Running” now?');
    expect(textOf(complete.html)).toContain('3 subscribers will be e-mailed.');
    expect(ok(await h.api('GET', `/maintenances/${running.id}`)).maintenance.status).toBe('in_progress');
  });

  it('a note posted without notifying, in the same status, needs no confirmation', async () => {
    const { h, admin } = await setUp();
    const m = await makeMaintenance(h, { name: 'Quiet' });
    await admin.get(`/admin/maintenances/${m.id}`);
    const posted = await admin.post(`/admin/maintenances/${m.id}/updates`, { status: 'scheduled', body: 'Room booked.' });
    expect(posted.status).toBe(303);
    expect((await noticesOf(m.id)).map((n) => [n.kind, n.deliver])).toEqual([
      ['scheduled', 1],
      ['update', 0],
    ]);
  });

  it('a confirmation given before the maintenance changed is refused, and nothing more is sent', async () => {
    const { h, admin, crawlers } = await setUp();
    const m = await makeMaintenance(h, { name: 'Race', components: { [crawlers.id]: 'under_maintenance' } });
    await admin.get(`/admin/maintenances/${m.id}`);
    const asked = await admin.post(`/admin/maintenances/${m.id}/updates`, {
      _form: 'action-in_progress',
      status: 'in_progress',
      deliver_notifications: 'on',
    });
    // Meanwhile another operator starts it: confirming now would e-mail a second "in progress".
    ok(await h.api('POST', `/maintenances/${m.id}/updates`, { status: 'in_progress' }));
    const before = await fingerprint();
    const late = await admin.answer(asked);
    expect(late.status).toBe(409);
    expect(textOf(late.html)).toContain('This changed after you were asked to confirm');
    expect(await fingerprint()).toEqual(before);
  });

  it('a confirmation cannot be forged with any revision: the current one is the only key', async () => {
    const { h, admin } = await setUp();
    const m = await makeMaintenance(h, { name: 'Forged' });
    await admin.get(`/admin/maintenances/${m.id}`);
    const before = await fingerprint();
    const forged = await admin.post(`/admin/maintenances/${m.id}/updates`, {
      status: 'cancelled',
      confirm: 'yes',
      deliver_notifications: 'on',
    });
    expect(forged.status).toBe(409);
    expect(await fingerprint()).toEqual(before);
  });

  it('resolving an incident and publishing its postmortem each ask, counting the followers of what it touched', async () => {
    const { h, admin, crawlers, api } = await setUp();
    const incident = ok(
      await h.api('POST', '/incidents', { name: 'Crawlers stalled', body: 'Stalled.', components: { [crawlers.id]: 'major_outage' } }),
    ).incident;
    await admin.get(`/admin/incidents/${incident.id}`);
    const before = await fingerprint();
    const asked = await admin.post(`/admin/incidents/${incident.id}/updates`, {
      status: 'resolved',
      impact: '',
      [`component.${api.id}`]: 'operational',
      body: 'Collection is back.',
      deliver_notifications: 'on',
    });
    const question = textOf(asked.html);
    expect(question).toContain('Resolve “Crawlers stalled”?');
    expect(question).toContain('3 subscribers will be e-mailed.');
    expect(question).toContain('Public API: Operational');
    expect(confirmationForm(asked.html).fields[`component.${api.id}`]).toEqual(['operational']);
    expect(await fingerprint()).toEqual(before);
    expect((await admin.answer(asked)).status).toBe(303);
    const resolved = (await noticesOf(incident.id)).find((n) => n.kind === 'resolved');
    expect(await deliveriesOf(resolved?.id ?? '')).toBe(3);

    await admin.get(`/admin/incidents/${incident.id}`);
    const postmortem = await admin.post(`/admin/incidents/${incident.id}/updates`, {
      status: 'postmortem',
      body: 'A proxy pool ran dry.',
      deliver_notifications: 'on',
    });
    expect(textOf(postmortem.html)).toContain('Publish the postmortem of “Crawlers stalled”?');
    const back = await admin.answer(postmortem, 'back');
    expect(back.html).toMatch(/id="incident-postmortem"[\s\S]*?A proxy pool ran dry.<\/textarea>/);
    expect(ok(await h.api('GET', `/incidents/${incident.id}`)).incident.status).toBe('resolved');
  });
});
