import { env } from 'cloudflare:test';
import { beforeEach, describe, expect, it } from 'vitest';
import { readSnapshot, SNAPSHOT_KEY } from '../../src/services/snapshot';
import { makeComponent } from '../support/factories';
import { FaultyKv } from '../support/faulty-kv';
import { harness, MINUTE, ok } from '../support/harness';
import { asFirstDeploy, putInKv, snapshotInKv, snapshotState } from '../support/snapshots';
import { emptyPage } from '../support/status-story';

const throwingKv = {
  ...env.SNAPSHOT,
  getWithMetadata: () => Promise.reject(new Error('KV is unreachable')),
} as unknown as KVNamespace;

/** A D1 binding that is down: every method throws, as a failed binding does. */
const failingD1 = new Proxy({} as D1Database, {
  get: () => () => {
    throw new Error('D1_ERROR: Network connection lost.');
  },
});

/** A D1 binding whose queries never answer, as a request's that has ended. */
const stuckStatement: D1PreparedStatement = new Proxy({} as D1PreparedStatement, {
  get: (_, name) => (name === 'bind' ? () => stuckStatement : () => new Promise(() => {})),
});
const stuckD1 = new Proxy({} as D1Database, {
  get: (_, name) => (name === 'prepare' ? () => stuckStatement : () => new Promise(() => {})),
});

/** Local KV takes writes back to back: no gap to wait for. */
const noGap = { writeGapMs: 0 };

