// CPU per request as workerd itself records it, through `wrangler dev` with real HTTP, KV and D1:
// workerd's --async-trace writes every turn (a run of JavaScript holding the isolate lock) with
// nanosecond times, per request. A request's cost here is the sum of its turns: waiting on KV or
// D1 is not in it, and neither is wrangler's proxy (other workers). It is still wall time inside
// the turn, so a busy machine inflates it; medians are the figure to read.
//
// Runs in its own process (scripts/bench/cpu.mjs starts it): wrangler must start with
// MINIFLARE_WORKERD_PATH pointing at a wrapper that adds the flag, and scripts/local-worker.mjs
// reads the environment once, when imported.
//
//   node scripts/bench/turns.mjs [rounds] [writes]   → one JSON line on stdout (KEEP_TRACES=1 keeps the traces)
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { preparePage, publishPage } from './page.mjs';

export const ROUTES = ['/healthz', '/', '/api/v2/summary.json', '/history.atom', '/badge.svg'];
const WORKER = 'forewarn';
const WRITE_PATH = '/api/v1/page';
const WARMUP = 20;
const HEADERS = { accept: 'text/html,*/*;q=0.8', 'accept-language': 'en-GB,en;q=0.9' };

/** The workerd binary wrangler's own miniflare runs. */
function workerdBinary() {
  const fromWrangler = createRequire(createRequire(import.meta.url).resolve('wrangler/package.json'));
  const fromMiniflare = createRequire(fromWrangler.resolve('miniflare'));
  const workerd = fromMiniflare('workerd');
  return workerd.default ?? workerd;
}

/** A wrapper that runs `workerd serve` with an async trace into `traces`, one file per process. */
function tracingWrapper(dir, traces) {
  const path = join(dir, 'workerd.sh');
  const bin = workerdBinary();
  writeFileSync(
    path,
    `#!/bin/sh\nif [ "$1" = serve ]; then shift; exec "${bin}" serve --async-trace="${traces}/trace-$$.jsonl" "$@"; fi\nexec "${bin}" "$@"\n`,
  );
  chmodSync(path, 0o755);
  return path;
}

/**
 * Each fetch request the worker served, in arrival order: its path and its turns' time. The path
 * comes from miniflare's entry worker, which receives each request just before the worker does.
 */
function requestsOf(dir) {
  const requests = [];
  for (const file of readdirSync(dir).filter((f) => f.startsWith('trace-'))) {
    const ctxs = new Map();
    for (const line of readFileSync(join(dir, file), 'utf8').split('\n')) {
      let e;
      try {
        e = JSON.parse(line);
      } catch {
        continue; // a last line cut short when the process stopped
      }
      if (e.e === 'ctx') ctxs.set(e.ctx, { worker: e.worker, at: e.at, url: null, fetch: false, turnNs: 0 });
      const c = ctxs.get(e.ctx);
      if (!c) continue;
      if (e.e === 'annotate' && e.k === 'url.full' && c.worker === 'core:entry') c.url ??= e.v;
      if (e.e === 'init' && e.kind === 'request' && e.name === 'fetch') c.fetch = true;
      if (e.e === 'turn') c.turnNs += e.end - e.locked;
    }
    let url = null;
    for (const c of [...ctxs.values()].sort((a, b) => a.at - b.at)) {
      if (c.worker === 'core:entry') url = c.url;
      if (c.worker !== `core:user:${WORKER}` || !c.fetch) continue;
      if (url === null) throw new Error(`${file}: a request reached the worker without passing the entry worker`);
      requests.push({ at: c.at, path: new URL(url).pathname, ms: c.turnNs / 1e6 });
      url = null;
    }
  }
  return requests.sort((a, b) => a.at - b.at);
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? Number.NaN : s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;

/** Serves the routes through `wrangler dev` with tracing on; returns the directory of the traces. */
async function serveTraced(dir, { rounds, writes, port }) {
  const traces = join(dir, 'traces');
  const persist = join(dir, 'state');
  mkdirSync(traces);
  mkdirSync(persist);
  preparePage(persist);
  // Set before scripts/local-worker.mjs is imported: it reads the environment once.
  process.env.MINIFLARE_WORKERD_PATH = tracingWrapper(dir, traces);
  const { startLocalWorker } = await import('../local-worker.mjs');
  const worker = await startLocalWorker({ port, persistDir: persist, seed: false });
  const get = async (path) => {
    const res = await fetch(`${worker.url}${path}`, { headers: HEADERS });
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`${path} answered ${res.status}`);
  };
  try {
    await publishPage(worker, 'Bench Corp');
    for (let round = 0; round < WARMUP + rounds; round++) {
      for (const path of ROUTES) await get(path);
    }
    // The first request after a write, in the isolate that wrote: the new snapshot rendered again.
    for (let w = 0; w < writes; w++) {
      await publishPage(worker, w % 2 ? 'Bench Corp' : 'Bench Corp.');
      for (const path of ROUTES.slice(1)) await get(path);
    }
  } finally {
    await worker.stop();
  }
  return traces;
}

/** Per route, the median and mean of its requests' turn time, warm and first after a write (ms). */
export async function measureTurns({ rounds = 200, writes = 20, port = 8797 } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'forewarn-turns-'));
  try {
    const requests = requestsOf(await serveTraced(dir, { rounds, writes, port }));
    // Warm: each route's requests after its first WARMUP, before the second write. Cold: each
    // route's first request after each later write.
    const warm = new Map(ROUTES.map((p) => [p, []]));
    const cold = new Map(ROUTES.map((p) => [p, []]));
    let written = 0;
    let since = new Set();
    for (const r of requests) {
      if (r.path === WRITE_PATH) {
        written++;
        since = new Set();
        continue;
      }
      if (!warm.has(r.path) || written === 0) continue;
      if (written === 1) warm.get(r.path).push(r.ms);
      else if (!since.has(r.path)) cold.get(r.path).push(r.ms);
      since.add(r.path);
    }
    return ROUTES.map((path) => {
      const w = warm.get(path).slice(WARMUP);
      const c = cold.get(path);
      // A request missing from the trace costs a sample, not the alignment; many missing is a fault.
      if (w.length < rounds * 0.95 || (path !== '/healthz' && c.length < writes * 0.95)) {
        throw new Error(`the trace holds ${w.length} warm and ${c.length} cold requests of ${path}`);
      }
      return {
        path,
        warm: { median: median(w), mean: mean(w), n: w.length },
        cold: c.length ? { median: median(c), mean: mean(c), n: c.length } : null,
      };
    });
  } finally {
    if (process.env.KEEP_TRACES) console.error('traces kept in', dir);
    else rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [rounds, writes] = process.argv.slice(2).map(Number);
  const rows = await measureTurns({ rounds: rounds || undefined, writes: writes || undefined });
  console.log(JSON.stringify(rows));
}
