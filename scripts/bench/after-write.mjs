// The first request after a write, per route (part of `npm run bench`): a write through the admin
// API, an idle pause, then one request in the isolate that wrote and one in another isolate over
// the same storage. Control: the same two requests after the same pause without a write. Each
// request's cost two ways: the workerd process's CPU from the request until the process is idle
// again (so work after the response counts), and the worker's own turns from workerd's trace.

import { get } from './load.mjs';
import { OTHER_HOST } from './miniflare.mjs';
import { publishPage } from './page.mjs';
import { requestWithin, workerRequests } from './worker-turns.mjs';
import { cpuNs, settle } from './workerd-cpu.mjs';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const CASES = ['writer', 'other', 'idleWriter', 'idleOther'];

/**
 * `server` must run under the tracing workerd (scripts/bench/worker-turns.mjs) with its traces in
 * `traceDir`; it is stopped here, since the trace is complete only then.
 */
export async function measureAfterWrite({ server, traceDir, routes, writes, pauseMs, idleNsPerSecond, log }) {
  const pending = [];
  const one = async (path, host, into) => {
    await settle(server.pid);
    const start = cpuNs(server.pid);
    const t0 = performance.now();
    const from = Date.now();
    const res = await get(server.url + path, { host });
    const to = Date.now();
    if (res.status !== 200) throw new Error(`${path} answered ${res.status}`);
    await settle(server.pid); // work after the response (waitUntil) is the request's too
    const ns = cpuNs(server.pid) - start - (idleNsPerSecond * (performance.now() - t0)) / 1000;
    const sample = { cpuMs: ns / 1e6, turnsMs: null };
    into.push(sample);
    pending.push({ sample, worker: host ? `${server.name}-other` : server.name, from, to });
  };

  const samples = {};
  let w = 0;
  for (const path of routes) {
    const s = Object.fromEntries(CASES.map((c) => [c, []]));
    for (let i = 0; i < writes; i++) {
      await sleep(pauseMs);
      await one(path, undefined, s.idleWriter);
      await one(path, OTHER_HOST, s.idleOther);
      await publishPage(server, `Bench Corp ${w++}`);
      await sleep(pauseMs);
      await one(path, undefined, s.writer);
      await one(path, OTHER_HOST, s.other);
    }
    samples[path] = s;
    const list = (xs) => xs.map((x) => x.cpuMs.toFixed(2)).join(' ');
    log(`${path}: after a write, writer ${list(s.writer)} ms, other ${list(s.other)} ms; no write ${list(s.idleWriter)} ms (process CPU)`);
  }

  await server.stop();
  const traced = await workerRequests(traceDir, server.pid, [server.name, `${server.name}-other`]);
  let unmatched = 0;
  for (const { sample, worker, from, to } of pending) {
    const r = requestWithin(traced, worker, from, to);
    if (r) sample.turnsMs = r.ms;
    else unmatched++;
  }
  return { samples, unmatched };
}
