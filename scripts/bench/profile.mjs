// `npm run bench:profile` (issue 16): where a public route's CPU goes inside the worker. Serves the
// built bundle through Miniflare as `npm run bench` does, with workerd's V8 inspector open, puts
// load on one route while V8's sampling profiler runs in the worker's isolate, and prints the
// functions that took the samples (self and inclusive), beside the same for the bare Hono worker
// under the same load. Writes each .cpuprofile (open in Chrome DevTools) into the output folder.
//
//   PROFILE_ROUTES ('/api/v2/summary.json,/healthz') · PROFILE_PAGE (large | demo)
//   PROFILE_SECONDS (10) · PROFILE_CONNECTIONS (8) · PROFILE_INTERVAL_US (50) · PROFILE_TOP (25)
//   BENCH_PORT (8840, and the two after it; inspectors on 9240 and after) · BENCH_OUT · BENCH_REF
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { seedDemo } from '../seed.mjs';
import { generatePage } from './generate.mjs';
import { get, load } from './load.mjs';
import { ADMIN_TOKEN, bundle, openTree, runSqlLines, serveForewarn, serveHono } from './miniflare.mjs';
import { publishPage } from './page.mjs';

const env = process.env;
const opts = {
  routes: (env.PROFILE_ROUTES ?? '/api/v2/summary.json,/healthz').split(','),
  page: env.PROFILE_PAGE ?? 'large',
  seconds: Number(env.PROFILE_SECONDS ?? 10),
  connections: Number(env.PROFILE_CONNECTIONS ?? 8),
  intervalUs: Number(env.PROFILE_INTERVAL_US ?? 50),
  top: Number(env.PROFILE_TOP ?? 25),
  port: Number(env.BENCH_PORT ?? 8840),
};
const log = (...args) => console.error(`[profile ${new Date().toISOString().slice(11, 19)}]`, ...args);

/** A Chrome DevTools Protocol session with one worker's isolate (workerd's inspector). */
async function inspect(inspectorPort, worker) {
  const ws = new WebSocket(`ws://127.0.0.1:${inspectorPort}/core:user:${worker}`);
  await new Promise((resolve, reject) => {
    ws.addEventListener('open', resolve, { once: true });
    ws.addEventListener('error', () => reject(new Error(`no inspector for ${worker} on ${inspectorPort}`)), { once: true });
  });
  let id = 0;
  const waiting = new Map();
  ws.addEventListener('message', (event) => {
    const msg = JSON.parse(String(event.data));
    const w = waiting.get(msg.id);
    if (!w) return;
    waiting.delete(msg.id);
    if (msg.error) w.reject(new Error(`${msg.error.message} (${msg.error.code})`));
    else w.resolve(msg.result);
  });
  const send = (method, params = {}) =>
    new Promise((resolve, reject) => {
      waiting.set(++id, { resolve, reject });
      ws.send(JSON.stringify({ id, method, params }));
    });
  return { send, close: () => ws.close() };
}

/** Self and inclusive time per function of a V8 CPU profile, in ms, with the sampled total. */
export function tally(profile) {
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const selfUs = new Map();
  // timeDeltas[i] is the time before sample i: the time of sample i is the next delta.
  for (let i = 0; i < profile.samples.length; i++) {
    const dt = profile.timeDeltas[i + 1] ?? 0;
    selfUs.set(profile.samples[i], (selfUs.get(profile.samples[i]) ?? 0) + dt);
  }
  const name = (n) => {
    const f = n.callFrame;
    const where = f.url ? `${f.url.split('/').pop()}:${f.lineNumber + 1}` : '';
    return `${f.functionName || '(anonymous)'}${where ? ` ${where}` : ''}`;
  };
  const self = new Map();
  const inclusive = new Map();
  let total = 0;
  let idle = 0;
  for (const [nodeId, us] of selfUs) {
    const node = nodes.get(nodeId);
    const key = name(node);
    if (node.callFrame.functionName === '(idle)') {
      idle += us;
      continue;
    }
    total += us;
    self.set(key, (self.get(key) ?? 0) + us);
    // Inclusive: each function once per sample's stack (recursion counted once).
    const seen = new Set();
    for (let at = nodeId; at !== undefined; at = parent.get(at)) {
      const k = name(nodes.get(at));
      if (seen.has(k)) continue;
      seen.add(k);
      inclusive.set(k, (inclusive.get(k) ?? 0) + us);
    }
  }
  const ms = (m) => [...m].map(([k, us]) => [k, us / 1000]).sort((a, b) => b[1] - a[1]);
  return { totalMs: total / 1000, idleMs: idle / 1000, self: ms(self), inclusive: ms(inclusive) };
}

