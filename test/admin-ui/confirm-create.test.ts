// Scheduling a maintenance, declaring an incident and moving a window e-mail subscribers straight
// from a form: each asks first, with how many will be written to, when it notifies.
import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { fingerprint, rows } from '../support/db';
import { makeCatalogue } from '../support/factories';
import { harness, ok } from '../support/harness';
import { adminClient, confirmationForm, textOf } from './client';

/** Two follow everything, one the crawlers, one the login page, one has unsubscribed: three are told about the crawlers. */
async function setUp() {
  const h = harness('2026-11-20T09:00:00.000Z');
  ok(await h.api('PATCH', '/page', { time_zone: 'Europe/Paris', default_locale: 'en' }));
  const catalogue = await makeCatalogue(h);
  const { crawlers, login } = catalogue;
  ok(
    await h.api('POST', '/subscribers/import', {
      confirmed: true,
      subscribers: [
        { email: 'all-1@example.com' },
        { email: 'all-2@example.com', locale: 'fr' },
        { email: 'crawlers@example.com', locale: 'fr', components: [crawlers.id] },
        { email: 'login@example.com', components: [login.id] },
        { email: 'gone@example.com', components: [crawlers.id] },
      ],
    }),
  );
  await env.DB.prepare("UPDATE subscribers SET unsubscribed_at = '2026-11-19T00:00:00.000Z' WHERE email = 'gone@example.com'").run();
  const admin = adminClient(h);
  await admin.signIn();
  return { h, admin, ...catalogue };
}

const schedule = (crawlers: string, more: Record<string, string | string[]> = {}) => ({
  name: 'Crawler move',
  body: 'We move the crawlers.',
  'translations.fr.body': 'Nous déplaçons les robots.',
  scheduled_for: '2026-12-05T08:00',
  scheduled_until: '2026-12-05T12:00',
  [`component.${crawlers}`]: 'under_maintenance',
  reminders: ['1440', '60'],
  reminders_custom: '7d',
  auto_start: 'on',
  auto_complete: 'on',
  deliver_notifications: 'on',
  ...more,
});

