import { XMLParser } from 'fast-xml-parser';
import { beforeEach, describe, expect, it } from 'vitest';
import { COMPONENT_STATUS_INFO, INDICATOR_COLOR } from '../../src/domain/status';
import { makeComponent, makeGroup, makeMaintenance } from '../support/factories';
import { DAY, HOUR, harness, MINUTE, ok } from '../support/harness';
import { emptyPage } from '../support/status-story';

const svg = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@' });

async function badge(h: ReturnType<typeof harness>, path: string, status = 200) {
  const response = await h.fetch(path);
  expect(response.status, path).toBe(status);
  expect(response.headers.get('content-type')).toBe('image/svg+xml; charset=utf-8');
  const doc = svg.parse(await response.text()).svg;
  const fills = (doc.g[0].rect as { '@fill': string }[]).map((r) => r['@fill']);
  return { response, title: doc.title as string, messageFill: fills[1] };
}

/** Saturday 5 December 2026, 08:00 in Paris. */
const SATURDAY_8 = '2026-12-05T07:00:00.000Z';

describe('/badge.svg ahead of a maintenance', () => {
  beforeEach(emptyPage);

  it('says "maintenance scheduled" with its start in the page’s zone from a week before, in the maintenance colour', async () => {
    const h = harness('2026-11-20T09:00:00.000Z');
    ok(await h.api('PATCH', '/page', { time_zone: 'Europe/Paris' }));
    const web = await makeComponent(h, 'Web app');
    await makeMaintenance(h, { name: 'Move', scheduled_for: SATURDAY_8, components: { [web.id]: 'under_maintenance' } });

    // Two weeks ahead: nothing to say yet.
    expect((await badge(h, '/badge.svg')).title).toBe('status: All Systems Operational');

    h.clock.set(new Date(Date.parse(SATURDAY_8) - 7 * DAY));
    const soon = await badge(h, '/badge.svg');
    expect(soon.title).toBe('status: maintenance scheduled 5 Dec, 08:00 CET');
    expect(soon.messageFill).toBe(INDICATOR_COLOR.maintenance);
    // A second reader within the same snapshot gets the same words, and a 304 for the same ETag.
    const etag = soon.response.headers.get('etag')!;
    expect((await h.fetch('/badge.svg', { headers: { 'If-None-Match': etag } })).status).toBe(304);

    // Opting out keeps the plain status, from the same snapshot.
    const plain = await badge(h, '/badge.svg?upcoming=0');
    expect(plain.title).toBe('status: All Systems Operational');
    expect(plain.messageFill).toBe(INDICATOR_COLOR.none);
    expect(plain.response.headers.get('etag')).not.toBe(etag);

    // Still said once the planned start has passed and the work has not begun.
    h.clock.set(new Date(Date.parse(SATURDAY_8) + 10 * MINUTE));
    expect((await badge(h, '/badge.svg')).title).toBe('status: maintenance scheduled 5 Dec, 08:00 CET');
  });

  it('lets what is wrong now speak first: an outage, or the maintenance once it runs', async () => {
    const h = harness('2026-12-01T09:00:00.000Z');
    const web = await makeComponent(h, 'Web app');
    const api = await makeComponent(h, 'API');
    const move = await makeMaintenance(h, { scheduled_for: SATURDAY_8, components: { [web.id]: 'under_maintenance' } });

    ok(await h.api('PATCH', `/components/${api.id}`, { status: 'major_outage' }));
    expect((await badge(h, '/badge.svg')).title).toBe('status: Major System Outage');
    ok(await h.api('PATCH', `/components/${api.id}`, { status: 'operational' }));

    h.clock.set(SATURDAY_8);
    ok(await h.api('POST', `/maintenances/${move.id}/updates`, { status: 'in_progress' }));
    expect((await badge(h, '/badge.svg')).title).toBe('status: Service Under Maintenance');
  });

  it('shows on a component’s badge only for maintenance planned on it (or, for a group, on a member)', async () => {
    const h = harness('2026-12-01T09:00:00.000Z');
    const group = await makeGroup(h, 'Platform');
    const web = await makeComponent(h, 'Web app', { group_id: group.id });
    await makeComponent(h, 'Crawlers', { group_id: group.id });
    const login = await makeComponent(h, 'Login');
    const degraded = await makeComponent(h, 'Search', { status: 'degraded_performance' });
    await makeMaintenance(h, {
      scheduled_for: SATURDAY_8,
      components: { [web.id]: 'under_maintenance', [degraded.id]: 'under_maintenance' },
    });

    const planned = await badge(h, `/badge.svg?component=${web.id}`);
    expect(planned.title).toBe('Web app: maintenance scheduled 5 Dec, 07:00 UTC');
    expect(planned.messageFill).toBe(INDICATOR_COLOR.maintenance);
    expect((await badge(h, `/badge.svg?component=${group.id}`)).title).toBe('Platform: maintenance scheduled 5 Dec, 07:00 UTC');
    expect((await badge(h, `/badge.svg?component=${login.id}`)).title).toBe('Login: operational');
    // A component already in trouble keeps saying so.
    const search = await badge(h, `/badge.svg?component=${degraded.id}`);
    expect(search.title).toBe('Search: degraded performance');
    expect(search.messageFill).toBe(COMPONENT_STATUS_INFO.degraded_performance.color);
    expect((await badge(h, `/badge.svg?component=${web.id}&upcoming=0`)).title).toBe('Web app: operational');
  });

  it('ignores cancelled maintenance, and names the soonest of two', async () => {
    const h = harness('2026-12-01T09:00:00.000Z');
    const later = await makeMaintenance(h, {
      name: 'Later',
      scheduled_for: '2026-12-06T07:00:00.000Z',
      scheduled_until: '2026-12-06T09:00:00.000Z',
    });
    const sooner = await makeMaintenance(h, {
      name: 'Sooner',
      scheduled_for: '2026-12-03T22:30:00.000Z',
      scheduled_until: '2026-12-04T01:00:00.000Z',
    });
    expect((await badge(h, '/badge.svg')).title).toBe('status: maintenance scheduled 3 Dec, 22:30 UTC');
    ok(await h.api('POST', `/maintenances/${sooner.id}/updates`, { status: 'cancelled', body: 'Not needed.' }));
    expect((await badge(h, '/badge.svg')).title).toBe('status: maintenance scheduled 6 Dec, 07:00 UTC');
    ok(await h.api('POST', `/maintenances/${later.id}/updates`, { status: 'cancelled', body: 'Not needed.' }));
    h.clock.advance(HOUR);
    expect((await badge(h, '/badge.svg')).title).toBe('status: All Systems Operational');
  });

  it('answers a bad ?upcoming with a 400 badge that says what it takes', async () => {
    const h = harness();
    for (const value of ['yes', '2', '']) {
      const bad = await badge(h, `/badge.svg?upcoming=${value}`, 400);
      expect(bad.title).toBe('status: upcoming must be 0 or 1');
      expect(bad.response.headers.get('cache-control')).toBe('no-store');
    }
  });
});
