// The first deploy: D1 holds the page, KV holds no snapshot yet. Every public route still answers,
// from a snapshot built from D1, and only one of the readers writes it to KV.
import { env } from 'cloudflare:test';
import { beforeEach, describe, expect, it } from 'vitest';
import { publishSnapshot } from '../../src/services/snapshot-publisher';
import { FaultyKv } from '../support/faulty-kv';
import { harness } from '../support/harness';
import { asFirstDeploy, snapshotInKv, snapshotState } from '../support/snapshots';
import { emptyPage, makeStatusStory } from '../support/status-story';
import { Summary, V2_ENDPOINTS } from '../support/statuspage-schema';

const PUBLIC_PATHS = [
  '/',
  '/history',
  '/embed',
  ...Object.keys(V2_ENDPOINTS),
  '/history.atom',
  '/history.rss',
  '/feed.json',
  '/maintenances.ics',
  '/badge.svg',
];

describe('a first deploy, KV empty', () => {
  beforeEach(emptyPage);

  it('every public route answers 200 at once, and one put publishes the page', async () => {
    const kv = new FaultyKv(env.SNAPSHOT);
    const h = harness('2026-11-20T09:00:00.000Z', { snapshot: kv.binding });
    const story = await makeStatusStory(h);
    await asFirstDeploy();
    kv.puts = 0;
    h.clock.advance(1_000); // past the second an isolate serves what it holds without asking KV

    const responses = await Promise.all(PUBLIC_PATHS.map((path) => h.fetch(path)));
    expect(Object.fromEntries(responses.map((response, i) => [PUBLIC_PATHS[i], response.status]))).toEqual(
      Object.fromEntries(PUBLIC_PATHS.map((path) => [path, 200])),
    );
    const summary = Summary.parse(await (await h.fetch('/api/v2/summary.json')).json());
    expect(summary.incidents.map((i) => i.id)).toEqual([story.open.id]);

    expect(kv.puts).toBe(1);
    expect((await snapshotInKv())?.snapshot.incidents.map((i) => i.id)).toContain(story.open.id);
    expect(await snapshotState()).toMatchObject({ version: 1, published_version: 1, lease_owner: null });
  });

  it('readers of several isolates meeting the empty KV at once: one writes, the others only serve', async () => {
    const kv = new FaultyKv(env.SNAPSHOT);
    const h = harness('2026-11-20T09:00:00.000Z', { snapshot: kv.binding });
    await makeStatusStory(h);
    await asFirstDeploy();
    kv.puts = 0;

    const force = () => publishSnapshot({ env: h.env, now: h.clock.now(), writeGapMs: 0, force: true });
    const published = await Promise.all([force(), force(), force(), force()]);
    expect(published.filter((snapshot) => snapshot !== null)).toHaveLength(1);
    expect(kv.puts).toBe(1);

    // A reader elsewhere still meeting KV's cached miss right after does not write again.
    expect(await force()).toBeNull();
    expect(kv.puts).toBe(1);
  });

  it('with no reader, the first cron tick publishes it', async () => {
    const h = harness('2026-11-20T09:00:00.000Z');
    const story = await makeStatusStory(h);
    await asFirstDeploy();
    await h.tick();
    const state = await snapshotState();
    expect(state).toMatchObject({ published_version: state.version, lease_owner: null });
    expect((await snapshotInKv())?.snapshot.incidents.map((i) => i.id)).toContain(story.open.id);
  });
});