describe('the read snapshot', () => {
  beforeEach(emptyPage);

  it('is parsed once per version: reads reuse it until a write publishes a newer one', async () => {
    const h = harness();
    const web = await makeComponent(h, 'Web app');
    const first = await readSnapshot(env, h.clock.now());
    const second = await readSnapshot(env, h.clock.now());
    expect(second).toBe(first);

    h.clock.advance(MINUTE);
    ok(await h.api('PATCH', `/components/${web.id}`, { status: 'partial_outage' }));
    const third = await readSnapshot(env, h.clock.now());
    expect(third.version).toBeGreaterThan(first.version);
    expect(third.components[0]?.status).toBe('partial_outage');
  });

  it('is labelled with the count of writes D1 committed, which KV metadata names too', async () => {
    const h = harness();
    const web = await makeComponent(h, 'Web app');
    ok(await h.api('PATCH', `/components/${web.id}`, { status: 'partial_outage' }));
    const state = await snapshotState();
    const stored = await snapshotInKv();
    expect(state.version).toBe(2);
    expect(stored?.version).toBe(2);
    expect(stored?.snapshot.version).toBe(2);
    expect(state).toMatchObject({ published_version: 2, lease_owner: null, lease_until_ms: null });
  });

  it('picks up a newer snapshot another isolate published', async () => {
    const h = harness();
    await makeComponent(h, 'Web app');
    const mine = await readSnapshot(env, h.clock.now());
    await putInKv({ ...mine, version: mine.version + 1, page: { ...mine.page, name: 'Renamed elsewhere' } });
    // Within a second this isolate serves what it holds without asking KV; then it asks.
    expect((await readSnapshot(env, h.clock.now())).page.name).toBe(mine.page.name);
    h.clock.advance(1_000);
    expect((await readSnapshot(env, h.clock.now())).page.name).toBe('Renamed elsewhere');
  });

  it('is asked of KV by one request at a time: those that come meanwhile serve the one held', async () => {
    const kv = new FaultyKv(env.SNAPSHOT);
    const bindings = { ...env, SNAPSHOT: kv.binding };
    const h = harness();
    await makeComponent(h, 'Web app');
    const mine = await readSnapshot(bindings, h.clock.now());
    await putInKv({ ...mine, version: mine.version + 1, page: { ...mine.page, name: 'Renamed elsewhere' } });
    h.clock.advance(1_000);
    kv.getKeys = [];

    // Ten requests at once, a second on: the first asks KV, and takes the new version; the nine
    // others answer at once with what this isolate held a moment ago, without a read each.
    const read = await Promise.all(Array.from({ length: 10 }, () => readSnapshot(bindings, h.clock.now())));
    expect(kv.getKeys.filter((key) => key === SNAPSHOT_KEY)).toEqual([SNAPSHOT_KEY]);
    expect(read.map((snapshot) => snapshot.page.name)).toEqual(['Renamed elsewhere', ...Array(9).fill(mine.page.name)]);
    expect((await readSnapshot(bindings, h.clock.now())).page.name).toBe('Renamed elsewhere');
  });

  it('is asked again past the second when the request asking KV never comes back', async () => {
    // Days after the other tests' clocks: the stuck check this leaves in the isolate is behind none of theirs.
    const h = harness('2026-11-25T09:00:00.000Z');
    await makeComponent(h, 'Web app');
    const mine = await readSnapshot(env, h.clock.now());
    h.clock.advance(1_000);
    const stuck = { ...env, SNAPSHOT: { ...env.SNAPSHOT, getWithMetadata: () => new Promise(() => {}) } as unknown as KVNamespace };
    void readSnapshot(stuck, h.clock.now());
    expect(await readSnapshot(env, h.clock.now()), 'meanwhile: the one held').toBe(mine);
    await putInKv({ ...mine, version: mine.version + 1, page: { ...mine.page, name: 'Renamed elsewhere' } });
    h.clock.advance(999);
    expect((await readSnapshot(env, h.clock.now())).page.name).toBe(mine.page.name);
    h.clock.advance(1);
    expect((await readSnapshot(env, h.clock.now())).page.name, 'a second on, this one asks').toBe('Renamed elsewhere');
  });

  it('never goes back to an older version that a KV location may still serve', async () => {
    const h = harness();
    const web = await makeComponent(h, 'Web app');
    const before = await readSnapshot(env, h.clock.now());
    ok(await h.api('PATCH', `/components/${web.id}`, { status: 'major_outage' }));
    const after = await readSnapshot(env, h.clock.now());
    await putInKv(before);
    h.clock.advance(1_000);
    const read = await readSnapshot(env, h.clock.now());
    expect(read.version).toBe(after.version);
    expect(read.components[0]?.status).toBe('major_outage');
  });

  it('on a first deploy (KV empty), is built from D1, served and published', async () => {
    const h = harness();
    await makeComponent(h, 'Web app');
    await asFirstDeploy();
    h.clock.advance(1_000);
    const built = await readSnapshot(env, h.clock.now(), noGap);
    expect(built.components.map((c) => c.name)).toEqual(['Web app']);
    expect((await snapshotInKv())?.snapshot.components.map((c) => c.name)).toEqual(['Web app']);
    expect(await snapshotState()).toMatchObject({ version: 1, published_version: 1, lease_owner: null });
  });

  it('on a KV miss, a build from D1 whose request never came back is started afresh a few seconds on, not joined forever', async () => {
    // Days after the other tests' clocks: the stuck build this leaves in the isolate is joined by none of theirs.
    const h = harness('2026-11-26T09:00:00.000Z');
    await makeComponent(h, 'Web app');
    await asFirstDeploy();
    h.clock.advance(1_000);
    // The request that started the build is gone (its client left): its D1 queries never answer.
    void readSnapshot({ ...env, DB: stuckD1 }, h.clock.now(), noGap);
    h.clock.advance(5_000);
    const built = await readSnapshot(env, h.clock.now(), noGap);
    expect(built.components.map((c) => c.name)).toEqual(['Web app']);
  });

  it('is published again once its KV key is gone, but not within a minute of the last publish (KV caches a miss)', async () => {
    const h = harness();
    await makeComponent(h, 'Web app');
    await env.SNAPSHOT.delete(SNAPSHOT_KEY);
    h.clock.advance(1_000);
    expect((await readSnapshot(env, h.clock.now(), noGap)).components).toHaveLength(1);
    expect(await snapshotInKv()).toBeNull();

    // A minute on (the row's real-time stamp moved back, as a minute's wait would).
    await env.DB.prepare('UPDATE snapshot_state SET published_at_ms = published_at_ms - 60000').run();
    h.clock.advance(1_000);
    expect((await readSnapshot(env, h.clock.now(), noGap)).components).toHaveLength(1);
    expect((await snapshotInKv())?.snapshot.components.map((c) => c.name)).toEqual(['Web app']);
  });

  it('keeps serving the one this isolate holds when KV cannot be read', async () => {
    const h = harness();
    await makeComponent(h, 'Web app');
    const held = await readSnapshot(env, h.clock.now());
    expect(await readSnapshot({ ...env, SNAPSHOT: throwingKv }, h.clock.now())).toBe(held);
  });

  it('keeps serving the one this isolate holds when KV holds none and D1 is down', async () => {
    const h = harness();
    await makeComponent(h, 'Web app');
    const held = await readSnapshot(env, h.clock.now());
    await env.SNAPSHOT.delete(SNAPSHOT_KEY);
    h.clock.advance(1_000);
    expect(await readSnapshot({ ...env, DB: failingD1 }, h.clock.now(), noGap)).toBe(held);
  });
});