async function profileUnderLoad({ server, inspectorPort, url, label, out }) {
  const session = await inspect(inspectorPort, server.name);
  await session.send('Profiler.enable');
  await session.send('Profiler.setSamplingInterval', { interval: opts.intervalUs });
  await load(url, { connections: opts.connections, seconds: 1 });
  await session.send('Profiler.start');
  const r = await load(url, { connections: opts.connections, seconds: opts.seconds });
  const { profile } = await session.send('Profiler.stop');
  session.close();
  const file = join(out, `${label.replace(/[^\w.-]+/g, '_')}.cpuprofile`);
  writeFileSync(file, JSON.stringify(profile));
  const requests = Math.round(r.rps * opts.seconds);
  const t = tally(profile);
  return { label, rps: r.rps, requests, file, ...t };
}

function report(p) {
  const per = (ms) => ((ms / p.requests) * 1000).toFixed(1);
  const lines = [
    `## ${p.label}: ${Math.round(p.rps)} req/s, ${p.requests} requests; sampled JS ${per(p.totalMs)} µs per request (idle excluded)`,
    '',
    '| self µs/req | share | function |',
    '|---:|---:|---|',
    ...p.self.slice(0, opts.top).map(([k, ms]) => `| ${per(ms)} | ${((ms / p.totalMs) * 100).toFixed(1)} % | \`${k}\` |`),
    '',
    '| inclusive µs/req | function |',
    '|---:|---|',
    ...p.inclusive.slice(0, opts.top).map(([k, ms]) => `| ${per(ms)} | \`${k}\` |`),
    '',
  ];
  return lines.join('\n');
}

const out = env.BENCH_OUT ?? mkdtempSync(join(os.tmpdir(), 'forewarn-profile-'));
mkdirSync(out, { recursive: true });
const work = mkdtempSync(join(os.tmpdir(), 'forewarn-profile-work-'));
const servers = [];
try {
  const tree = openTree(env.BENCH_REF, work);
  log(`building ${tree.commit}${tree.dirty ? ' (dirty)' : ''} in ${work}`);
  const forewarnBundle = bundle(tree, join(work, 'forewarn'));
  const honoBundle = bundle(tree, join(work, 'hono'), {
    name: 'bare-hono',
    main: fileURLToPath(new URL('./fixtures/bare-hono.mjs', import.meta.url)),
  });
  const fwInspector = opts.port + 400;
  const forewarn = await serveForewarn({
    tree,
    name: `forewarn-${opts.page}`,
    port: opts.port,
    bundled: forewarnBundle,
    inspectorPort: fwInspector,
  });
  servers.push(forewarn);
  if (opts.page === 'large') {
    await runSqlLines(forewarn.db, generatePage());
    await publishPage(forewarn);
  } else await seedDemo(forewarn.url, ADMIN_TOKEN);
  const honoInspector = opts.port + 401;
  const hono = await serveHono({ tree, port: opts.port + 1, bundled: honoBundle, inspectorPort: honoInspector });
  servers.push(hono);
  for (const path of opts.routes) {
    const res = await get(forewarn.url + path);
    if (res.status !== 200) throw new Error(`${path} answered ${res.status}`);
  }
  const profiles = [await profileUnderLoad({ server: hono, inspectorPort: honoInspector, url: `${hono.url}/`, label: 'bare hono', out })];
  for (const path of opts.routes) {
    profiles.push(await profileUnderLoad({ server: forewarn, inspectorPort: fwInspector, url: forewarn.url + path, label: path, out }));
  }
  const md = [
    `# Worker CPU profiles (${tree.commit}${tree.dirty ? ', dirty' : ''}), ${opts.page} page`,
    '',
    `V8's sampling profiler in the worker's isolate every ${opts.intervalUs} µs, ${opts.seconds} s of ${opts.connections} connections per target; µs per request = sampled time / requests served. Profiling slows the worker: compare rows, not absolute figures. Files: ${out}`,
    '',
    ...profiles.map(report),
  ].join('\n');
  writeFileSync(join(out, 'profile.md'), md);
  console.log(md);
} finally {
  for (const s of servers) await s.stop().catch(() => {});
  rmSync(work, { recursive: true, force: true });
}
