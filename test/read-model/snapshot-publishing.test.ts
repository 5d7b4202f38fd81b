// KV takes one write per second per key: the snapshot has one publisher at a time, and whatever
// races or refusals happen on the way, KV ends with the last committed state.
import { env } from 'cloudflare:test';
import { beforeEach, describe, expect, it } from 'vitest';
import { publishSnapshot } from '../../src/services/snapshot-publisher';
import { makeComponent } from '../support/factories';
import { FaultyKv } from '../support/faulty-kv';
import type { Harness } from '../support/harness';
import { harness, ok } from '../support/harness';
import { snapshotInKv, snapshotState } from '../support/snapshots';
import { emptyPage } from '../support/status-story';

const START = '2026-11-20T09:00:00.000Z';

/** A publish as any isolate starts one (the cron, a reader, another write's). */
const publish = (h: Harness, writeGapMs = 0) => publishSnapshot({ env: h.env, now: h.clock.now(), writeGapMs });

/** KV holds D1's version, the lease is free, and nothing is left to publish. */
async function expectLastStateInKv(): Promise<NonNullable<Awaited<ReturnType<typeof snapshotInKv>>>> {
  const state = await snapshotState();
  const stored = await snapshotInKv();
  expect(stored?.version).toBe(state.version);
  expect(state).toMatchObject({ published_version: state.version, lease_owner: null, lease_until_ms: null });
  return stored!;
}

const statusInKv = async (): Promise<string | undefined> => (await snapshotInKv())?.snapshot.components[0]?.status;

describe('publishing the read snapshot', () => {
  beforeEach(emptyPage);

  it('a write committed while a publish is mid-put is published by that publisher on its way out', async () => {
    const kv = new FaultyKv(env.SNAPSHOT);
    const h = harness(START, { snapshot: kv.binding });
    const web = await makeComponent(h, 'Web app');
    const gate = kv.holdNextPut();
    const first = h.api('PATCH', `/components/${web.id}`, { status: 'degraded_performance' });
    await gate.entered;

    // This write's publisher finds the lease taken and leaves its version to the holder.
    ok(await h.api('PATCH', `/components/${web.id}`, { status: 'major_outage' }));
    expect(await statusInKv()).toBe('operational');

    gate.release();
    ok(await first);
    const stored = await expectLastStateInKv();
    expect(stored.snapshot.components[0]?.status).toBe('major_outage');
  });

  it('a publisher that outlived its lease mid-put does not leave its older snapshot in KV', async () => {
    const kv = new FaultyKv(env.SNAPSHOT);
    const h = harness(START, { snapshot: kv.binding });
    const web = await makeComponent(h, 'Web app');
    const gate = kv.holdNextPut();
    const stalled = h.api('PATCH', `/components/${web.id}`, { status: 'degraded_performance' });
    await gate.entered;

    // The holder stalls past its lease, so the next write's publisher takes over and puts the newer state.
    await env.DB.prepare('UPDATE snapshot_state SET lease_until_ms = 0').run();
    ok(await h.api('PATCH', `/components/${web.id}`, { status: 'major_outage' }));
    expect(await statusInKv()).toBe('major_outage');

    // The stalled put lands now, over the newer one; its publisher finds its lease gone and puts the newest again.
    gate.release();
    ok(await stalled);
    const stored = await expectLastStateInKv();
    expect(stored.snapshot.components[0]?.status).toBe('major_outage');
  });

  it('publishers racing with writes end with KV at D1 version, every write in it', async () => {
    const h = harness(START);
    const names = ['Web app', 'API', 'Login', 'Alerts', 'Crawlers', 'Exports'];
    await Promise.all([...names.map((name) => makeComponent(h, name)), ...names.map(() => publish(h))]);
    const stored = await expectLastStateInKv();
    expect(stored.snapshot.components.map((c) => c.name).sort()).toEqual([...names].sort());
  });

  it('KV refusing writes closer than a second apart (its 429) still ends with the last state', async () => {
    const kv = new FaultyKv(env.SNAPSHOT);
    kv.refuseWithinMs = 1_000;
    const h = harness(START, { snapshot: kv.binding });
    const web = await makeComponent(h, 'Web app');
    ok(await h.api('PATCH', `/components/${web.id}`, { status: 'degraded_performance' }));
    ok(await h.api('PATCH', `/components/${web.id}`, { status: 'major_outage' }));
    expect(kv.refused).toBeGreaterThan(0);
    const stored = await expectLastStateInKv();
    expect(stored.snapshot.components[0]?.status).toBe('major_outage');
  });

  it('with the write gap, a publisher waits for KV instead of being refused', async () => {
    const kv = new FaultyKv(env.SNAPSHOT);
    kv.refuseWithinMs = 1_000;
    const h = harness(START, { snapshot: kv.binding });
    const web = await makeComponent(h, 'Web app');
    // A write committed in another isolate, whose publisher found the lease taken.
    await env.DB.batch([
      env.DB.prepare("UPDATE components SET name = 'Website' WHERE id = ?").bind(web.id),
      env.DB.prepare('UPDATE snapshot_state SET version = version + 1'),
    ]);
    const published = await publish(h, 1_000);
    expect(published?.components[0]?.name).toBe('Website');
    expect(kv).toMatchObject({ puts: 2, refused: 0 });
    await expectLastStateInKv();
  });

  it('KV refusing every write: the write answers, this isolate serves it, and the next cron tick publishes it', async () => {
    const kv = new FaultyKv(env.SNAPSHOT);
    const h = harness(START, { snapshot: kv.binding });
    const web = await makeComponent(h, 'Web app');
    kv.refuseAll = true;
    ok(await h.api('PATCH', `/components/${web.id}`, { status: 'major_outage' }));
    expect(kv.refused).toBe(3);
    expect(await statusInKv()).toBe('operational');
    const left = await snapshotState();
    expect(left.published_version).toBeLessThan(left.version);
    expect(left.lease_owner).toBeNull();

    // A second on, this isolate asks KV again, and does not go back to the older version there.
    h.clock.advance(1_000);
    const components = await (await h.fetch('/api/v2/components.json')).json<{ components: { status: string }[] }>();
    expect(components.components[0]?.status).toBe('major_outage');

    kv.refuseAll = false;
    await h.tick();
    const stored = await expectLastStateInKv();
    expect(stored.snapshot.components[0]?.status).toBe('major_outage');
  });

  it('a publisher that died with the lease leaves it to the cron once the lease runs out', async () => {
    const h = harness(START);
    const web = await makeComponent(h, 'Web app');
    await env.DB.prepare("UPDATE snapshot_state SET lease_owner = 'dead', lease_until_ms = ?")
      .bind(Date.now() + 60_000)
      .run();
    ok(await h.api('PATCH', `/components/${web.id}`, { status: 'major_outage' }));
    expect(await statusInKv()).toBe('operational');
    await h.tick();
    expect(await statusInKv()).toBe('operational');

    await env.DB.prepare('UPDATE snapshot_state SET lease_until_ms = ?')
      .bind(Date.now() - 1)
      .run();
    await h.tick();
    const stored = await expectLastStateInKv();
    expect(stored.snapshot.components[0]?.status).toBe('major_outage');
  });
});
