import { createExecutionContext, env, waitOnExecutionContext } from 'cloudflare:test';
import { parseFeed } from '@rowanmanning/feed-parser';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Bindings } from '../../src/env';
import { readConfig } from '../../src/env';
import { renderBundle } from '../../src/services/rendered-build';
import { renderSiteOf } from '../../src/services/rendered-names';
import { putRendered } from '../../src/services/rendered-store';
import type { Snapshot } from '../../src/services/snapshot';
import { SNAPSHOT_KEY } from '../../src/services/snapshot';
import { BASE, harness } from '../support/harness';
import { emptyPage, makeStatusStory } from '../support/status-story';
import { Summary, V2_ENDPOINTS } from '../support/statuspage-schema';

const PUBLIC_PATHS = [...Object.keys(V2_ENDPOINTS), '/history.atom', '/history.rss', '/feed.json', '/maintenances.ics', '/badge.svg'];

/** A D1 binding that is down: every method throws, as a failed binding does. */
const failingD1 = new Proxy({} as D1Database, {
  get: () => () => {
    throw new Error('D1_ERROR: Network connection lost.');
  },
});

/** The real D1, counting every call made on it. */
function countingD1(): { db: D1Database; calls: string[] } {
  const calls: string[] = [];
  const db = new Proxy(env.DB, {
    get(target, name, receiver) {
      const value = Reflect.get(target, name, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        calls.push(String(name));
        return value.apply(target, args);
      };
    },
  });
  return { db, calls };
}

async function fetchWith(h: ReturnType<typeof harness>, bindings: Bindings, path: string): Promise<Response> {
  const ctx = createExecutionContext();
  const response = await h.worker.fetch(new Request(new URL(path, BASE)), bindings, ctx);
  await waitOnExecutionContext(ctx);
  return response;
}

describe('the machine-readable surfaces when D1 is down', () => {
  beforeEach(emptyPage);

  it('still answer 200 with the last published state', async () => {
    const h = harness('2026-11-20T09:00:00.000Z');
    const story = await makeStatusStory(h);
    const down = { ...env, DB: failingD1 };

    for (const path of PUBLIC_PATHS) expect((await fetchWith(h, down, path)).status, path).toBe(200);

    const summary = Summary.parse(await (await fetchWith(h, down, '/api/v2/summary.json')).json());
    expect(summary.status.indicator).toBe('major');
    expect(summary.incidents.map((i) => i.id)).toEqual([story.open.id]);
    expect(summary.scheduled_maintenances.map((m) => m.id)).toEqual([story.upcoming.id, story.running.id]);

    const atom = parseFeed(await (await fetchWith(h, down, '/history.atom')).text());
    expect(atom.items[0]?.title).toBe('API errors');
    expect(atom.items).toHaveLength(6);
  });

  it('read the snapshot from KV, not only from the isolate that published it', async () => {
    const h = harness('2026-11-20T09:00:00.000Z');
    await makeStatusStory(h);
    const stored = await env.SNAPSHOT.get<Snapshot>(SNAPSHOT_KEY, 'json');
    const elsewhere = { ...stored!, version: stored!.version + 1, page: { ...stored!.page, name: 'Published elsewhere' } };
    await env.SNAPSHOT.put(SNAPSHOT_KEY, JSON.stringify(elsewhere), {
      metadata: { version: elsewhere.version, generatedAt: elsewhere.generatedAt },
    });
    // Its publisher puts the documents rendered from it beside it.
    await putRendered(env, await renderBundle(elsewhere, h.clock.now(), renderSiteOf(readConfig(env as unknown as Bindings))));
    h.clock.advance(1_000); // an isolate asks KV again after a second
    const status = await (await fetchWith(h, { ...env, DB: failingD1 }, '/api/v2/status.json')).json<any>();
    expect(status.page.name).toBe('Published elsewhere');
  });

  it('a write fails while D1 is down, and the last state keeps being served', async () => {
    const h = harness('2026-11-20T09:00:00.000Z');
    const story = await makeStatusStory(h);
    const down = { ...env, DB: failingD1 };
    const write = await h.worker.fetch(
      new Request(new URL(`/api/v1/incidents/${story.open.id}/updates`, BASE), {
        method: 'POST',
        headers: { authorization: 'Bearer test-admin-token-0123456789abcdef', 'content-type': 'application/json' },
        body: JSON.stringify({ status: 'resolved', body: 'Fixed.' }),
      }),
      down,
      createExecutionContext(),
    );
    expect(write.status).toBe(500);
    const unresolved = await (await fetchWith(h, down, '/api/v2/incidents/unresolved.json')).json<any>();
    expect(unresolved.incidents.map((i: { id: string }) => i.id)).toEqual([story.open.id]);
  });

  it('never touch D1 once a snapshot exists, even when it is up', async () => {
    const h = harness('2026-11-20T09:00:00.000Z');
    await makeStatusStory(h);
    const { db, calls } = countingD1();
    for (const path of PUBLIC_PATHS) expect((await fetchWith(h, { ...env, DB: db }, path)).status, path).toBe(200);
    expect(calls).toEqual([]);
  });
});
