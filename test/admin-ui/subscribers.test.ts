import { beforeEach, describe, expect, it } from 'vitest';
import { fingerprint, rows } from '../support/db';
import { makeCatalogue } from '../support/factories';
import { harness, ok } from '../support/harness';
import { emptyPage } from '../support/status-story';
import { adminClient, textOf } from './client';

async function setUp() {
  const h = harness();
  const catalogue = await makeCatalogue(h);
  const admin = adminClient(h);
  await admin.signIn();
  await admin.get('/admin/subscribers');
  return { h, admin, ...catalogue };
}

/** Posts the import form as a browser does: multipart, with the CSV as an uploaded file. */
async function upload(admin: Awaited<ReturnType<typeof setUp>>['admin'], csv: string, mode: 'dry_run' | 'import', confirmed = true) {
  const form = new FormData();
  form.set('_csrf', admin.csrf ?? '');
  form.set('file', new File([csv], 'customers.csv', { type: 'text/csv' }));
  form.set('csv', '');
  if (confirmed) form.set('confirmed', 'on');
  form.set('mode', mode);
  return admin.send('POST', '/admin/subscribers/import', form);
}

describe('subscribers in the admin UI', () => {
  beforeEach(emptyPage);

  it('a dry run names every bad line and writes nothing; the real import refuses the same file', async () => {
    const { admin, crawlers } = await setUp();
    const csv = [
      'email,language,time_zone,components',
      `anne@example.com,fr,Europe/Paris,${crawlers.id}`,
      'not-an-address,en,Europe/Paris,',
      'bob@example.com,de,Europe/Berlin,',
      'carl@example.com,en,Mars/Olympus,',
      'dora@example.com,en,Europe/London,Teleporter',
      '"ANNE@example.com",en,,',
    ].join('\r\n');
    const before = await fingerprint();
    const dry = await upload(admin, csv, 'dry_run');
    expect(dry.status).toBe(200);
    const text = textOf(dry.html);
    expect(text).toContain('Dry run: 1 rows are valid and would be imported. Nothing was written.');
    expect(text).toContain('5 rows with errors');
    expect(text).toMatch(/3 not-an-address, en, Europe\/Paris, email: /);
    expect(text).toMatch(/4 bob@example.com, de, Europe\/Berlin, locale: /);
    expect(text).toMatch(/5 carl@example.com, en, Mars\/Olympus, time_zone: must be an IANA time zone/);
    expect(text).toMatch(/6 dora@example.com, en, Europe\/London, Teleporter unknown component Teleporter/);
    expect(text).toMatch(/7 ANNE@example.com, en, , the same address as line 2/);
    // The file's content comes back in the text box, to be fixed in place.
    expect(dry.html).toContain('not-an-address,en,Europe/Paris,');
    expect((await upload(admin, csv, 'import')).status).toBe(422);
    expect(await fingerprint()).toEqual(before);
  });

  it('imports a clean file (names or ids for components), finds, exports and removes subscribers, each write audited', async () => {
    const { h, admin, crawlers, api } = await setUp();
    const csv = `anne@example.com,fr,Europe/Paris,${crawlers.id} Public API\nbob@example.com,en,,\n`;
    const res = await upload(admin, csv, 'import');
    expect(res.status).toBe(200);
    expect(textOf(res.html)).toContain('Imported: 2 new, 0 updated, 0 skipped');
    const subscribers = ok(await h.api('GET', '/subscribers')).subscribers;
    expect(
      subscribers.map((s: { email: string; state: string; components: string[] | null }) => [s.email, s.state, s.components]).sort(),
    ).toEqual([
      ['anne@example.com', 'active', [crawlers.id, api.id].sort()],
      ['bob@example.com', 'active', null],
    ]);

    const found = textOf((await admin.get('/admin/subscribers?q=ANNE')).html);
    expect(found).toContain('anne@example.com');
    expect(found).not.toContain('bob@example.com');
    expect(found).toContain('Price crawlers, Public API');

    const exported = await admin.get('/admin/subscribers/export.csv');
    expect(exported.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(exported.html.split('\r\n')[0]).toBe(
      'email,state,locale,time_zone,components,created_at,confirmed_at,unsubscribed_at,bounced_at',
    );
    expect(exported.html).toContain('bob@example.com,active,en,Etc/UTC,');

    // The export imports back unchanged.
    await admin.get('/admin/subscribers');
    const again = await upload(admin, exported.html, 'dry_run');
    expect(textOf(again.html)).toContain('2 rows are valid');

    const anne = subscribers.find((s: { email: string }) => s.email === 'anne@example.com');
    await admin.get('/admin/subscribers');
    expect((await admin.post(`/admin/subscribers/${anne.id}/delete`)).status).toBe(303);
    expect(await rows('SELECT email FROM subscribers')).toEqual([{ email: 'bob@example.com' }]);
    expect(await rows('SELECT actor, action, target_id FROM audit_log WHERE target_type = ? ORDER BY id', 'subscriber')).toEqual([
      { actor: 'admin-token', action: 'subscriber.import', target_id: null },
      { actor: 'admin-token', action: 'subscriber.delete', target_id: anne.id },
    ]);
  });

  it('an import without file or text re-renders with a message at the text box', async () => {
    const { admin } = await setUp();
    const res = await admin.post('/admin/subscribers/import', { csv: '  ', mode: 'dry_run' });
    expect(res.status).toBe(422);
    expect(res.html).toMatch(/id="import-csv-error">Choose a CSV file or paste its lines\.</);
  });
});
