// `npm run bench` (issue 16): Forewarn's public routes, served from the built bundle through
// Miniflare directly, beside ceilings served the same way in the same run: a bare Hono worker, and
// for each route a bare worker returning its exact bytes and headers. Throughput in runs paired with a ceiling's, CPU per request
// in interleaved batches with its 95 % confidence interval, the first request after a write, and
// body sizes raw and gzipped. Writes a JSON and a Markdown report; prints the Markdown.
//
//   BENCH_METHOD (corun): how throughput is compared with bare Hono; `corun`, each target and bare
//   Hono loaded at the same time on the same core (drift in the host's speed falls on both), or
//   `paired`, runs of each alternating with runs of its ceilings (the method until 2026-12-03)
//   BENCH_SECONDS (3 co-run, 2 paired) per load run · BENCH_PAIRS (10 passes co-run, 6 pairs paired)
//   BENCH_CONNECTIONS (50) · BENCH_CPU_BATCHES (12)
//   BENCH_CPU_BATCH (250 requests) · BENCH_WRITES (5 per route) · BENCH_PAGES (large,demo)
//   BENCH_PORT (8840, and the eight after it) · BENCH_OUT (a new temporary directory)
//   BENCH_ROUTES (all of ROUTES below): a comma-separated subset, for a quicker look at a few
//   BENCH_REF: a commit to bench instead of the working tree (e.g. HEAD, leaving out uncommitted work)
//   BENCH_SWEEP (2,1024,4096,8192,16384,32768,49152; empty for none): body sizes of the ceiling
//   curve, bare workers answering that many bytes, paired with bare Hono like the routes, and
//   bare Hono on a second server (the control: what "identical" measures in this run)
//   BENCH_DIRECT (0; 1 turns it on): load and CPU batches reach each worker through a socket of its
//   own, as Cloudflare's runtime hands it a request, not through Miniflare's entry worker (a
//   worker of its own on every request's way, about two thirds of bare Hono's CPU per request
//   here); ports then come in twos from BENCH_PORT. Writes, checks and the after-write run still
//   go through the entry worker (the second isolate is reached by its Host)
//   BENCH_PIN (on with 2 CPUs or more; 0 turns it off): every workerd on the last CPU, this process
//   and the load generator on the others, so the load generator never takes the worker's core
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { seedDemo } from '../seed.mjs';
import { measureAfterWrite } from './after-write.mjs';
import { generatePage } from './generate.mjs';
import { batch, generator, get, load } from './load.mjs';
import { ADMIN_TOKEN, bundle, OTHER_HOST, openTree, pin, runSqlLines, serveConstant, serveForewarn, serveHono } from './miniflare.mjs';
import { publishPage } from './page.mjs';
import { CONTROL, renderMarkdown } from './public-report.mjs';
import { tracingWorkerd } from './worker-turns.mjs';
import { cpuNs, hasSchedstat, idleNsPerSecond, summarize } from './workerd-cpu.mjs';

