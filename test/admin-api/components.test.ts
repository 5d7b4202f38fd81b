import { describe, expect, it } from 'vitest';
import { auditActions, rows, statusLog } from '../support/db';
import { makeComponent, makeGroup } from '../support/factories';
import { harness, ok } from '../support/harness';

describe('components and groups through the admin API', () => {
  it('an operator builds a catalogue of groups and components', async () => {
    const h = harness();
    const group = await makeGroup(h, 'Application');
    const webapp = await makeComponent(h, 'Web app', { group_id: group.id, description: 'Dashboards' });
    const login = await makeComponent(h, 'Login');

    const listed = ok(await h.api('GET', '/components')).components;
    expect(listed.map((c: { name: string }) => c.name)).toEqual(['Web app', 'Login']);
    expect(listed[0]).toMatchObject({ id: webapp.id, group_id: group.id, status: 'operational', description: 'Dashboards' });
    const groups = ok(await h.api('GET', '/groups')).groups;
    expect(groups).toEqual([expect.objectContaining({ id: group.id, name: 'Application', components: [webapp.id] })]);

    expect(await auditActions(group.id)).toEqual(['group.create']);
    expect(await auditActions(login.id)).toEqual(['component.create']);
    expect(await statusLog(login.id)).toEqual([
      expect.objectContaining({ old_status: null, new_status: 'operational', cause_type: 'operator' }),
    ]);
  });

  it('a status change by hand is logged with its time and audited', async () => {
    const h = harness('2026-11-20T09:00:00.000Z');
    const api = await makeComponent(h, 'Public API');
    h.clock.set('2026-11-20T10:15:00.000Z');
    const patched = ok(await h.api('PATCH', `/components/${api.id}`, { status: 'partial_outage' })).component;
    expect(patched.status).toBe('partial_outage');
    h.clock.set('2026-11-20T10:45:00.000Z');
    ok(await h.api('PATCH', `/components/${api.id}`, { name: 'Public REST API' }));

    expect(await statusLog(api.id)).toEqual([
      { old_status: null, new_status: 'operational', changed_at: '2026-11-20T09:00:00.000Z', cause_type: 'operator', cause_id: null },
      {
        old_status: 'operational',
        new_status: 'partial_outage',
        changed_at: '2026-11-20T10:15:00.000Z',
        cause_type: 'operator',
        cause_id: null,
      },
    ]);
    expect(await auditActions(api.id)).toEqual(['component.create', 'component.update', 'component.update']);
    const audit = ok(await h.api('GET', `/audit?target_id=${api.id}`)).audit;
    expect(audit[0]).toMatchObject({ actor: 'admin-token', action: 'component.update', details: { name: 'Public REST API' } });
  });

  it('deleting a group keeps its components, ungrouped; deleting a component hides it', async () => {
    const h = harness();
    const group = await makeGroup(h, 'Integrations');
    const alerts = await makeComponent(h, 'E-mail alerts', { group_id: group.id });
    expect((await h.api('DELETE', `/groups/${group.id}`)).status).toBe(204);
    expect(ok(await h.api('GET', `/components/${alerts.id}`)).component.group_id).toBeNull();
    expect((await h.api('DELETE', `/components/${alerts.id}`)).status).toBe(204);
    expect((await h.api('GET', `/components/${alerts.id}`)).status).toBe(404);
    expect(await rows('SELECT id FROM components WHERE id = ? AND deleted_at IS NOT NULL', alerts.id)).toHaveLength(1);
    expect(await auditActions(alerts.id)).toEqual(['component.create', 'component.delete']);
  });
});
