import { env } from 'cloudflare:test';
import { beforeEach, describe, expect, it } from 'vitest';
import { readSnapshot, SNAPSHOT_KEY } from '../../src/services/snapshot';
import { makeComponent } from '../support/factories';
import { harness, MINUTE, ok } from '../support/harness';
import { emptyPage } from '../support/status-story';

const throwingKv = {
  ...env.SNAPSHOT,
  getWithMetadata: () => Promise.reject(new Error('KV is unreachable')),
} as unknown as KVNamespace;

describe('the read snapshot', () => {
  beforeEach(emptyPage);

  it('is parsed once per version: reads reuse it until a write publishes a new one', async () => {
    const h = harness();
    const web = await makeComponent(h, 'Web app');
    const first = await readSnapshot(env, h.clock.now());
    const second = await readSnapshot(env, h.clock.now());
    expect(second).toBe(first);

    h.clock.advance(MINUTE);
    ok(await h.api('PATCH', `/components/${web.id}`, { status: 'partial_outage' }));
    const third = await readSnapshot(env, h.clock.now());
    expect(third.version).not.toBe(first.version);
    expect(third.components[0]?.status).toBe('partial_outage');
  });

  it('stores its version as KV metadata, so a reader can tell it is current without parsing it', async () => {
    const h = harness();
    await makeComponent(h, 'Web app');
    const stored = await env.SNAPSHOT.getWithMetadata<{ version: string }, { version: string }>(SNAPSHOT_KEY, 'json');
    expect(stored.metadata?.version).toBe(stored.value?.version);
  });

  it('picks up a snapshot another isolate published', async () => {
    const h = harness();
    await makeComponent(h, 'Web app');
    const mine = await readSnapshot(env, h.clock.now());
    const theirs = { ...mine, version: crypto.randomUUID(), page: { ...mine.page, name: 'Renamed elsewhere' } };
    await env.SNAPSHOT.put(SNAPSHOT_KEY, JSON.stringify(theirs), {
      metadata: { version: theirs.version, generatedAt: theirs.generatedAt },
    });
    // Within a second this isolate serves what it holds without asking KV; then it asks.
    expect((await readSnapshot(env, h.clock.now())).page.name).toBe(mine.page.name);
    h.clock.advance(1_000);
    expect((await readSnapshot(env, h.clock.now())).page.name).toBe('Renamed elsewhere');
  });

  it('is built from D1 and published when none exists yet', async () => {
    const h = harness();
    await makeComponent(h, 'Web app');
    await env.SNAPSHOT.delete(SNAPSHOT_KEY);
    h.clock.advance(1_000);
    const built = await readSnapshot(env, h.clock.now());
    expect(built.components.map((c) => c.name)).toEqual(['Web app']);
    expect(await env.SNAPSHOT.get(SNAPSHOT_KEY)).not.toBeNull();
  });

  it('keeps serving the one this isolate holds when KV cannot be read', async () => {
    const h = harness();
    await makeComponent(h, 'Web app');
    const held = await readSnapshot(env, h.clock.now());
    expect(await readSnapshot({ ...env, SNAPSHOT: throwingKv }, h.clock.now())).toBe(held);
  });
});