const env = process.env;
const method = env.BENCH_METHOD ?? 'corun';
if (method !== 'corun' && method !== 'paired') throw new Error(`BENCH_METHOD=${method}: corun or paired`);
const opts = {
  method,
  seconds: Number(env.BENCH_SECONDS ?? (method === 'corun' ? 3 : 2)),
  pairs: Number(env.BENCH_PAIRS ?? (method === 'corun' ? 10 : 6)),
  connections: Number(env.BENCH_CONNECTIONS ?? 50),
  cpuBatches: Number(env.BENCH_CPU_BATCHES ?? 12),
  cpuBatch: Number(env.BENCH_CPU_BATCH ?? 250),
  writes: Number(env.BENCH_WRITES ?? 5),
  pages: (env.BENCH_PAGES ?? 'large,demo').split(','),
  port: Number(env.BENCH_PORT ?? 8840),
  pin: env.BENCH_PIN !== '0' && os.cpus().length >= 2,
  direct: env.BENCH_DIRECT === '1',
};
const CPUS = os.cpus().length;
/** The worker's core and the load generator's (taskset lists), when pinned. */
const PINS = { worker: String(CPUS - 1), load: CPUS > 2 ? `0-${CPUS - 2}` : '0' };
const ALL_ROUTES = ['/', '/?lang=fr', '/history', '/embed', '/api/v2/summary.json', '/history.atom', '/badge.svg', '/healthz'];
export const ROUTES = env.BENCH_ROUTES ? env.BENCH_ROUTES.split(',') : ALL_ROUTES;
/** The ceiling curve's body sizes: what the bytes alone cost beside bare Hono's 2. */
const SWEEP = (env.BENCH_SWEEP ?? '2,1024,4096,8192,16384,32768,49152').split(',').filter(Boolean).map(Number);
/** Bare Hono's one header (`c.text`), for the curve's answers. */
const TEXT_HEADERS = { 'content-type': 'text/plain; charset=UTF-8' };
// A write publishes the snapshot; another isolate asks KV again only after its snapshot is a
// second old (RECHECK_MS in src/services/snapshot.ts), and KV takes a write per key per second.
const AFTER_WRITE_MS = 2000;

const log = (...args) => console.error(`[bench ${new Date().toISOString().slice(11, 19)}]`, ...args);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const loadavg = () => os.loadavg().map((n) => Number(n.toFixed(2)));
/** A header block's bytes on the wire, as `Name: value` lines. */
const headerBytes = (headers) => Object.entries(headers).reduce((n, [name, value]) => n + name.length + value.length + 4, 0);
const ROUND_TRIP_HEADERS = new Set(['date', 'content-length', 'connection', 'keep-alive', 'transfer-encoding']);

/** The page a server shows: `large` (generated, 50 components, 1,000 incidents) or `demo` (scripts/seed.mjs). */
async function fill(server, page) {
  if (page === 'large') {
    log(`${server.name}: 50 components, 1,000 incidents and maintenances (scripts/bench/generate.mjs)`);
    await runSqlLines(server.db, generatePage());
    await publishPage(server);
  } else if (page === 'demo') {
    log(`${server.name}: the demo page (scripts/seed.mjs, through the admin API)`);
    await seedDemo(server.url, ADMIN_TOKEN);
  } else throw new Error(`unknown page ${page}: large or demo`);
}

const run = {
  startedAt: new Date().toISOString(),
  machine: {
    cpus: os.cpus().length,
    model: os.cpus()[0]?.model ?? 'cpu',
    memGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
  },
  generator,
  options: opts,
  loadavg: { start: loadavg() },
};
const out = env.BENCH_OUT ?? mkdtempSync(join(os.tmpdir(), 'forewarn-bench-'));
mkdirSync(out, { recursive: true });
const work = mkdtempSync(join(os.tmpdir(), 'forewarn-bench-work-'));
const servers = [];
// Every server started from here on is pinned when it starts (serve* below); this process and
// what it spawns (wrk) stay off the worker's core.
const started = (server) => {
  if (opts.pin) pin(server.pid, PINS.worker);
  servers.push(server);
  return server;
};

