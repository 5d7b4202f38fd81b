// CPU per public request (issue 8), run by `node scripts/bench/cpu.mjs` (which prints the table):
// the worker's fetch handler, built as the tests build it, called in-process in workerd over the
// benchmark page (scripts/bench/generate.mjs), beside the bare route `/healthz`.
//
// Why wall time here is CPU time: workerd reports no CPU time locally (tail events carry
// cpuTime 0), but its clock does advance during synchronous work, in whole milliseconds (checked
// below). The snapshot is served from memory (./snapshot-store.ts), so a timed request waits on
// no I/O and, on an idle core, its wall time is its CPU time. Each sample runs a batch of requests, and tinybench's clock counts in units of the batch,
// so every figure it reports is per request.
//
// Warm: the rendering cached for the current snapshot, what most readers get. Cold: the first
// request after a write, meeting a snapshot version this isolate has not seen (read, parse, render).
import { createExecutionContext, env, waitOnExecutionContext } from 'cloudflare:test';
import { bench, describe } from 'vitest';
import { BUSY_STEPS, busyLoop } from '../../scripts/bench/busy-loop.mjs';
import { generatePage } from '../../scripts/bench/generate.mjs';
import type { Bindings } from '../../src/env';
import { createCtx, randomId } from '../../src/env';
import { publishSnapshot, readSnapshot } from '../../src/services/snapshot';
import { createWorker } from '../../src/worker';
import { BASE, MINUTE, TestClock } from '../support/harness';
import { SnapshotStore } from './snapshot-store';

const NOW = '2026-11-20T09:00:00.000Z';
const ROUTES = ['/healthz', '/', '/api/v2/summary.json', '/history.atom', '/badge.svg'] as const;
const WARM_BATCH = 200;
const COLD_BATCH = 5;

/** What a browser sends; `/` picks its language from it. */
const HEADERS = {
  accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8',
  'accept-language': 'en-GB,en;q=0.9',
  'user-agent': 'Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0',
};

/** Each sample makes `batch` calls; the clock tinybench reads counts in batches, so its figures are per call. */
const perCall = (batch: number, samples: number) => ({
  now: () => performance.now() / batch,
  time: 0,
  iterations: samples,
  warmupTime: 0,
  warmupIterations: 2,
});

/** Refuses to time anything with a clock that stands still during synchronous work; returns its step in ms. */
function clockStep(): number {
  let step = Infinity;
  for (let round = 0; round < 5; round++) {
    const start = performance.now();
    const dateStart = Date.now();
    let now = start;
    for (let spins = 0; now === start; spins++) {
      if (spins > 1e9) throw new Error('performance.now() does not advance during synchronous work: CPU cannot be timed here');
      now = performance.now();
    }
    if (Date.now() === dateStart) throw new Error('Date.now() stood still while performance.now() moved');
    step = Math.min(step, now - start);
  }
  return step;
}

const clock = new TestClock(NOW);
/** src/services/snapshot.ts: an isolate serves what it holds for a second before asking KV again. */
const SNAPSHOT_RECHECK_MS = 1_000;
const worker = createWorker({ clock, newId: () => randomId(), snapshotWriteGapMs: 0 });
const store = new SnapshotStore();
const benchEnv: Bindings = { ...env, SNAPSHOT: store.asBinding() };

/** One GET through the worker, its body read as a client would; returns the body's size. */
async function get(path: string): Promise<number> {
  const ctx = createExecutionContext();
  const response = await worker.fetch(new Request(`${BASE}${path}`, { headers: HEADERS }), benchEnv, ctx);
  const body = await response.arrayBuffer();
  await waitOnExecutionContext(ctx);
  if (response.status !== 200) throw new Error(`${path} answered ${response.status}`);
  return body.byteLength;
}

/** Loads the page, publishes its snapshot; returns each route's body size. */
async function seed(): Promise<Record<string, number>> {
  const statements = generatePage({ now: new Date(NOW) })
    .trim()
    .split('\n');
  for (let i = 0; i < statements.length; i += 500) {
    await env.DB.batch(statements.slice(i, i + 500).map((sql) => env.DB.prepare(sql)));
  }
  // A write publishes the snapshot every public route reads; in this isolate it is already parsed.
  if (!(await publishSnapshot(createCtx(benchEnv, { clock, newId: () => randomId(), snapshotWriteGapMs: 0 }, 'bench')))) {
    throw new Error('publishing the snapshot failed');
  }
  const sizes: Record<string, number> = {};
  for (const path of ROUTES) sizes[path] = await get(path);
  return sizes;
}

const bodyBytes = await seed();
const step = clockStep();
// What cpu.mjs prints beside the table: the clock check, and the sizes the figures depend on.
console.log(`cpu-bench clock: ${JSON.stringify({ stepMs: step, snapshotBytes: store.size(), bodyBytes })}`);

describe('calibration: the same loop Node times in scripts/bench/cpu.mjs', () => {
  bench(
    'busy loop',
    () => {
      for (let i = 0; i < 10; i++) busyLoop(BUSY_STEPS);
    },
    perCall(10, 20),
  );
});

describe('warm: the rendering cached for the current snapshot (ms per request)', () => {
  for (const path of ROUTES) {
    bench(
      `warm GET ${path}`,
      async () => {
        for (let i = 0; i < WARM_BATCH; i++) await get(path);
      },
      perCall(WARM_BATCH, 30),
    );
  }
});

describe('cold: first request after a write, in an isolate that has not parsed the new snapshot (ms per request)', () => {
  bench(
    'read and parse a new snapshot version (every public route pays it once per version)',
    async () => {
      for (let i = 0; i < COLD_BATCH; i++) {
        store.switchVersion();
        clock.advance(SNAPSHOT_RECHECK_MS); // an isolate asks KV again a second after it last did
        await readSnapshot(benchEnv, clock.now());
      }
    },
    perCall(COLD_BATCH, 20),
  );
  for (const path of ROUTES.slice(1)) {
    bench(
      `cold GET ${path}`,
      async () => {
        for (let i = 0; i < COLD_BATCH; i++) {
          store.switchVersion();
          clock.advance(SNAPSHOT_RECHECK_MS);
          await get(path);
        }
      },
      perCall(COLD_BATCH, 20),
    );
  }
  // The home page is also cached per minute (its bars and "today" move with the clock).
  bench(
    'next minute GET / (same snapshot: bars and page rendered again)',
    async () => {
      for (let i = 0; i < COLD_BATCH; i++) {
        clock.advance(MINUTE);
        await get('/');
      }
    },
    perCall(COLD_BATCH, 20),
  );
});
