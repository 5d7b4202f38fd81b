import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { isStaleWrite } from '../../src/store/guard';
import { findIncident, saveIncidentStatements } from '../../src/store/incidents';
import { rows } from '../support/db';
import { makeCatalogue } from '../support/factories';
import { harness, ok } from '../support/harness';

describe('compare-and-swap on a revision', () => {
  it('a write built on a stale read is rolled back whole', async () => {
    const h = harness();
    const { api } = await makeCatalogue(h);
    const created = ok(
      await h.api('POST', '/incidents', { name: 'Slow', body: 'Slow.', components: { [api.id]: 'degraded_performance' } }),
    ).incident;
    const stale = await findIncident(env.DB, created.id);
    if (!stale) throw new Error('incident missing');

    ok(await h.api('POST', `/incidents/${created.id}/updates`, { status: 'identified', body: 'Found it.' }));
    const marker = env.DB.prepare("INSERT INTO audit_log (at, actor, action, target_type) VALUES ('x', 'test', 'must.not.stay', 'test')");
    const attempt = env.DB.batch([
      ...saveIncidentStatements(env.DB, { ...stale, name: 'Overwritten', revision: 'r2' }, stale.revision),
      marker,
    ]);
    await expect(attempt).rejects.toSatisfy(isStaleWrite);

    expect(ok(await h.api('GET', `/incidents/${created.id}`)).incident).toMatchObject({ name: 'Slow', status: 'identified' });
    expect(await rows("SELECT * FROM audit_log WHERE action = 'must.not.stay'")).toEqual([]);
    expect(await rows('SELECT * FROM write_checks')).toEqual([]);
  });
});
