import { beforeEach, describe, expect, it } from 'vitest';
import { auditActions, fingerprint, rows } from '../support/db';
import { makeCatalogue } from '../support/factories';
import type { Harness } from '../support/harness';
import { DAY, harness, ok } from '../support/harness';
import { mailbox } from '../support/mail';
import { emptyPage } from '../support/status-story';

// Drafts of incidents and maintenance: checked like a create when saved, invisible and silent
// until published, published by the create operation itself.

const PUBLIC_SURFACES = [
  '/',
  '/history',
  '/embed',
  '/api/v2/summary.json',
  '/api/v2/scheduled-maintenances.json',
  '/api/v2/scheduled-maintenances/upcoming.json',
  '/api/v2/incidents.json',
  '/history.rss',
  '/history.atom',
  '/feed.json',
  '/maintenances.ics',
];

/** Every public surface, in English and in French, as one text. */
async function everythingPublic(h: Harness): Promise<string> {
  let all = '';
  for (const path of PUBLIC_SURFACES) {
    for (const lang of ['en', 'fr']) {
      const res = await h.fetch(`${path}?lang=${lang}`);
      expect(res.status, path).toBe(200);
      all += await res.text();
    }
  }
  return all;
}

/** The fingerprint of every table a write to the page would touch; a draft touches none but its own and the audit log. */
async function publicState() {
  // A draft is the operator's own row: saving one changes nothing public.
  const { audit_log: _audit, drafts: _drafts, ...rest } = await fingerprint();
  return rest;
}

const MIGRATION = (components: Record<string, string>) => ({
  name: 'Data-centre migration',
  body: 'We move our **servers** to a new data centre.',
  scheduled_for: '2026-12-05T08:00:00+01:00',
  scheduled_until: '2026-12-06T20:00:00+01:00',
  components,
  reminders: [1440, 60],
  still_working: 'Login and read-only dashboards.',
  translations: {
    fr: {
      name: 'Migration du centre de données',
      body: 'Nous déménageons nos **serveurs** dans un nouveau centre de données.',
      still_working: 'La connexion et les tableaux de bord en lecture seule.',
    },
  },
});

async function setUp(smtpUrl?: string) {
  const h = harness('2026-11-21T07:00:00.000Z', smtpUrl ? { smtpUrl } : {});
  ok(await h.api('PATCH', '/page', { name: 'Acme Intel', time_zone: 'Europe/Paris', default_locale: 'en' }));
  const catalogue = await makeCatalogue(h);
  ok(
    await h.api('POST', '/subscribers/import', {
      confirmed: true,
      subscribers: [
        { email: 'anne@example.com', locale: 'fr', components: [catalogue.crawlers.id] },
        { email: 'bob@example.com', locale: 'en' },
        { email: 'carl@example.com', locale: 'en', components: [catalogue.alerts.id] },
      ],
    }),
  );
  return { h, ...catalogue };
}

