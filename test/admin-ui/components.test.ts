import { describe, expect, it } from 'vitest';
import { fingerprint, rows } from '../support/db';
import { harness } from '../support/harness';
import { adminClient, textOf } from './client';

describe('components and groups in the admin UI', () => {
  it('an operator creates a group and a component in it, changes its status and reorders', async () => {
    const h = harness();
    const admin = adminClient(h);
    await admin.signIn();
    await admin.get('/admin/components');
    expect((await admin.post('/admin/groups', { name: 'Platform' })).status).toBe(303);
    const [group] = await rows<{ id: string }>("SELECT id FROM component_groups WHERE name = 'Platform'");
    await admin.get('/admin/components');
    for (const name of ['Web app', 'Price crawlers']) {
      const res = await admin.post('/admin/components', { name, group_id: group?.id ?? '', status: 'operational', showcase: 'on' });
      expect(res.status, name).toBe(303);
    }
    const components = await rows<{ id: string; name: string; position: number; group_id: string }>(
      'SELECT id, name, position, group_id FROM components WHERE group_id = ? ORDER BY position',
      group?.id,
    );
    expect(components.map((c) => c.name)).toEqual(['Web app', 'Price crawlers']);
    expect(components.every((c) => c.group_id === group?.id)).toBe(true);

    const crawlers = components[1]?.id ?? '';
    await admin.get('/admin/components');
    expect((await admin.post(`/admin/components/${crawlers}/status`, { status: 'major_outage' })).status).toBe(303);
    expect((await admin.post(`/admin/components/${crawlers}/move`, { direction: 'up' })).status).toBe(303);
    const after = await rows<{ name: string; status: string }>(
      'SELECT name, status FROM components WHERE group_id = ? ORDER BY position',
      group?.id,
    );
    expect(after).toEqual([
      { name: 'Price crawlers', status: 'major_outage' },
      { name: 'Web app', status: 'operational' },
    ]);
    const page = textOf((await admin.get('/admin/components')).html);
    expect(page).toMatch(/Price crawlers Major outage .*Web app Operational/);
    expect(await rows('SELECT new_status FROM component_status_log WHERE component_id = ? ORDER BY id', crawlers)).toEqual([
      { new_status: 'operational' },
      { new_status: 'major_outage' },
    ]);
  });

  it('an empty name re-renders the form with 422, the message next to the field and what was typed', async () => {
    const h = harness();
    const admin = adminClient(h);
    await admin.signIn();
    await admin.get('/admin/components');
    const before = await fingerprint();
    const res = await admin.post('/admin/components', {
      name: '   ',
      description: 'Dashboards <b>and</b> alerts',
      status: 'degraded_performance',
    });
    expect(res.status).toBe(422);
    expect(res.html).toMatch(/<input id="new-component-name" name="name" type="text" value=" {3}"[^>]*aria-invalid="true"/);
    expect(res.html).toMatch(/<p class="field-error" id="new-component-name-error">Enter a name.<\/p>/);
    expect(res.html).toContain('Dashboards &lt;b&gt;and&lt;/b&gt; alerts</textarea>');
    expect(res.html).toMatch(/<option value="degraded_performance" selected="">/);
    expect(await fingerprint()).toEqual(before);
  });

  it('editing keeps the same rules: a 422 shows on the edit page with the typed values', async () => {
    const h = harness();
    const admin = adminClient(h);
    await admin.signIn();
    await admin.get('/admin/components');
    await admin.post('/admin/components', { name: 'Login', status: 'operational' });
    const [login] = await rows<{ id: string }>("SELECT id FROM components WHERE name = 'Login'");
    await admin.get(`/admin/components/${login?.id}`);
    const res = await admin.post(`/admin/components/${login?.id}`, { name: 'x'.repeat(201), status: 'operational' });
    expect(res.status).toBe(422);
    expect(res.html).toContain(`value="${'x'.repeat(201)}"`);
    expect(textOf(res.html)).toContain('At most 200 characters.');
    const ok = await admin.post(`/admin/components/${login?.id}`, { name: 'Sign-in', status: 'operational', description: '' });
    expect(ok.status).toBe(303);
    expect(await rows('SELECT name, description FROM components WHERE id = ?', login?.id)).toEqual([
      { name: 'Sign-in', description: null },
    ]);
  });
});

describe('groups and the audit log in the admin UI', () => {
  it('groups reorder, and every write shows in the audit log with who made it', async () => {
    const h = harness();
    const admin = adminClient(h);
    await admin.signIn();
    await admin.get('/admin/components');
    for (const name of ['Audit first', 'Audit second']) expect((await admin.post('/admin/groups', { name })).status).toBe(303);
    const [, second] = await rows<{ id: string }>(
      "SELECT id FROM component_groups WHERE name IN ('Audit first', 'Audit second') ORDER BY position",
    );
    await admin.get('/admin/components');
    expect((await admin.post(`/admin/groups/${second?.id}/move`, { direction: 'up' })).status).toBe(303);
    const order = await rows<{ name: string }>(
      "SELECT name FROM component_groups WHERE name IN ('Audit first', 'Audit second') ORDER BY position",
    );
    expect(order.map((g) => g.name)).toEqual(['Audit second', 'Audit first']);

    const audit = await admin.get('/admin/audit');
    expect(audit.status).toBe(200);
    const text = textOf(audit.html);
    // Details read as field and value, not JSON.
    expect(text).toMatch(new RegExp(`admin-token group.update group ${second?.id} Position \\d+ `));
    expect(text).toMatch(/admin-token group.create group [a-z0-9]+ Name Audit second /);
  });
});
