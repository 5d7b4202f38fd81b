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
import { inspect, profileTable, tally } from './v8-profile.mjs';

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

async function profileUnderLoad({ server, inspectorPort, url, label, out }) {
  const session = await inspect(`ws://127.0.0.1:${inspectorPort}/core:user:${server.name}`);
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
    ...profiles.map((p) =>
      profileTable(p, { title: `${p.label}: ${Math.round(p.rps)} req/s`, count: p.requests, unit: 'request', top: opts.top }),
    ),
  ].join('\n');
  writeFileSync(join(out, 'profile.md'), md);
  console.log(md);
} finally {
  for (const s of servers) await s.stop().catch(() => {});
  rmSync(work, { recursive: true, force: true });
}
