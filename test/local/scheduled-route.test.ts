// Against `wrangler dev --test-scheduled` (workerd, local D1): the /__scheduled route runs the
// same scheduled handler the cron trigger runs in production.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminApi } from '../../scripts/admin-api.mjs';
import { startLocalWorker } from '../../scripts/local-worker.mjs';

const dir = mkdtempSync(join(tmpdir(), 'forewarn-local-'));
let worker: Awaited<ReturnType<typeof startLocalWorker>>;

const api = (method: string, path: string, body?: unknown) => adminApi(worker.url, worker.adminToken).call(method, path, body);

beforeAll(async () => {
  worker = await startLocalWorker({ port: 8791, persistDir: dir, seed: false });
});

afterAll(async () => {
  await worker?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('the local cron path', () => {
  it('GET /__scheduled starts a maintenance whose time has come', async () => {
    const component = (await api('POST', '/components', { name: 'Price crawlers' })).body.component;
    const now = Date.now();
    const created = await api('POST', '/maintenances', {
      name: 'Started by the local cron',
      scheduled_for: new Date(now - 60_000).toISOString(),
      scheduled_until: new Date(now + 3_600_000).toISOString(),
      components: { [component.id]: 'under_maintenance' },
      reminders: [],
    });
    expect(created.status).toBe(201);
    expect(created.body.maintenance.status).toBe('scheduled');

    await worker.tick();

    const after = await api('GET', `/maintenances/${created.body.maintenance.id}`);
    expect(after.body.maintenance.status).toBe('in_progress');
    expect((await api('GET', `/components/${component.id}`)).body.component.status).toBe('under_maintenance');
    const notices = (await api('GET', `/notices?subject_id=${created.body.maintenance.id}`)).body.notices;
    expect(notices.map((n: { kind: string }) => n.kind)).toEqual(['scheduled', 'started']);
  });
});