try {
  if (opts.pin) {
    pin(process.pid, PINS.load);
    run.pinned = PINS;
  }
  const tree = openTree(env.BENCH_REF, work);
  run.tree = { ref: env.BENCH_REF ?? 'working tree', commit: tree.commit, dirty: tree.dirty };
  log(`building the bundles of ${run.tree.ref} (${tree.commit}) with wrangler deploy --dry-run in ${work}`);
  const forewarnBundle = bundle(tree, join(work, 'forewarn'));
  const honoBundle = bundle(tree, join(work, 'hono'), {
    name: 'bare-hono',
    main: fileURLToPath(new URL('./fixtures/bare-hono.mjs', import.meta.url)),
  });
  run.bundle = { rawKiB: forewarnBundle.rawKiB, gzipKiB: forewarnBundle.gzipKiB };

  const pages = {};
  let port = opts.port;
  /** A server's ports: its entry worker's, and with BENCH_DIRECT its worker's own. */
  const ports = () => ({ port: port++, ...(opts.direct ? { directPort: port++ } : {}) });
  /** Where load and CPU batches reach a server's (first) worker. */
  const at = (server) => (opts.direct ? server.directUrl : server.url);
  for (const page of opts.pages) {
    const server = started(await serveForewarn({ tree, name: `forewarn-${page}`, ...ports(), bundled: forewarnBundle }));
    await fill(server, page);
    pages[page] = server;
  }
  // The last writes reach KV a second later (KV_WRITE_GAP_MS): until then another isolate serves older bytes.
  await sleep(AFTER_WRITE_MS);
  const honoServer = started(await serveHono({ tree, ...ports(), bundled: honoBundle }));

  // Sizes, and a check that every route answers 200 in both isolates before anything is timed;
  // the first isolate's answers become the constants.
  run.sizes = {};
  const answers = {};
  for (const [page, server] of Object.entries(pages)) {
    run.sizes[page] = {};
    answers[page] = [];
    for (const path of ROUTES) {
      for (const host of [undefined, OTHER_HOST]) {
        const res = await get(server.url + path, { host });
        if (res.status !== 200) throw new Error(`${page} ${path} answered ${res.status}${host ? ` via ${host}` : ''}`);
        run.sizes[page][path] = { bytes: res.body.length, gzip: gzipSync(res.body).length, contentType: res.headers['content-type'] };
        if (!host) {
          const headers = Object.fromEntries(Object.entries(res.headers).filter(([k]) => !ROUND_TRIP_HEADERS.has(k)));
          answers[page].push({ path, body: res.body, headers });
        }
      }
    }
  }
  // Each route's ceiling: a bare worker answering its exact bytes and headers (one server per page).
  const constants = {};
  for (const [page, list] of Object.entries(answers)) {
    const server = started(await serveConstant({ tree, name: `constant-${page}`, ...ports(), dir: work, answers: list }));
    for (const { path, body } of list) {
      const res = await get(server.url + path);
      if (!res.body.equals(body)) throw new Error(`the constant of ${page} ${path} does not answer its bytes`);
    }
    constants[page] = server;
  }
  // The ceiling curve: bare workers answering N bytes with bare Hono's one header, and the 2 bytes
  // with the headers of a Forewarn document (the first page's summary.json): how many req/s the
  // bytes and the headers cost, whatever produces them.
  const sweep = [];
  if (SWEEP.length) {
    const documentHeaders = answers[opts.pages[0]]?.find(({ path }) => path === '/api/v2/summary.json')?.headers;
    const curve = SWEEP.map((bytes) => ({ path: `/bytes/${bytes}`, bytes, headers: TEXT_HEADERS, label: `${bytes} bytes` }));
    if (documentHeaders)
      curve.push({ path: '/bytes/2/document-headers', bytes: 2, headers: documentHeaders, label: "2 bytes, summary.json's headers" });
    const list = curve.map(({ path, bytes, headers }) => ({ path, headers, body: Buffer.alloc(bytes, 'x') }));
    const server = started(await serveConstant({ tree, name: 'ceiling-curve', ...ports(), dir: work, answers: list }));
    for (const { path, bytes, label, headers } of curve) {
      sweep.push({ id: `curve ${path}`, kind: 'curve', bytes, label, headerBytes: headerBytes(headers), url: at(server) + path, server });
    }
    // The control: bare Hono itself on a second server. It does the very same work, so its ratio
    // shows what this host's noise makes of "identical" in this run: the instrument's resolution.
    const again = started(await serveHono({ tree, ...ports(), bundled: honoBundle, name: 'bare-hono-again' }));
    // Bare Hono given Forewarn's bindings (D1, KV, the queue producer, vars): what Miniflare's
    // bindings cost every request of a worker that has them, whatever it answers.
    const bound = started(await serveForewarn({ tree, name: 'bare-hono-bound', ...ports(), bundled: honoBundle }));
    sweep.unshift(
      {
        id: CONTROL,
        kind: 'curve',
        bytes: 2,
        label: 'bare Hono again (a second server: the control)',
        headerBytes: headerBytes(TEXT_HEADERS),
        url: `${at(again)}/`,
        server: again,
      },
      {
        id: 'curve hono bound',
        kind: 'curve',
        bytes: 2,
        label: "bare Hono with Forewarn's bindings",
        headerBytes: headerBytes(TEXT_HEADERS),
        url: `${at(bound)}/`,
        server: bound,
      },
    );
  }
  run.curve = sweep.map(({ id, bytes, label, headerBytes }) => ({ id, bytes, label, headerBytes }));
  run.constants = Object.fromEntries(
    Object.entries(answers).map(([page, list]) => [page, list.map(({ path, body }) => ({ path, bytes: body.length }))]),
  );

  // Targets: bare Hono, then each page's routes and their constants.
  const constantId = (page, path) => `constant ${page} ${path}`;
  const targets = [
    { id: 'hono', kind: 'hono', url: `${at(honoServer)}/`, server: honoServer },
    ...Object.entries(pages).flatMap(([page, server]) =>
      ROUTES.flatMap((path) => [
        { id: `${page} ${path}`, kind: 'route', page, path, url: at(server) + path, server },
        { id: constantId(page, path), kind: 'constant', page, path, url: at(constants[page]) + path, server: constants[page] },
      ]),
    ),
    ...sweep,
  ];

  log(`warming up (${generator}, ${opts.connections} connections, 1 s each)`);
  for (const t of targets) await load(t.url, { connections: opts.connections, seconds: 1 });

  // Throughput, paired: each route's runs alternate with its ceilings' (ceiling, route, ceiling,
  // route, …, ceiling), each run a few seconds long, so a route and the ceiling runs just before and
  // after it see the same machine. The host's speed drifts by a third over a minute here; blocks of
  // routes between ceiling runs a minute apart measured that drift more than the routes.
  run.loads = [];
  const loadRun = async (t, pair) => {
    const r = await load(t.url, { connections: opts.connections, seconds: opts.seconds });
    const row = { target: t.id, pair, at: new Date().toISOString(), loadavg1: os.loadavg()[0], ...r };
    run.loads.push(row);
    return row;
  };
  /** `t`'s runs, each after a run of every ceiling, ceilings last too. */
  const paired = async (t, ceilings) => {
    const rps = [];
    for (let pair = 0; pair < opts.pairs; pair++) {
      for (const c of ceilings) await loadRun(c, pair);
      rps.push((await loadRun(t, pair)).rps);
    }
    for (const c of ceilings) await loadRun(c, opts.pairs);
    log(`${t.label ?? t.id}: ${rps.map((n) => Math.round(n)).join(', ')} req/s`);
  };
  /**
   * `t` and `ceiling` loaded at once, each by its own load generator, for the same seconds: both
   * workerds share the worker's core, so whatever the host does to its speed meanwhile it does to
   * both, and the scheduler gives each half the core (the share is recorded to show it). Which
   * starts first alternates by pass.
   */
  run.coruns = [];
  const corun = async (t, ceiling, pass) => {
    const pids = [ceiling.server.pid, t.server.pid];
    const before = pids.map(cpuNs);
    const start = (x) => load(x.url, { connections: opts.connections, seconds: opts.seconds });
    const [c, r] = pass % 2 ? (await Promise.all([start(t), start(ceiling)])).reverse() : await Promise.all([start(ceiling), start(t)]);
    const [cNs, tNs] = pids.map((pid, i) => cpuNs(pid) - before[i]);
    run.coruns.push({
      target: t.id,
      ceiling: ceiling.id,
      pass,
      at: new Date().toISOString(),
      loadavg1: os.loadavg()[0],
      ...r,
      ceilingRps: c.rps,
      cpuShare: tNs / (tNs + cNs),
    });
    return r.rps / c.rps;
  };
  const hono = targets.find((t) => t.kind === 'hono');
  if (opts.method === 'corun') {
    // Every target beside bare Hono, once per pass; a pass goes through all of them, so a target's
    // ratios come from across the run, not from one minute of it.
    const measured = targets.filter((t) => t.kind !== 'hono');
    for (let pass = 0; pass < opts.pairs; pass++) {
      for (const t of measured) await corun(t, hono, pass);
      log(`co-run pass ${pass + 1} of ${opts.pairs} (${measured.length} targets beside bare Hono)`);
    }
  } else {
    // Each route alternates with both ceilings: bare Hono, and the constant of its own bytes and headers.
    for (const t of targets.filter((x) => x.kind === 'route'))
      await paired(t, [hono, targets.find((x) => x.id === constantId(t.page, t.path))]);
    // The ceiling curve, each target paired with bare Hono alone.
    for (const t of sweep) await paired(t, [hono]);
  }

  // CPU per request, warm: batches of sequential-ish requests (4 at a time), every target once per
  // pass, passes repeated; each batch's workerd CPU over its requests is one sample.
  log(`CPU per request: ${opts.cpuBatches} passes of ${opts.cpuBatch} requests per target`);
  run.cpu = { source: hasSchedstat(honoServer.pid) ? 'schedstat (ns)' : 'utime+stime (10 ms ticks)', idleNsPerSecond: {}, samples: {} };
  for (const s of servers) run.cpu.idleNsPerSecond[s.name] = await idleNsPerSecond(s.pid, 1000);
  for (const t of targets) {
    run.cpu.samples[t.id] = [];
    await batch(t.url, { count: 50 });
  }
  for (let pass = 0; pass < opts.cpuBatches; pass++) {
    for (const t of targets) {
      const idle = run.cpu.idleNsPerSecond[t.server.name];
      const start = cpuNs(t.server.pid);
      const t0 = performance.now();
      await batch(t.url, { count: opts.cpuBatch });
      const wallMs = performance.now() - t0;
      const ns = cpuNs(t.server.pid) - start - (idle * wallMs) / 1000;
      run.cpu.samples[t.id].push(ns / opts.cpuBatch / 1e6);
    }
  }
  run.cpu.summary = Object.fromEntries(Object.entries(run.cpu.samples).map(([id, xs]) => [id, summarize(xs)]));

  // The first request after a write, on a server of its own: it runs under workerd's trace, which
  // the load and CPU runs above must not pay.
  const writePage = opts.pages.includes('large') ? 'large' : opts.pages[0];
  log(`first request after a write: ${opts.writes} writes per route, ${writePage} page, traced server`);
  const traceDir = join(work, 'traces');
  mkdirSync(traceDir);
  const traced = started(
    await serveForewarn({
      tree,
      name: `forewarn-${writePage}-traced`,
      port: port++,
      bundled: forewarnBundle,
      workerdPath: tracingWorkerd(traceDir),
    }),
  );
  await fill(traced, writePage);
  await sleep(AFTER_WRITE_MS);
  for (const path of ROUTES) for (const host of [undefined, OTHER_HOST]) for (let i = 0; i < 5; i++) await get(traced.url + path, { host });
  const idle = await idleNsPerSecond(traced.pid, 1000);
  const measured = await measureAfterWrite({
    server: traced,
    traceDir,
    routes: ROUTES,
    writes: opts.writes,
    pauseMs: AFTER_WRITE_MS,
    idleNsPerSecond: idle,
    log,
  });
  run.afterWrite = { page: writePage, pauseMs: AFTER_WRITE_MS, idleNsPerSecond: idle, ...measured };
  run.loadavg.end = loadavg();
  run.endedAt = new Date().toISOString();

  const markdown = renderMarkdown(run, ROUTES);
  const stamp = run.startedAt.replace(/[:.]/g, '-');
  writeFileSync(join(out, `public-${stamp}.json`), `${JSON.stringify(run, null, 2)}\n`);
  writeFileSync(join(out, `public-${stamp}.md`), markdown);
  console.log(markdown);
  log(`written: ${join(out, `public-${stamp}.json`)} and .md`);
} finally {
  for (const s of servers) await s.stop().catch(() => {});
  rmSync(work, { recursive: true, force: true });
}
