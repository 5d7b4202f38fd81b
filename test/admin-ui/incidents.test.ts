import { describe, expect, it } from 'vitest';
import { fingerprint, rows } from '../support/db';
import { makeCatalogue } from '../support/factories';
import { harness, ok } from '../support/harness';
import { adminClient, textOf } from './client';

describe('incidents in the admin UI', () => {
  it('open with per-component statuses, post updates, resolve, then a postmortem', async () => {
    const h = harness();
    const { crawlers, api } = await makeCatalogue(h);
    const admin = adminClient(h);
    await admin.signIn();
    await admin.get('/admin/incidents/new');
    const opened = await admin.postConfirmed('/admin/incidents', {
      name: 'Crawlers stalled',
      status: 'investigating',
      impact: '',
      [`component.${crawlers.id}`]: 'major_outage',
      [`component.${api.id}`]: 'degraded_performance',
      body: 'Price collection has stopped on every marketplace.',
      deliver_notifications: 'on',
    });
    expect(opened.status).toBe(303);
    const id = opened.location?.split('/').pop() ?? '';
    let incident = ok(await h.api('GET', `/incidents/${id}`)).incident;
    expect(incident.impact).toBe('critical');
    expect(incident.components).toEqual({ [crawlers.id]: 'major_outage', [api.id]: 'degraded_performance' });

    const page = await admin.get(`/admin/incidents/${id}`);
    // The update form starts from the statuses the incident holds.
    expect(page.html).toMatch(new RegExp(`name="component.${crawlers.id}"><option value="">[^]*?<option value="major_outage" selected=""`));
    // A change of status, resolving and the postmortem each pass through their confirmation.
    const identified = await admin.postConfirmed(`/admin/incidents/${id}/updates`, {
      status: 'identified',
      [`component.${crawlers.id}`]: 'partial_outage',
      [`component.${api.id}`]: 'operational',
      body: 'A proxy pool ran out of addresses.',
    });
    expect(identified.status).toBe(303);
    await admin.get(`/admin/incidents/${id}`);
    expect(
      (
        await admin.postConfirmed(`/admin/incidents/${id}/updates`, {
          status: 'resolved',
          body: 'Collection is back.',
          deliver_notifications: 'on',
        })
      ).status,
    ).toBe(303);
    expect(ok(await h.api('GET', `/components/${crawlers.id}`)).component.status).toBe('operational');

    const resolved = await admin.get(`/admin/incidents/${id}`);
    expect(resolved.html).toContain('id="incident-postmortem"');
    const postmortem = await admin.postConfirmed(`/admin/incidents/${id}/updates`, {
      status: 'postmortem',
      body: 'We now monitor the proxy pool size.',
      deliver_notifications: 'on',
    });
    expect(postmortem.status).toBe(303);
    incident = ok(await h.api('GET', `/incidents/${id}`)).incident;
    expect(incident.status).toBe('postmortem');
    expect(incident.postmortem_body).toBe('We now monitor the proxy pool size.');
    // The second update was posted without notifying: its notice is recorded but not delivered.
    const notices = await rows<{ kind: string; deliver: number }>(
      'SELECT kind, deliver FROM notices WHERE subject_id = ? ORDER BY created_at, rowid',
      id,
    );
    expect(notices).toEqual([
      { kind: 'created', deliver: 1 },
      { kind: 'update', deliver: 0 },
      { kind: 'resolved', deliver: 1 },
      { kind: 'postmortem', deliver: 1 },
    ]);
    const text = textOf((await admin.get(`/admin/incidents/${id}`)).html);
    expect(text).toContain('Price crawlers: Major outage → Partial outage');
    expect(text).toMatch(/Update Recorded · not e-mailed/);
    const audit = await rows('SELECT actor, action FROM audit_log WHERE target_id = ? ORDER BY id', id);
    expect(audit).toEqual([
      { actor: 'admin-token', action: 'incident.create' },
      ...Array.from({ length: 3 }, () => ({ actor: 'admin-token', action: 'incident.update' })),
    ]);
  });

  it('an unknown component or an empty message re-renders with 422 and the typed values', async () => {
    const h = harness();
    const { crawlers } = await makeCatalogue(h);
    const admin = adminClient(h);
    await admin.signIn();
    await admin.get('/admin/incidents/new');
    const before = await fingerprint();
    const res = await admin.post('/admin/incidents', {
      name: 'Slow search',
      status: 'monitoring',
      [`component.${crawlers.id}`]: 'degraded_performance',
      'component.nosuchthing': 'major_outage',
      body: '  ',
    });
    expect(res.status).toBe(422);
    expect(res.html).toContain('value="Slow search"');
    expect(res.html).toMatch(/<option value="monitoring" selected="">/);
    expect(res.html).toMatch(/id="new-incident-body-error">Write a message.</);
    const withBody = await admin.post('/admin/incidents', {
      name: 'Slow search',
      status: 'monitoring',
      'component.nosuchthing': 'major_outage',
      body: 'Searching is slow.',
    });
    expect(withBody.status).toBe(422);
    expect(textOf(withBody.html)).toContain('A component on this form no longer exists (nosuchthing).');
    expect(await fingerprint()).toEqual(before);
  });
});
