// A client generated from the OpenAPI document, as an integrator would make one: types by
// openapi-typescript (generated/admin-api.ts, kept current by test/local/openapi-document.test.ts)
// and openapi-fetch, driving the real worker. `tsc --noEmit` compiles this file, so the types are
// checked: each @ts-expect-error below must meet a real type error, or the compile fails.
import createClient from 'openapi-fetch';
import { beforeEach, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, BASE, harness } from '../support/harness';
import { emptyPage } from '../support/status-story';
import type { components, paths } from './generated/admin-api';

type Maintenance = components['schemas']['Maintenance'];

function clientOf(h: ReturnType<typeof harness>, token: string = ADMIN_TOKEN) {
  return createClient<paths>({
    baseUrl: `${BASE}/api/v1`,
    fetch: (request) => h.fetch(request),
    headers: { authorization: `Bearer ${token}` },
  });
}

describe('a client generated from the OpenAPI document', () => {
  beforeEach(emptyPage);

  it('schedules a maintenance and reads it back, typed end to end', async () => {
    const h = harness('2026-11-20T09:00:00.000Z');
    const client = clientOf(h);

    const created = await client.POST('/components', { body: { name: 'Crawlers' } });
    expect(created.response.status).toBe(201);
    const crawlers = created.data!.component;

    const scheduled = await client.POST('/maintenances', {
      body: {
        name: 'Data-centre move',
        scheduled_for: '2026-12-05T07:00:00Z',
        scheduled_until: '2026-12-06T19:00:00Z',
        components: { [crawlers.id]: 'under_maintenance' },
        still_working: 'Dashboards, read-only.',
        reminders: [1440, 60],
      },
    });
    expect(scheduled.error).toBeUndefined();
    expect(scheduled.response.status).toBe(201);
    const maintenance: Maintenance = scheduled.data!.maintenance;

    const read = await client.GET('/maintenances/{id}', { params: { path: { id: maintenance.id } } });
    expect(read.response.status).toBe(200);
    const back = read.data!.maintenance;
    // Typed fields, not `unknown`: an enum, a record of enums, numbers, nullable instants.
    const status: 'scheduled' | 'in_progress' | 'verifying' | 'completed' | 'cancelled' = back.status;
    const planned: 'operational' | 'degraded_performance' | 'partial_outage' | 'major_outage' | 'under_maintenance' | undefined =
      back.components[crawlers.id];
    const reminders: number[] = back.reminders;
    const startedAt: string | null = back.started_at;
    expect({ status, planned, reminders, startedAt }).toEqual({
      status: 'scheduled',
      planned: 'under_maintenance',
      reminders: [1440, 60],
      startedAt: null,
    });
    expect(back).toMatchObject({
      id: maintenance.id,
      name: 'Data-centre move',
      scheduled_for: '2026-12-05T07:00:00.000Z',
      scheduled_until: '2026-12-06T19:00:00.000Z',
      still_working: 'Dashboards, read-only.',
    });

    const listed = await client.GET('/maintenances', { params: { query: { status: 'scheduled', limit: 10 } } });
    expect(listed.data!.maintenances.map((m) => m.id)).toEqual([maintenance.id]);

    // The types refuse what the API would refuse.
    // @ts-expect-error scheduled_for and scheduled_until are required
    await client.POST('/maintenances', { body: { name: 'No window' } });
    // @ts-expect-error a maintenance status is one of five words
    await client.GET('/maintenances', { params: { query: { status: 'on_fire' } } });
    // @ts-expect-error the path names its id
    await client.GET('/maintenances/{id}', {});
    // @ts-expect-error an answer has no field the document does not list
    expect(back.cancelled).toBeUndefined();
  });

  it('reads an error in the document’s Error shape', async () => {
    const h = harness('2026-11-20T09:00:00.000Z');
    const client = clientOf(h);
    const missing = await client.GET('/maintenances/{id}', { params: { path: { id: 'nosuchthing' } } });
    expect(missing.response.status).toBe(404);
    expect(missing.data).toBeUndefined();
    const code: string = missing.error!.error.code;
    expect(code).toBe('not_found');

    const refused = await clientOf(h, 'not-a-token').GET('/maintenances', {});
    expect(refused.response.status).toBe(401);
    expect(refused.error!.error.code).toBe('unauthorized');
  });
});
