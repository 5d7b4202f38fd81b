import { env } from 'cloudflare:test';
import { beforeEach, describe, expect, inject, it } from 'vitest';
import { randomId } from '../../src/env';
import { rows } from '../support/db';
import { makeCatalogue } from '../support/factories';
import { harness, ok } from '../support/harness';
import { emptyPage } from '../support/status-story';

// Migration 0013 rebuilds `notices`, which three tables reference. Run on a database that holds
// notices, e-mail and webhook deliveries and pruned tallies, its rebuild keeps every row and every
// reference, and foreign keys are enforced again afterwards.

const receiver = inject('webhookReceiver');

/** The rebuild's statements, as `wrangler d1 migrations apply` runs them: one batch, one transaction. */
function rebuildStatements(): D1PreparedStatement[] {
  const migration = env.TEST_MIGRATIONS.find((m) => m.name.startsWith('0013_'));
  if (!migration) throw new Error('migration 0013 not found');
  const queries = migration.queries;
  const end = queries.findIndex((q) => /PRAGMA defer_foreign_keys = off/.test(q));
  return queries.slice(0, end + 1).map((q) => env.DB.prepare(q));
}

describe('migration 0013 on a database in use', () => {
  beforeEach(emptyPage);

  it('keeps every notice, with its rowid, and every reference to it; foreign keys hold afterwards', async () => {
    const h = harness('2026-11-21T07:00:00.000Z', { vars: { ALLOW_LOOPBACK_TARGETS: '1' } });
    const { api } = await makeCatalogue(h);
    ok(await h.api('POST', '/webhooks', { url: `${receiver}/hooks/rebuild-${randomId()}` }));
    ok(await h.api('POST', '/subscribers/import', { confirmed: true, subscribers: [{ email: 'reader@example.com' }] }));
    ok(await h.api('POST', '/incidents', { name: 'API errors', body: 'Elevated error rates.', components: { [api.id]: 'major_outage' } }));
    await h.drainQueue();
    const [incidentNotice] = await rows<{ id: string }>("SELECT id FROM notices WHERE subject_type = 'incident'");
    await env.DB.prepare(`INSERT INTO pruned_deliveries (notice_id, channel, status, count) VALUES (?, 'email', 'sent', 3)`)
      .bind(incidentNotice!.id)
      .run();

    const snapshot = async () => ({
      notices: await rows('SELECT rowid, id, dedupe_key, subject_type, kind, payload, fanned_out_at FROM notices ORDER BY rowid'),
      deliveries: await rows("SELECT id, notice_id, status FROM deliveries WHERE purpose = 'notice' ORDER BY id"),
      webhookDeliveries: await rows('SELECT id, notice_id, status FROM webhook_deliveries ORDER BY id'),
      pruned: await rows('SELECT * FROM pruned_deliveries'),
    });
    const before = await snapshot();
    expect(before.notices).toHaveLength(2);
    expect(before.deliveries).toHaveLength(1);
    expect(before.webhookDeliveries).toHaveLength(2);

    await env.DB.batch(rebuildStatements());

    expect(await snapshot()).toEqual(before);
    const indexes = await rows<{ name: string }>(
      "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'notices' ORDER BY name",
    );
    expect(indexes.map((i) => i.name)).toEqual(expect.arrayContaining(['notices_created', 'notices_subject', 'notices_unfanned']));
    // References are enforced again: a delivery of a notice that does not exist is refused.
    await expect(
      env.DB.prepare(
        `INSERT INTO webhook_deliveries (id, notice_id, webhook_id, status, created_at, updated_at) SELECT 'x', 'nosuchnotice', id, 'pending', 'now', 'now' FROM webhooks`,
      ).run(),
    ).rejects.toThrow(/FOREIGN KEY/);
    // And the CHECKs are the new ones.
    await expect(
      env.DB.prepare(
        `INSERT INTO notices (id, dedupe_key, subject_type, subject_id, kind, created_at, payload) VALUES ('n', 'k', 'page', 'p', 'update', 'now', '{}')`,
      ).run(),
    ).rejects.toThrow(/CHECK/);
  });
});
