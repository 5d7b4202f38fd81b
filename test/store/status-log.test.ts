import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { listStatusLogWindow } from '../../src/store/components';
import { makeComponent } from '../support/factories';
import { harness, ok } from '../support/harness';

describe('the status log window that uptime reads', () => {
  it('holds each component’s last change before the window, then every change inside it', async () => {
    const h = harness('2026-06-01T00:00:00.000Z');
    const api = await makeComponent(h, 'Public API');
    const login = await makeComponent(h, 'Login');
    for (const [at, status] of [
      ['2026-07-01T00:00:00.000Z', 'major_outage'],
      ['2026-07-01T02:00:00.000Z', 'degraded_performance'],
      ['2026-09-15T00:00:00.000Z', 'operational'],
    ] as const) {
      h.clock.set(at);
      ok(await h.api('PATCH', `/components/${api.id}`, { status }));
    }
    const window = await listStatusLogWindow(env.DB, '2026-09-01T00:00:00.000Z');
    expect(window.map((e) => [e.componentId, e.newStatus, e.changedAt])).toEqual([
      [login.id, 'operational', '2026-06-01T00:00:00.000Z'],
      [api.id, 'degraded_performance', '2026-07-01T02:00:00.000Z'],
      [api.id, 'operational', '2026-09-15T00:00:00.000Z'],
    ]);
  });
});