describe('confirming what a form e-mails', () => {
  it('Schedule maintenance asks first: the window, components, reminders, each message and the count; nothing exists until confirmed', async () => {
    const { admin, crawlers } = await setUp();
    await admin.get('/admin/maintenances/new');
    const before = await fingerprint();

    const asked = await admin.post('/admin/maintenances', schedule(crawlers.id));
    expect(asked.status).toBe(200);
    const question = textOf(asked.html);
    expect(question).toContain('Schedule “Crawler move”?');
    expect(question).toContain('3 subscribers will be e-mailed. (English: 1 subscriber; French: 2 subscribers)');
    expect(question).toContain('Window Saturday, 5 December 2026, 08:00 → 12:00 (Europe/Paris)');
    expect(question).toContain('Components Price crawlers: Under maintenance');
    expect(question).toContain('Reminders 7 d, 24 h, 1 h');
    expect(question).toContain('Message in English We move the crawlers.');
    expect(question).toContain('Message in French Nous déplaçons les robots.');
    // The form's button pressed twice asks twice, the same question, and creates nothing.
    const again = await admin.post('/admin/maintenances', schedule(crawlers.id));
    expect(confirmationForm(again.html)).toEqual(confirmationForm(asked.html));
    expect(await fingerprint()).toEqual(before);

    // Back: the form as typed, nothing written.
    const back = await admin.answer(asked, 'back');
    expect(back.status).toBe(200);
    expect(back.html).toContain('value="Crawler move"');
    expect(back.html).toContain('value="7d"');
    expect(await fingerprint()).toEqual(before);

    // A confirmation carrying other input than it was shown for acts on nothing.
    const { action, fields } = confirmationForm(asked.html);
    const tampered = await admin.post(action, { ...fields, name: 'Something else' });
    expect(tampered.status).toBe(409);
    expect(await fingerprint()).toEqual(before);

    const created = await admin.answer(asked);
    expect(created.status).toBe(303);
    const id = created.location?.split('/').pop() ?? '';
    expect(await rows('SELECT kind, deliver FROM notices WHERE subject_id = ?', id)).toEqual([{ kind: 'scheduled', deliver: 1 }]);
    expect(await rows('SELECT name FROM maintenances')).toEqual([{ name: 'Crawler move' }]);
  });

  it('without notifying, scheduling and declaring happen at once; a mistake is shown on the form before anything is asked', async () => {
    const { h, admin, crawlers } = await setUp();
    await admin.get('/admin/maintenances/new');
    const { deliver_notifications: _, ...silent } = schedule(crawlers.id);
    expect((await admin.post('/admin/maintenances', silent)).status).toBe(303);
    const declared = await admin.post('/admin/incidents', { name: 'Slow', status: 'investigating', body: 'Slow.' });
    expect(declared.status).toBe(303);
    expect(ok(await h.api('GET', `/incidents/${declared.location?.split('/').pop()}`)).incident.name).toBe('Slow');

    const before = await fingerprint();
    const backwards = await admin.post('/admin/maintenances', schedule(crawlers.id, { scheduled_until: '2026-12-05T07:00' }));
    expect(backwards.status).toBe(422);
    expect(backwards.html).toMatch(/The end must be after the start./);
    const gone = await admin.post('/admin/incidents', {
      name: 'Down',
      status: 'investigating',
      body: 'Down.',
      'component.nosuchthing': 'major_outage',
      deliver_notifications: 'on',
    });
    expect(gone.status).toBe(422);
    expect(textOf(gone.html)).toContain('A component on this form no longer exists (nosuchthing).');
    expect(await fingerprint()).toEqual(before);
  });

  it('moving the window asks first with the move as subscribers will read it; an edit of the text alone does not ask', async () => {
    const { h, admin, crawlers } = await setUp();
    await admin.get('/admin/maintenances/new');
    const id = (await admin.postConfirmed('/admin/maintenances', schedule(crawlers.id))).location?.split('/').pop() ?? '';
    await admin.get(`/admin/maintenances/${id}/edit`);
    const before = await fingerprint();

    const asked = await admin.post(
      `/admin/maintenances/${id}`,
      schedule(crawlers.id, {
        body: '',
        'translations.fr.body': '',
        scheduled_for: '2026-12-05T10:00',
        scheduled_until: '2026-12-05T14:00',
      }),
    );
    expect(asked.status).toBe(200);
    const question = textOf(asked.html);
    expect(question).toContain('Move “Crawler move”?');
    expect(question).toContain('3 subscribers will be e-mailed.');
    expect(question).toContain(
      'Move Postponed: previously Saturday, 5 December 2026, 08:00 → 12:00 (Europe/Paris), now Saturday, 5 December 2026, 10:00 → 14:00 (Europe/Paris).',
    );
    expect(question).toContain('None typed: the standard message is posted.');
    expect(await fingerprint()).toEqual(before);
    expect((await admin.answer(asked)).status).toBe(303);
    expect(ok(await h.api('GET', `/maintenances/${id}`)).maintenance.scheduled_for).toBe('2026-12-05T09:00:00.000Z');
    expect(await rows("SELECT kind FROM notices WHERE subject_id = ? AND kind = 'rescheduled'", id)).toHaveLength(1);

    // Renaming only: saved at once, nobody e-mailed.
    await admin.get(`/admin/maintenances/${id}/edit`);
    const renamed = await admin.post(
      `/admin/maintenances/${id}`,
      schedule(crawlers.id, {
        name: 'Crawler relocation',
        body: '',
        scheduled_for: '2026-12-05T10:00',
        scheduled_until: '2026-12-05T14:00',
      }),
    );
    expect(renamed.status).toBe(303);
    expect(await rows("SELECT kind FROM notices WHERE subject_id = ? AND kind = 'rescheduled'", id)).toHaveLength(1);
  });
});