describe('drafts through the admin API', () => {
  beforeEach(emptyPage);

  it('a maintenance saved as a draft is nowhere public and e-mails nobody; its preview shows each e-mail and its readers; publishing sends them', async () => {
    const mail = await mailbox();
    const { h, crawlers, webapp } = await setUp(mail.smtpUrl);
    const before = await publicState();
    const publicBefore = await everythingPublic(h);

    const saved = await h.api('POST', '/drafts', {
      subject_type: 'maintenance',
      input: MIGRATION({ [crawlers.id]: 'under_maintenance', [webapp.id]: 'degraded_performance' }),
    });
    expect(saved.status, JSON.stringify(saved.body)).toBe(201);
    const draft = saved.body.draft;
    expect(draft).toMatchObject({ subject_type: 'maintenance', published_id: null, published_at: null, created_by: 'admin-token' });
    // Stored as it will be created: instants in UTC, defaults filled in.
    expect(draft.input).toMatchObject({
      scheduled_for: '2026-12-05T07:00:00.000Z',
      auto_start: true,
      deliver_notifications: true,
      translations: { fr: { name: 'Migration du centre de données' } },
    });
    expect(ok(await h.api('GET', '/drafts')).drafts.map((d: { id: string }) => d.id)).toEqual([draft.id]);

    // Nothing public changed: no maintenance, no notice, no delivery, the same page, feeds and JSON.
    expect(await publicState()).toEqual(before);
    const publicNow = await everythingPublic(h);
    expect(publicNow).not.toContain('Data-centre migration');
    expect(publicNow).not.toContain('Migration du centre');
    expect(publicNow.length).toBe(publicBefore.length);
    expect(h.notify.sent).toHaveLength(0);

    const preview = ok(await h.api('GET', `/drafts/${draft.id}/preview`));
    expect(preview.maintenance).toMatchObject({
      name: 'Data-centre migration',
      status: 'scheduled',
      scheduled_for: '2026-12-05T07:00:00.000Z',
    });
    expect(preview.notice).toMatchObject({ kind: 'scheduled', deliver: true });
    // Anne follows the crawlers, Bob everything; Carl follows only the e-mail alerts.
    expect(preview.audience).toEqual({ total: 2, by_locale: { en: 1, fr: 1 } });
    const [en, fr] = preview.mails;
    expect(en.locale).toBe('en');
    expect(en.subject).toContain('Data-centre migration');
    expect(en.text).toContain('Login and read-only dashboards.');
    expect(en.html).toContain('<strong>servers</strong>');
    expect(`${en.subject}${en.text}`).not.toContain('Migration du centre');
    expect(fr.locale).toBe('fr');
    expect(fr.subject).toContain('Migration du centre de données');
    expect(fr.text).toContain('La connexion et les tableaux de bord en lecture seule.');
    expect(`${fr.subject}${fr.text}`).not.toContain('Data-centre migration');
    // Previewing writes nothing either, and nobody has been written to.
    expect(await publicState()).toEqual(before);
    await h.drainQueue();
    expect(await mail.messages()).toEqual([]);

    const published = await h.api('POST', `/drafts/${draft.id}/publish`);
    expect(published.status, JSON.stringify(published.body)).toBe(201);
    const maintenance = published.body.maintenance;
    expect(published.body.draft).toMatchObject({ published_id: maintenance.id, published_at: '2026-11-21T07:00:00.000Z' });
    expect(ok(await h.api('GET', `/maintenances/${maintenance.id}`)).maintenance).toMatchObject({
      name: 'Data-centre migration',
      components: { [crawlers.id]: 'under_maintenance', [webapp.id]: 'degraded_performance' },
    });
    expect(await rows('SELECT published_id FROM drafts WHERE id = ?', draft.id)).toEqual([{ published_id: maintenance.id }]);
    expect(await auditActions(draft.id)).toEqual(['draft.create', 'draft.publish']);
    expect(await auditActions(maintenance.id)).toEqual(['maintenance.create']);
    expect(await everythingPublic(h)).toContain('Data-centre migration');

    await h.drainQueue();
    const received = await mail.messages();
    expect(received.map((m) => m.envelope.to[0]).sort()).toEqual(['anne@example.com', 'bob@example.com']);
    const anne = received.find((m) => m.envelope.to[0] === 'anne@example.com');
    expect(anne?.subject).toBe(fr.subject);
    expect(anne?.text).not.toContain('Data-centre migration');

    // A published draft is history: it no longer changes, publishes or goes.
    expect((await h.api('POST', `/drafts/${draft.id}/publish`)).status).toBe(409);
    expect((await h.api('PATCH', `/drafts/${draft.id}`, { input: { name: 'Again' } })).status).toBe(409);
    expect((await h.api('DELETE', `/drafts/${draft.id}`)).status).toBe(409);
    expect((await h.api('GET', `/drafts/${draft.id}/preview`)).status).toBe(409);
    expect(ok(await h.api('GET', '/drafts')).drafts).toEqual([]);
    expect(ok(await h.api('GET', '/drafts?published=true')).drafts.map((d: { id: string }) => d.id)).toEqual([draft.id]);
  });

  it('a draft is judged by the create schema and checks when saved: a bad one is a 422 naming the field, and nothing is saved', async () => {
    const { h, crawlers } = await setUp();
    const cases: [unknown, RegExp][] = [
      [{ subject_type: 'maintenance', input: { ...MIGRATION({}), name: '' } }, /input\.name/],
      [{ subject_type: 'maintenance', input: { ...MIGRATION({}), colour: 'red' } }, /colour|unrecognized/i],
      [{ subject_type: 'maintenance', input: MIGRATION({ nosuchcomponent: 'major_outage' }) }, /unknown component nosuchcomponent/],
      [{ subject_type: 'maintenance', input: { ...MIGRATION({}), scheduled_until: '2026-12-05T06:00:00Z' } }, /scheduled_until/],
      [
        {
          subject_type: 'maintenance',
          input: { ...MIGRATION({}), scheduled_for: '2026-11-01T08:00:00Z', scheduled_until: '2026-11-02T08:00:00Z' },
        },
        /in the past/,
      ],
      [{ subject_type: 'incident', input: { name: 'Crawlers stalled', body: '' } }, /input\.body/],
      [{ subject_type: 'postmortem', input: { name: 'x' } }, /subject_type/],
    ];
    for (const [body, message] of cases) {
      const res = await h.api('POST', '/drafts', body);
      expect(res.status, JSON.stringify(body)).toBe(422);
      expect(res.body.error.message).toMatch(message);
    }
    expect(await rows('SELECT id FROM drafts')).toEqual([]);
    // Components are checked: the same draft on a real one is fine.
    expect(
      (await h.api('POST', '/drafts', { subject_type: 'maintenance', input: MIGRATION({ [crawlers.id]: 'under_maintenance' }) })).status,
    ).toBe(201);
  });

  it('a draft edited field by field is judged whole; deleting it leaves only the audit trail', async () => {
    const { h, crawlers } = await setUp();
    const draft = ok(await h.api('POST', '/drafts', { subject_type: 'maintenance', input: MIGRATION({}) })).draft;
    h.clock.advance(60_000);
    const edited = ok(
      await h.api('PATCH', `/drafts/${draft.id}`, {
        input: { components: { [crawlers.id]: 'under_maintenance' }, still_working: null, reminders: [4320] },
      }),
    ).draft;
    expect(edited.input).toMatchObject({
      name: 'Data-centre migration',
      components: { [crawlers.id]: 'under_maintenance' },
      reminders: [4320],
    });
    expect(edited.input.still_working).toBeUndefined();
    expect(edited.updated_at).toBe('2026-11-21T07:01:00.000Z');
    // The merge is judged as a whole: an end before the start is refused, the draft kept as it was.
    const bad = await h.api('PATCH', `/drafts/${draft.id}`, { input: { scheduled_until: '2026-12-01T00:00:00Z' } });
    expect(bad.status).toBe(422);
    expect(ok(await h.api('GET', `/drafts/${draft.id}`)).draft).toEqual(edited);

    expect((await h.api('DELETE', `/drafts/${draft.id}`)).status).toBe(204);
    expect((await h.api('GET', `/drafts/${draft.id}`)).status).toBe(404);
    expect((await h.api('POST', `/drafts/${draft.id}/publish`)).status).toBe(404);
    expect(await auditActions(draft.id)).toEqual(['draft.create', 'draft.edit', 'draft.delete']);
    expect(await rows('SELECT id FROM maintenances')).toEqual([]);
  });

  it('a maintenance draft whose window has ended meanwhile cannot be published: a 422 that says so, nothing created, the draft still open', async () => {
    const { h, crawlers } = await setUp();
    const draft = ok(
      await h.api('POST', '/drafts', { subject_type: 'maintenance', input: MIGRATION({ [crawlers.id]: 'under_maintenance' }) }),
    ).draft;
    h.clock.set('2026-12-07T08:00:00.000Z');
    const late = await h.api('POST', `/drafts/${draft.id}/publish`);
    expect(late.status).toBe(422);
    expect(late.body.error.message).toMatch(
      /scheduled_until is in the past \(2026-12-06T19:00:00.000Z\): .*move its window before publishing/,
    );
    expect(late.body.error.details).toEqual({ scheduled_until: '2026-12-06T19:00:00.000Z' });
    expect(await rows('SELECT id FROM maintenances')).toEqual([]);
    expect(await rows('SELECT id FROM notices')).toEqual([]);
    expect(await rows('SELECT published_at FROM drafts WHERE id = ?', draft.id)).toEqual([{ published_at: null }]);

    ok(
      await h.api('PATCH', `/drafts/${draft.id}`, {
        input: { scheduled_for: '2026-12-12T07:00:00Z', scheduled_until: '2026-12-13T19:00:00Z' },
      }),
    );
    expect((await h.api('POST', `/drafts/${draft.id}/publish`)).status).toBe(201);
  });

  it('two operators publishing the same draft at once create one maintenance', async () => {
    const { h, crawlers } = await setUp();
    const draft = ok(
      await h.api('POST', '/drafts', { subject_type: 'maintenance', input: MIGRATION({ [crawlers.id]: 'under_maintenance' }) }),
    ).draft;
    const answers = await Promise.all([h.api('POST', `/drafts/${draft.id}/publish`), h.api('POST', `/drafts/${draft.id}/publish`)]);
    expect(answers.map((a) => a.status).sort()).toEqual([201, 409]);
    expect(await rows('SELECT id FROM maintenances')).toHaveLength(1);
    expect(await rows("SELECT id FROM notices WHERE kind = 'scheduled'")).toHaveLength(1);
  });

  it('an incident draft: its preview counts everyone when it names no component; publishing declares it', async () => {
    const { h } = await setUp();
    const draft = ok(
      await h.api('POST', '/drafts', {
        subject_type: 'incident',
        input: {
          name: 'Slow dashboards',
          body: 'Dashboards take a minute to load.',
          translations: { fr: { name: 'Tableaux de bord lents', body: 'Les tableaux de bord mettent une minute à se charger.' } },
        },
      }),
    ).draft;
    expect(draft.input).toMatchObject({ status: 'investigating', components: {}, deliver_notifications: true });
    const preview = ok(await h.api('GET', `/drafts/${draft.id}/preview`));
    expect(preview.incident).toMatchObject({ name: 'Slow dashboards', status: 'investigating' });
    expect(preview.audience).toEqual({ total: 3, by_locale: { en: 2, fr: 1 } });
    expect(preview.mails.map((m: { subject: string }) => m.subject)).toEqual([
      expect.stringContaining('Slow dashboards'),
      expect.stringContaining('Tableaux de bord lents'),
    ]);
    expect(await rows('SELECT id FROM incidents')).toEqual([]);

    const { incident } = ok(await h.api('POST', `/drafts/${draft.id}/publish`));
    expect(incident).toMatchObject({ name: 'Slow dashboards', status: 'investigating' });
    const summary = await (await h.fetch('/api/v2/summary.json')).json<{ incidents: { name: string }[] }>();
    expect(summary.incidents.map((i) => i.name)).toEqual(['Slow dashboards']);
  });

  it('a draft that notifies nobody says so in its preview', async () => {
    const { h } = await setUp();
    const draft = ok(
      await h.api('POST', '/drafts', {
        subject_type: 'incident',
        input: { name: 'Quiet fix', body: 'Nothing to see.', deliver_notifications: false },
      }),
    ).draft;
    const preview = ok(await h.api('GET', `/drafts/${draft.id}/preview`));
    expect(preview.audience).toEqual({ total: 0, by_locale: { en: 0, fr: 0 } });
    expect(preview.notice.deliver).toBe(false);
    h.clock.advance(DAY);
    expect((await h.api('GET', '/drafts/nosuchdraft')).status).toBe(404);
  });
});
