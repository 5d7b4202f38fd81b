// The worker's own share of a request, from workerd's --async-trace: the turns (runs of
// JavaScript holding the isolate lock) of the request's context in the user worker, summed. Leaves
// out what the process CPU counts besides (workerd's HTTP, Miniflare's entry worker, the local KV
// and D1 simulation); it is wall time inside the turns, so a busy machine stretches it.
//
// Miniflare runs workerd from MINIFLARE_WORKERD_PATH when set: a wrapper adds the flag.
import { chmodSync, createReadStream, readdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

/** The workerd binary wrangler's own miniflare runs. */
function workerdBinary() {
  const fromWrangler = createRequire(createRequire(import.meta.url).resolve('wrangler/package.json'));
  const workerd = createRequire(fromWrangler.resolve('miniflare'))('workerd');
  return workerd.default ?? workerd;
}

/** A wrapper that runs `workerd serve` with an async trace into `dir` (one file per process); returns its path. */
export function tracingWorkerd(dir) {
  const path = join(dir, 'workerd-traced.sh');
  writeFileSync(
    path,
    `#!/bin/sh\nif [ "$1" = serve ]; then shift; exec "${workerdBinary()}" serve --async-trace="${dir}/trace-$$.jsonl" "$@"; fi\nexec "${workerdBinary()}" "$@"\n`,
  );
  chmodSync(path, 0o755);
  return path;
}

/**
 * The events of one trace file, line by line (a long run's trace is hundreds of megabytes), each
 * with the epoch (ms) its times count from. A last line cut short when the process stopped is left out.
 */
async function* traceEvents(path) {
  let epochMs = 0;
  for await (const line of createInterface({ input: createReadStream(path), crlfDelay: Number.POSITIVE_INFINITY })) {
    let e;
    try {
      e = JSON.parse(line);
    } catch {
      continue;
    }
    if (e.e === 'header') epochMs = e.epochUnixMs;
    yield { e, epochMs };
  }
}

const userWorker = (name) => name.replace(/^core:user:/, '');

/**
 * Every fetch the named user workers served, from the trace of process `pid` in `dir` (read after
 * the process stopped): worker, start (epoch ms) and the sum of its turns (ms).
 */
export async function workerRequests(dir, pid, workers) {
  const file = readdirSync(dir).find((f) => f === `trace-${pid}.jsonl`);
  if (!file) throw new Error(`no trace of workerd ${pid} in ${dir}`);
  const ctxs = new Map();
  for await (const { e, epochMs } of traceEvents(join(dir, file))) {
    if (e.e === 'ctx' && workers.includes(userWorker(e.worker))) {
      ctxs.set(e.ctx, { worker: userWorker(e.worker), at: epochMs + e.at / 1e6, fetch: false, turnNs: 0 });
    }
    const c = ctxs.get(e.ctx);
    if (!c) continue;
    if (e.e === 'init' && e.kind === 'request' && e.name === 'fetch') c.fetch = true;
    if (e.e === 'turn') c.turnNs += e.end - e.locked;
  }
  return [...ctxs.values()].filter((c) => c.fetch).map((c) => ({ worker: c.worker, at: c.at, ms: c.turnNs / 1e6 }));
}

/** The one request of `worker` that started within [from, to] (epoch ms), or null. */
export function requestWithin(requests, worker, from, to) {
  const found = requests.filter((r) => r.worker === worker && r.at >= from - 2 && r.at <= to + 2);
  return found.length === 1 ? found[0] : null;
}

/**
 * The named user worker's turns (ms) in every trace file in `dir`, of work started within
 * [from, to] (epoch ms), summed per kind of event (fetch, queue, scheduled, …): the worker's own
 * JavaScript for a stretch of work, whatever requests, queue batches and `waitUntil`s it took.
 */
export async function workerTurnsWithin(dir, worker, from, to) {
  const byKind = {};
  for (const file of readdirSync(dir).filter((f) => /^trace-\d+\.jsonl$/.test(f))) {
    const ctxs = new Map();
    for await (const { e, epochMs } of traceEvents(join(dir, file))) {
      if (e.e === 'ctx' && userWorker(e.worker) === worker) ctxs.set(e.ctx, { kind: 'other' });
      const c = ctxs.get(e.ctx);
      if (!c) continue;
      if (e.e === 'init' && c.kind === 'other') c.kind = e.name ?? e.kind ?? 'other';
      if (e.e === 'turn') {
        const at = epochMs + e.locked / 1e6;
        if (at >= from && at <= to) byKind[c.kind] = (byKind[c.kind] ?? 0) + (e.end - e.locked) / 1e6;
      }
    }
  }
  return byKind;
}
